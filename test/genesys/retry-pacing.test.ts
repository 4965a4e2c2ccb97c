import { describe, expect, test } from "vitest";

import { Pacer } from "../../lib/genesys/pacing";
import { backoffMs, decideRetry, defaultRetryPolicy, parseRetryAfter } from "../../lib/genesys/retry";

describe("retry policy", () => {
  const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1_000 };
  const half = () => 0.5;

  test("429 is retried for any method, waiting at least Retry-After", () => {
    for (const method of ["GET", "POST", "PATCH"]) {
      const d = decideRetry({ method, status: 429, retryAfterSeconds: 3 }, 0, policy, half);
      expect(d.retry && d.delayMs).toBeGreaterThanOrEqual(3_000);
    }
  });

  test("a Retry-After past the cap is not waited for, and the reason says so", () => {
    expect(decideRetry({ method: "GET", status: 429, retryAfterSeconds: 181 }, 0, policy)).toEqual({
      retry: false,
      reason: "Genesys asked to wait 181 s, more than the 180 s gcguard waits",
    });
  });

  test("5xx (not 501) and no answer are retried only for idempotent requests", () => {
    expect(decideRetry({ method: "GET", status: 503 }, 0, policy, half).retry).toBe(true);
    expect(decideRetry({ method: "GET" }, 0, policy, half).retry).toBe(true);
    expect(decideRetry({ method: "DELETE", status: 504 }, 0, policy, half).retry).toBe(true);
    expect(decideRetry({ method: "GET", status: 501 }, 0, policy, half).retry).toBe(false);
    expect(decideRetry({ method: "POST", status: 503 }, 0, policy, half)).toEqual({
      retry: false,
      reason: "not retried: the request is not idempotent",
    });
    expect(decideRetry({ method: "POST", status: 503, idempotent: true }, 0, policy, half).retry).toBe(true);
  });

  test("409 and other 4xx are never retried", () => {
    for (const status of [400, 401, 403, 404, 409, 412, 422]) {
      expect(decideRetry({ method: "GET", status }, 0, policy).retry).toBe(false);
    }
  });

  test("stops after the configured retries", () => {
    expect(decideRetry({ method: "GET", status: 503 }, policy.retries, policy).retry).toBe(false);
  });

  test("backoff is exponential with full jitter, capped", () => {
    expect(backoffMs(0, policy, () => 0.999)).toBe(99);
    expect(backoffMs(3, policy, () => 0.999)).toBe(799);
    expect(backoffMs(10, policy, () => 0.999)).toBe(999);
    expect(backoffMs(10, policy, () => 0)).toBe(0);
  });

  test("Retry-After is read as seconds or an HTTP date", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

/** A pacer on a fake clock: sleeping advances time. Waits it announces are recorded. */
function fakePacer(options: ConstructorParameters<typeof Pacer>[0]) {
  let now = 0;
  const waits: [number, string][] = [];
  const pacer = new Pacer(
    options,
    () => now,
    async (ms) => {
      now += ms;
    },
    (ms, reason) => waits.push([ms, reason]),
  );
  return { pacer, now: () => now, waits };
}

describe("pacer", () => {
  const base = { concurrency: 2, requestsPerSecond: 0, headroom: 3, spreadBelow: 0.5 };

  test("never has more than `concurrency` requests in flight", async () => {
    const { pacer } = fakePacer(base);
    const a = await pacer.acquire();
    await pacer.acquire();
    let third = false;
    const pending = pacer.acquire().then((release) => {
      third = true;
      return release;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    a();
    (await pending)();
    expect(third).toBe(true);
  });

  test("spaces requests by requestsPerSecond", async () => {
    const { pacer, now } = fakePacer({ ...base, concurrency: 10, requestsPerSecond: 4 });
    for (let i = 0; i < 5; i++) (await pacer.acquire())();
    expect(now()).toBe(1_000);
  });

  test("keeps `headroom` requests of the window unused and waits for its reset", async () => {
    const { pacer, now } = fakePacer({ ...base, concurrency: 10, spreadBelow: 0 });
    pacer.observe({ "inin-ratelimit-count": "290", "inin-ratelimit-allowed": "300", "inin-ratelimit-reset": "40" });
    for (let i = 0; i < 7; i++) (await pacer.acquire())();
    expect(now()).toBe(0);
    (await pacer.acquire())(); // the 298th would leave less than the headroom of 3
    expect(now()).toBeGreaterThanOrEqual(40_000);
  });

  test("says why it waits when a wait is a second or more: the window, a Retry-After; not for short spacing", async () => {
    const { pacer, waits } = fakePacer({ ...base, concurrency: 10, spreadBelow: 0, requestsPerSecond: 4 });
    for (let i = 0; i < 3; i++) (await pacer.acquire())();
    expect(waits).toEqual([]); // 250 ms apart: nothing to announce
    pacer.observe({ "inin-ratelimit-count": "297", "inin-ratelimit-allowed": "300", "inin-ratelimit-reset": "40" });
    (await pacer.acquire())();
    expect(waits).toHaveLength(1);
    expect(waits[0]![1]).toBe("rate-window");
    expect(waits[0]![0]).toBeGreaterThanOrEqual(39_000);
    pacer.pause(30);
    (await pacer.acquire())();
    expect(waits[1]).toEqual([30_000, "retry-after"]);
  });

  test("announces one wait once, however many requests wait for it", async () => {
    // Sleeps end only after all four requests have started waiting (on the next turn of the event loop).
    let now = 0;
    const waits: [number, string][] = [];
    const pacer = new Pacer(
      { ...base, concurrency: 4 },
      () => now,
      (ms) =>
        new Promise((resolve) =>
          setImmediate(() => {
            now = Math.max(now, ms);
            resolve();
          }),
        ),
      (ms, reason) => waits.push([ms, reason]),
    );
    pacer.pause(30);
    const releases = await Promise.all([pacer.acquire(), pacer.acquire(), pacer.acquire(), pacer.acquire()]);
    for (const release of releases) release();
    expect(waits).toEqual([[30_000, "retry-after"]]);
  });

  test("spreads the rest of a window that runs low evenly to its reset", async () => {
    const { pacer, now } = fakePacer({ ...base, concurrency: 10 });
    pacer.observe({ "inin-ratelimit-count": "250", "inin-ratelimit-allowed": "300", "inin-ratelimit-reset": "47" });
    for (let i = 0; i < 11; i++) (await pacer.acquire())();
    // 47 requests left for 47 s: about one a second.
    expect(now()).toBeGreaterThanOrEqual(9_000);
    expect(now()).toBeLessThan(12_000);
  });

  test("after a 429, nobody sends before Retry-After has passed", async () => {
    const { pacer, now } = fakePacer(base);
    pacer.pause(5);
    (await pacer.acquire())();
    expect(now()).toBe(5_000);
  });
});
