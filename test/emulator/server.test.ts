import { describe, expect, test } from "vitest";

import { loadSeedFile, parseSeed } from "../../lib/emulator/seed";
import { DEMO_SEED_FILE, startEmulator } from "../../lib/emulator";
import { VirtualClock } from "../virtual-clock";
import { apiFor, request, useEmulator } from "./helpers";

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function login(url: string, authorization: string | undefined, body = "grant_type=client_credentials") {
  return request<Record<string, unknown>>(`${url}/oauth/token`, {
    method: "POST",
    headers: { ...(authorization ? { authorization } : {}), "content-type": "application/x-www-form-urlencoded" },
    body,
  });
}

describe("emulator: OAuth and auth", () => {
  const api = useEmulator();

  test("issues a bearer token for client credentials", async () => {
    const res = await login(api().emulator.url, basic("gcguard-ci", "demo-secret-ci"));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 86399 });
    expect(typeof res.body.access_token).toBe("string");
  });

  test("refuses unknown clients, wrong secrets and other grants with the real error bodies", async () => {
    const url = api().emulator.url;
    expect(await login(url, basic("nobody", "x"))).toMatchObject({
      status: 400,
      body: { error: "invalid_client", description: "client not found", error_description: "client not found" },
    });
    expect(await login(url, basic("gcguard-ci", "wrong"))).toMatchObject({
      status: 400,
      body: { error: "invalid_client", description: "authentication failed" },
    });
    expect(await login(url, basic("gcguard-ci", "demo-secret-ci"), "grant_type=password")).toMatchObject({
      status: 400,
      body: { error: "unsupported_grant_type" },
    });
    expect((await login(url, undefined)).status).toBe(400);
  });

  test("every /api/v2 call needs a valid bearer: 401 authentication.required, then bad.credentials", async () => {
    const none = await api().call("GET", "/api/v2/authorization/divisions", { token: null });
    expect(none).toMatchObject({ status: 401, body: { code: "authentication.required", status: 401 } });
    const bad = await api().call("GET", "/api/v2/authorization/divisions", { token: "forged" });
    expect(bad).toMatchObject({ status: 401, body: { code: "bad.credentials" } });
  });

  test("revoking tokens through the admin API makes them fail with 401", async () => {
    const token = await api().token("gcguard-readonly");
    expect((await api().call("GET", "/api/v2/organizations/me", { token })).status).toBe(200);
    const revoked = await api().admin<{ revoked: number }>("POST", "/tokens/revoke", { clientId: "gcguard-readonly" });
    expect(revoked.body.revoked).toBeGreaterThan(0);
    expect((await api().call("GET", "/api/v2/organizations/me", { token })).status).toBe(401);
  });

  test("the organization carries defaultCountryCode and products list their ids", async () => {
    const org = await api().call<Record<string, unknown>>("GET", "/api/v2/organizations/me");
    expect(org.body).toMatchObject({ name: "Acme Contact Centre", defaultCountryCode: "GB" });
    const products = await api().call<{ total: number; entities: { id: string }[] }>(
      "GET",
      "/api/v2/authorization/products",
    );
    expect(products.body.total).toBe(products.body.entities.length);
  });

  test("an unknown route is a loud 404 naming it", async () => {
    const res = await api().call("POST", "/api/v2/routing/wrapupcodes/bulk");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: "not.found" });
    expect((res.body as { message: string }).message).toContain(
      "emulator: no route for POST /api/v2/routing/wrapupcodes/bulk",
    );
  });

  test("a malformed JSON body is a 400 bad.request ErrorBody", async () => {
    const res = await api().call("POST", "/api/v2/authorization/divisions", { body: "{ nope" });
    expect(res).toMatchObject({ status: 400, body: { code: "bad.request" } });
  });
});

describe("emulator: expiry", () => {
  test("a token is good for its lifetime, then gets 401 credentials.expired", async () => {
    const seed = loadSeedFile(DEMO_SEED_FILE);
    const clock = new VirtualClock();
    const emulator = await startEmulator({ seed, settings: { tokenLifetimeSeconds: 1 }, clock });
    try {
      const api = apiFor(emulator);
      const token = await api.token();
      clock.advance(999);
      expect((await api.call("GET", "/api/v2/organizations/me", { token })).status).toBe(200);
      clock.advance(1);
      const res = await api.call("GET", "/api/v2/organizations/me", { token });
      expect(res).toMatchObject({ status: 401, body: { code: "credentials.expired" } });
    } finally {
      await emulator.close();
    }
  });
});

describe("emulator: rate limit", () => {
  const clock = new VirtualClock();
  const api = useEmulator({ settings: { rateLimit: { requestsPerWindow: 3, windowMs: 1500 } }, clock });

  test("counts requests per token in headers and answers 429 with Retry-After past the limit", async () => {
    const statuses: number[] = [];
    let last = await api().call("GET", "/api/v2/organizations/me");
    statuses.push(last.status);
    expect(last.headers.get("inin-ratelimit-count")).toBe("1");
    expect(last.headers.get("inin-ratelimit-allowed")).toBe("3");
    expect(Number(last.headers.get("inin-ratelimit-reset"))).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) {
      last = await api().call("GET", "/api/v2/organizations/me");
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last.body).toMatchObject({ code: "too.many.requests.retry.after", status: 429 });
    // Whole seconds to the end of the 1.5 s window, rounded up.
    expect(last.headers.get("retry-after")).toBe("2");
    expect(last.headers.get("inin-ratelimit-reset")).toBe("2");
    // Another token has its own window.
    expect((await api().call("GET", "/api/v2/organizations/me", { as: "gcguard-readonly" })).status).toBe(200);
    // The window is fixed: still closed just before it ends, open again once it has.
    clock.advance(1_499);
    expect((await api().call("GET", "/api/v2/organizations/me")).status).toBe(429);
    clock.advance(1);
    const next = await api().call("GET", "/api/v2/organizations/me");
    expect(next.status).toBe(200);
    expect(next.headers.get("inin-ratelimit-count")).toBe("1");
  });
});

