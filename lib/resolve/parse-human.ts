/**
 * Diagnostic blocks in human `terraform apply` output, one reader per output stream (the plain log, or one cdktf
 * stack). Terraform prints each diagnostic as (docs/log-formats.md, "Terraform's human output"):
 *
 *     ╷
 *     │ Error: <summary, never wrapped; retry paths add lines: \n<json>\n>
 *     │
 *     │   with <address>,
 *     │   on cdk.tf.json line 42, in resource.<address>:
 *     │   42:       },
 *     │
 *     │ <detail, word-wrapped at the terminal width>
 *     ╵
 *
 * With colour off, Terraform 1.x drops the box and prints the same lines unframed. Pastes lose parts of it: the
 * corners, the `│ ` prefix, the blank lines, the indentation; Terraform Cloud's web view flattens it; Terraform
 * 0.12 printed no `with` line. All of these are read. Lines arrive here with CI and cdktf framing and ANSI codes
 * already removed (lib/logs).
 */
import { parseProviderAddress, readAddress } from "../terraform/address";
import type { RawDiagnostic } from "./parse-model";

const HEADER = /^(Error|Warning):\s?(.*)$/;
/** `with <address>,` (the comma is lost in some web-view copies). */
const WITH = /^\s*with (.+?),?\s*$/;
/** `on <file> line <n>, in <block>:` and what follows it: the source snippet and its expression values. */
const ON = /^\s*on .+ line \d+(?:, in (.+?))?:\s*$/;
const SNIPPET = /^\s*(?:\d+:|\(source code not available\)|├|│|└)/;
/** `in resource "<type>" "<name>"` (HCL) or `in resource.<type>.<name>` (cdktf JSON): the configuration block. */
const IN_BLOCK = /^(resource|data)(?: "([^"]+)" "([^"]+)"|\.([^.\s]+)\.([^\s(]+))/;
/** A Terraform progress line (`<address>: Creating...`): an unframed block cannot run past one. */
const PROGRESS =
  /^\S+(?: \([^()]*\))?: (?:Creating|Modifying|Destroying|Reading|Refreshing|Still|Creation|Modifications|Destruction|Read complete|Provisioning|Importing|Import complete)/;
/** The SDK's error text wrapped by Terraform's word wrap: a line ending `API`, the next starting `Error: 409 - `. */
const SDK_CONTINUATION = /^Error: \d{3} - /;

/** Bounds on one block, so a runaway block (a missing `╵`) cannot hold the log in memory. */
const MAX_BLOCK_LINES = 400;
const MAX_BLOCK_CHARS = 256 * 1024;

interface OpenBlock {
  boxed: boolean;
  /** Undefined while a box is open but its `Error:` / `Warning:` line has not come yet. */
  severity?: "error" | "warning";
  line: number;
  readonly lines: string[];
  chars: number;
  /** Whether the last line was blank. */
  afterBlank: boolean;
  /** The last line added, trimmed. */
  previous: string;
  /** The first text line of a box whose `Error:` / `Warning:` line is missing (a cut paste). */
  orphan?: { readonly line: number; readonly text: string };
}

/** A paste's decorations around a box: markdown bold (`**╷`, `╵**`), an ASCII corner, a corner glued to a spinner. */
function boxChar(content: string): { lead: string; body: string } {
  let s = content;
  if (s.startsWith("**") && /^[╷│╵]/.test(s.slice(2))) s = s.slice(2);
  if (/^[╷╵]\*\*$/.test(s)) s = s.charAt(0);
  if (s === "|" || s === "| ") return { lead: "╷", body: "" };
  if (s.length > 1 && s.endsWith("╷") && !s.startsWith("│")) return { lead: "╷", body: "" };
  return { lead: s.charAt(0), body: s };
}

export class BlockReader {
  private block: OpenBlock | undefined;

  constructor(
    private readonly emit: (raw: RawDiagnostic) => void,
    private readonly stack?: string,
    /** Called for a box that has text but no `Error:` / `Warning:` line: it may be an error gcguard cannot read. */
    private readonly headless: (line: number, text: string) => void = () => {},
  ) {}

  /** Whether a block is open, so a line that is not Terraform's own (a bare JSON line) belongs to it. */
  get open(): boolean {
    return this.block !== undefined;
  }

  /** Reads one line. Lines outside any block are ordinary output. */
  push(content: string, lineNo: number): void {
    const { lead, body } = boxChar(content);
    if (lead === "╷") return this.start(true, lineNo);
    if (lead === "╵") return this.block?.boxed === true ? this.close() : undefined;
    if (lead === "│") return this.boxLine(body.slice(body.startsWith("│ ") ? 2 : 1), lineNo);
    const header = this.startsBlock(content) ? HEADER.exec(content) : null;
    if (header !== null) {
      this.start(false, lineNo);
      return this.header(header, lineNo);
    }
    // A stray unframed line inside a box (another stream's output) is ignored; an unframed block takes it.
    if (this.block?.boxed !== false) return;
    if (PROGRESS.test(content)) return this.close();
    this.add(content);
  }

  /** Ends the open block, if any (end of input, or a line that cannot belong to it). */
  close(): void {
    const block = this.block;
    this.block = undefined;
    if (block?.severity === "error") this.emit(this.diagnostic(block));
    else if (block?.severity === undefined && block?.orphan !== undefined)
      this.headless(block.orphan.line, block.orphan.text);
  }

  /**
   * Whether an `Error:` line begins a new diagnostic rather than continuing the open one: a wrapped detail line can
   * begin with "Error: " too (`…"errorMessage":"API` / `Error: 409 - …`), and a paste may have lost the blank line
   * between two diagnostics.
   */
  private startsBlock(line: string): boolean {
    const block = this.block;
    if (block === undefined || block.severity === undefined) return true;
    if (block.afterBlank && !jsonOpen(block.lines)) return true;
    if (SDK_CONTINUATION.test(line) && /API"?$/.test(block.previous)) return false;
    return !jsonOpen(block.lines) && block.lines.length > 1;
  }

  private start(boxed: boolean, lineNo: number): void {
    this.close();
    this.block = { boxed, line: lineNo, lines: [], chars: 0, afterBlank: false, previous: "" };
  }

  private boxLine(body: string, lineNo: number): void {
    if (this.block === undefined)
      this.start(true, lineNo); // a box whose `╷` was cut off
    // An unframed `Error:` line followed by box lines: a paste that lost the first line's `│`.
    else if (!this.block.boxed) this.block.boxed = true;
    const block = this.block;
    if (block?.severity === undefined) {
      const header = HEADER.exec(body);
      if (header !== null) this.header(header, lineNo);
      else if (block !== undefined && body.trim() !== "") block.orphan ??= { line: lineNo, text: body.trim() };
      return;
    }
    // Two diagnostics whose `╵` / `╷` a paste dropped: a header after a blank box line starts the next one.
    const header = HEADER.exec(body);
    if (header !== null && block.afterBlank && this.startsBlock(body)) {
      this.start(true, lineNo);
      return this.header(header, lineNo);
    }
    this.add(body);
  }

  private header(match: RegExpExecArray, lineNo: number): void {
    if (this.block === undefined) return;
    this.block.severity = match[1] === "Error" ? "error" : "warning";
    this.block.line = lineNo;
    this.add(match[2] ?? "");
  }

  private add(line: string): void {
    const block = this.block;
    if (block === undefined) return;
    block.afterBlank = line.trim() === "";
    block.previous = line.trim();
    if (block.lines.length >= MAX_BLOCK_LINES || block.chars >= MAX_BLOCK_CHARS) return;
    block.lines.push(line);
    block.chars += line.length;
  }

  private diagnostic(block: OpenBlock): RawDiagnostic {
    const { lines } = block;
    const isLocation = (l: string) => WITH.test(l) || ON.test(l);
    // The summary: the header line, and any lines up to a blank line or the location (retry paths add JSON).
    let i = 1;
    while (i < lines.length && (lines[i] ?? "").trim() !== "" && !isLocation(lines[i] ?? "")) i++;
    const summaryLines = lines.slice(0, i);
    while (i < lines.length && (lines[i] ?? "").trim() === "") i++;
    const location: Location = {};
    while (
      i < lines.length &&
      (isLocation(lines[i] ?? "") || (location.seen === true && SNIPPET.test(lines[i] ?? "")))
    ) {
      readLocation(lines[i] ?? "", location);
      i++;
    }
    const detailLines = trimBlankEnds(lines.slice(i));
    return {
      line: block.line,
      ...(this.stack === undefined ? {} : { stack: this.stack }),
      ...(location.address === undefined ? {} : { address: location.address }),
      ...(location.constructPath === undefined ? {} : { constructPath: location.constructPath }),
      ...(location.provider === undefined ? {} : { provider: location.provider }),
      ...(location.configAddress === undefined || location.address !== undefined
        ? {}
        : { configAddress: location.configAddress }),
      summaryLines,
      detailLines,
    };
  }
}

interface Location {
  seen?: boolean;
  address?: string;
  constructPath?: string;
  provider?: string;
  configAddress?: string;
}

/** What one `with …,` / `on …, in …:` line names. */
function readLocation(line: string, into: Location): void {
  into.seen = true;
  const withLine = WITH.exec(line);
  if (withLine !== null) {
    const target = withLine[1] ?? "";
    const provider = parseProviderAddress(target);
    if (provider.ok) {
      into.provider = provider.value.source;
      return;
    }
    const match = readAddress(target, 0, { constructPath: true });
    if (match !== undefined && match.end === target.length) {
      into.address = match.text;
      if (match.constructPath !== undefined) into.constructPath = match.constructPath;
    }
    return;
  }
  const block = ON.exec(line)?.[1];
  if (block === undefined) return;
  const m = IN_BLOCK.exec(block);
  if (m === null) {
    const provider = /^provider "([^"]+)"/.exec(block)?.[1];
    if (provider !== undefined) into.provider ??= provider;
    return;
  }
  const [, mode, hclType, hclName, jsonType, jsonName] = m;
  const type = hclType ?? jsonType;
  const name = hclName ?? jsonName;
  if (type !== undefined && name !== undefined) into.configAddress = `${mode === "data" ? "data." : ""}${type}.${name}`;
}

/**
 * Whether the lines hold a JSON object (the provider's detail, opening `{"`) that has not closed yet, strings taken
 * into account. A source snippet's `resource "x" "y" {` does not count.
 */
function jsonOpen(lines: readonly string[]): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  for (const line of lines) {
    for (let i = 0; i < line.length; i++) {
      const c = line.charAt(i);
      if (!started) {
        if (c === "{" && line.charAt(i + 1) === '"') {
          started = true;
          depth = 1;
        }
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === "\\") escaped = true;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) started = false;
      }
    }
  }
  return started && depth > 0;
}

function trimBlankEnds(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start++;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end);
}
