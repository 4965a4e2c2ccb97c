import { describe, expect, test } from "vitest";

import type { AttemptResult, RetryPolicy, RetryRefusal } from "../../lib/genesys/retry";
import { withRetries } from "../../lib/genesys/retry";
import { VirtualClock } from "../virtual-clock";

// The one retry loop (lib/genesys/retry.ts) on its own: what it retries, how long it waits, how it gives up.

const policy: RetryPolicy = { retries: 3, baseDelayMs: 100, maxDelayMs: 250, maxRetryAfterSeconds: 5 };

interface Failure {
  readonly status?: number;
  readonly retryAfterSeconds?: number;
}

/** Attempts that fail as `failures` say, in order, then succeed with "done"; records each attempt's number. */
function script(failures: readonly Failure[], method = "GET") {
  const attempts: number[] = [];
  const attempt = (n: number): Promise<AttemptResult<string, Failure>> => {
    attempts.push(n);
    const failure = failures[n];
    if (failure === undefined) return Promise.resolve({ ok: true, value: "done" });
    return Promise.resolve({ ok: false, outcome: { method, ...failure }, failure });
  };
  return { attempt, attempts };
}

class GaveUp extends Error {
  constructor(
    readonly failure: Failure,
    readonly refusal: RetryRefusal,
    readonly attempts: number,
  ) {
    super(`gave up after ${attempts}`);
  }
}

function run(failures: readonly Failure[], extra: Partial<RetryPolicy> = {}, method = "GET") {
  const clock = new VirtualClock();
  const retries: [number, number][] = [];
  const { attempt, attempts } = script(failures, method);
  const result = withRetries(attempt, {
    policy: { ...policy, ...extra },
    clock,
    random: () => 0.999,
    onRetry: (_failure, delayMs, n) => retries.push([n, delayMs]),
    giveUp: (failure, refusal, count) => {
      throw new GaveUp(failure, refusal, count);
    },
  });
  return { result, attempts, retries, clock };
}

async function gaveUp(promise: Promise<unknown>): Promise<GaveUp> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof GaveUp)) throw new Error(`expected GaveUp, got ${String(err)}`);
  return err;
}

describe("withRetries", () => {
  test("retries 5xx and no answer, waiting on the clock, then returns the value", async () => {
    const { result, attempts, retries, clock } = run([{ status: 503 }, {}]);
    expect(await result).toBe("done");
    expect(attempts).toEqual([0, 1, 2]);
    expect(retries).toEqual([
      [0, 99],
      [1, 199],
    ]);
    expect(clock.sleeps).toEqual([99, 199]);
  });

  test("does not retry a 4xx or a 501: the first failure is given up at once", async () => {
    for (const status of [404, 409, 501]) {
      const { result, attempts, clock } = run([{ status }]);
      const err = await gaveUp(result);
      expect(err.failure).toEqual({ status });
      expect(err.attempts).toBe(1);
      expect(attempts).toEqual([0]);
      expect(clock.sleeps).toEqual([]);
    }
  });

  test("does not retry a 5xx of a request that is not idempotent, and says why", async () => {
    const err = await gaveUp(run([{ status: 503 }], {}, "POST").result);
    expect(err.refusal).toEqual({ retry: false, reason: "not retried: the request is not idempotent" });
  });

  test("caps the backoff at maxDelayMs; without jitter the wait is the ceiling itself", async () => {
    const jittered = run([{ status: 500 }, { status: 500 }, { status: 500 }]);
    await jittered.result;
    expect(jittered.clock.sleeps).toEqual([99, 199, 249]);
    const plain = run([{ status: 500 }, { status: 500 }, { status: 500 }], { jitter: "none" });
    await plain.result;
    expect(plain.clock.sleeps).toEqual([100, 200, 250]);
  });

  test("waits out a 429's Retry-After with a little jitter, and gives up on one past the maximum", async () => {
    const ok = run([{ status: 429, retryAfterSeconds: 2 }]);
    await ok.result;
    expect(ok.clock.sleeps).toEqual([2000 + 249]);
    const err = await gaveUp(run([{ status: 429, retryAfterSeconds: 6 }]).result);
    expect(err.refusal.reason).toBe("Genesys asked to wait 6 s, more than the 5 s gcguard waits");
    expect(err.attempts).toBe(1);
  });

  test("a policy that shortens a long Retry-After waits the maximum, for any status it names", async () => {
    const { result, clock } = run(
      [
        { status: 429, retryAfterSeconds: 60 },
        { status: 503, retryAfterSeconds: 3 },
      ],
      { longRetryAfter: "shorten", retryAfterStatuses: "any", retryAfterJitterMs: 0 },
    );
    await result;
    expect(clock.sleeps).toEqual([5000, 3000]);
  });

  test("gives up after the configured retries with the last failure and the number of attempts", async () => {
    const { result, attempts } = run(Array(10).fill({ status: 502 }));
    const err = await gaveUp(result);
    expect(err.attempts).toBe(4);
    expect(err.refusal).toEqual({ retry: false, reason: "gave up after 4 attempts" });
    expect(attempts).toEqual([0, 1, 2, 3]);
  });

  test("a caller's wait replaces the clock's", async () => {
    const clock = new VirtualClock();
    const taken: number[] = [];
    const { attempt } = script([{ status: 429 }]);
    await withRetries(attempt, {
      policy,
      clock,
      random: () => 0.5,
      wait: (_failure, ms) => {
        taken.push(ms);
        return Promise.resolve();
      },
      giveUp: () => "never",
    });
    expect(taken).toEqual([50]);
    expect(clock.sleeps).toEqual([]);
  });
});
