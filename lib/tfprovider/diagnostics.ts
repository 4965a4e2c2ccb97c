/**
 * The real provider's error formats, byte for byte (docs/terraform-provider.md §4.3: util_diagnostics.go and the Go
 * SDK's apiresponse.go), and its `RetryWhen` helper with the predicates of §4.1 (util_retries.go).
 */
import { STATUS_CODES } from "node:http";

import type { ApiResponse, Diagnostic } from "./types";

/** The Genesys ErrorBody fields the provider's detail JSON uses (docs/genesys-api.md §2.1). */
interface ErrorBody {
  readonly message?: unknown;
  readonly messageParams?: unknown;
  readonly details?: unknown;
  readonly contextId?: unknown;
}

function header(resp: ApiResponse, name: string): string {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(resp.headers)) if (k.toLowerCase() === wanted) return v;
  return "";
}

/** The `Inin-Correlation-Id` response header, or "" (§4.3: the SDK reads only the header). */
export function correlationIdOf(resp: ApiResponse): string {
  return header(resp, "inin-correlation-id");
}

function errorBodyOf(resp: ApiResponse): ErrorBody | undefined {
  const b = resp.body;
  return b !== null && typeof b === "object" && !Array.isArray(b) ? b : undefined;
}

/** Go's json.Unmarshal error for a body that is not JSON (§4.3: the error is the JSON parse error). */
function goJsonError(text: string): string {
  const first = text.trimStart()[0];
  return first === undefined
    ? "unexpected end of JSON input"
    : `invalid character '${first}' looking for beginning of value`;
}

/**
 * The Go SDK's error string for a failed call (§4.3): `API Error: <status> - <body.message> (<corr>)`; with no body
 * `API Error: <status> - API Error: <status> <reason> (<corr>)`; a body that is not JSON gives Go's parse error.
 */
export function sdkErrorString(resp: ApiResponse): string {
  const corr = correlationIdOf(resp);
  if (resp.body === undefined || resp.body === "") {
    return `API Error: ${resp.status} - API Error: ${resp.status} ${STATUS_CODES[resp.status] ?? ""} (${corr})`;
  }
  if (typeof resp.body === "string") return goJsonError(resp.body);
  const message = errorBodyOf(resp)?.message;
  return `API Error: ${resp.status} - ${typeof message === "string" ? message : ""} (${corr})`;
}

/** The `ErrorMessage` field of the SDK's APIResponse: empty when the body could not be parsed. */
function apiResponseErrorMessage(resp: ApiResponse): string {
  if (resp.status >= 200 && resp.status < 300) return "";
  return typeof resp.body === "string" && resp.body !== "" ? "" : sdkErrorString(resp);
}

/** JSON as Go's json.Marshal writes it: no spaces, and <, >, & and U+2028/9 escaped (HTML-safe by default). */
export function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** messageParams (a Go map: keys sorted on marshal), or undefined when empty. */
function messageParamsOf(body: ErrorBody | undefined): Record<string, unknown> | undefined {
  const p = body?.messageParams;
  if (p === null || typeof p !== "object" || Array.isArray(p)) return undefined;
  const keys = Object.keys(p).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, (p as Record<string, unknown>)[k]]));
}

/** details as the SDK's Detail struct marshals them: errorCode, fieldName, entityId, entityName, each omitempty. */
function detailsOf(body: ErrorBody | undefined): Record<string, unknown>[] | undefined {
  const d = body?.details;
  if (!Array.isArray(d) || d.length === 0) return undefined;
  return d.map((item: unknown) => {
    const src = (item ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of ["errorCode", "fieldName", "entityId", "entityName"]) {
      if (typeof src[k] === "string" && src[k] !== "") out[k] = src[k];
    }
    return out;
  });
}

const NIL_RESPONSE_MESSAGE =
  "unable to build a message from the response because the APIResponse does not contain the appropriate data.";

/** The detail JSON of BuildAPIDiagnosticError (§4.3), keys in the struct's order, empty ones omitted. */
export function apiDiagnosticDetail(resourceType: string, resp: ApiResponse | undefined): string {
  if (!resp) return goJson({ resourceType, errorMessage: NIL_RESPONSE_MESSAGE });
  const body = errorBodyOf(resp);
  const info: Record<string, unknown> = {};
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== "" && v !== 0) info[k] = v;
  };
  put("resourceType", resourceType);
  put("method", resp.method);
  put("path", resp.urlPath);
  put("statusCode", resp.status);
  put("errorMessage", apiResponseErrorMessage(resp));
  put("errorMessageContext", messageParamsOf(body));
  put("errorMessageDetails", detailsOf(body));
  put("correlationId", correlationIdOf(resp));
  return goJson(info);
}

