/** Per-run counters: requests by endpoint, retries, 429s and time waited, for reports and benchmarks. */
export interface CallStats {
  /** Requests sent (every attempt, retries included), keyed `METHOD /path/:param` like the emulator's log. */
  readonly requests: Readonly<Record<string, number>>;
  readonly totalRequests: number;
  readonly retries: number;
  readonly rateLimited: number;
  /** Milliseconds spent waiting: pacing plus retry delays. */
  readonly waitedMs: number;
}

export class Accounting {
  private readonly requests = new Map<string, number>();
  private total = 0;
  retries = 0;
  rateLimited = 0;
  retryWaitMs = 0;

  request(endpoint: string): void {
    this.total++;
    this.requests.set(endpoint, (this.requests.get(endpoint) ?? 0) + 1);
  }

  snapshot(pacingWaitMs: number): CallStats {
    return {
      requests: Object.fromEntries([...this.requests].sort(([a], [b]) => (a < b ? -1 : 1))),
      totalRequests: this.total,
      retries: this.retries,
      rateLimited: this.rateLimited,
      waitedMs: Math.round(pacingWaitMs + this.retryWaitMs),
    };
  }
}
