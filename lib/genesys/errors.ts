/**
 * The client's errors. None of them carries request headers, tokens or secrets, nor the underlying axios error
 * (whose config holds the Authorization header): only what a user needs to act, and the correlation id that
 * Genesys support asks for.
 */
import { ExitCode } from "../errors";

const API_BRAND = Symbol.for("gcguard.GenesysApiError");
const SHAPE_BRAND = Symbol.for("gcguard.ResponseShapeError");
const UNREACHABLE_BRAND = Symbol.for("gcguard.GenesysUnreachableError");
const DRIFT_BRAND = Symbol.for("gcguard.ListingDriftError");

/** An error answer from the Genesys API (docs/genesys-api.md §2.1 ErrorBody, or a SCIM error). */
/** What a GenesysApiError is made of: the answer and the request it answered. */
export interface GenesysApiErrorOptions {
  readonly status: number;
  /** Genesys' error `code` (e.g. `general.conflict`), or the SCIM `scimType`. */
  readonly code?: string | undefined;
  /** The API's own message. */
  readonly message: string;
  readonly method: string;
  /** The request path, without the query. */
  readonly path: string;
  readonly correlationId?: string | undefined;
  /** `messageParams` of the ErrorBody, when there were any. */
  readonly params?: Readonly<Record<string, string>> | undefined;
}

export class GenesysApiError extends Error {
  override readonly name = "GenesysApiError";
  /** Could not verify: the API said no. */
  readonly exitCode: ExitCode = ExitCode.Unverified;
  readonly status: number;
  /** Genesys' error `code` (e.g. `general.conflict`), or the SCIM `scimType`. */
  readonly code: string | undefined;
  readonly method: string;
  /** The request path, without the query. */
  readonly path: string;
  readonly correlationId: string | undefined;
  /** `messageParams` of the ErrorBody, when there were any. */
  readonly params: Readonly<Record<string, string>> | undefined;

  constructor(options: GenesysApiErrorOptions) {
    const { status, code, message, method, path, correlationId } = options;
    super(
      `${method} ${path} failed: ${status}${code ? ` ${code}` : ""}: ${message}${correlationId ? ` (correlation id ${correlationId})` : ""}`,
    );
    this.status = status;
    this.code = code;
    this.method = method;
    this.path = path;
    this.correlationId = correlationId;
    this.params = options.params;
    Object.defineProperty(this, API_BRAND, { value: true });
    Object.defineProperty(this, "apiMessage", { value: message, enumerable: false });
  }

  /** The API's own message, without the method, path and status around it. */
  get apiMessage(): string {
    return (this as unknown as { apiMessage: string }).apiMessage;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      status: this.status,
      code: this.code,
      message: this.message,
      method: this.method,
      path: this.path,
      correlationId: this.correlationId,
    };
  }
}

/** A response that does not have the shape gcguard reads (zod issues attached). */
export class ResponseShapeError extends Error {
  override readonly name = "ResponseShapeError";
  readonly exitCode: ExitCode = ExitCode.Unverified;

  constructor(
    /** `METHOD /path/:template`. */
    readonly endpoint: string,
    readonly issues: readonly { readonly path: string; readonly message: string }[],
    /** The body as received (data from the API, never request headers). */
    readonly data: unknown,
  ) {
    super(
      `${endpoint} answered with an unexpected body: ${issues
        .slice(0, 3)
        .map((i) => `${i.path || "(body)"}: ${i.message}`)
        .join(
          "; ",
        )}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ""}; the API may have changed, or a proxy answered instead`,
    );
    Object.defineProperty(this, SHAPE_BRAND, { value: true });
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, endpoint: this.endpoint, message: this.message, issues: this.issues };
  }
}