/** util.BuildAPIDiagnosticError: the summary as given, the detail JSON; a nil response has its own detail. */
export function buildApiDiagnosticError(
  resourceType: string,
  summary: string,
  resp: ApiResponse | undefined,
): Diagnostic[] {
  return [{ severity: "error", summary, detail: apiDiagnosticDetail(resourceType, resp) }];
}

/** util.BuildDiagnosticError: detail `{"resourceType":"…","errorMessage":"<err>"}`. */
export function buildDiagnosticError(resourceType: string, summary: string, err: string): Diagnostic[] {
  return [{ severity: "error", summary, detail: goJson({ resourceType, errorMessage: err }) }];
}

/**
 * util.BuildWithRetriesApiDiagnosticError: the error text `<summary>\n<json>\n`. Reads, delete waits and data
 * sources return it through diag.FromErr, so it becomes a Summary (see `diagnosticFromError`).
 */
export function buildWithRetriesApiDiagnosticError(
  resourceType: string,
  summary: string,
  resp: ApiResponse | undefined,
): string {
  return `${summary}\n${apiDiagnosticDetail(resourceType, resp)}\n`;
}

/** diag.FromErr / diag.Errorf: the error text as the Summary, no Detail. */
export function diagnosticFromError(text: string): Diagnostic[] {
  return [{ severity: "error", summary: text }];
}

/** Go's `%v` of diag.Diagnostics: `[{0 <summary> <detail> []}]` (Severity Error is 0, an empty attribute path). */
export function goDiagnosticsString(diags: readonly Diagnostic[]): string {
  return `[${diags.map((d) => `{${d.severity === "error" ? 0 : 1} ${d.summary} ${d.detail ?? ""} []}`).join(" ")}]`;
}

export const hasErrors = (diags: readonly Diagnostic[] | undefined): boolean =>
  (diags ?? []).some((d) => d.severity === "error");

// --- RetryWhen (§4.1) -------------------------------------------------------------------------------------------

export type RetryPredicate = (resp: ApiResponse) => boolean;

/** 409, 408, or a 400 saying "does not match the current version". */
export const isVersionMismatch: RetryPredicate = (resp) =>
  resp.status === 409 ||
  resp.status === 408 ||
  (resp.status === 400 && sdkErrorString(resp).includes("does not match the current version"));
export const isStatus409: RetryPredicate = (resp) => resp.status === 409 || resp.status === 408;
export const isStatus400: RetryPredicate = (resp) => resp.status === 400 || resp.status === 408;
export const isStatus404: RetryPredicate = (resp) => resp.status === 404 || resp.status === 408 || resp.status === 410;

/** What one attempt of a RetryWhen body returns: the response (if any) and its diagnostics (none = success). */
export interface AttemptResult {
  readonly resp?: ApiResponse;
  readonly diagnostics?: readonly Diagnostic[];
}

export interface RetryOptions {
  /** Waits `ms` (tests pass a fast one). */
  readonly sleep: (ms: number) => Promise<void>;
}

/** §4.1: at most 10 attempts. */
export const RETRY_WHEN_ATTEMPTS = 10;

/** `Retry-After` in seconds (util_retries.go GetRetryAfterDelay), as ms; undefined when absent or not a number. */
export function retryAfterMs(resp: ApiResponse): number | undefined {
  const v = header(resp, "retry-after");
  if (v === "" || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v.trim()) * 1000;
}

/**
 * util.RetryWhen: runs `fn` up to 10 times while it fails with a response `check` accepts, sleeping
 * `(i+1)*500 ms` (or the response's Retry-After) after each; other failures return at once. When the attempts run
 * out the error is `Exhausted retries. Last error: <%v of the last diagnostics>` as a bare summary.
 */
export async function retryWhen(
  check: RetryPredicate,
  fn: () => Promise<AttemptResult>,
  options: RetryOptions,
): Promise<Diagnostic[]> {
  let last: readonly Diagnostic[] = [];
  for (let i = 0; i < RETRY_WHEN_ATTEMPTS; i++) {
    const { resp, diagnostics } = await fn();
    if (!hasErrors(diagnostics)) return [];
    if (!resp || !check(resp)) return [...(diagnostics ?? [])];
    last = diagnostics ?? [];
    await options.sleep(retryAfterMs(resp) ?? (i + 1) * 500);
  }
  return diagnosticFromError(`Exhausted retries. Last error: ${goDiagnosticsString(last)}`);
}
