/** Talking to a real emulator over loopback, as a client would: fetch, bearer tokens, JSON. */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

import type { EmulatorOptions, RunningEmulator } from "../../lib/emulator";
import { startEmulator } from "../../lib/emulator";
import { resolveSettings } from "../../lib/emulator/settings";

export interface Response<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

export interface Api {
  readonly emulator: RunningEmulator;
  /** A bearer token for a seed client (default: gcguard-ci, which has every permission). */
  token(clientId?: string): Promise<string>;
  /** Calls the API with a token of `as` (default gcguard-ci); `token: null` sends no Authorization header. */
  call<T = unknown>(
    method: string,
    path: string,
    options?: { body?: unknown; as?: string; token?: string | null; headers?: Record<string, string> },
  ): Promise<Response<T>>;
  /** Admin API (no auth). */
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<Response<T>>;
}

const SECRETS: Record<string, string> = {
  "gcguard-ci": "demo-secret-ci",
  "gcguard-bpo": "demo-secret-bpo",
  "gcguard-readonly": "demo-secret-readonly",
};

export async function request<T>(url: string, init: RequestInit): Promise<Response<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    // leave as text
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export function apiFor(emulator: RunningEmulator, secrets: Record<string, string> = SECRETS): Api {
  const tokens = new Map<string, string>();
  const api: Api = {
    emulator,
    async token(clientId = "gcguard-ci") {
      const cached = tokens.get(clientId);
      if (cached) return cached;
      const res = await request<{ access_token: string }>(`${emulator.url}/oauth/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${secrets[clientId] ?? ""}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "grant_type=client_credentials",
      });
      if (res.status !== 200) throw new Error(`login as ${clientId} failed: ${res.status} ${res.text}`);
      tokens.set(clientId, res.body.access_token);
      return res.body.access_token;
    },
    async call(method, path, options = {}) {
      const token = options.token === undefined ? await api.token(options.as) : options.token;
      const headers: Record<string, string> = { ...options.headers };
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (options.body !== undefined) headers["content-type"] ??= "application/json";
      return request(`${emulator.url}${path}`, {
        method,
        headers,
        ...(options.body === undefined
          ? {}
          : { body: typeof options.body === "string" ? options.body : JSON.stringify(options.body) }),
      });
    },
    async admin(method, path, body) {
      return request(`${emulator.url}/__emulator${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
      });
    },
  };
  return api;
}

/**
 * Starts an emulator for the enclosing describe block and stops it after; the getter gives the live Api. Before
 * each test (and before the test file's own beforeEach hooks, registered after this call) the emulator is as it
 * started: the seed's org, the options' settings and faults, a fresh rate-limit window and request log, so no test
 * sees what another changed. Issued tokens stay valid (a login is not the org's state), so the Api's stays too.
 */
export function useEmulator(options: EmulatorOptions = {}): () => Api {
  let api: Api | undefined;
  /** A test has run since the emulator started or was last reset (a large seed takes seconds to load again). */
  let used = false;
  // Generous timeouts: a generated org of 50,000 users takes seconds to load on a busy machine.
  beforeAll(async () => {
    api = apiFor(await startEmulator(options));
  }, 120_000);
  beforeEach(async () => {
    if (!api || !used) return;
    const { emulator } = api;
    const reset = await api.admin("POST", "/reset"); // the seed, the rate-limit window, the request log
    if (reset.status !== 204) throw new Error(`emulator reset failed: ${reset.status} ${reset.text}`);
    emulator.context.settings = resolveSettings(options.settings);
    emulator.context.faults.set(options.faults ?? []);
    used = false;
  }, 120_000);
  afterEach(() => {
    used = true;
  });
  afterAll(async () => {
    await api?.emulator.close();
  });
  return () => {
    if (!api) throw new Error("emulator not started");
    return api;
  };
}

/** The demo org's fixed IDs (lib/emulator/seeds/demo.yaml). */
export const DEMO = {
  home: "d0000000-0000-4000-8000-000000000001",
  billing: "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f",
  customerSupport: "d0000000-0000-4000-8000-000000000003",
  legacySales: "d0000000-0000-4000-8000-000000000004",
  partnerBpo: "d0000000-0000-4000-8000-000000000005",
  ada: "e0000000-0000-4000-8000-000000000001",
  alan: "e0000000-0000-4000-8000-000000000002",
  grace: "e0000000-0000-4000-8000-000000000003",
  edsger: "e0000000-0000-4000-8000-000000000004",
  barbara: "e0000000-0000-4000-8000-000000000005",
  donald: "e0000000-0000-4000-8000-000000000006",
  frances: "e0000000-0000-4000-8000-000000000007",
  john: "e0000000-0000-4000-8000-000000000008",
  margaret: "e0000000-0000-4000-8000-000000000009",
  ken: "e0000000-0000-4000-8000-000000000010",
  salesAgents: "c0000000-0000-4000-8000-000000000001",
  tier2a: "c0000000-0000-4000-8000-000000000002",
  tier2b: "c0000000-0000-4000-8000-000000000003",
  legacyTeam: "c0000000-0000-4000-8000-000000000004",
  legacyInbound: "b0000000-0000-4000-8000-000000000001",
  salesCallback: "b0000000-0000-4000-8000-000000000002",
  partnerOverflow: "b0000000-0000-4000-8000-000000000003",
} as const;
