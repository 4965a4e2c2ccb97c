/**
 * A virtual clock (lib/clock.ts) for tests: time moves only when something sleeps on it, so a test can wait out a
 * rate-limit window, a Retry-After or a backoff without waiting in real time. Give the same clock to the emulator
 * and the client, and both read the same time: the emulator's window and the client's pacing agree as they would
 * in real time.
 *
 * Sleeps end one at a time, earliest first (ties in the order they were asked for), each on its own turn of the
 * event loop, and the clock jumps to the end of each as it ends. Real I/O takes no virtual time: a request in
 * flight while another sleeper's wait ends sees the clock move on, as if it had been slow.
 *
 * Deadlines (a request's timeout, lib/clock.ts) never move the clock themselves: one is reached, in its turn, only
 * when a sleep ending later moves the clock past it, e.g. the emulator's injected latency outlasting the client's
 * timeout. A move by hand (`advance`) carries pending deadlines along: it stands for time between requests.
 *
 * `rateTimeline` records what the emulator's rate limiter counted, on that clock, for tests of pacing.
 */
import { vi } from "vitest";

import type { Clock, Deadline } from "../lib/clock";
import type { RunningEmulator } from "../lib/emulator";
import { RateLimiter } from "../lib/emulator/rate-limit";

interface Timer {
  /** Moves only with `advance`, for a deadline. */
  at: number;
  readonly seq: number;
  readonly resolve: () => void;
  /** A deadline: reached only on the way to a later sleep's end. */
  readonly passive?: boolean;
}

export class VirtualClock implements Clock {
  private time: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private scheduled = false;
  /** Every sleep asked for, in milliseconds, in the order asked. */
  readonly sleeps: number[] = [];

  /** @param start - the time at the start; a fixed date, so runs are alike. */
  constructor(start = Date.UTC(2030, 0, 1)) {
    this.time = start;
  }

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    return new Promise<void>((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), seq: this.seq++, resolve });
      this.schedule();
    });
  };

  readonly deadline = (ms: number): Deadline => {
    let timer: Timer | undefined;
    const reached = new Promise<void>((resolve) => {
      timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve, passive: true };
      this.timers.push(timer);
    });
    return {
      reached,
      cancel: () => {
        const i = timer ? this.timers.indexOf(timer) : -1;
        if (i >= 0) this.timers.splice(i, 1);
      },
    };
  };

  /** Moves the time on by hand, e.g. past a token's lifetime; pending deadlines move with it. */
  advance(ms: number): void {
    this.time += ms;
    for (const t of this.timers) if (t.passive) t.at += ms;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      // Deadlines wait until a sleep would carry the clock past them.
      if (!this.timers.some((t) => !t.passive)) return;
      const next = this.timers.shift();
      if (!next) return;
      this.time = Math.max(this.time, next.at);
      next.resolve();
      if (this.timers.length > 0) this.schedule();
    });
  }
}

/** One API request as the emulator's rate limiter counted it. */
export interface Counted {
  /** When it arrived, on the emulator's clock. */
  readonly at: number;
  /** Its number in its window (`inin-ratelimit-count`). */
  readonly count: number;
  /** Answered 429. */
  readonly limited: boolean;
}

/**
 * The emulator's rate-limit timeline from now on: every /api/v2 request (not the login) in order of arrival, with
 * its time and its count in the window.
 */
export function rateTimeline(emulator: RunningEmulator): readonly Counted[] {
  const timeline: Counted[] = [];
  const limiter = emulator.context.limiter;
  vi.spyOn(limiter, "check").mockImplementation((key, limit, windowMs, now = Date.now()) => {
    const decision = RateLimiter.prototype.check.call(limiter, key, limit, windowMs, now);
    timeline.push({ at: now, count: Number(decision.headers["inin-ratelimit-count"]), limited: !!decision.error });
    return decision;
  });
  return timeline;
}
