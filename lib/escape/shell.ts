/**
 * POSIX sh words from data, for the scripts gcguard writes (`import.sh`). A quoted word reaches the command as
 * exactly the original bytes: nothing inside single quotes is special to sh (POSIX "Shell Command Language",
 * 2.2.2 Single-Quotes), so the only character to handle is the single quote itself.
 */
import { InputError } from "../errors";
import { assertWellFormed, singleLine } from "./hcl";

// Words made only of these need no quoting: no globbing, expansion, word splitting or tilde expansion.
const SAFE_WORD = /^[A-Za-z0-9_./:=@%+-]+$/;
// A leading NAME= would make the first word of a command an assignment instead of the command.
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/**
 * `arg` as one sh word: bare if it is a simple safe word, otherwise single-quoted with each `'` written as `'\''`
 * (close the quote, an escaped quote, reopen). The empty string becomes `''`.
 *
 * @example shellQuote("it's") // => 'it'\''s'
 */
export function shellQuote(arg: string): string {
  if (arg.includes("\0")) {
    throw new InputError(
      `the argument ${JSON.stringify(arg)} holds a NUL character, which no shell argument can carry`,
    );
  }
  assertWellFormed(arg, "the argument");
  return SAFE_WORD.test(arg) ? arg : singleQuoted(arg);
}

function singleQuoted(arg: string): string {
  return `'${arg.replace(/'/g, "'\\''")}'`;
}

/** A command line: each argument quoted with `shellQuote`, joined by spaces. */
export function shellCommand(args: readonly string[]): string {
  if (args.length === 0) throw new InputError("cannot build a shell command from no arguments");
  return args
    .map((arg, i) => {
      const word = shellQuote(arg);
      return i === 0 && ASSIGNMENT.test(word) ? singleQuoted(arg) : word;
    })
    .join(" ");
}

/** A `# ...` sh comment line for `text`: one line, no control characters, trimmed. */
export function shellComment(text: string): string {
  const line = singleLine(text).trim();
  return line === "" ? "#" : `# ${line}`;
}
