/**
 * The input layer for logs: raw lines in, the lines Terraform printed out, each with the cdktf stack it belongs to.
 * One place for every transform (docs/log-formats.md): CI runner framing, GitLab's `+` continuations and sections,
 * terminal redraws and colour, cdktf's logger and stream framing. What the framing itself says (the runner, the
 * stacks, that the job failed) is kept in `LogShape`.
 */
import type { CiRunner } from "./ci";
import { hasClockStamp, innerFraming, outerFraming, withoutGitlabSections } from "./ci";
import { CdktfFraming } from "./cdktf";
import { visibleText } from "./terminal";

export interface LogLine {
  /** 1-based line number in the input (the first raw line of a joined GitLab entry). */
  readonly no: number;
  /** What Terraform printed on this line. */
  readonly text: string;
  /** The cdktf stack whose output this line is, when cdktf framed it. */
  readonly stack?: string;
}

export interface LogShape {
  /** CI runners whose framing was recognised. */
  readonly runners: readonly CiRunner[];
  /** cdktf stacks seen in the stream framing, in order of appearance. */
  readonly stacks: readonly string[];
  /** cdktf's logger prefix (`[…] [ERROR] default - `) was seen. */
  readonly cdktfLogger: boolean;
  readonly ansi: boolean;
  readonly crlf: boolean;
  /** Lines where the CI runner or cdktf said the run failed. */
  readonly runFailures: readonly { readonly line: number; readonly text: string }[];
}

/** Lines looked at before deciding whether bare `HH:MM:SS  ` prefixes are Jenkins web-view stamps. */
const CLOCK_PROBE = 5;

export class LogNormalizer {
  private no = 0;
  private readonly runners = new Set<CiRunner>();
  private readonly cdktf = new CdktfFraming();
  private readonly runFailures: { line: number; text: string }[] = [];
  private ansi = false;
  private crlf = false;
  /** Raw lines held back until the clock-stamp question is settled. */
  private probe: { raw: string; no: number }[] | undefined = [];
  private clockStamps = false;
  /** The last entry, held until we know no GitLab `+` entry continues it. */
  private pending: { text: string; no: number } | undefined;

  constructor(private readonly emit: (line: LogLine) => void) {}

  /** One raw line, without its `\n`. */
  push(raw: string): void {
    this.no++;
    if (this.probe === undefined) return this.unframe(raw, this.no);
    this.probe.push({ raw, no: this.no });
    const filled = this.probe.filter((p) => p.raw.trim() !== "");
    if (filled.length >= CLOCK_PROBE) this.settleProbe();
  }

  end(): LogShape {
    if (this.probe !== undefined) this.settleProbe();
    this.flush();
    // Azure Pipelines' agent and GitHub's runner share the timestamp format; `##[section]` lines tell them apart.
    if (this.runners.has("azure-pipelines")) this.runners.delete("github-actions");
    return {
      runners: [...this.runners],
      stacks: this.cdktf.stacks,
      cdktfLogger: this.cdktf.logger,
      ansi: this.ansi,
      crlf: this.crlf,
      runFailures: this.runFailures,
    };
  }

  private settleProbe(): void {
    const probe = this.probe ?? [];
    const filled = probe.filter((p) => p.raw.trim() !== "");
    // Most lines, not all: a paste often loses the stamp of a line or two.
    this.clockStamps = filled.length >= 2 && filled.filter((p) => hasClockStamp(p.raw)).length >= filled.length * 0.6;
    this.probe = undefined;
    for (const p of probe) this.unframe(p.raw, p.no);
  }

  private unframe(raw: string, no: number): void {
    const outer = outerFraming(raw, this.clockStamps);
    if (outer.runner) this.runners.add(outer.runner);
    if (outer.continues && this.pending !== undefined) {
      this.pending.text += outer.text;
      return;
    }
    this.flush();
    this.pending = { text: outer.text, no };
  }

  private flush(): void {
    const entry = this.pending;
    this.pending = undefined;
    if (entry === undefined) return;
    const sections = withoutGitlabSections(entry.text);
    if (sections.found) this.runners.add("gitlab");
    const visible = visibleText(sections.text);
    this.ansi ||= visible.ansi;
    this.crlf ||= visible.crlf;
    // A BOM can open any page of a runner's log.
    const text = visible.text.startsWith("\ufeff") ? visible.text.slice(1) : visible.text;
    const inner = innerFraming(pasted(text));
    if (inner.runner) this.runners.add(inner.runner);
    if (inner.runFailed) this.runFailures.push({ line: entry.no, text: inner.text });
    if (inner.bookkeeping) return;
    const framed = this.cdktf.read(inner.text);
    if (framed.kind === "noise") return;
    if (framed.kind === "failed") {
      this.runFailures.push({ line: entry.no, text: framed.text });
      return;
    }
    this.emit({ no: entry.no, text: framed.text, ...(framed.stack === undefined ? {} : { stack: framed.stack }) });
  }
}

/**
 * A line as pasted into an issue or a chat, with the Markdown around it taken off: inline code backticks around the
 * whole line, and bold markers (`**`) at its ends. Fence lines (```` ``` ````) stay; they are not Terraform's.
 */
function pasted(text: string): string {
  const code = /^`([^`].*[^`]|[^`])`$/.exec(text);
  if (code !== null) return code[1] ?? text;
  if (text.startsWith("**") || text.endsWith("**")) return text.replace(/^\*\*(?=\S)/, "").replace(/(?<=\S)\*\*$/, "");
  return text;
}
