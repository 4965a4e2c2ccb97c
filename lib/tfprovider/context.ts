/**
 * Configure: the provider block (and its GENESYSCLOUD_* environment defaults) turned into a ProviderContext that
 * talks to Genesys as the real provider's Go SDK does (docs/terraform-provider.md §1.1-§1.3): gateway URL rules, OAuth
 * client credentials with a token pool, the start-up calls, User-Agent and TF-Correlation-Id headers, and the SDK's
 * retries on 429 and 5xx. Tokens and secrets are never logged or put into diagnostics.
 */
import { randomUUID } from "node:crypto";

import { gatewayEnvPathParams, gatewayOrigin, gatewayPrefixes, readGatewayEnv } from "../genesys/gateway";
import { normalizeRegion, REGIONS, regionApiBaseUrl, regionLoginBaseUrl } from "../genesys/regions";
import type { AttemptResult, RetryPolicy } from "../genesys/retry";
import { withRetries } from "../genesys/retry";
import type { ApiRequest, ApiResponse, Diagnostic, ObjectValue, ProviderContext, Value } from "./types";
import { Unknown } from "./types";

/** The provider version we answer as (docs/terraform-provider.md §3: pin `~> 1.84`; the snapshot is v1.84.1). */
export const PROVIDER_VERSION = "1.84.1";

/** Set to 1 to shrink every retry wait and poll interval a thousandfold (tests, rehearsals). */
export const FAST_RETRY_ENV = "GCGUARD_TFPROVIDER_FAST_RETRY";

/** What the resources need beyond the contract: waits that tests can shorten. */
export interface GenesysProviderContext extends ProviderContext {
  /** Waits `ms` of provider time (scaled down in fast mode). */
  readonly sleep: (ms: number) => Promise<void>;
}

