/**
 * `gcguard resolve`'s log parser: the error diagnostics of a failed `terraform apply` or `cdktf deploy`, as
 * `Failure`s carrying the provider's detail JSON (terraform-provider.md §4.3).
 *
 * Each line is classified on its own, so one log may mix the three shapes:
 * - `terraform apply -json`: a JSON object per line; `type: "diagnostic"` lines with `severity: "error"` are failures.
 * - human output, with or without ANSI colour and the `╷ │ ╵` box (`./parse-human`).
 * - `cdktf deploy`: human output with each line prefixed by `<stack>  ` (the stack name and two spaces; a multi-line
 *   entry continues on lines indented to the same width).
 *
 * The input is streamed: what is kept is the failures found, one open block per output stream (bounded) and the
 * stack names seen. Lines that cannot be read are counted and skipped; nothing in a log makes the parser throw.
 */
import { BlockReader } from "./parse-human";
import type { Failure, ParseOptions, ParseResult, RawDiagnostic } from "./parse-model";
import { toFailure } from "./parse-detail";

export type { Failure, ParseOptions, ParseResult, ProviderErrorDetail } from "./parse-model";
export { redactLine } from "./parse-redact";

/** CSI sequences (colours, cursor moves), OSC sequences (hyperlinks, titles) and two-character escapes. */
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
/** Bytes no log line has once ANSI codes are gone: C0 controls except tab, DEL, and U+FFFD from broken UTF-8. */
// eslint-disable-next-line no-control-regex
const GARBAGE = /[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/;

/** `<stack>  <content>`, as cdktf's stream view prints it (stack name, a margin of two, the entry). */
const STACK_LINE = /^([A-Za-z0-9][\w.-]*) {2}(.*)$/;
/** Content that makes `<name>  ` a stack prefix the first time a name is seen: Terraform output, not prose. */
const STACK_CONTENT =
  /^(?:[╷│╵]|Error:|Warning:|[\w.[\]"-]+: (?:Creating|Modifying|Destroying|Reading|Refreshing|Still|Creation|Modifications|Destruction|Read complete))/;
/** More distinct stack names than this and the log is not cdktf output; further names are not learned. */
const MAX_STACKS = 256;

/**
 * Parses a `terraform apply` (human or `-json`) or `cdktf deploy` log, streamed line by line (lines without their
 * newlines; a `\r` before the end is dropped). Every string in the failures is masked with `redactLine`.
 */
export async function parseApplyLog(
  input: AsyncIterable<string> | Iterable<string>,
  options: ParseOptions = {},
): Promise<ParseResult> {
  const parser = new LogParser(options.secrets ?? []);
  for await (const line of input) parser.line(line);
  return parser.finish();
}

/** `parseApplyLog` over a whole log already in memory. */
export function parseApplyLogText(text: string, options: ParseOptions = {}): Promise<ParseResult> {
  return parseApplyLog(linesOf(text), options);
}

function* linesOf(text: string): Generator<string> {
  let start = 0;
  for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
    yield text.slice(start, end);
    start = end + 1;
  }
  if (start < text.length) yield text.slice(start);
}

/** The line as printed on a terminal: no ANSI codes, no CR line ending, only what follows an in-line CR. */
function clean(raw: string): string {
  let s = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  const cr = s.lastIndexOf("\r");
  if (cr >= 0) s = s.slice(cr + 1);
  return s.includes("\u001b") ? s.replace(ANSI, "") : s;
}

interface Routed {
  readonly stack?: string;
  readonly content: string;
}

class LogParser {
  private lineNo = 0;
  private skipped = 0;
  private readonly failures: Failure[] = [];
  private readonly readers = new Map<string | undefined, BlockReader>();
  private readonly stacks = new Set<string>();
  /** The stack of the last line, whose entry an indented line continues. */
  private lastStack: string | undefined;
  private seen = { json: false, text: false };

  constructor(private readonly secrets: readonly string[]) {}

  line(raw: string): void {
    this.lineNo++;
    const s = clean(raw);
    if (GARBAGE.test(s)) {
      this.skipped++;
      return;
    }
    const { stack, content } = this.route(s);
    const reader = this.reader(stack);
    if (content.trimStart().startsWith("{")) return this.jsonLine(content, reader);
    if (content.trim() !== "") this.seen.text = true;
    reader.push(content, this.lineNo);
  }

  finish(): ParseResult {
    for (const reader of this.readers.values()) reader.close();
    const failures = [...this.failures].sort((a, b) => a.source.line - b.source.line);
    const format =
      this.stacks.size > 0 ? "cdktf" : this.seen.json ? "json" : this.seen.text ? "human" : ("empty" as const);
    return { failures, format, skippedLines: this.skipped };
  }

  /** Which output stream the line belongs to (a cdktf stack, or the plain log) and its content there. */
  private route(s: string): Routed {
    const m = STACK_LINE.exec(s);
    if (m !== null) {
      const [, name = "", content = ""] = m;
      if (this.stacks.has(name) || (this.stacks.size < MAX_STACKS && STACK_CONTENT.test(content))) {
        this.stacks.add(name);
        this.lastStack = name;
        return { stack: name, content };
      }
    }
    const bare = s.trimEnd();
    if (this.stacks.has(bare)) {
      this.lastStack = bare;
      return { stack: bare, content: "" };
    }
    const last = this.lastStack;
    if (last !== undefined) {
      const width = last.length + 2;
      if (s.trim() === "") return { stack: last, content: "" };
      if (s.length > width && s.slice(0, width).trim() === "" && s.charAt(width) !== " ") {
        return { stack: last, content: s.slice(width) };
      }
    }
    this.lastStack = undefined;
    return { content: s };
  }

  private reader(stack: string | undefined): BlockReader {
    let reader = this.readers.get(stack);
    if (reader === undefined) {
      reader = new BlockReader((raw) => this.found(raw), stack);
      this.readers.set(stack, reader);
    }
    return reader;
  }

  /** A Terraform `-json` message, or a bare JSON line inside a human block (the detail), or unreadable. */
  private jsonLine(content: string, reader: BlockReader): void {
    const message = terraformMessage(content);
    if (message === undefined) {
      if (reader.open) reader.push(content, this.lineNo);
      else this.skipped++;
      return;
    }
    this.seen.json = true;
    reader.close();
    if (message === "other") return;
    if (message === "unreadable") {
      this.skipped++;
      return;
    }
    this.found({ line: this.lineNo, ...message });
  }

  private found(raw: RawDiagnostic): void {
    this.failures.push(toFailure(raw, this.secrets));
  }
}

/**
 * What a JSON line is: not a Terraform UI message (undefined), a message other than an error diagnostic, an error
 * diagnostic without a summary ("unreadable"), or an error diagnostic's parts. The shape is Terraform's
 * (terraform-provider.md §4.3, "Parsing": `type: "diagnostic"`, `diagnostic: {severity, summary, detail, address}`).
 */
function terraformMessage(content: string): Omit<RawDiagnostic, "line"> | "other" | "unreadable" | undefined {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (!isRecord(json) || typeof json["@message"] !== "string" || typeof json.type !== "string") return undefined;
  const diagnostic = json.diagnostic;
  if (json.type !== "diagnostic" || !isRecord(diagnostic) || diagnostic.severity !== "error") return "other";
  const { summary, detail, address } = diagnostic;
  if (typeof summary !== "string") return "unreadable";
  return {
    ...(typeof address === "string" && address !== "" ? { address } : {}),
    summaryLines: summary.split("\n"),
    detailLines: typeof detail === "string" && detail !== "" ? detail.split("\n") : [],
  };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
