/**
 * What the subcommand files share in declaring options: one convention for repeatable options, and for a value that
 * is one of a list (commander's `choices`, whose refusal is bad usage, exit 2: scripts/cli.ts). A leaf module over
 * commander only, so `--help` loads nothing more for it.
 */
import type { Command } from "commander";
import { InvalidArgumentError, Option } from "commander";

import { InputError, isInputError } from "../lib/errors";

/** A repeatable option's values, in the order given. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/**
 * An argument parser for a count (`--chunk-size <n>`): digits only, at least `min`, a safe integer. `Number()`
 * alone would take "", "0x10", "1e3" and 30-digit numbers. The value stays a string, as the command reads it.
 */
export function wholeNumber(flag: string, min: number): (value: string) => string {
  return (value) => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isNaN(n) || n < min)
      throw new InputError(`${flag} "${value}": must be a whole number of at least ${min}, in digits`);
    if (!Number.isSafeInteger(n))
      throw new InputError(`${flag} "${value}": too large; give at most ${Number.MAX_SAFE_INTEGER}`);
    return String(n);
  };
}

/** `--format <format>`, one of `choices`; the first is the default unless `defaultValue` says otherwise. */
export function formatOption(
  flags: string,
  description: string,
  choices: readonly string[],
  defaultValue: string | undefined = choices[0],
): Option {
  const option = new Option(flags, description).choices(choices);
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/**
 * `formatOption` for values whose case does not matter, with `aliases` (another spelling of a choice, e.g. yml for
 * yaml): the parsed value is always a choice itself.
 */
export function caseInsensitiveFormat(
  flags: string,
  description: string,
  choices: readonly string[],
  aliases: Readonly<Record<string, string>>,
): Option {
  const option = new Option(flags, description).choices([...choices, ...Object.keys(aliases)]);
  return option.argParser((value: string) => {
    const lower = value.toLowerCase();
    const choice = aliases[lower] ?? lower;
    if (!choices.includes(choice))
      throw new InvalidArgumentError(`Allowed choices are ${option.argChoices!.join(", ")}.`);
    return choice;
  });
}

/**
 * Runs a check of option values that a choice cannot express (preflight's `FMT=FILE`); its InputError is reported the
 * way commander reports a bad choice, as bad usage (exit 2) followed by the pointer to --help.
 */
export function checkOptions(command: Command, check: () => unknown): void {
  try {
    check();
  } catch (err) {
    if (!isInputError(err)) throw err;
    command.error(`error: ${err.render()}`, { code: "commander.invalidArgument" });
  }
}
