/**
 * Bytes of a log to lines of text: encoding (UTF-8 with or without BOM, UTF-16 as PowerShell's `>` writes it),
 * limits, and a refusal, naming what the input looks like, for anything that is not a log at all (docs/log-formats.md,
 * "Inputs that are not logs").
 */
import { TextDecoder } from "node:util";

import { InputError } from "../errors";

/** Largest log read; a longer one is refused at once (exit 2) rather than read for minutes. */
export const MAX_LOG_BYTES = 512 * 1024 * 1024;
/** Longest line kept whole; the rest of a longer line is dropped (a truncated `-json` line is still salvaged). */
export const MAX_LINE_CHARS = 4 * 1024 * 1024;
/** How much of the start is looked at to tell what the input is. */
const SNIFF_BYTES = 64 * 1024;

type Encoding = "utf-8" | "utf-16le" | "utf-16be";

/** What the start of the input is, when it is clearly not a log. */
export function notALog(head: string): string | undefined {
  const text = head.replace(/^\ufeff/, "").trimStart();
  if (text === "") return undefined;
  if (/^<(?:!doctype html|html[\s>])/i.test(text)) {
    return "an HTML page (a saved CI web view?); download the job's raw log instead";
  }
  const first = text.charAt(0);
  // A bracketed timestamp (`[2024-01-15T10:20:30.123Z] `, Jenkins; `[…] [ERROR] default - `, cdktf's logger), a
  // `[Pipeline]` line or any other `[token] ` prefix (`[12:00:01] `) opens a log, not a JSON array: a JSON array's
  // first element is never followed by `] ` on the same line.
  const bracketedLog = /^\[(?:\d{4}-\d\d-\d\d[T ]|[A-Za-z][\w ]*\])/.test(text) || /^\[[^\][{},"\n]*\][ \t]/.test(text);
  if (first === "{" || (first === "[" && !bracketedLog)) {
    const firstLine = text.split("\n", 1)[0] ?? "";
    if (/^\{\s*"@level"\s*:/.test(firstLine) || /"@message"\s*:/.test(firstLine.slice(0, 4096))) return undefined;
    const window = text.slice(0, 4096);
    if (
      /"format_version"/.test(window) &&
      /"(?:planned_values|resource_changes|prior_state|configuration)"/.test(text)
    ) {
      return "a Terraform JSON plan ('terraform show -json plan.out'); pass it with --plan and give resolve the apply's output";
    }
    if (/"terraform_version"/.test(window) && /"(?:lineage|serial|values)"/.test(window)) {
      return "a Terraform state file; give resolve the output of the failed 'terraform apply' or 'cdktf deploy'";
    }
    if (/"provider_schemas"/.test(window))
      return "a provider schema ('terraform providers schema -json'), not an apply log";
    if (/"stacks"/.test(window) && /"version"/.test(window)) {
      return "an adoption manifest (gcguard.imports.json), not an apply log";
    }
    return "a JSON document, not Terraform's line-per-message '-json' output; give resolve the apply's output";
  }
  if (/^(?:null|true|false|-?\d[\d.eE+-]*)\s*$/.test(text.slice(0, 64)) || /^"(?:[^"\\\n]|\\.)*"\s*$/.test(text)) {
    return "a bare JSON value, not an apply log; give resolve the output of 'terraform apply' (human or -json) or 'cdktf deploy'";
  }
  return undefined;
}

function sniffEncoding(head: Uint8Array): Encoding | "binary" | "zip" {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "zip";
  const n = Math.min(head.length, 4096);
  let zerosEven = 0;
  let zerosOdd = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = head[i] ?? 0;
    if (b === 0) {
      if (i % 2 === 0) zerosEven++;
      else zerosOdd++;
    } else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  const half = n / 2;
  // UTF-16 without a BOM: ASCII text has a NUL in every other byte.
  if (n >= 16 && zerosOdd > half * 0.6 && zerosEven < half * 0.05) return "utf-16le";
  if (n >= 16 && zerosEven > half * 0.6 && zerosOdd < half * 0.05) return "utf-16be";
  if (zerosEven + zerosOdd > 0 || controls > n * 0.1) return "binary";
  return "utf-8";
}

function swapBytes(chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(chunk.length);
  for (let i = 0; i + 1 < chunk.length; i += 2) {
    out[i] = chunk[i + 1] ?? 0;
    out[i + 1] = chunk[i] ?? 0;
  }
  return out;
}

/**
 * Text to lines, across chunks: a line split over two chunks is carried to the next; a line longer than
 * MAX_LINE_CHARS is cut there (the rest is dropped). Remembers whether any line held more than whitespace.
 */
class LineSplitter {
  private carry = "";
  sawText = false;

  *split(text: string, final: boolean): Generator<string> {
    let s = this.carry + text;
    let start = 0;
    for (let end = s.indexOf("\n"); end >= 0; end = s.indexOf("\n", start)) {
      const line = s.slice(start, end);
      if (line.trim() !== "") this.sawText = true;
      yield line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;
      start = end + 1;
    }
    s = s.slice(start);
    if (s.length > MAX_LINE_CHARS) s = s.slice(0, MAX_LINE_CHARS); // the rest of an overlong line is dropped
    this.carry = s;
    if (final && this.carry !== "") {
      if (this.carry.trim() !== "") this.sawText = true;
      yield this.carry;
      this.carry = "";
    }
  }
}

/** A streaming decoder for the encoding the log's start showed; UTF-16BE goes through the LE decoder, byte-swapped. */
class LogDecoder {
  private odd: Uint8Array | undefined;

  constructor(
    private readonly decoder: TextDecoder,
    private readonly swap: boolean,
  ) {}

  decode(bytes: Uint8Array, final: boolean): string {
    let data = bytes;
    if (this.swap) {
      // Swap byte pairs, carrying an odd byte to the next chunk.
      const joined = this.odd ? concat(this.odd, data) : data;
      const even = joined.length - (joined.length % 2);
      this.odd = even < joined.length ? joined.slice(even) : undefined;
      data = swapBytes(joined.slice(0, even));
    }
    return this.decoder.decode(data, { stream: !final });
  }
}

/**
 * The decoder for a log whose first bytes are `head`, after checking that it is a log at all: throws an InputError
 * naming `label` for a zip archive, a binary file, or text that is recognisably something else (notALog).
 */
function openDecoder(head: Uint8Array, label: string): LogDecoder {
  const encoding = sniffEncoding(head);
  if (encoding === "zip") {
    throw new InputError(
      `${label}: this is a zip archive (a saved Terraform plan such as plan.out?), not an apply log; give resolve the apply's output, and the plan as JSON with --plan`,
    );
  }
  if (encoding === "binary") {
    throw new InputError(
      `${label}: this is a binary file, not an apply log; give resolve the text output of 'terraform apply' or 'cdktf deploy'`,
    );
  }
  const decoder = new TextDecoder(encoding === "utf-16be" ? "utf-16le" : encoding, { ignoreBOM: false });
  const swapped = encoding === "utf-16be";
  const probe = new TextDecoder(encoding === "utf-16be" ? "utf-16le" : encoding).decode(
    swapped ? swapBytes(head.slice(0, head.length - (head.length % 2))) : head,
  );
  const what = notALog(probe);
  if (what !== undefined) throw new InputError(`${label}: this is ${what}`);
  return new LogDecoder(decoder, swapped);
}

/**
 * The lines of a log (without their `\n`; a `\r` before it stays, for the terminal layer), decoded and checked.
 * Throws an InputError naming `name` for an empty input, a binary or non-log one, and one over MAX_LOG_BYTES.
 * The first SNIFF_BYTES are held back until the encoding and the kind of input are known.
 */
export async function* logLines(
  chunks: AsyncIterable<Uint8Array | string>,
  name: string,
  options: { readonly maxBytes?: number } = {},
): AsyncGenerator<string> {
  const maxBytes = options.maxBytes ?? MAX_LOG_BYTES;
  const lines = new LineSplitter();
  let decoder: LogDecoder | undefined;
  let held: Uint8Array = new Uint8Array(0);
  let total = 0;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) {
      throw new InputError(
        `${name}: the log is larger than ${sizeText(maxBytes)}; pass only the output of the failed apply (e.g. the one CI step's log)`,
      );
    }
    if (decoder === undefined) {
      held = concat(held, bytes);
      if (held.length < SNIFF_BYTES) continue;
      decoder = openDecoder(held, name);
      yield* lines.split(decoder.decode(held, false), false);
      held = new Uint8Array(0);
      continue;
    }
    yield* lines.split(decoder.decode(bytes, false), false);
  }
  if (decoder === undefined) yield* lines.split(openDecoder(held, name).decode(held, true), true);
  else yield* lines.split(decoder.decode(new Uint8Array(0), true), true);
  if (!lines.sawText) {
    throw new InputError(
      `${name}: the log is empty; pass the output of the failed 'terraform apply' or 'cdktf deploy' (a file, or - for stdin)`,
    );
  }
}

/** `512 MiB`, `64 KiB`. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
