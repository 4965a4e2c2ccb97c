/**
 * Diagnostic blocks in human `terraform apply` output, one reader per output stream (the plain log, or one cdktf
 * stack). Terraform prints each diagnostic as (terraform-provider.md §4.3, "Human-readable output"):
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
 * With colour off, Terraform 1.x drops the box and prints the same lines unframed; older releases and some CI
 * wrappers keep it. Both are read. Lines arrive here with ANSI codes and any cdktf stack prefix already removed.
 */
import type { RawDiagnostic } from "./parse-model";

const HEADER = /^(Error|Warning):\s?(.*)$/;
const WITH = /^\s+with (.+),\s*$/;
const LOCATION = /^\s+(?:with|on) /;
/** A Terraform progress line (`<address>: Creating...`): an unframed block cannot run past one. */
const PROGRESS =
  /^[\w.[\]"-]+(?: \([\w-]+\))?: (?:Creating|Modifying|Destroying|Reading|Refreshing|Still|Creation|Modifications|Destruction|Read complete|Provisioning)/;

/** Bounds on one block, so a runaway block (a missing `╵`) cannot hold the log in memory. */
const MAX_BLOCK_LINES = 400;
const MAX_BLOCK_CHARS = 256 * 1024;

interface OpenBlock {
  readonly boxed: boolean;
  /** Undefined while a box is open but its `Error:` / `Warning:` line has not come yet. */
  severity?: "error" | "warning";
  line: number;
  readonly lines: string[];
  chars: number;
  /** Whether the last line was blank. */
  afterBlank: boolean;
}

export class BlockReader {
  private block: OpenBlock | undefined;

  constructor(
    private readonly emit: (raw: RawDiagnostic) => void,
    private readonly stack?: string,
  ) {}

  /** Whether a block is open, so a line that is not Terraform's own (a bare JSON line) belongs to it. */
  get open(): boolean {
    return this.block !== undefined;
  }

  /** Reads one line (ANSI codes and stack prefix removed). Lines outside any block are ordinary output. */
  push(content: string, lineNo: number): void {
    const lead = content.charAt(0);
    if (lead === "╷") return this.start(true, lineNo);
    if (lead === "╵") return this.block?.boxed === true ? this.close() : undefined;
    if (lead === "│") return this.boxLine(content.slice(content.startsWith("│ ") ? 2 : 1), lineNo);
    // Inside an unframed block, only a header after a blank line starts a new one: a wrapped detail line can begin
    // with "Error: " too (`…"errorMessage":"API` / `Error: 409 - …`).
    const header = this.block?.boxed === false && !this.block.afterBlank ? null : HEADER.exec(content);
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
  }

  private start(boxed: boolean, lineNo: number): void {
    this.close();
    this.block = { boxed, line: lineNo, lines: [], chars: 0, afterBlank: false };
  }

  private boxLine(body: string, lineNo: number): void {
    if (this.block?.boxed !== true) this.start(true, lineNo); // a box whose `╷` was cut off
    if (this.block?.severity !== undefined) return this.add(body);
    const header = HEADER.exec(body);
    if (header !== null) this.header(header, lineNo);
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
    if (block.lines.length >= MAX_BLOCK_LINES || block.chars >= MAX_BLOCK_CHARS) return;
    block.lines.push(line);
    block.chars += line.length;
  }

  private diagnostic(block: OpenBlock): RawDiagnostic {
    const { lines } = block;
    let i = 0;
    while (i < lines.length && (i === 0 || (lines[i] ?? "").trim() !== "")) i++;
    const summaryLines = lines.slice(0, i);
    while (i < lines.length && (lines[i] ?? "").trim() === "") i++;
    let address: string | undefined;
    if (LOCATION.test(lines[i] ?? "")) {
      for (; i < lines.length && /^\s/.test(lines[i] ?? ""); i++) address ??= WITH.exec(lines[i] ?? "")?.[1];
    }
    const detailLines = trimBlankEnds(lines.slice(i));
    return {
      line: block.line,
      ...(this.stack === undefined ? {} : { stack: this.stack }),
      ...(address === undefined ? {} : { address }),
      summaryLines,
      detailLines,
    };
  }
}

function trimBlankEnds(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? "").trim() === "") start++;
  while (end > start && (lines[end - 1] ?? "").trim() === "") end--;
  return lines.slice(start, end);
}
