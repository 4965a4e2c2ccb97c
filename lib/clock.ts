/**
 * Time as gcguard reads and waits on it: the Genesys client (pacing, retry backoff, login retries, request
 * timeouts), the SCIM delta reader and the emulator take a Clock, so tests can run them on a virtual one and never
 * wait out real time. Everything defaults to `realClock`.
 */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
  /** Resolves once `ms` milliseconds have passed on this clock. */
  sleep(ms: number): Promise<void>;
  /**
   * A deadline `ms` from now, for a timeout raced with work that is not on the clock (a request in flight). Unlike
   * `sleep` it does not make a virtual clock move: it is reached when other sleepers move the clock past it. A
   * clock without it runs no timeouts.
   */
  deadline?(ms: number): Deadline;
}

/** A timeout on a Clock: `reached` resolves when its time comes, unless `cancel` was called first. */
export interface Deadline {
  readonly reached: Promise<void>;
  /** Stops the deadline and releases its timer, so nothing keeps the process alive once the work is done. */
  cancel(): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  deadline: (ms) => {
    let timer: NodeJS.Timeout | undefined;
    const reached = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      // A pending timeout alone never holds the process open.
      timer.unref();
    });
    return { reached, cancel: () => clearTimeout(timer) };
  },
};
