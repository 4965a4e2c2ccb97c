/**
 * When to retry a request and how long to wait (genesys-api.md §2.3; STYLE.md guideline 9). A pure module with
 * exported defaults, so tests can shrink the delays.
 *
 * - 429, any method: wait at least Retry-After (whole seconds); past `maxRetryAfterSeconds` give up, as the
 *   official SDKs do at 180 s.
 * - 5xx except 501, and network errors: only for idempotent requests; a retried POST could create twice.
 * - Never 409 (a conflict is an answer, for the resolver) nor any other 4xx.
 * - Backoff: exponential with full jitter, capped.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  readonly maxRetryAfterSeconds: number;
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

export type RetryDecision =
  { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly reason?: string };

/** Parses a Retry-After header: whole seconds (genesys-api.md §2.3), or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Full jitter: a random delay between 0 and the capped exponential step. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
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
    if (after !== undefined && after > policy.maxRetryAfterSeconds) {
      return {
        retry: false,
        reason: `Genesys asked to wait ${after} s, more than the ${policy.maxRetryAfterSeconds} s gcguard waits`,
      };
    }
    // At least Retry-After; a little jitter on top keeps parallel clients from returning in lockstep.
    const delayMs =
      after === undefined ? backoffMs(attempt, policy, random) : after * 1000 + Math.floor(random() * 250);
    return { retry: true, delayMs };
  }
  const transient = status === undefined || (status >= 500 && status !== 501);
  if (!transient) return { retry: false };
  if (!idempotent) return { retry: false, reason: "not retried: the request is not idempotent" };
  return { retry: true, delayMs: backoffMs(attempt, policy, random) };
}
