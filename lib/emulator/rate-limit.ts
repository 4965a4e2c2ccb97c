/**
 * A per-token fixed window (docs/genesys-api.md §2.4): `inin-ratelimit-*` headers on every response, 429 with
 * Retry-After (whole seconds) and code `too.many.requests.retry.after` past the limit.
 */
import { ApiError } from "./errors";

interface Window {
  start: number;
  count: number;
}

export interface RateDecision {
  readonly headers: Record<string, string>;
  /** Set when the request is over the limit. */
  readonly error?: ApiError;
  readonly retryAfterSeconds?: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  check(key: string, limit: number, windowMs: number, now = Date.now()): RateDecision {
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    const resetSeconds = Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
    if (w.count >= limit) {
      return {
        headers: rateHeaders(w.count, limit, resetSeconds),
        retryAfterSeconds: resetSeconds,
        error: tooManyRequests(resetSeconds),
      };
    }
    w.count++;
    return { headers: rateHeaders(w.count, limit, resetSeconds) };
  }

  reset(): void {
    this.windows.clear();
  }
}

function rateHeaders(count: number, limit: number, resetSeconds: number): Record<string, string> {
  return {
    "inin-ratelimit-count": String(count),
    "inin-ratelimit-allowed": String(limit),
    "inin-ratelimit-reset": String(resetSeconds),
  };
}

/**
 * The 429 body (§2.3): the code Genesys has sent on every 429 since 2021-11-10 (older swaggers list
 * `too.many.requests`), with the message wording of the 2025 swagger, which clients must not parse.
 */
export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError(
    429,
    "too.many.requests.retry.after",
    "Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds",
    { messageParams: { retryAfter: String(retryAfterSeconds) } },
  );
}
