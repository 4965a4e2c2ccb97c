/**
 * What each failure is, from the provider's detail JSON (status, method, path, resource type) first and its
 * message wording only second (docs/provider-errors.md: 409 means a name conflict on create but
 * a version conflict on update).
 */
import type { Kind } from "../org/kinds";
import { KIND_OF_TYPE } from "../org/kinds";
import { parseAddress } from "../terraform/address";
import type { Failure } from "./parse";
import { createSummaryOf, typeFromSummary } from "./summary";

export { typeFromSummary } from "./summary";

export type FailureClass =
  | {
      readonly kind: "name-conflict";
      readonly resource: Kind;
      readonly name?: string;
      /** The scope the name clashed in (a flow's type), from the plan; absent: the whole org, or unknown. */
      readonly scope?: string;
    }
  | { readonly kind: "login-failed"; readonly rateLimited: boolean }
  | { readonly kind: "version-conflict"; readonly resource?: Kind; readonly objectId?: string }
  | { readonly kind: "non-empty-division"; readonly divisionId?: string }
  | { readonly kind: "rate-limited" }
  | { readonly kind: "unauthorized" }
  | { readonly kind: "forbidden" }
  | { readonly kind: "not-found"; readonly objectId?: string }
  | { readonly kind: "other" };

const ID_IN_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/** The provider's login failures (docs/provider-errors.md, "Login"): rejected credentials, or the token rate limit. */
const LOGIN_FAILED = /\bfailed to authorize Genesys Cloud client credentials\b/i;
const LOGIN_RATE_LIMITED = /\bexhausted retries on Genesys Cloud client credentials\b/i;

export function resourceTypeOf(f: Failure, address = f.address): string | undefined {
  if (f.detail?.resourceType) return f.detail.resourceType;
  if (address !== undefined) {
    const parsed = parseAddress(address);
    if (parsed.ok) return parsed.value.type;
  }
  return typeFromSummary(f.summary);
}

/** What a Genesys failure is; `address` is the attributed address when the diagnostic itself named none. */
export function classify(f: Failure, address = f.address): FailureClass {
  const status = f.status;
  const method = f.detail?.method?.toUpperCase();
  const text = `${f.summary} ${f.detail?.errorMessage ?? ""} ${f.apiMessage ?? ""}`;
  if (LOGIN_RATE_LIMITED.test(text)) return { kind: "login-failed", rateLimited: true };
  if (LOGIN_FAILED.test(text)) return { kind: "login-failed", rateLimited: /invalid_request \(rate limit/i.test(text) };
  const type = resourceTypeOf(f, address);
  const resource = type ? KIND_OF_TYPE[type] : undefined;
  const objectId = f.detail?.path ? ID_IN_PATH.exec(f.detail.path)?.[1] : undefined;

  if (status === 429 || /Exhausted retries.*\b429\b/.test(text)) return { kind: "rate-limited" };
  if (status === 401) return { kind: "unauthorized" };
  if (status === 403) return { kind: "forbidden" };
  if (
    status === 400 &&
    (/may not be deleted because it has objects in it/.test(text) ||
      (method === "DELETE" && type === "genesyscloud_auth_division"))
  ) {
    const id = /Scope '([^']+)'/.exec(text)?.[1] ?? objectId;
    return id ? { kind: "non-empty-division", divisionId: id } : { kind: "non-empty-division" };
  }
  const versionWording =
    /does not match the current version|Unexpected version|version supplied does not match|version number of the modified resource must match/i.test(
      text,
    );
  if (
    (status === 409 && (method === "PUT" || method === "PATCH")) ||
    (status === 400 && versionWording) ||
    (status === 409 && versionWording)
  ) {
    return { kind: "version-conflict", ...(resource ? { resource } : {}), ...(objectId ? { objectId } : {}) };
  }
  // A script's create fails after its upload, when the lookup by name finds more than one (docs/kinds.md, scripts).
  const duplicateWording = /already exists|duplicate|already in use|more than one \w+ found with name/i.test(text);
  const createSummary = createSummaryOf(type, f.summary);
  if (
    resource &&
    ((status === 409 && method !== "DELETE") ||
      (status === 400 && duplicateWording) ||
      (status === undefined && duplicateWording && createSummary.matched))
  ) {
    return createSummary.name
      ? { kind: "name-conflict", resource, name: createSummary.name }
      : { kind: "name-conflict", resource };
  }
  if (status === 404 && (method === undefined || method === "GET"))
    return objectId ? { kind: "not-found", objectId } : { kind: "not-found" };
  return { kind: "other" };
}
