/**
 * The request timeout runs on the client's clock (lib/clock.ts deadlines): against the emulator on a shared virtual
 * clock, an answer the emulator holds back longer than the timeout (its `latency` fault) is abandoned at the timeout,
 * in virtual time, and treated as no answer: retried when idempotent, never when not, and reported as "did not
 * answer in N s". On the real clock no timer outlives its request.
 */
import { describe, expect, test, vi } from "vitest";
import { z } from "zod";

import type { Clock, Deadline } from "../../lib/clock";
import { realClock } from "../../lib/clock";
import { RequestLog } from "../../lib/emulator/requests";
import { isGenesysUnreachableError } from "../../lib/genesys/errors";
import { GenesysHttp } from "../../lib/genesys/http";
import type { HttpOptions } from "../../lib/genesys/http";
import { useEmulator } from "../emulator/helpers";
import { VirtualClock } from "../virtual-clock";

const Listing = z.object({ entities: z.array(z.object({ id: z.string(), name: z.string() })), total: z.number() });
const DIVISIONS = { method: "GET", path: "/api/v2/authorization/divisions", schema: Listing } as const;
const CREATE = {
  method: "POST",
  path: "/api/v2/authorization/divisions",
  body: { name: "Late Answer" },
  schema: z.unknown(),
} as const;

describe("the request timeout on the clock", () => {
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
  /** When each request to `route` arrived at the emulator, on the shared clock. */
  const arrivals = (route: string): number[] => {
    const seen: number[] = [];
    const log = api().emulator.context.requests;
    vi.spyOn(log, "record").mockImplementation((r) => {
      if (r === route) seen.push(clock.now());
      RequestLog.prototype.record.call(log, r);
    });
    return seen;
  };
  const late = (match: string, extra: object = {}) =>
    api().admin("PUT", "/faults", [{ kind: "latency", latencyMs: 45_000, match, ...extra }]);

  test("an answer later than the timeout is abandoned at the timeout and retried on GET", async () => {
    const gaveUp: [string, number][] = [];
    const http = client({ log: (line) => gaveUp.push([line, clock.now()]) });
    await http.request(DIVISIONS); // logs in first
    gaveUp.length = 0;
    const seen = arrivals("GET /api/v2/authorization/divisions");
    await late("GET /api/v2/authorization/divisions", { times: 1 });
    const res = await http.request(DIVISIONS);
    expect(res.data.total).toBe(5);
    expect(http.stats().retries).toBe(1);
    // Given up 30 s after it went out, on the clock, then sent again.
    expect(seen).toHaveLength(2);
    const [first = 0, second = 0] = seen;
    expect(gaveUp[0]).toEqual([
      "[genesys] no answer GET /api/v2/authorization/divisions: the API did not answer in 30 s",
      first + 30_000,
    ]);
    expect(second).toBeGreaterThan(first + 30_000);
  });

  test("fails with 'did not answer in N s' once every retry timed out", async () => {
    await late("GET /api/v2/authorization/divisions");
    const http = client({ timeoutMs: 10_000, retry: { retries: 2 } });
    const err = await http.request(DIVISIONS).catch((e: unknown) => e);
    expect(isGenesysUnreachableError(err)).toBe(true);
    expect(String(err)).toMatch(
      /^GenesysUnreachableError: GET \/api\/v2\/authorization\/divisions: no answer from Genesys \(the API did not answer in 10 s\) after 3 attempts;/,
    );
  });

  test("a write whose answer timed out is not sent again, and may still land", async () => {
    await late("POST /api/v2/authorization/divisions");
    const http = client();
    const before = clock.now();
    const err = await http.request(CREATE).catch((e: unknown) => e);
    expect(String(err)).toMatch(
      /POST \/api\/v2\/authorization\/divisions: .*did not answer in 30 s\) after 1 attempt;/,
    );
    expect(clock.now() - before).toBeLessThan(45_000);
    expect(http.stats().requests["POST /api/v2/authorization/divisions"]).toBe(1);
    await clock.sleep(20_000); // the emulator's held-back answer comes, to nobody: the division exists
    const names = (await api().call<{ entities: { name: string }[] }>("GET", "/api/v2/authorization/divisions")).body
      .entities;
    expect(names.filter((d) => d.name === "Late Answer")).toHaveLength(1);
  });

  test("an answer within the timeout is taken, however slow", async () => {
    await late("GET /api/v2/authorization/divisions", { latencyMs: 29_000 });
    const http = client();
    await http.request(DIVISIONS);
    expect(http.stats().retries).toBe(0);
  });

  test("on the real clock every request's deadline is cancelled once it has an answer", async () => {
    const deadlines: { ms: number; cancelled: boolean }[] = [];
    const watched: Clock = {
      ...realClock,
      deadline: (ms): Deadline => {
        const made = realClock.deadline?.(ms);
        if (!made) throw new Error("the real clock has deadlines");
        const entry = { ms, cancelled: false };
        deadlines.push(entry);
        return { reached: made.reached, cancel: () => ((entry.cancelled = true), made.cancel()) };
      },
    };
    await api().admin("PUT", "/faults", [{ kind: "status", status: 503, times: 1, match: "GET /api/v2/*" }]);
    const http = client({ clock: watched, retry: { baseDelayMs: 1 } });
    await http.request(DIVISIONS);
    await http.request(CREATE).catch(() => undefined);
    expect(deadlines.map((d) => d.ms)).toEqual([30_000, 30_000, 30_000]);
    expect(deadlines.every((d) => d.cancelled)).toBe(true);
  });
});
