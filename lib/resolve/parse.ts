/**
 * `gcguard resolve`'s log parser: the error diagnostics of a failed `terraform apply` or `cdktf deploy`, as
 * `Failure`s carrying the provider's detail JSON (docs/provider-errors.md), and what the log shows of each
 * resource's progress (docs/log-formats.md).
 *
 * Raw lines go through the input layer first (lib/logs: CI runner framing, terminal redraws, cdktf's stream
 * framing); each resulting line is then read on its own, so one log may mix:
 * - `terraform apply -json`: a JSON object per line (diagnostics, resource hooks, the change summary);
 * - human output, with or without ANSI colour and the `╷ │ ╵` box (`./parse-human`);
 * - `cdktf deploy`: human output per stack.
 *
 * The input is streamed: what is kept is the failures found, one open block per output stream (bounded), and one
 * small record per resource address seen. Nothing in a log makes the parser throw.
 */
import type { LogLine, LogShape } from "../logs/normalize";
import { LogNormalizer } from "../logs/normalize";
import { redactText } from "../redact";
import { readAddress } from "../terraform/address";
import { toFailure } from "./parse-detail";
import { BlockReader } from "./parse-human";
import { readJsonLine } from "./parse-json";
import type { Failure, ParseOptions, ParseResult, RawDiagnostic } from "./parse-model";

export type { Failure, ParseOptions, ParseResult, ProviderErrorDetail, ResourceActivity } from "./parse-model";

/** `<address>: <progress>`, Terraform's per-resource progress lines, with the id where it prints one. */
const PROGRESS =
  /^: (Creating|Destroying|Modifying|Reading|Refreshing state|Importing|Still (?:creating|destroying|modifying|reading)|Creation complete|Destruction complete|Modifications complete|Read complete|Import complete)(?:\.\.\.| after [^[]*)?\s*(?:\[id=([^,\]]+)(?:, [^\]]*)?\])?/;
const ACTION_OF: Readonly<Record<string, string>> = {
  Creating: "create",
  Destroying: "delete",
  Modifying: "update",
  Reading: "read",
  "Refreshing state": "refresh",
  Importing: "import",
};
/**
 * Human lines only Terraform prints: the log is Terraform output even if nothing failed. Whole sentences or whole
 * lines, so a text that merely contains "No changes." or "Outputs:" is not taken for a clean log.
 */
const TERRAFORM_MARKERS =
  /^(?:Terraform (?:used the selected providers|will perform the following actions|has been successfully initialized|v\d+\.\d+\.\d+\S*$)|Initializing (?:the backend|provider plugins|modules)|Plan: \d+ to (?:add|import)|No changes\. (?:Your infrastructure matches|Infrastructure is up-to-date)|(?:Apply|Destroy) complete! Resources:|Apply cancelled\.|(?:Changes to )?Outputs:$|Acquiring state lock|Releasing state lock|Note: Objects have changed outside of Terraform|OpenTofu (?:used|will perform|has been successfully initialized))/;
const FINISHED = /^(?:Apply|Destroy) complete! Resources:/;
/** Human lines that end a run: an apply, a destroy, a plan (`terraform plan`, or the plan an apply shows first). */
const RUN_ENDED =
  /^(?:(?:Apply|Destroy) complete! Resources:|Apply cancelled\.|No changes\. (?:Your infrastructure matches|Infrastructure is up-to-date)|Plan: \d+ to (?:add|import))/;
