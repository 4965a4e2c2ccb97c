/**
 * Progress for long operations, on stderr. On a terminal: one status line redrawn in place, with the count, the
 * rate, an ETA when the total is known, and what the run is waiting on (the org's rate limit, a 429's
 * Retry-After). Elsewhere (CI logs, files): plain lines with a timestamp, a count line at most every
 * `everyMs`, and every wait of a second or more, so a long run is never silent for long. The clock is injected.
 *
 * A single line redrawn with `\r` and erase-line needs no library: the cursor never leaves the line, and anything
 * else printed meanwhile goes through `line()`, which clears the status first and draws it again after.
 */
import type { WaitReason } from "./genesys/pacing";

export interface ProgressOptions {
  readonly write: (text: string) => void;
  /** stderr is a terminal: redraw one line in place. */
  readonly tty: boolean;
  /** Prefix of every line, e.g. `gcguard snapshot`. */
  readonly label: string;
  readonly now?: () => number;
  /** Not on a terminal: the least time between two count lines for the same item. @default 10000 */
  readonly everyMs?: number;
}

export interface Progress {
  /** A line of its own (a phase done, a note). */
  line(text: string): void;
  /** `done` of `total` (when known) `what`s so far. */
  count(what: string, done: number, total?: number): void;
  /** The run waits `ms` for `reason`. */
  wait(ms: number, reason: WaitReason): void;
  /** Clears the status line (a terminal) before the result is printed. */
  end(): void;
}

const WAIT_TEXT: Readonly<Record<WaitReason, string>> = {
  "rate-window": "for the org's rate limit window to reset",
  "retry-after": "for a 429's Retry-After to pass",
  pacing: "to space requests out",
};

const number = (n: number) => n.toLocaleString("en-US");

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

/** The line for a wait, as progress displays print it: `waiting 38 s for the org's rate limit window to reset`. */
export function waitText(ms: number, reason: WaitReason): string {
  return `waiting ${duration(ms)} ${WAIT_TEXT[reason]}`;
}

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 10_000;
  let status = "";
  /** Whether a status line is on screen (a terminal), so `end` knows to clear it. */
  let drawn = false;
  /** When the current phase began: at the start, then at each `line()`; a count's rate runs from there. */
  let phaseStart = now();
  /** Per counted item: when its phase began (its rate is its own), when last printed, whether it finished. */
  const counts = new Map<string, { started: number; printed?: number; finished?: boolean }>();
  let waitingUntil = 0;
  let waitingFor = "";

  const draw = (): void => {
    if (!options.tty) return;
    const waitingNow = now() < waitingUntil;
    if (status === "" && !waitingNow) return;
    const waiting = now() < waitingUntil ? `; waiting ${duration(waitingUntil - now())} ${waitingFor}` : "";
    options.write(`\r\u001b[2K${options.label}: ${status || "working"}${waiting}`);
    drawn = true;
  };
  const emit = (text: string): void => {
    if (options.tty) {
      options.write(`\r\u001b[2K${options.label}: ${text}\n`);
      draw();
    } else {
      options.write(`[${clock(now())}] ${options.label}: ${text}\n`);
    }
  };

  return {
    line(text) {
      phaseStart = now();
      emit(text);
    },
    count(what, done, total) {
      const item = counts.get(what) ?? { started: phaseStart };
      counts.set(what, item);
      const elapsed = now() - item.started;
      const rate = elapsed > 0 ? (done * 1000) / elapsed : 0;
      const parts = [`${what} ${number(done)}${total === undefined ? "" : `/${number(total)}`}`];
      if (rate > 0) parts.push(`${number(Math.round(rate))}/s`);
      if (total !== undefined && rate > 0 && done < total)
        parts.push(`ETA ${duration(((total - done) / rate) * 1000)}`);
      status = parts.join(", ");
      if (options.tty) return draw();
      const finished = total !== undefined && done >= total;
      if (finished && item.finished) return; // said once; a count past its total adds nothing
      if (item.printed === undefined || now() - item.printed >= everyMs || finished) {
        item.printed = now();
        item.finished = finished;
        emit(status);
      }
    },
    wait(ms, reason) {
      waitingUntil = now() + ms;
      waitingFor = WAIT_TEXT[reason];
      if (options.tty) draw();
      else emit(waitText(ms, reason));
    },
    end() {
      if (options.tty && drawn) options.write("\r\u001b[2K");
      drawn = false;
      status = "";
      waitingUntil = 0;
    },
  };
}
