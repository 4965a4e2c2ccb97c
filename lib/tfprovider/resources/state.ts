/** Small helpers the resources share: reading plan values, settling unknowns, paging, success checks. */
import { sleepOf } from "../context";
import { buildWithRetriesApiDiagnosticError, diagnosticFromError, sdkErrorString } from "../diagnostics";
import type { ApiResponse, Diagnostic, ObjectValue, ProviderContext, StateResult, Value } from "../types";
import { Unknown } from "../types";

export const isOk = (resp: ApiResponse): boolean => resp.status >= 200 && resp.status < 300;

/** A string attribute, or undefined when null, unknown or not a string. */
export function str(obj: ObjectValue | null | undefined, key: string): string | undefined {
  const v = obj?.[key];
  return typeof v === "string" ? v : undefined;
}

/** A bool attribute, or `fallback` (the schema default, SDKv2 `Default`) when null or unknown. */
export function bool(obj: ObjectValue | null | undefined, key: string, fallback: boolean): boolean {
  const v = obj?.[key];
  return typeof v === "boolean" ? v : fallback;
}

export function num(obj: ObjectValue | null | undefined, key: string): number | undefined {
  const v = obj?.[key];
  return typeof v === "number" ? v : undefined;
}

/** A list or set of strings, or undefined when null or unknown. */
export function strings(obj: ObjectValue | null | undefined, key: string): string[] | undefined {
  const v = obj?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
}

/** The nested blocks of a list or set block (empty when null or unknown). */
export function blocks(obj: ObjectValue | null | undefined, key: string): ObjectValue[] {
  const v = obj?.[key];
  return Array.isArray(v)
    ? v.filter((x): x is ObjectValue => x !== null && typeof x === "object" && !Array.isArray(x))
    : [];
}

export const isUnknown = (v: Value | undefined): boolean => v === Unknown;

/** Replaces every Unknown with null, deeply: after apply no value may stay unknown. */
export function settle(value: ObjectValue): ObjectValue {
  const walk = (v: Value): Value => {
    if (v === Unknown) return null;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as ObjectValue;
}

/** An error result that keeps `state` (Terraform keeps a created object, tainted, when apply fails after create). */
export const failWith = (diagnostics: readonly Diagnostic[], state: ObjectValue | null = null): StateResult => ({
  state,
  diagnostics,
});

/** Runs a resource operation, turning a thrown error (a network failure) into an error diagnostic. */
export async function guard(op: () => Promise<StateResult>, state: ObjectValue | null = null): Promise<StateResult> {
  try {
    return await op();
  } catch (err) {
    return failWith(diagnosticFromError(err instanceof Error ? err.message : String(err)), state);
  }
}

/**
 * terraform-plugin-sdk's WithRetries (retry.RetryContext): calls `fn` until it succeeds, fails for good, or
 * `timeoutMs` of provider time has passed, waiting between tries. Returns the last error text, or undefined. A
 * wait for eventual consistency, not the HTTP retries (those are withRetries in lib/genesys/retry.ts).
 */
export async function sdkWithRetries(
  ctx: ProviderContext,
  timeoutMs: number,
  fn: () => Promise<{ done: true } | { retry: string } | { fail: string }>,
  intervalMs = 1_000,
): Promise<string | undefined> {
  const sleep = sleepOf(ctx);
  let waited = 0;
  for (;;) {
    const r = await fn();
    if ("done" in r) return undefined;
    if ("fail" in r) return r.fail;
    if (waited >= timeoutMs) return r.retry;
    await sleep(intervalMs);
    waited += intervalMs;
  }
}

/**
 * The GET every read starts with (docs/terraform-provider.md §4.2): the object; or, as the read's result, null
 * state on a 404 (the object is gone) and the provider's "Failed to read <what> <id>" diagnostic on any other
 * failure, keeping the state.
 */
export async function getForRead<T>(
  ctx: ProviderContext,
  state: ObjectValue,
  type: string,
  what: string,
  path: (id: string) => string,
): Promise<{ id: string; body: T } | { result: StateResult }> {
  const id = str(state, "id") ?? "";
  const resp = await ctx.request({ method: "GET", path: path(enc(id)) });
  if (resp.status === 404) return { result: { state: null } };
  if (isOk(resp)) return { id, body: resp.body as T };
  const text = buildWithRetriesApiDiagnosticError(
    type,
    `Failed to read ${what} ${id} | error: ${sdkErrorString(resp)}`,
    resp,
  );
  return { result: failWith(diagnosticFromError(text), state) };
}

/** Every entity of a page-number listing (docs/genesys-api.md §8), following pageCount or, without it, empty pages. */
export async function pageAll<T>(
  ctx: ProviderContext,
  path: (pageNumber: number) => string,
): Promise<{ entities: T[]; error?: ApiResponse }> {
  const out: T[] = [];
  for (let page = 1; page < 10_000; page++) {
    const resp = await ctx.request({ method: "GET", path: path(page) });
    if (!isOk(resp)) return { entities: out, error: resp };
    const body = (resp.body ?? {}) as { entities?: T[]; pageCount?: number; nextUri?: string };
    const entities = body.entities ?? [];
    out.push(...entities);
    if (entities.length === 0) break;
    if (typeof body.pageCount === "number" ? page >= body.pageCount : !body.nextUri) break;
  }
  return { entities: out };
}

export const enc = encodeURIComponent;