/** No answer at all (network error or timeout) after the retries allowed. */
export class GenesysUnreachableError extends Error {
  override readonly name = "GenesysUnreachableError";
  readonly exitCode: ExitCode = ExitCode.Unverified;

  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
    readonly attempts: number,
  ) {
    super(
      `${method} ${path}: no answer from Genesys (${reason}) after ${attempts} attempt${attempts === 1 ? "" : "s"}; check the network, the region or gateway settings, and try again`,
    );
    Object.defineProperty(this, UNREACHABLE_BRAND, { value: true });
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path, reason: this.reason };
  }
}

/**
 * A listing whose pages did not add up, twice in a row: its total changed between pages, or the distinct items read
 * are not the total the first page reported. Objects were added or removed while it was read (page drift), so an
 * object could have slipped between two pages unseen: a collision check over it could not be trusted.
 */
export class ListingDriftError extends Error {
  override readonly name = "ListingDriftError";
  readonly exitCode: ExitCode = ExitCode.Unverified;

  constructor(
    /** `GET /path` of the listing. */
    readonly listing: string,
    /** How the pages disagreed on the last read. */
    readonly drift: string,
  ) {
    super(
      `${listing}: the listing changed while gcguard read it, twice (${drift}); objects were being added or removed, so one could be missed: run the command again once nothing else is changing the org`,
    );
    Object.defineProperty(this, DRIFT_BRAND, { value: true });
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, listing: this.listing, drift: this.drift };
  }
}

const branded = (x: unknown, brand: symbol): boolean =>
  typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[brand] === true;

export const isGenesysApiError = (x: unknown): x is GenesysApiError => branded(x, API_BRAND);
export const isResponseShapeError = (x: unknown): x is ResponseShapeError => branded(x, SHAPE_BRAND);
export const isGenesysUnreachableError = (x: unknown): x is GenesysUnreachableError => branded(x, UNREACHABLE_BRAND);
export const isListingDriftError = (x: unknown): x is ListingDriftError => branded(x, DRIFT_BRAND);

/** Whether an error is a Genesys 409 (a name conflict on create, or a version conflict on update). */
export const isConflict = (x: unknown): x is GenesysApiError => isGenesysApiError(x) && x.status === 409;

/** SCIM user collection paths, v2 and the legacy v1-style (docs/genesys-api.md §7.1). */
const SCIM_USERS = /\/api\/v2\/scim(\/v2)?\/users\/?$/i;

/**
 * Whether a SCIM write failed because the userName is taken (docs/genesys-api.md §7.1, §7.5: POST /users answers 409
 * `uniqueness` "User name already in use by non-deleted user."). A 409 on POST /users without a scimType counts too:
 * a create carries no If-Match, so it cannot be a version conflict.
 */
export function isUniquenessConflict(err: unknown): boolean {
  if (!isGenesysApiError(err) || err.status !== 409) return false;
  if (err.code === "uniqueness") return true;
  return err.code !== "invalidVers" && err.method === "POST" && SCIM_USERS.test(err.path);
}

/**
 * Whether a SCIM write with If-Match lost to another writer, so the caller should re-read and recompute. Sources
 * disagree on the status (docs/genesys-api.md §7.2: 400 `invalidVers`, 409 "Version does not match current version.",
 * or 412), so all three count. A uniqueness 409 (isUniquenessConflict) does not.
 */
export function isVersionConflict(err: unknown): boolean {
  if (!isGenesysApiError(err) || isUniquenessConflict(err)) return false;
  return err.status === 409 || err.status === 412 || (err.status === 400 && err.code === "invalidVers");
}

/**
 * Whether an error should stop a run that writes item by item (a SCIM sync or user provisioning) rather than fail
 * just one item: no answer or an unexpected body (not a GenesysApiError), 401/403 (every other item would fail the
 * same way), and a 429 the client already gave up waiting for (carrying on would only pile on).
 */
export function stopsTheRun(err: unknown): boolean {
  if (!isGenesysApiError(err)) return true;
  return err.status === 401 || err.status === 403 || err.status === 429;
}
