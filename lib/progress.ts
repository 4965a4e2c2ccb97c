/**
 * Progress for long operations, on stderr. On a terminal: one status line redrawn in place, with the count, the
 * rate, an ETA when the total is known, and what the run is waiting on (the org's rate limit, a 429's
 * Retry-After). Elsewhere (CI logs, files): plain lines with a timestamp, a count line at most every
 * `everyMs`, and every wait of a second or more, so a long run is never silent for long. The clock is injected.
 *
 * The status line is cli-progress's SingleBar with a format of our own: it hides the cursor, turns the terminal's
 * line wrapping off while it is up, and redraws a few times a second so a wait counts down. The text is also cut to
 * the terminal's width (read at each redraw), so a narrow or resized terminal never wraps it onto a second line
 * that the next redraw would leave behind. Anything else printed meanwhile goes through `line()`, which takes the
 * status line down (the cursor back, wrapping back on, the line cleared), prints, and puts it up again. Each count,
 * wait and line redraws at once, on the injected clock, so what is written never depends on cli-progress's timer;
 * `end()` stops the timer, and the timer never keeps the process alive meanwhile.
 */
import { SingleBar } from "cli-progress";

import type { WaitReason } from "./genesys/pacing";

export interface ProgressOptions {
  readonly write: (text: string) => void;
  /** stderr is a terminal: redraw one line in place. */
  readonly tty: boolean;
  /** The terminal's width in columns, asked at each redraw. @default process.stderr.columns, else 80 */
  readonly columns?: () => number | undefined;
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
  /** Clears the status line (a terminal) before the result is printed; counts start afresh after it. */
  end(): void;
}

const WAIT_TEXT: Readonly<Record<WaitReason, string>> = {
  "rate-window": "for the org's rate limit window to reset",
  "retry-after": "for a 429's Retry-After to pass",
  pacing: "to space requests out",
};

/** The same, where the status line has no room for it. */
const WAIT_SHORT: Readonly<Record<WaitReason, string>> = {
  "rate-window": "rate limit",
  "retry-after": "429 Retry-After",
  pacing: "pacing",
};

/** How often the status line is redrawn on its own (cli-progress's fps), so a wait visibly counts down. */
const REDRAWS_PER_SECOND = 2;

const number = (n: number) => n.toLocaleString("en-US");

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}

/** Items per second, readable at any speed: `500/s`, `2.5/s`, and below one a second `18/min`. */
function rateText(perSecond: number): string {
  if (perSecond >= 10) return `${number(Math.round(perSecond))}/s`;
  if (perSecond >= 1) return `${perSecond.toFixed(1)}/s`;
  return `${number(Math.max(1, Math.round(perSecond * 60)))}/min`;
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 19);
}

/**
 * `text` in at most `columns - 1` characters (the last column stays free, so the cursor never reaches the edge
 * even where the terminal ignores "no wrapping"), cut with an ellipsis.
 */
function fit(text: string, columns: number): string {
  const room = Math.max(1, columns - 1);
  const chars = [...text];
  return chars.length <= room ? text : `${chars.slice(0, room - 1).join("")}…`;
}

const width = (text: string): number => [...text].length;

/** The line for a wait, as progress displays print it: `waiting 38 s for the org's rate limit window to reset`. */
export function waitText(ms: number, reason: WaitReason): string {
  return `waiting ${duration(ms)} ${WAIT_TEXT[reason]}`;
}

/** cli-progress's single bar, whose redraw timer never keeps the process alive. */
class StatusBar extends SingleBar {
  override render(): void {
    super.render();
    // SingleBar re-arms its timer on every render; end() clears it, and a forgotten end() must not hang the CLI.
    (this as unknown as { timer?: { unref?: () => void } | null }).timer?.unref?.();
  }
}

/** The status line on a terminal: up (drawn, redrawn on each change and by the timer) or down (cleared). */
interface StatusLine {
  readonly up: boolean;
  /** Puts it up, or redraws it now when it is. */
  show(): void;
  /** Clears it and puts the cursor and line wrapping back. */
  hide(): void;
}

