import { describe, expect, test } from "vitest";
import { z } from "zod";

import { isGenesysApiError, isGenesysUnreachableError, isResponseShapeError } from "../../lib/genesys/errors";
import { GenesysHttp } from "../../lib/genesys/http";
import type { HttpOptions } from "../../lib/genesys/http";
import { useEmulator } from "../emulator/helpers";

const Listing = z.object({ entities: z.array(z.object({ id: z.string(), name: z.string() })), total: z.number() });
const DIVISIONS = { method: "GET", path: "/api/v2/authorization/divisions", schema: Listing } as const;
const fast = { baseDelayMs: 5, maxDelayMs: 20 };

describe("GenesysHttp against the emulator", () => {
  const api = useEmulator();
  const client = (extra: Partial<HttpOptions> = {}): GenesysHttp =>
    new GenesysHttp({
      apiBaseUrl: api().emulator.url,
      loginBaseUrl: api().emulator.url,
      auth: { kind: "client-credentials", clientId: "gcguard-ci", clientSecret: "demo-secret-ci" },
      retry: fast,
      ...extra,
    });

  test("logs in once and reuses the token across requests, concurrent ones included", async () => {
    const http = client();
    await Promise.all([http.request(DIVISIONS), http.request(DIVISIONS), http.request(DIVISIONS)]);
    await http.request(DIVISIONS);
    expect(http.stats().requests).toEqual({ "GET /api/v2/authorization/divisions": 4, "POST /oauth/token": 1 });
  });

  test("logs in again once after the token is revoked, then succeeds", async () => {
    const http = client();
    await http.request(DIVISIONS);
    await api().admin("POST", "/tokens/revoke", {});
    const res = await http.request(DIVISIONS);
    expect(res.data.total).toBe(5);
    expect(http.stats().requests["POST /oauth/token"]).toBe(2);
  });

  test("a revoked fixed access token fails with a clear 401, without looping", async () => {
    const token = await api().token("gcguard-readonly");
    const http = client({ auth: { kind: "access-token", token } });
    await api().admin("POST", "/tokens/revoke", { clientId: "gcguard-readonly" });
    const err = await http.request(DIVISIONS).catch((e: unknown) => e);
    expect(isGenesysApiError(err) && err.status).toBe(401);
    expect(http.stats().totalRequests).toBe(1);
  });

  test("waits at least Retry-After on a 429, then succeeds", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "rate-limit", retryAfterSeconds: 1, times: 1, match: "GET /api/v2/authorization/divisions" },
    ]);
    const http = client();
    const started = Date.now();
    await http.request(DIVISIONS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(http.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  test("gives up at once when Retry-After is past the cap, saying so", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "rate-limit", retryAfterSeconds: 600, times: 2, match: "GET /api/v2/authorization/divisions" },
    ]);
    const http = client();
    const err = await http.request(DIVISIONS).catch((e: unknown) => e);
    expect(isGenesysApiError(err) && err.status).toBe(429);
    expect(String(err)).toContain("Genesys asked to wait 600 s, more than the 180 s gcguard waits");
    // The next request is not held back for ten minutes either: it fails on its own answer, at once.
    const started = Date.now();
    expect(await http.request(DIVISIONS).catch((e: unknown) => e)).toMatchObject({ status: 429 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("retries a 503 burst on GET; does not retry a 503 on POST", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "status", status: 503, times: 2, match: "GET /api/v2/authorization/divisions" },
    ]);
    const http = client();
    await http.request(DIVISIONS);
    expect(http.stats()).toMatchObject({ retries: 2, requests: { "GET /api/v2/authorization/divisions": 3 } });

    await api().admin("PUT", "/faults", [
      { kind: "status", status: 503, times: 1, match: "POST /api/v2/authorization/divisions" },
    ]);
    const post = client();
    const err = await post
      .request({
        method: "POST",
        path: "/api/v2/authorization/divisions",
        body: { name: "Never Twice" },
        schema: z.unknown(),
      })
      .catch((e: unknown) => e);
    expect(isGenesysApiError(err) && err.status).toBe(503);
    expect(post.stats().retries).toBe(0);
  });

  test("retries a dropped connection on GET", async () => {
    await api().admin("PUT", "/faults", [{ kind: "reset", times: 1, match: "GET /api/v2/authorization/divisions" }]);
    const http = client();
    await http.request(DIVISIONS);
    expect(http.stats().retries).toBe(1);
  });

  test("surfaces a 409 at once as GenesysApiError with the Genesys code", async () => {
    const http = client();
    const err = await http
      .request({
        method: "POST",
        path: "/api/v2/authorization/divisions",
        body: { name: "billing" },
        schema: z.unknown(),
      })
      .catch((e: unknown) => e);
    expect(isGenesysApiError(err)).toBe(true);
    if (!isGenesysApiError(err)) return;
    expect(err).toMatchObject({
      status: 409,
      code: "general.conflict",
      method: "POST",
      path: "/api/v2/authorization/divisions",
    });
    expect(err.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(http.stats().retries).toBe(0);
  });

  test("a body of the wrong shape, or cut off, is a ResponseShapeError naming the endpoint", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "malformed", body: "wrong-shape", times: 1, match: "GET /api/v2/authorization/divisions" },
      { kind: "malformed", times: 1, match: "GET /api/v2/authorization/divisions", after: 0 },
    ]);
    const http = client();
    for (let i = 0; i < 2; i++) {
      const err = await http.request(DIVISIONS).catch((e: unknown) => e);
      expect(isResponseShapeError(err)).toBe(true);
      if (isResponseShapeError(err)) expect(err.endpoint).toBe("GET /api/v2/authorization/divisions");
    }
  });

  test("no answer at all is a GenesysUnreachableError after the retries", async () => {
    const http = new GenesysHttp({
      apiBaseUrl: "http://127.0.0.1:9",
      loginBaseUrl: "http://127.0.0.1:9",
      auth: { kind: "access-token", token: "t" },
      retry: { ...fast, retries: 2 },
    });
    const err = await http.request(DIVISIONS).catch((e: unknown) => e);
    expect(isGenesysUnreachableError(err)).toBe(true);
    expect(String(err)).toMatch(/no answer from Genesys \(ECONNREFUSED\) after 3 attempts/);
  });
});
