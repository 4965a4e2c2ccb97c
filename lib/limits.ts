/**
 * How large each input may be (README.md, "Limits"). The limits are generous, far above any real org, and exist so
 * a wrong file (a disk image passed as a plan, a runaway export) is refused at once with the fix instead of being
 * read whole for minutes. A file is measured (stat) before it is read, so a refusal costs nothing.
 */
import { readFileSync, statSync } from "node:fs";

import type { Document } from "yaml";

import { InputError } from "./errors";

const MB = 1024 * 1024;

/** The input files gcguard reads, with the largest size each may have in bytes. */
export const INPUT_LIMITS = {
  "org config": 64 * MB,
  "adoption manifest": 64 * MB,
  /** Plans, states and synthesized stacks (cdk.tf.json). */
  "Terraform JSON": 256 * MB,
  "emulator seed": 256 * MB,
  /**
   * A CSV export, read as a stream: it costs the memberships it holds (about 230 bytes each), not the file. At this
   * limit, some 7 million rows, a read peaks near 1.6 GB (measured: 10 million rows, 370 MB, took 2.3 GB).
   */
  "IdP export": 256 * MB,
  /**
   * A JSON export is parsed whole (gcguard has no streaming JSON parser among its dependencies), and the parsed
   * document adds to the result, so a read peaks at some 13 times the file (measured: 125 MB took 1.6 GB): half the
   * CSV limit. Past it, the fix is the CSV form.
   */
  "IdP export (JSON)": 128 * MB,
  "delta state file": 1 * MB,
} as const;
export type InputKind = keyof typeof INPUT_LIMITS;

/** Above this size a file's reading is announced on stderr, so a long read is never silent. */
export const ANNOUNCE_BYTES = 10 * MB;

/**
 * What one answer of the SCIM delta endpoint may hold (README.md, "Delta endpoint"): an answer past these is
 * refused as "could not verify" (exit 3), since it comes from the endpoint, not from the user.
 */
export const DELTA_LIMITS: DeltaLimits = {
  /** Groups in one page. */
  groupsPerPage: 10_000,
  /** Groups over every page of one run. */
  groupsTotal: 1_000_000,
  /** Bytes of one page's body. */
  pageBytes: 64 * MB,
};

export interface DeltaLimits {
  readonly groupsPerPage: number;
  readonly groupsTotal: number;
  readonly pageBytes: number;
}

/** A size as messages print it: `57 MB`, `2.5 MB`, and below a megabyte `410 KB`. */
export function megabytes(bytes: number): string {
  if (bytes < MB) return `${Math.ceil(bytes / 1024)} KB`;
  const mb = bytes / MB;
  return `${mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10} MB`;
}

/** A leading UTF-8 byte order mark removed: editors on Windows add one, and JSON.parse refuses it. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export interface ReadInputOptions {
  /** The input as messages name it. @default the kind */
  readonly what?: string;
  /** Where "reading <file> (NN MB)" goes for a large file. @default stderr */
  readonly notify?: (line: string) => void;
  /** The fix a refusal names. @default - check that this is the right file, or split it */
  readonly fix?: string;
}

/**
 * Reads an input file as text without its BOM, after checking its size: past the kind's limit it is an InputError
 * naming the file, its size, the limit and the fix (exit 2). Errors of the file system (missing, a directory,
 * unreadable) are thrown as they are, for the caller to word; callers rethrow an InputError untouched.
 */
export function readInputText(file: string, kind: InputKind, options: ReadInputOptions = {}): string {
  checkInputSize(file, kind, options);
  return stripBom(readFileSync(file, "utf8"));
}

/**
 * Checks an input file's size before it is read: past the kind's limit it is an InputError naming the file, its
 * size, the limit and the fix (exit 2); past ANNOUNCE_BYTES the read is announced. For readers that stream the file
 * rather than take it whole from readInputText.
 */
export function checkInputSize(file: string, kind: InputKind, options: ReadInputOptions = {}): void {
  const size = fileSize(file);
  const limit = INPUT_LIMITS[kind];
  if (size !== undefined && size > limit) {
    throw new InputError(
      `${file}: the ${options.what ?? kind} is ${megabytes(size)}, over gcguard's limit of ${megabytes(limit)} for it; ` +
        `${options.fix ?? "check that this is the right file, or split it"} (README.md, "Limits")`,
    );
  }
  if (size !== undefined && size > ANNOUNCE_BYTES) {
    (options.notify ?? ((line) => process.stderr.write(`${line}\n`)))(`reading ${file} (${megabytes(size)})`);
  }
}

/** The size of a regular file; undefined for anything else (missing, a directory), which the read then reports. */
function fileSize(file: string): number | undefined {
  try {
    const stat = statSync(file);
    return stat.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A parsed YAML document's value. The YAML library refuses a document whose aliases expand past its bound (an "alias
 * bomb": a few lines that stand for billions of values) with a ReferenceError; that is bad input (exit 2), not a
 * failure to verify. `what` names the input in the message.
 */
export function yamlValue(doc: Document, what: string): unknown {
  try {
    return doc.toJS();
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    throw new InputError(
      `${what}: the YAML's aliases (*name) expand to too many values (${err.message}); write the entries out`,
    );
  }
}

/**
 * How deep a YAML input may nest. The YAML library recurses once per level and runs out of stack near 900 levels,
 * after which a second parse in the same process can abort Node outright; real inputs nest fewer than 20 levels.
 */
export const MAX_YAML_NESTING = 200;

/**
 * Refuses YAML text that nests deeper than MAX_YAML_NESTING, before the YAML library recurses into it (exit 2, naming
 * the line). One linear pass: a line's indentation (with the `- ` and `? ` of compact nesting) bounds its block
 * depth, and `[`/`{` minus `]`/`}` outside comments its flow depth. Brackets inside quoted text are counted too,
 * which can only make the estimate deeper, and no real input holds 200 unclosed ones.
 */
export function checkYamlNesting(text: string, source: string): void {
  let flow = 0;
  let line = 1;
  let indent = 0;
  let atIndent = true;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      indent = 0;
      atIndent = true;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (atIndent && (c === 32 || ((c === 45 || c === 63) && text.charCodeAt(i + 1) === 32))) indent++;
    else {
      atIndent = false;
      if (c === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) comment = true;
      else if (c === 91 || c === 123) flow++;
      else if ((c === 93 || c === 125) && flow > 0) flow--;
    }
    // Two columns make a block level at the least, except the 1-column indents a hand-made bomb uses.
    if (indent + flow > MAX_YAML_NESTING * 2 || flow > MAX_YAML_NESTING) {
      throw new InputError(
        `${source}: line ${line}: the YAML nests deeper than ${MAX_YAML_NESTING} levels; gcguard reads no deeper, and ` +
          "real files need far fewer: check that this is the right file",
      );
    }
  }
}
