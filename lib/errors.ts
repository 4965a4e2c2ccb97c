import { localFileProblem } from "./fs-errors";

/**
 * Exit codes and the few error classes callers branch on. Every gcguard command exits with one of these
 * (README.md, "Exit codes"): a gate fails closed, so "could not verify" is never folded into "clean".
 */
export const ExitCode = {
  /** Nothing to report. */
  Clean: 0,
  /** Findings, or conflicts left unresolved. */
  Findings: 1,
  /** Bad usage or bad input (config, plan, state, log, flags). */
  BadInput: 2,
  /** Could not verify: API, network or permission trouble. */
  Unverified: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const BRAND = Symbol.for("gcguard.InputError");

/**
 * Bad usage or bad input: the message names the input and the fix, and the command exits 2.
 * `problems` holds one line per problem when several were found at once.
 */
export class InputError extends Error {
  readonly exitCode = ExitCode.BadInput;
  readonly problems: readonly string[];

  constructor(message: string, options: { problems?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "InputError";
    this.problems = options.problems ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The message with one indented line per problem, as printed on stderr. */
  render(): string {
    return withProblems(this.message, this.problems);
  }
}

export function isInputError(x: unknown): x is InputError {
  return typeof x === "object" && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
}

/** A message with one indented `  - ` line per problem below it. */
function withProblems(message: string, problems: readonly string[]): string {
  return [message, ...problems.map((p) => `  - ${p}`)].join("\n");
}

/** An error's own problem lines (an IdP delta answer's, lib/scim/delta-error.ts), when it lists any. */
function problemsOf(err: unknown): readonly string[] {
  const problems = (err as { problems?: unknown } | null)?.problems;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === "string") : [];
}

const EXIT_CODES: readonly number[] = Object.values(ExitCode);

/**
 * Text for stderr from anything thrown, and the exit code it maps to: 2 for input errors and for a file-system
 * error on a given path (lib/fs-errors.ts), an error's own `exitCode` (the Genesys client's errors say 3, could not
 * verify) with its `problems` listed below, else 3: an unexpected failure means the command could not do its check,
 * and a gate fails closed.
 */
export function describeFailure(err: unknown): { text: string; exitCode: ExitCode } {
  if (isInputError(err)) return { text: err.render(), exitCode: err.exitCode };
  const local = localFileProblem(err);
  if (local !== undefined) return { text: local, exitCode: ExitCode.BadInput };
  const message = err instanceof Error ? err.message : String(err);
  const own = (err as { exitCode?: unknown } | null)?.exitCode;
  if (typeof own === "number" && EXIT_CODES.includes(own))
    return { text: withProblems(message, problemsOf(err)), exitCode: own as ExitCode };
  return { text: message, exitCode: ExitCode.Unverified };
}