/** Terraform's output behind a prefix gcguard does not know (a CI runner's own timestamp format): the prefix. */
const EMBEDDED =
  /^(.{1,80}?)(?=Terraform v\d|(?:│ )?Error: |Apply complete! Resources:|Terraform will perform|Terraform used the selected providers|Initializing (?:the backend|provider plugins)|\{"@level":)/;

/**
 * Parses a `terraform apply` (human or `-json`) or `cdktf deploy` log, streamed raw line by raw line (without the
 * newlines). Every string in the failures is masked with `redactText` (lib/redact.ts).
 */
export async function parseApplyLog(
  input: AsyncIterable<string> | Iterable<string>,
  options: ParseOptions = {},
): Promise<ParseResult> {
  const parser = new LogParser(options.secrets ?? []);
  const normalizer = new LogNormalizer((line) => parser.line(line));
  for await (const raw of input) normalizer.push(raw);
  return parser.finish(normalizer.end());
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

interface MutableActivity {
  readonly address: string;
  action?: string;
  id?: string;
  started: boolean;
  completed: boolean;
  errored: boolean;
  stack?: string;
  line: number;
}

class LogParser {
  private skipped = 0;
  private readonly failures: Failure[] = [];
  private readonly readers = new Map<string | undefined, BlockReader>();
  private readonly activity = new Map<string, MutableActivity>();
  private readonly unreadable: { line: number; text: string }[] = [];
  private seen = { json: false, human: false };
  private embedded: { line: number; prefix: string } | undefined;
  private applyStarted = false;
  private applyFinished = false;
  /** Stacks (cdktf's prefixes; undefined for plain terraform) whose run ended, and the named stacks seen. */
  private readonly ended = new Set<string | undefined>();
  private readonly stacks = new Set<string>();
  /** The last line with text, and the last `-json` message that did not parse: equal when the log was cut there. */
  private lastText = 0;
  private lastUnreadable = 0;

  constructor(private readonly secrets: readonly string[]) {}

  line(line: LogLine): void {
    const content = line.text;
    const reader = this.reader(line.stack);
    if (line.stack !== undefined) this.stacks.add(line.stack);
    if (content.trimStart().startsWith("{")) {
      this.lastText = line.no;
      return this.jsonLine(line, reader);
    }
    const trimmed = content.trim();
    if (trimmed === "") return reader.push(content, line.no);
    this.lastText = line.no;
    if (TERRAFORM_MARKERS.test(trimmed)) this.seen.human = true;
    else if (!this.seen.human && !this.seen.json && this.embedded === undefined) {
      const prefix = EMBEDDED.exec(trimmed)?.[1];
      if (prefix !== undefined) this.embedded = { line: line.no, prefix };
    }
    if (FINISHED.test(trimmed)) this.applyFinished = true;
    if (RUN_ENDED.test(trimmed)) this.ended.add(line.stack);
    this.progress(trimmed, line);
    reader.push(content, line.no);
  }

  finish(shape: LogShape): ParseResult {
    for (const reader of this.readers.values()) reader.close();
    const failures = withoutEchoes(this.failures).sort((a, b) => a.source.line - b.source.line);
    if (failures.length > 0) this.seen.human ||= !this.seen.json;
    const format = shape.stacks.length > 0 ? "cdktf" : this.seen.json ? "json" : this.seen.human ? "human" : "unknown";
    return {
      failures,
      format,
      skippedLines: this.skipped,
      activity: [...this.activity.values()],
      applyStarted: this.applyStarted,
      applyFinished: this.applyFinished,
      runEnded: this.stacks.size > 0 ? [...this.stacks].every((s) => this.ended.has(s)) : this.ended.size > 0,
      unreadableErrors: this.unreadable.map((u) => ({ ...u, text: redactText(u.text, this.secrets) })),
      ...(this.lastUnreadable > 0 && this.lastUnreadable === this.lastText ? { cutAt: this.lastText } : {}),
      ...(this.embedded && format === "unknown"
        ? { embedded: { ...this.embedded, prefix: redactText(this.embedded.prefix, this.secrets) } }
        : {}),
      // What the runner's lines say is echoed in reports too: mask it like the failures.
      shape: {
        ...shape,
        runFailures: shape.runFailures.map((r) => ({ ...r, text: redactText(r.text, this.secrets) })),
      },
    };
  }

  private reader(stack: string | undefined): BlockReader {
    let reader = this.readers.get(stack);
    if (reader === undefined) {
      reader = new BlockReader(
        (raw) => this.found(raw),
        stack,
        (line, text) =>
          this.unreadable.push({ line, text: `a diagnostic box without its Error: line: ${text.slice(0, 160)}` }),
      );
      this.readers.set(stack, reader);
    }
    return reader;
  }

  private record(address: string, line: LogLine, update: (a: MutableActivity) => void): void {
    // Keyed by stack and address: two cdktf stacks can both have genesyscloud_group.x.
    const key = `${line.stack ?? ""}\u0000${address}`;
    let a = this.activity.get(key);
    if (a === undefined) {
      a = {
        address,
        started: false,
        completed: false,
        errored: false,
        line: line.no,
        ...(line.stack ? { stack: line.stack } : {}),
      };
      this.activity.set(key, a);
    }
    update(a);
  }

  /** `<address>: Destroying... [id=…]` and its kin: which resource was being changed, and its id. */
  private progress(text: string, line: LogLine): void {
    const match = readAddress(text, 0, { constructPath: true });
    if (match === undefined) return;
    const m = PROGRESS.exec(text.slice(match.end));
    if (m === null) return;
    this.seen.human = true;
    const [, verb = "", id] = m;
    const action = ACTION_OF[verb];
    if (action !== undefined && action !== "read" && action !== "refresh") this.applyStarted = true;
    if (verb.startsWith("Still")) this.applyStarted = true;
    this.record(match.text, line, (a) => {
      if (action !== undefined) {
        a.action = action;
        if (action !== "read" && action !== "refresh") a.started = true;
      }
      if (/complete$/.test(verb) && verb !== "Read complete") a.completed = true;
      if (id !== undefined && id.trim() !== "") a.id = id.trim();
    });
  }

  /** A Terraform `-json` message, or a bare JSON line inside a human block (the detail), or unreadable. */
  private jsonLine(line: LogLine, reader: BlockReader): void {
    const parsed = readJsonLine(line.text.trim());
    switch (parsed.kind) {
      case "not-json":
        if (reader.open) reader.push(line.text, line.no);
        else this.skipped++;
        return;
      case "other":
        this.seen.json = true;
        reader.close();
        return;
      case "summary":
        this.seen.json = true;
        this.ended.add(line.stack);
        if (parsed.operation === "apply" || parsed.operation === "destroy") this.applyFinished = true;
        return;
      case "hook": {
        this.seen.json = true;
        const { hook } = parsed;
        this.applyStarted = true;
        this.record(hook.address, line, (a) => {
          if (hook.action !== undefined) a.action = hook.action;
          if (hook.id !== undefined) a.id = hook.id;
          if (hook.kind === "start") a.started = true;
          if (hook.kind === "complete") a.completed = true;
          if (hook.kind === "errored") a.errored = true;
        });
        return;
      }
      case "unreadable":
        this.skipped++;
        this.lastUnreadable = line.no;
        if (parsed.error) this.unreadable.push({ line: line.no, text: line.text.slice(0, 200) });
        return;
      case "diagnostic":
        this.seen.json = true;
        reader.close();
        this.found(
          { line: line.no, ...(line.stack ? { stack: line.stack } : {}), ...parsed.diagnostic },
          parsed.salvaged,
        );
    }
  }

  private found(raw: RawDiagnostic, salvaged = false): void {
    const failure = toFailure(raw, this.secrets);
    this.failures.push(salvaged ? { ...failure, salvaged: true } : failure);
  }
}

/**
 * The failures without cdktf's echoes: when Terraform fails outside its pseudo-terminal, cdktf logs the same
 * diagnostic twice, once through its logger (no stack) and once in the stack's stream (docs/log-formats.md). The
 * copy without a stack is dropped when a stack's copy has the same text.
 */
function withoutEchoes(failures: readonly Failure[]): Failure[] {
  const key = (f: Failure) => JSON.stringify([f.summary, f.detail ?? null, f.address ?? null, f.provider ?? null]);
  const inStacks = new Set(failures.filter((f) => f.stack !== undefined).map(key));
  return failures.filter((f) => f.stack !== undefined || !inStacks.has(key(f)));
}
