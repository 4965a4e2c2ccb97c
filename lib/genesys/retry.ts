/**
 * When to retry a request, how long to wait, and the one loop that does it (docs/genesys-api.md §2.3). The policy is
 * pure data with exported defaults, so tests can shrink the delays; the loop waits only on the Clock it is given.
 *
 * - 429, any method: wait at least Retry-After (whole seconds); past `maxRetryAfterSeconds` give up, as the
 *   official SDKs do at 180 s (or, for a reader that would rather wait, wait only that long).
 * - 5xx except 501, and network errors: only for idempotent requests; a retried POST could create twice.
 * - Never 409 (a conflict is an answer, for the resolver) nor any other 4xx.
 * - Backoff: exponential, capped at `maxDelayMs`, with full jitter unless the policy copies a client without it.
 */
import type { Clock } from "../clock";

export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly baseDelayMs: number;
  /** The cap of the backoff's ceiling, however many retries. */
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead (see `longRetryAfter`). */
  readonly maxRetryAfterSeconds: number;
  /**
   * What a Retry-After over `maxRetryAfterSeconds` does: "give-up" fails a 429 at once (other statuses wait it out,
   * as go-retryablehttp does); "shorten" waits `maxRetryAfterSeconds` instead. @default "give-up"
   */
  readonly longRetryAfter?: "give-up" | "shorten";
  /**
   * "full": a random wait below the backoff's ceiling; "none": the ceiling itself (go-retryablehttp). @default "full"
   */
  readonly jitter?: "full" | "none";
  /** The statuses whose Retry-After is waited for; "any" for every retried one. @default [429] */
  readonly retryAfterStatuses?: readonly number[] | "any";
  /**
   * Up to this much random delay on top of a Retry-After, so parallel clients do not return in lockstep. @default 250
   */
  readonly retryAfterJitterMs?: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 180,
};

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

export interface AttemptOutcome {
  readonly method: string;
  /** HTTP status, or undefined when there was no answer (network error, timeout). */
  readonly status?: number;
  /** Retry-After in seconds, when the answer had one. */
  readonly retryAfterSeconds?: number;
  /** Treat the request as idempotent even if its method is not (e.g. a search POST). */
  readonly idempotent?: boolean;
}

/** A decision not to retry; `reason` says why when it is worth telling the user. */
export interface RetryRefusal {
  readonly retry: false;
  readonly reason?: string;
}

export type RetryDecision = { readonly retry: true; readonly delayMs: number } | RetryRefusal;

/** Parses a Retry-After header: whole seconds (docs/genesys-api.md §2.3), or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** The backoff before retry `attempt + 1`: the capped exponential step, or (full jitter) a random wait below it. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return policy.jitter === "none" ? ceiling : Math.floor(random() * ceiling);
}

/**
 * The wait before retry `attempt + 1`, once a retry is decided: the Retry-After when the policy honours it for
 * this status (shortened to the maximum when the policy says so), else the backoff.
 */
export function retryDelayMs(
  outcome: Pick<AttemptOutcome, "status" | "retryAfterSeconds">,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const after = honouredRetryAfter(outcome, policy);
  if (after === undefined) return backoffMs(attempt, policy, random);
  const seconds = policy.longRetryAfter === "shorten" ? Math.min(after, policy.maxRetryAfterSeconds) : after;
  const jitterMs = policy.retryAfterJitterMs ?? 250;
  return seconds * 1000 + (jitterMs > 0 ? Math.floor(random() * jitterMs) : 0);
}

function honouredRetryAfter(
  { status, retryAfterSeconds }: Pick<AttemptOutcome, "status" | "retryAfterSeconds">,
  policy: RetryPolicy,
): number | undefined {
  const statuses = policy.retryAfterStatuses ?? [429];
  if (statuses === "any") return retryAfterSeconds;
  return status !== undefined && statuses.includes(status) ? retryAfterSeconds : undefined;
}

/**
 * Whether to retry after attempt number `attempt` (0 for the first), and after how long.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  attempt: number,
  policy: RetryPolicy = defaultRetryPolicy,
  random: () => number = Math.random,
): RetryDecision {
  if (attempt >= policy.retries) return { retry: false, reason: `gave up after ${attempt + 1} attempts` };
  const { status } = outcome;
  const idempotent = outcome.idempotent ?? IDEMPOTENT.has(outcome.method.toUpperCase());
  if (status === 429) {
    const after = outcome.retryAfterSeconds;
    if (after !== undefined && after > policy.maxRetryAfterSeconds && policy.longRetryAfter !== "shorten") {
      return {
        retry: false,
        reason: `Genesys asked to wait ${after} s, more than the ${policy.maxRetryAfterSeconds} s gcguard waits`,
      };
    }
    return { retry: true, delayMs: retryDelayMs(outcome, attempt, policy, random) };
  }
  const transient = status === undefined || (status >= 500 && status !== 501);
  if (!transient) return { retry: false };
  if (!idempotent) return { retry: false, reason: "not retried: the request is not idempotent" };
  return { retry: true, delayMs: retryDelayMs(outcome, attempt, policy, random) };
}

/** What one attempt came to: a value to return, or a failure that may be retried. */
export type AttemptResult<T, F> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly outcome: AttemptOutcome; readonly failure: F };

export interface RetryOptions<T, F> {
  readonly policy: RetryPolicy;
  /** What the waits are taken on; tests pass a virtual one. */
  readonly clock: Pick<Clock, "sleep">;
  /** Backoff jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Told of each retry before its wait, `attempt` counting from 0: to count it, log it. */
  readonly onRetry?: (failure: F, delayMs: number, attempt: number) => void;
  /** Takes a retry's wait instead of the clock (the HTTP client hands a 429's wait to its pacer). */
  readonly wait?: (failure: F, delayMs: number) => Promise<void>;
  /** What the last failure becomes: an error thrown, or, for a caller that hands answers back, a value. */
  readonly giveUp: (failure: F, refusal: RetryRefusal, attempts: number) => T;
}

/**
 * Runs `attempt` (numbered from 0) until it succeeds or decideRetry refuses another try, waiting on the clock in
 * between. Errors `attempt` throws are not retried: it reports retryable failures as results.
 */
export async function withRetries<T, F>(
  attempt: (n: number) => Promise<AttemptResult<T, F>>,
  options: RetryOptions<T, F>,
): Promise<T> {
  for (let n = 0; ; n++) {
    const result = await attempt(n);
    if (result.ok) return result.value;
    const decision = decideRetry(result.outcome, n, options.policy, options.random);
    if (!decision.retry) return options.giveUp(result.failure, decision, n + 1);
    options.onRetry?.(result.failure, decision.delayMs, n);
    await (options.wait ?? ((_f, ms) => options.clock.sleep(ms)))(result.failure, decision.delayMs);
  }
}
