import { describe, expect, test, vi } from "vitest";
import { z } from "zod";

import { RequestLog } from "../../lib/emulator/requests";
import { isGenesysApiError, isGenesysUnreachableError, isResponseShapeError } from "../../lib/genesys/errors";
import { GenesysHttp } from "../../lib/genesys/http";
import type { HttpOptions } from "../../lib/genesys/http";
import type { WaitReason } from "../../lib/genesys/pacing";
import { useEmulator } from "../emulator/helpers";
import { VirtualClock } from "../virtual-clock";

const Listing = z.object({ entities: z.array(z.object({ id: z.string(), name: z.string() })), total: z.number() });
const DIVISIONS = { method: "GET", path: "/api/v2/authorization/divisions", schema: Listing } as const;

/**
 * The emulator and every client share a virtual clock: retry backoff and Retry-After pass in virtual time, with the
 * default retry policy. Jitter is fixed at half, so each wait is known.
 */
describe("GenesysHttp against the emulator", () => {
  const clock = new VirtualClock();
  const api = useEmulator({ clock });
  const client = (extra: Partial<HttpOptions> = {}): GenesysHttp =>
    new GenesysHttp({
      apiBaseUrl: api().emulator.url,
      loginBaseUrl: api().emulator.url,
      auth: { kind: "client-credentials", clientId: "gcguard-ci", clientSecret: "demo-secret-ci" },
      clock,
      random: () => 0.5,
      ...extra,
    });
  /** The emulator's log of requests from now on, each with the time it arrived on the shared clock. */
  const arrivals = (): [string, number][] => {
    const seen: [string, number][] = [];
    const log = api().emulator.context.requests;
    vi.spyOn(log, "record").mockImplementation((route) => {
      seen.push([route, clock.now()]);
      RequestLog.prototype.record.call(log, route);
    });
    return seen;
  };

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

  test("waits at least Retry-After on a 429, saying so to the wait listener, then succeeds", async () => {
    const waits: [number, WaitReason][] = [];
    const http = client({ onWait: (ms, reason) => waits.push([ms, reason]) });
    await http.request(DIVISIONS); // logs in first
    const seen = arrivals();
    await api().admin("PUT", "/faults", [
      { kind: "rate-limit", retryAfterSeconds: 5, times: 1, match: "GET /api/v2/authorization/divisions" },
    ]);
    await http.request(DIVISIONS);
    expect(seen.map(([route]) => route)).toEqual([
      "GET /api/v2/authorization/divisions",
      "GET /api/v2/authorization/divisions",
    ]);
    // The retry went out no sooner than 5 s (plus at most 250 ms of jitter) after the 429.
    expect(seen[1]![1] - seen[0]![1]).toBeGreaterThanOrEqual(5_000);
    expect(seen[1]![1] - seen[0]![1]).toBeLessThanOrEqual(5_250);
    // Told once, with the reason a progress display shows: "waiting for a 429's Retry-After".
    expect(waits).toHaveLength(1);
    expect(waits[0]![1]).toBe("retry-after");
    expect(waits[0]![0]).toBeGreaterThanOrEqual(5_000);
    expect(http.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  test("a login answered 429 waits out its Retry-After, saying so to the wait listener", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "rate-limit", retryAfterSeconds: 3, times: 1, match: "POST /oauth/token" },
    ]);
    const waits: [number, WaitReason][] = [];
    const http = client({ onWait: (ms, reason) => waits.push([ms, reason]) });
    const seen = arrivals();
    await http.request(DIVISIONS);
    expect(seen.map(([route]) => route)).toEqual([
      "POST /oauth/token",
      "POST /oauth/token",
      "GET /api/v2/authorization/divisions",
    ]);
    expect(seen[1]![1] - seen[0]![1]).toBeGreaterThanOrEqual(3_000);
    expect(waits.map(([, reason]) => reason)).toEqual(["retry-after"]);
    expect(http.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  test("gives up at once when Retry-After is past the cap, saying so", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "rate-limit", retryAfterSeconds: 600, times: 2, match: "GET /api/v2/authorization/divisions" },
    ]);
    const http = client();
    const err = await http.request(DIVISIONS).catch((e: unknown) => e);
    expect(isGenesysApiError(err) && err.status).toBe(429);
    // The code Genesys sends on a 429 (docs/genesys-api.md §2.3); the client keys on the status, not the code.
    expect(isGenesysApiError(err) && err.code).toBe("too.many.requests.retry.after");
    expect(String(err)).toContain("Genesys asked to wait 600 s, more than the 180 s gcguard waits");
    // The next request is not held back for ten minutes either: it fails on its own answer, at once.
    // (Virtual time: at most the pacer's spacing of requests, no Retry-After.)
    const before = clock.now();
    expect(await http.request(DIVISIONS).catch((e: unknown) => e)).toMatchObject({ status: 429 });
    expect(clock.now() - before).toBeLessThan(1_000);
  });

  test("retries a 503 burst on GET; does not retry a 503 on POST", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "status", status: 503, times: 2, match: "GET /api/v2/authorization/divisions" },
    ]);
    const http = client();
    const sleeps = clock.sleeps.length;
    await http.request(DIVISIONS);
    expect(http.stats()).toMatchObject({ retries: 2, requests: { "GET /api/v2/authorization/divisions": 3 } });
    // Full-jitter backoff on the clock, at half of 500 ms × 2^attempt: after the first failure, then the second.
    expect(clock.sleeps.slice(sleeps)).toEqual([250, 500]);
    expect(http.stats().waitedMs).toBe(750);

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
      retry: { retries: 2 },
      clock,
    });
    const err = await http.request(DIVISIONS).catch((e: unknown) => e);
    expect(isGenesysUnreachableError(err)).toBe(true);
    expect(String(err)).toMatch(/no answer from Genesys \(ECONNREFUSED\) after 3 attempts/);
  });
});