export interface ProviderContextOptions {
  /** Multiplies every wait. @default 1, or 0.001 when GCGUARD_TFPROVIDER_FAST_RETRY=1 */
  readonly timeScale?: number;
  /** @default PROVIDER_VERSION */
  readonly version?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The sleep of a context built here, or real time for any other ProviderContext. */
export function sleepOf(ctx: ProviderContext): (ms: number) => Promise<void> {
  const own = (ctx as Partial<GenesysProviderContext>).sleep;
  if (own) return own;
  const scale = process.env[FAST_RETRY_ENV] === "1" ? 0.001 : 1;
  return (ms) => realSleep(ms * scale);
}

// --- configuration -------------------------------------------------------------------------------------------------

const str = (v: Value | undefined): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

function firstBlock(v: Value | undefined): ObjectValue | undefined {
  if (Array.isArray(v)) {
    const first = v[0];
    return first !== null && typeof first === "object" && !Array.isArray(first) ? first : undefined;
  }
  return v !== null && v !== undefined && v !== Unknown && typeof v === "object" ? v : undefined;
}

/**
 * The gateway block, attribute by attribute from config or its env default (§1.1), as URLs by the rules of
 * lib/genesys/gateway.ts. Without a block, the GENESYSCLOUD_GATEWAY_* variables alone also configure one (the
 * emulator README points users at them). A missing protocol is left empty, for the caller to report.
 */
function gatewayOf(
  config: ObjectValue,
  env: NodeJS.ProcessEnv,
): { protocol: string; origin: string; api: string; login: string } | undefined {
  const block = firstBlock(config.gateway);
  const fromEnv = readGatewayEnv(env);
  const host = str(block?.host) ?? fromEnv.host;
  if (!host) return undefined;
  const list = Array.isArray(block?.path_params) ? block.path_params : [];
  const params = list
    .map((p) => firstBlock([p]))
    .map((o) => ({ name: str(o?.path_name) ?? "", value: str(o?.path_value) ?? "" }));
  const protocol = str(block?.protocol) ?? fromEnv.protocol ?? "";
  const port = str(block?.port) ?? fromEnv.port;
  const origin = gatewayOrigin({ host, protocol, ...(port === undefined ? {} : { port }) });
  return { protocol, origin, ...gatewayPrefixes(list.length > 0 ? params : gatewayEnvPathParams(fromEnv)) };
}

/** The provider's login failure, wrapped by `diag.FromErr`: a summary and no detail (docs/provider-errors.md). */
const AUTH_FAILED = "failed to authorize Genesys Cloud client credentials";

const error = (summary: string, detail?: string, attribute?: readonly string[]): Diagnostic => ({
  severity: "error",
  summary,
  ...(detail === undefined ? {} : { detail }),
  ...(attribute ? { attribute } : {}),
});

// --- HTTP ----------------------------------------------------------------------------------------------------------

/**
 * §1.3 SDK retries, as go-retryablehttp's defaults: at most 20 retries of 429, 5xx other than 501 and network
 * errors, whatever the method; waits of 1 s doubling up to 30 s, no jitter; Retry-After honoured on 429 and 503,
 * and a 429 asking for more than 180 s is handed back rather than waited for. Never 409 or any other 4xx.
 */
const SDK_RETRY: RetryPolicy = {
  retries: 20,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 180,
  jitter: "none",
  retryAfterStatuses: [429, 503],
  retryAfterJitterMs: 0,
};

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Retry-After as the SDK reads it: whole seconds only. */
function retryAfterSeconds(headers: Readonly<Record<string, string>>): number | undefined {
  const v = headers["retry-after"];
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

interface HttpDeps {
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  readonly userAgent: string;
}

/** A request's answer, or (no answer) the network error, which is thrown once the retries are spent. */
type Sent = { readonly response: ApiResponse } | { readonly error: unknown };

async function sendWithRetries(
  deps: HttpDeps,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<ApiResponse> {
  return withRetries(() => sendOnce(deps, url, method, headers, body), {
    policy: SDK_RETRY,
    clock: { sleep: deps.sleep },
    giveUp: (last) => {
      if ("error" in last) throw last.error;
      return last.response;
    },
  });
}

/** One request; every answer that is not a success, and no answer, comes back for the retry policy to judge. */
async function sendOnce(
  deps: HttpDeps,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<AttemptResult<ApiResponse, Sent>> {
  let res: Response;
  try {
    res = await deps.fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
  } catch (error) {
    return { ok: false, outcome: { method, idempotent: true }, failure: { error } };
  }
  const text = await res.text();
  const resHeaders: Record<string, string> = {};
  res.headers.forEach((v, k) => (resHeaders[k.toLowerCase()] = v));
  const response = {
    status: res.status,
    headers: resHeaders,
    body: parseBody(text),
    method,
    urlPath: new URL(url).pathname,
  };
  if (res.status < 400) return { ok: true, value: response };
  return {
    ok: false,
    outcome: { method, status: res.status, retryAfterSeconds: retryAfterSeconds(resHeaders), idempotent: true },
    failure: { response },
  };
}

// --- Configure -----------------------------------------------------------------------------------------------------

/**
 * Builds the context from the provider block (config values win over GENESYSCLOUD_* variables), logs in unless
 * `access_token` is set, and makes the real provider's start-up calls (§1.3: organizations/me, then
 * authorization/products). Errors come back as diagnostics; the context then refuses every request.
 */
export async function createProviderContext(
  config: ObjectValue,
  env: NodeJS.ProcessEnv,
  options: ProviderContextOptions = {},
): Promise<{ ctx: GenesysProviderContext; diagnostics: Diagnostic[] }> {
  const scale = options.timeScale ?? (env[FAST_RETRY_ENV] === "1" ? 0.001 : 1);
  const sleep = (ms: number) => realSleep(ms * scale);
  const deps: HttpDeps = {
    fetch: options.fetch ?? globalThis.fetch,
    sleep,
    userAgent: `GC Terraform Provider/${options.version ?? PROVIDER_VERSION}`,
  };
  const diagnostics: Diagnostic[] = [];
  const failed = (apiBaseUrl: string) => ({
    ctx: {
      apiBaseUrl,
      sleep,
      request: () => Promise.reject(new Error("the genesyscloud provider is not configured (see its diagnostics)")),
    },
    diagnostics,
  });
  const endpoints = endpointsOf(config, env, diagnostics);
  if (!endpoints) return failed("");
  const { apiBaseUrl, tokenUrl } = endpoints;
  const tokens = await tokensOf(config, env, deps, tokenUrl, diagnostics);
  if (!tokens) return failed(apiBaseUrl);
  const ctx: GenesysProviderContext = { apiBaseUrl, request: requester(deps, apiBaseUrl, tokens), sleep };
  await startupCalls(ctx, diagnostics);
  return { ctx, diagnostics };
}

/** The API base URL and the token URL: through the gateway if one is set, else the region's. */
function endpointsOf(
  config: ObjectValue,
  env: NodeJS.ProcessEnv,
  diagnostics: Diagnostic[],
): { apiBaseUrl: string; tokenUrl: string } | undefined {
  const gateway = gatewayOf(config, env);
  const regionText = str(config.aws_region) ?? env.GENESYSCLOUD_REGION ?? "";
  const region = regionText ? normalizeRegion(regionText) : undefined;
  if (regionText && !region) {
    // SDKv2 validation.StringInSlice wording.
    const expected = `expected aws_region to be one of [${REGIONS.map((r) => `"${r}"`).join(" ")}], got ${regionText}`;
    diagnostics.push(error(expected, undefined, ["aws_region"]));
    return undefined;
  }
  if (gateway) {
    if (!gateway.protocol) {
      diagnostics.push(
        error("gateway protocol is not set", "Set gateway.protocol (http or https) or GENESYSCLOUD_GATEWAY_PROTOCOL."),
      );
      return undefined;
    }
    const apiBaseUrl = `${gateway.origin}${gateway.api}`.replace(/\/+$/, "");
    return { apiBaseUrl, tokenUrl: `${gateway.origin}${gateway.login}/oauth/token` };
  }
  if (region) {
    const apiBaseUrl = regionApiBaseUrl(region).replace(/\/+$/, "");
    return { apiBaseUrl, tokenUrl: `${regionLoginBaseUrl(region)}/oauth/token` };
  }
  diagnostics.push(
    error(
      "No Genesys Cloud region",
      "Set aws_region (or GENESYSCLOUD_REGION), or a gateway block to reach an emulator.",
      ["aws_region"],
    ),
  );
  return undefined;
}

/** The tokens requests take turns with: access_token, or 1 + token_pool_size client-credentials logins (§1.3). */
async function tokensOf(
  config: ObjectValue,
  env: NodeJS.ProcessEnv,
  deps: HttpDeps,
  tokenUrl: string,
  diagnostics: Diagnostic[],
): Promise<string[] | undefined> {
  const accessToken = str(config.access_token) ?? env.GENESYSCLOUD_ACCESS_TOKEN;
  if (accessToken) return [accessToken];
  const clientId = str(config.oauthclient_id) ?? env.GENESYSCLOUD_OAUTHCLIENT_ID;
  const secret = str(config.oauthclient_secret) ?? env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
  if (!clientId || !secret) {
    diagnostics.push(
      error(
        "No Genesys Cloud credentials",
        "Set access_token, or oauthclient_id and oauthclient_secret (or GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET).",
      ),
    );
    return undefined;
  }
  const poolText =
    typeof config.token_pool_size === "number" ? config.token_pool_size : env.GENESYSCLOUD_TOKEN_POOL_SIZE;
  const poolSize = Math.min(50, Math.max(1, Number(poolText ?? 10) || 10));
  const tokens: string[] = [];
  for (let i = 0; i < 1 + poolSize; i++) {
    const token = await login(deps, tokenUrl, Buffer.from(`${clientId}:${secret}`).toString("base64"), diagnostics);
    if (token === undefined) return undefined;
    // The first login is the provider's own client; the pool's tokens serve the resources.
    if (i > 0) tokens.push(token);
  }
  return tokens;
}

/** One client-credentials login: its token, or undefined with the provider's diagnostic. */
async function login(
  deps: HttpDeps,
  tokenUrl: string,
  basic: string,
  diagnostics: Diagnostic[],
): Promise<string | undefined> {
  let res: ApiResponse;
  try {
    const headers = {
      authorization: `Basic ${basic}`,
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": deps.userAgent,
    };
    res = await sendWithRetries(deps, tokenUrl, "POST", headers, "grant_type=client_credentials");
  } catch (err) {
    diagnostics.push(error(`${AUTH_FAILED}: Post "${tokenUrl}": ${String(err)}`));
    return undefined;
  }
  const body = (res.body ?? {}) as { access_token?: unknown; error?: unknown; error_description?: unknown };
  if (res.status === 200 && typeof body.access_token === "string") return body.access_token;
  // The SDK's text: `Auth Error: <status> - <error> (<error_description>)` (docs/provider-errors.md).
  const text = (x: unknown) => (typeof x === "string" ? x : "");
  diagnostics.push(
    error(`${AUTH_FAILED}: Auth Error: ${res.status} - ${text(body.error)} (${text(body.error_description)})`),
  );
  return undefined;
}

/**
 * Requests as the provider sends them: the pool's tokens in turn, a fresh TF-Correlation-Id each, the SDK's retries.
 */
function requester(deps: HttpDeps, apiBaseUrl: string, tokens: readonly string[]): ProviderContext["request"] {
  let next = 0;
  return async (req: ApiRequest): Promise<ApiResponse> => {
    const token = tokens[next++ % tokens.length] ?? "";
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      accept: "application/json",
      "user-agent": deps.userAgent,
      "tf-correlation-id": randomUUID(),
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(req.body);
    }
    return sendWithRetries(deps, `${apiBaseUrl}${req.path}`, req.method, headers, body);
  };
}

/** Start-up calls (§1.3): the org (the provider dereferences defaultCountryCode), then the products. */
async function startupCalls(ctx: ProviderContext, diagnostics: Diagnostic[]): Promise<void> {
  try {
    const org = await ctx.request({ method: "GET", path: "/api/v2/organizations/me" });
    const orgBody = org.body as { defaultCountryCode?: unknown } | undefined;
    if (org.status !== 200 || typeof orgBody?.defaultCountryCode !== "string") {
      diagnostics.push(
        error("Failed to get the Genesys Cloud organization", `GET /api/v2/organizations/me answered ${org.status}.`),
      );
      return;
    }
    const products = await ctx.request({ method: "GET", path: "/api/v2/authorization/products" });
    if (products.status !== 200) {
      diagnostics.push(
        error(
          "Failed to get the organization's products",
          `GET /api/v2/authorization/products answered ${products.status}.`,
        ),
      );
    }
  } catch (err) {
    diagnostics.push(error("Failed to reach Genesys Cloud", `${ctx.apiBaseUrl}: ${String(err)}`));
  }
}
