/**
 * Client-side pacing: a concurrency limit, an optional requests-per-second floor interval, and the org's own rate
 * window as the `inin-ratelimit-*` headers report it (docs/genesys-api.md §2.2: count used, allowed, seconds to reset).
 *
 * The window budget is shared with everything else using the token (the Terraform provider, other tools), so a
 * big scan must slow down rather than burn it: once less than `spreadBelow` of the window is left, the remaining
 * requests are spread evenly over the time to the reset, and `headroom` requests are never used. After a 429 every
 * request waits out its Retry-After.
 */
export interface PacingOptions {
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Upper bound on requests per second; 0 for none beyond the window. */
  readonly requestsPerSecond: number;
  /** Requests of each window left unused, for others sharing the token. */
  readonly headroom: number;
  /** Share of the window below which requests are spread evenly to the reset. */
  readonly spreadBelow: number;
}

export const defaultPacing: PacingOptions = { concurrency: 4, requestsPerSecond: 20, headroom: 3, spreadBelow: 0.5 };

/** Why the pacer holds requests back: a 429's Retry-After, the org's rate window running out, or our own spacing. */
export type WaitReason = "retry-after" | "rate-window" | "pacing";

/** Told when the pacer starts a wait of at least WAIT_NOTICE_MS, so a long silence has a reason on screen. */
export type WaitListener = (ms: number, reason: WaitReason) => void;

export const WAIT_NOTICE_MS = 1000;

interface Window {
  allowed: number;
  /** Requests used as of the last response, plus those sent since. */
  used: number;
  resetAt: number;
}

export class Pacer {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private nextSendAt = 0;
  private pausedUntil = 0;
  private window: Window | undefined;
  /** Milliseconds spent waiting for pacing, summed over requests. */
  waitedMs = 0;
  /** The end of the last wait announced: requests waiting for the same moment announce it once. */
  private announcedUntil = 0;

  constructor(
    private readonly options: PacingOptions = defaultPacing,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly onWait?: WaitListener,
  ) {}

  /** Waits for a slot and the right moment to send; call the returned function when the answer is in. */
  async acquire(): Promise<() => void> {
    if (this.inFlight >= this.options.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.inFlight++;
    try {
      await this.waitForTurn();
    } catch (err) {
      this.release();
      throw err;
    }
    let released = false;
    return () => {
      if (!released) {
        released = true;
        this.release();
      }
    };
  }

  /** Reads the rate-limit headers of a response. */
  observe(headers: Readonly<Record<string, unknown>>): void {
    const num = (name: string): number | undefined => {
      const v = headers[name];
      const n = typeof v === "string" || typeof v === "number" ? Number(v) : NaN;
      return Number.isFinite(n) ? n : undefined;
    };
    const count = num("inin-ratelimit-count");
    const allowed = num("inin-ratelimit-allowed");
    const reset = num("inin-ratelimit-reset");
    if (count === undefined || allowed === undefined || reset === undefined) return;
    const resetAt = this.now() + reset * 1000;
    // Responses arrive out of order under concurrency: keep the highest count seen for the current window.
    if (this.window && Math.abs(this.window.resetAt - resetAt) < 1500 && this.window.used > count) return;
    this.window = { allowed, used: count, resetAt };
  }

  /** After a 429: nobody sends before `seconds` have passed. */
  pause(seconds: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
  }

  private async waitForTurn(): Promise<void> {
    for (;;) {
      const now = this.now();
      const window = this.windowAllows(now);
      const at = Math.max(this.nextSendAt, this.pausedUntil, window);
      if (at <= now) break;
      this.waitedMs += at - now;
      if (at - now >= WAIT_NOTICE_MS && at > this.announcedUntil && this.onWait) {
        this.announcedUntil = at;
        this.onWait(at - now, at === this.pausedUntil ? "retry-after" : at === window ? "rate-window" : "pacing");
      }
      await this.sleep(at - now);
    }
    const now = this.now();
    const interval = this.options.requestsPerSecond > 0 ? 1000 / this.options.requestsPerSecond : 0;
    this.nextSendAt = Math.max(this.nextSendAt, now) + Math.max(interval, this.spreadInterval(now));
    if (this.window && now < this.window.resetAt) this.window.used++;
  }

  /** The earliest time the window lets another request go. */
  private windowAllows(now: number): number {
    const w = this.window;
    if (!w) return 0;
    if (now >= w.resetAt) {
      this.window = undefined; // a new window; the next response tells us about it
      return 0;
    }
    // A small margin after the reset: the server's reset is rounded up to whole seconds.
    return w.allowed - w.used <= this.options.headroom ? w.resetAt + 50 : 0;
  }

  /** Spacing that spreads what is left of the window evenly to its reset, once the window runs low. */
  private spreadInterval(now: number): number {
    const w = this.window;
    if (!w || now >= w.resetAt) return 0;
    const left = w.allowed - w.used - this.options.headroom;
    if (left >= w.allowed * this.options.spreadBelow) return 0;
    return left > 0 ? (w.resetAt - now) / left : w.resetAt - now;
  }

  private release(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }
}
