/**
 * Errors as Genesys sends them: the platform ErrorBody (docs/genesys-api.md §2.1) and the SCIM error (§7.5).
 * Route handlers throw these; the server renders them with the request's correlation id.
 */
import type { ErrorSpec } from "./settings";
import { fill } from "./settings";

export interface ErrorDetail {
  readonly errorCode?: string;
  readonly fieldName?: string;
  readonly entityId?: string;
  readonly entityName?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: {
      readonly messageParams?: Readonly<Record<string, string>>;
      readonly entityId?: string;
      readonly entityName?: string;
      readonly details?: readonly ErrorDetail[];
    } = {},
  ) {
    super(message);
  }

  static from(spec: ErrorSpec, params: Readonly<Record<string, string>> = {}): ApiError {
    return new ApiError(spec.status, spec.code, fill(spec.message, params), { messageParams: params });
  }

  body(correlationId: string): Record<string, unknown> {
    return {
      message: this.message,
      code: this.code,
      status: this.status,
      ...(this.extra.entityId ? { entityId: this.extra.entityId } : {}),
      ...(this.extra.entityName ? { entityName: this.extra.entityName } : {}),
      messageWithParams: this.message,
      messageParams: this.extra.messageParams ?? {},
      contextId: correlationId,
      details: this.extra.details ?? [],
      errors: [],
    };
  }
}

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** A SCIM error (RFC 7644 §3.12): `status` is a string. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly scimType: string | undefined,
    detail: string,
  ) {
    super(detail);
  }

  body(): Record<string, unknown> {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

export const notFound = (what: string, id: string): ApiError =>
  new ApiError(404, "not.found", `Unable to find a ${what} with that id`, { entityId: id });

export const badRequest = (message: string, code = "bad.request"): ApiError => new ApiError(400, code, message);

/** Required fields without a value, as Genesys names them (400 required.field.missing, one detail per field). */
export const missingFields = (fieldNames: readonly string[]): ApiError =>
  new ApiError(400, "required.field.missing", "A required field is missing a value.", {
    details: fieldNames.map((fieldName) => ({ fieldName })),
  });

export const missingPermissions = (permissions: readonly string[]): ApiError =>
  new ApiError(
    403,
    "missing.permissions",
    `Unable to perform the requested action. You are missing the following permission(s): ${permissions.join(", ")}`,
    { messageParams: { permissions: permissions.join(", ") } },
  );
