/**
 * HCL (Terraform native syntax) text from data. Names of Genesys objects come from the API and may hold anything:
 * quotes, newlines, `${...}` that Terraform would evaluate. These helpers make such text inert.
 *
 * The other escapers (shell, Markdown) share `singleLine` and `assertWellFormed` from here.
 */
import { InputError } from "../errors";

// C0 and C1 controls and DEL: matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// Characters that render invisibly or reorder text on screen, so a reviewer would misread the line (bidi
// overrides and isolates, "Trojan Source"), plus the Unicode line and paragraph separators and the BOM.
const INVISIBLE = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Throws unless `value` is well-formed UTF-16. A lone surrogate has no UTF-8 encoding, so writing it to a file
 * would silently turn it into U+FFFD and the text would no longer name the same object.
 */
export function assertWellFormed(value: string, what: string): void {
  if (LONE_SURROGATE.test(value)) {
    throw new InputError(
      `${what} ${JSON.stringify(value)} holds a lone UTF-16 surrogate, which no file can represent; fix the name in Genesys Cloud`,
    );
  }
}

/**
 * `text` on one line, for comments, table cells and report lines: line breaks and tabs become spaces, other control
 * and invisible characters are dropped, lone surrogates become U+FFFD, and an Azure Pipelines logging command
 * (`##vso[`, which the agent acts on anywhere in a line of the log) is broken up, so a name printed in a CI log
 * cannot set a variable or fail the build.
 */
export function singleLine(text: string): string {
  return text
    .replace(/\r\n|[\r\n\t\u2028\u2029]/g, " ")
    .replace(CONTROL, "")
    .replace(INVISIBLE, "")
    .replace(new RegExp(LONE_SURROGATE.source, "g"), "\ufffd")
    .replace(/##vso\[/gi, (m) => `# ${m.slice(1)}`);
}

const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A double-quoted HCL string literal that Terraform reads back as exactly `value`.
 *
 * Backslash, quote, newline, carriage return and tab get their short escapes; other control and invisible
 * characters become `\uNNNN`; the template introducers `${` and `%{` are doubled to `$${` and `%%{` (HCL native
 * syntax spec, "Template Literals"). Doubling is applied to every occurrence, so input that already looks
 * escaped (`$${x}`) becomes `$$${x}` and still reads back as `$${x}`. The same rule as hclwrite's
 * `escapeQuotedStringLit`.
 *
 * @example hclString('Sales ${var.x} "EU"') // => "Sales $${var.x} \"EU\""
 */
export function hclString(value: string): string {
  assertWellFormed(value, "the string");
  const body = value
    .replace(/[\\"\n\r\t]/g, (c) => ESCAPES[c] ?? c)
    .replace(CONTROL, unicodeEscape)
    .replace(INVISIBLE, unicodeEscape)
    .replace(/([$%])\{/g, "$1$1{");
  return `"${body}"`;
}

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** A `# ...` comment line for `text`: one line, no control characters (`singleLine`), trimmed. */
export function hclComment(text: string): string {
  const line = singleLine(text).trim();
  return line === "" ? "#" : `# ${line}`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Whether `name` can stand as a Terraform block label or traversal step without quoting (a resource name, a
 * provider alias). ASCII only: HCL allows Unicode letters, but Terraform names in gcguard never need them.
 */
export function isHclIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}