function statusLine(options: ProgressOptions, text: (columns: number) => string): StatusLine {
  const columns = options.columns ?? (() => process.stderr.columns);
  // What cli-progress writes to: a terminal whose width is asked anew at each redraw. Its Terminal writes strings
  // and readline's cursor calls pass a callback, so that is all this stream does.
  const stream = {
    isTTY: true,
    get columns(): number | undefined {
      return columns();
    },
    write(chunk: string, done?: () => void): boolean {
      options.write(chunk);
      done?.();
      return true;
    },
  };
  const bar = new StatusBar({
    stream: stream as unknown as NodeJS.WritableStream,
    format: (_options, params) => text(params.maxWidth),
    fps: REDRAWS_PER_SECOND,
    synchronousUpdate: false, // every change renders at once (show), not on cli-progress's own clock
    noTTYOutput: false,
    hideCursor: true,
    linewrap: false,
    clearOnComplete: true,
    gracefulExit: false, // its SIGINT handler would keep Ctrl-C from ending the process; restoreOnExit does it
  });
  let release = (): void => {};
  return {
    get up() {
      return bar.isActive;
    },
    show() {
      if (bar.isActive) return bar.render();
      bar.start(0, 0);
      release = restoreOnExit(() => bar.stop());
    },
    hide() {
      if (!bar.isActive) return;
      release();
      bar.stop();
    },
  };
}

/**
 * While the status line is up the cursor is hidden and line wrapping is off: a process that ends meanwhile
 * (Ctrl-C, SIGTERM, process.exit) puts them back first. A signal then does what it would have done without this
 * handler: unless something else listens for it, it is raised again and ends the process.
 */
function restoreOnExit(restore: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    release();
    restore();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const onExit = (): void => {
    release();
    restore();
  };
  const release = (): void => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("exit", onExit);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("exit", onExit);
  return release;
}

/**
 * The status line in `columns`. A wait's time left (`waitMs`, 0 when not waiting) is worked out at each redraw, so
 * it counts down; when the line is too long, the wait keeps its place at the end in a short form and the count is
 * cut instead.
 */
function fitStatus(head: string, columns: number, waitMs: number, reason: WaitReason): string {
  if (waitMs <= 0) return fit(head, columns);
  const left = duration(Math.ceil(waitMs / 1000) * 1000); // never "waiting 0 s"
  const full = `${head}; waiting ${left} ${WAIT_TEXT[reason]}`;
  if (width(full) < columns) return full;
  const tail = `; waiting ${left} (${WAIT_SHORT[reason]})`;
  return width(tail) + 10 < columns ? `${fit(head, columns - width(tail))}${tail}` : fit(full, columns);
}

/** `users 1,200/5,000, 40/s, ETA 1 min 35 s`: a count, its rate since its phase began, and the time left. */
function countText(what: string, done: number, total: number | undefined, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const parts = [`${what} ${number(done)}${total === undefined ? "" : `/${number(total)}`}`];
  if (rate > 0) parts.push(rateText(rate));
  if (total !== undefined && rate > 0 && done < total) parts.push(`ETA ${duration(((total - done) / rate) * 1000)}`);
  return parts.join(", ");
}

export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const everyMs = options.everyMs ?? 10_000;
  let status = "";
  /** When the current phase began: at the start, then at each `line()`; a count's rate runs from there. */
  let phaseStart = now();
  /** Per counted item: when its phase began (its rate is its own), when last printed, whether it finished. */
  const counts = new Map<string, { started: number; printed?: number; finished?: boolean }>();
  let waitingUntil = 0;
  let waitingFor: WaitReason = "pacing";

  const statusText = (columns: number): string =>
    fitStatus(
      `${options.label}: ${status || "working"}`,
      columns,
      now() < waitingUntil ? waitingUntil - now() : 0,
      waitingFor,
    );
  const terminal = options.tty ? statusLine(options, statusText) : undefined;
  const emit = (text: string): void => options.write(`[${clock(now())}] ${options.label}: ${text}\n`);

  return {
    line(text) {
      phaseStart = now();
      if (!terminal) return emit(text);
      const up = terminal.up;
      terminal.hide();
      options.write(`${options.label}: ${text}\n`);
      if (up) terminal.show();
    },
    count(what, done, total) {
      const item = counts.get(what) ?? { started: phaseStart };
      counts.set(what, item);
      status = countText(what, done, total, now() - item.started);
      if (terminal) return terminal.show();
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
      waitingFor = reason;
      if (terminal) terminal.show();
      else emit(waitText(ms, reason));
    },
    end() {
      terminal?.hide();
      status = "";
      waitingUntil = 0;
      counts.clear();
    },
  };
}
