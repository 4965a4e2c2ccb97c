/**
 * Checks every command's option values and arguments share, run by the program (scripts/cli.ts) before a command's
 * action, so a bad value is refused as bad usage (exit 2) before any file is read or written and before any request:
 * - an empty value (`--out ""`, usually an unset shell variable) would otherwise mean the working directory, the
 *   default, or a file named "" depending on the command;
 * - a control character (a newline, an escape) cannot be meant, and would break the one-line message that quotes
 *   the value, or a terminal (checked on the words, before commander parses them);
 * - a `<url>` option takes an absolute http or https URL; what else a URL must be is the command's to say.
 * A leaf module over commander's types and lib/errors.ts, so `--help` loads nothing more for it.
 */
import type { Command, Option } from "commander";

import { InputError } from "../lib/errors";

/** C0 controls and DEL; a tab is one too (a value with a tab is a pasting slip). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `U+000A`, for naming a control character without printing it. */
function codePoint(text: string): string {
  const char = CONTROL.exec(text)?.[0] ?? "";
  return `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Refuses a command line with a control character in any word, before commander parses it: commander's own
 * messages quote a refused value as given. The word is named by the flag before it, never printed.
 */
export function checkControlCharacters(argv: readonly string[]): void {
  argv.forEach((word, i) => {
    if (!CONTROL.test(word)) return;
    const before = argv[i - 1];
    const name = /^--[^=]+=/.test(word)
      ? `the value of ${word.slice(0, word.indexOf("="))}`
      : before?.startsWith("-")
        ? `the value after ${before}`
        : `argument ${i + 1}${before === undefined ? "" : ` (after ${before})`}`;
    throw new InputError(
      `${name} holds a control character (${codePoint(word)}); give it without line breaks or control characters`,
    );
  });
}

/** Refuses an empty value of `name` (an option's long flag or an argument's <name>): usually an unset variable. */
function checkValue(name: string, value: string, what: string): void {
  if (value === "") throw new InputError(`${name}: the value is empty; give ${what}, or leave ${name} out`);
}

/** Placeholders (`<n>`, `<dir>`) as the words messages use; others read as they are (`<file>`: a file). */
const PLACEHOLDER_WORDS: Readonly<Record<string, string>> = {
  n: "a number",
  ms: "a number of milliseconds",
  "per-minute": "a number per minute",
  dir: "a folder",
  url: "a URL",
  "format[=file]": "a format",
};

/** A placeholder (an option's `<file>`, an argument's name) as messages say it: "a file", "a folder". */
function phrase(placeholder: string): string {
  return PLACEHOLDER_WORDS[placeholder] ?? `${/^[aeiou]/i.test(placeholder) ? "an" : "a"} ${placeholder}`;
}

/** What an option's value is, from its placeholder (`<file>`, `<url>`, `[dir]`), for messages. */
function wanted(option: Option): string {
  return phrase(/<([^>]+)>/.exec(option.flags)?.[1] ?? /\[([^\]]+)\]/.exec(option.flags)?.[1] ?? "value");
}

/**
 * Refuses a value that is no absolute http or https URL. The value is quoted without its query, fragment and user
 * info: a delta URL may carry a token there (`?token=...`).
 */
function checkUrl(name: string, value: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== "http:" && protocol !== "https:") {
    const shown = value.replace(/[?#].*$/s, "").replace(/\/\/[^/]*@/, "//");
    throw new InputError(
      `${name} "${shown}": not an http or https URL; give an absolute URL such as https://idp.example/path or http://127.0.0.1:8080`,
    );
  }
}

/** Checks the option values given on the command line and the arguments of `command`, about to run. */
export function checkCommandLine(command: Command): void {
  for (const option of command.options) {
    const key = option.attributeName();
    if (command.getOptionValueSource(key) !== "cli") continue;
    const value: unknown = command.getOptionValue(key);
    const values = Array.isArray(value) ? value : [value];
    const name = option.long ?? option.short ?? option.flags;
    for (const v of values) {
      if (typeof v !== "string") continue;
      checkValue(name, v, wanted(option));
      if (/<url>/.test(option.flags)) checkUrl(name, v);
    }
  }
  command.registeredArguments.forEach((argument, i) => {
    const value: unknown = command.processedArgs[i];
    if (typeof value === "string") checkValue(`<${argument.name()}>`, value, phrase(argument.name()));
  });
}