describe("emulator: faults", () => {
  const clock = new VirtualClock();
  const api = useEmulator({ clock });

  test("a status fault answers the ErrorBody for that status, on its route only, the given number of times", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "status", status: 503, match: "GET /api/v2/routing/queues*", times: 2 },
    ]);
    const first = await api().call("GET", "/api/v2/routing/queues");
    expect(first).toMatchObject({ status: 503, body: { code: "service.unavailable", status: 503 } });
    expect((await api().call("GET", "/api/v2/authorization/divisions")).status).toBe(200);
    expect((await api().call("GET", "/api/v2/routing/queues")).status).toBe(503);
    expect((await api().call("GET", "/api/v2/routing/queues")).status).toBe(200);
  });

  test("a reset fault drops the connection", async () => {
    await api().admin("PUT", "/faults", [{ kind: "reset", match: "*/organizations/me", times: 1 }]);
    await expect(api().call("GET", "/api/v2/organizations/me")).rejects.toThrow();
    expect((await api().call("GET", "/api/v2/organizations/me")).status).toBe(200);
  });

  test("malformed faults send a cut-off body or JSON of the wrong shape", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "malformed", match: "GET /api/v2/groups", times: 1 },
      { kind: "malformed", body: "wrong-shape", match: "GET /api/v2/users", times: 1 },
    ]);
    const cut = await api().call("GET", "/api/v2/groups");
    expect(cut.status).toBe(200);
    expect(() => JSON.parse(cut.text) as unknown).toThrow();
    const wrong = await api().call("GET", "/api/v2/users");
    expect(wrong.body).toEqual({ entities: "not-a-list", id: 42, name: false });
  });

  test("a forced 429 burst carries Retry-After; latency delays responses", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "rate-limit", retryAfterSeconds: 7, times: 2 },
      { kind: "latency", latencyMs: 120, match: "*/divisions/home" },
    ]);
    const limited = await api().call("GET", "/api/v2/organizations/me");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.body).toMatchObject({ code: "too.many.requests.retry.after", status: 429 });
    await api().call("GET", "/api/v2/organizations/me");
    // The matching request is answered only after the emulator's clock has moved on by the latency; others at once.
    const started = clock.now();
    expect((await api().call("GET", "/api/v2/authorization/divisions/home")).status).toBe(200);
    expect(clock.now() - started).toBe(120);
    expect((await api().call("GET", "/api/v2/organizations/me")).status).toBe(200);
    expect(clock.now() - started).toBe(120);
    await api().admin("DELETE", "/faults");
  });

  test("probabilistic faults are deterministic for a given random seed", async () => {
    const pattern = async () => {
      const emulator = await startEmulator({
        faults: [{ kind: "status", status: 500, probability: 0.5, match: "*/organizations/me" }],
        randomSeed: "fixed",
      });
      try {
        const client = apiFor(emulator);
        const out: number[] = [];
        for (let i = 0; i < 12; i++) out.push((await client.call("GET", "/api/v2/organizations/me")).status);
        return out;
      } finally {
        await emulator.close();
      }
    };
    const a = await pattern();
    expect(a).toContain(500);
    expect(a).toContain(200);
    expect(await pattern()).toEqual(a);
  });

  test("rejects invalid fault rules", async () => {
    const res = await api().admin("PUT", "/faults", [{ kind: "explode" }]);
    expect(res.status).toBe(400);
  });
});

describe("emulator: admin API", () => {
  const api = useEmulator();

  test("counts requests per route and status, without counting itself", async () => {
    await api().admin("DELETE", "/requests");
    await api().call("GET", "/api/v2/authorization/divisions");
    await api().call("GET", "/api/v2/authorization/divisions/home");
    await api().call("GET", "/api/v2/authorization/divisions/d0000000-0000-4000-8000-000000000003");
    const counts = await api().admin<{
      total: number;
      byRoute: Record<string, number>;
      byStatus: Record<string, number>;
    }>("GET", "/requests");
    expect(counts.body.byRoute).toMatchObject({
      "GET /api/v2/authorization/divisions": 1,
      "GET /api/v2/authorization/divisions/home": 1,
      "GET /api/v2/authorization/divisions/:divisionId": 1,
    });
    // The login that preceded the first call counts too; the admin calls do not.
    expect(counts.body.byRoute["POST /oauth/token"]).toBe(1);
    expect(counts.body).toMatchObject({ total: 4, byStatus: { "200": 4 } });
  });

  test("dumps the state as a valid seed, and reset restores the original org", async () => {
    await api().call("POST", "/api/v2/authorization/divisions", { body: { name: "Added" } });
    const dump = await api().admin<unknown>("GET", "/state");
    const seed = parseSeed(dump.body, "dump");
    expect(seed.divisions.map((d) => d.name)).toContain("Added");
    expect((await api().admin("POST", "/reset")).status).toBe(204);
    const after = parseSeed((await api().admin<unknown>("GET", "/state")).body, "dump");
    expect(after.divisions.map((d) => d.name)).not.toContain("Added");
    expect(after).toEqual(loadSeedFile(DEMO_SEED_FILE));
  });

  test("changes settings at run time", async () => {
    const res = await api().admin<{ scimVersionMismatchStatus: number }>("PATCH", "/settings", {
      scimVersionMismatchStatus: 412,
    });
    expect(res.body.scimVersionMismatchStatus).toBe(412);
  });
});
