/**
 * The temporary files and folders of atomic writes in flight (lib/fs.ts, the synth's staging folder), so that a
 * SIGINT or SIGTERM never leaves one behind.
 *
 * From the first atomic write on, gcguard listens for both signals. Node runs a signal's listeners only between
 * pieces of synchronous code, so a signal that arrives during a (synchronous) write or synth takes effect when it is
 * over: the temporary has been renamed into place or removed by then. The listener removes whatever is still
 * registered and, unless something else listens for the signal (the emulator's shutdown, the status line), raises it
 * again, so the process ends as the signal would have ended it (exit status 130 for SIGINT, 143 for SIGTERM).
 */
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

const inFlight = new Set<string>();
let listening = false;

/** A new temporary path beside `file` (same folder, so the rename is atomic), registered until discarded. */
export function tempPathFor(file: string): string {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  return registerTemp(tmp);
}

/**
 * Registers a temporary file or folder made elsewhere (the synth's staging folder) until discarded. Call
 * `listenForSignals` before making it: a signal that came between its making and this call would otherwise find no
 * listener, end the process at once and leave it behind.
 */
export function registerTemp(tmp: string): string {
  inFlight.add(tmp);
  listen();
  return tmp;
}

/**
 * Removes a temporary (a no-op once it has been renamed into place) and forgets it. Called in a `finally`, so it
 * runs on success and on error alike.
 */
export function discardTemp(tmp: string): void {
  try {
    rmSync(tmp, { recursive: true, force: true });
  } finally {
    inFlight.delete(tmp);
    if (inFlight.size === 0) stayForTwoTurns();
  }
}

/**
 * Keeps the process for two more turns of the event loop, the second with a full poll for I/O: Node reads a signal
 * that arrived during a write in such a poll, and a process with nothing left to do would otherwise end before it,
 * exiting 0 as if never signalled.
 */
function stayForTwoTurns(): void {
  setImmediate(() => setImmediate(() => {}));
}

/** The temporaries in flight; for tests. */
export function tempsInFlight(): readonly string[] {
  return [...inFlight];
}

/**
 * Listens from the first temporary on, and keeps listening after the last is discarded: a signal that arrived
 * during a write is delivered on a later turn of the event loop, and Node drops it if no listener is left by then,
 * so the process would go on as if never signalled.
 */
export function listenForSignals(): void {
  listen();
}

function listen(): void {
  if (listening) return;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  listening = true;
}

function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of inFlight) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // The process ends anyway; one temporary that cannot be removed must not keep the others or the signal.
    }
  }
  inFlight.clear();
  for (const s of SIGNALS) process.off(s, onSignal);
  listening = false;
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
