/**
 * Time as gcguard reads and waits on it: the Genesys client (pacing, retry backoff, login retries), the SCIM delta
 * reader and the emulator take a Clock, so tests can run them on a virtual one and never wait out real time.
 * Everything defaults to `realClock`.
 */
export interface Clock {
  /** Milliseconds since the epoch, as Date.now(). */
  now(): number;
  /** Resolves once `ms` milliseconds have passed on this clock. */
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
