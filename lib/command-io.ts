/**
 * What every `gcguard` command (lib/<command>/command.ts) is given instead of reaching for the process: its output
 * streams, its environment, which streams are terminals, and the clock it waits on. The program (scripts/cli.ts)
 * fills it from the process (scripts/command-io.ts); tests and embedders pass their own, so a command runs
 * in-process with no real terminal, environment or time.
 *
 * A leaf module: it imports nothing of gcguard but the Clock type, so any command can use it without a cycle.
 */
import type { Clock } from "./clock";

export interface CommandIo {
  /** Results: the report, the URL, the summary line. */
  readonly stdout: (text: string) => void;
  /** Progress and diagnostics. */
  readonly stderr: (text: string) => void;
  /** Credentials and settings come from here, never from process.env directly. */
  readonly env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal: progress is then a status line (lib/progress.ts). @default false */
  readonly isTty?: boolean;
  /** Whether stdout is a terminal: a text report is coloured then (colour is per stream, lib/color.ts). @default false */
  readonly stdoutIsTty?: boolean;
  /** Whether stdin is a terminal, so a question can be asked. @default false */
  readonly stdinIsTty?: boolean;
  /** What a command reads as its input when given `-` (resolve's log). @default process.stdin */
  readonly stdin?: AsyncIterable<Uint8Array | string>;
  /** gcguard's version, for reports that name it; see VersionedIo. */
  readonly version?: string;
  /** What the Genesys clients and the emulator read and wait on; tests pass a virtual one. @default realClock */
  readonly clock?: Clock;
  /** Asks the user to type yes; only called when stdin is a terminal. @default no answer is a yes */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** The io of a command whose report names gcguard's version (preflight's SARIF and JSON, rehearse's preflights). */
export type VersionedIo = CommandIo & { readonly version: string };
