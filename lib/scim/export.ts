/**
 * Reads an IdP export: the whole membership the identity provider wants for SCIM-owned groups, and optionally its
 * users, as JSON (export-json.ts) or CSV (export-csv.ts) (README "IdP exports"). Every problem is collected and
 * reported at once as one InputError (exit code 2), each naming `file:line` (CSV) or `file groups[3]` (JSON).
 * The rules both formats share are in export-rules.ts.
 *
 * A CSV file is read in chunks, each row folded into the result as it comes, so memory follows the memberships, not
 * the file; a JSON file is parsed whole, under a lower limit (README "Limits", lib/limits.ts).
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import path from "node:path";

import { InputError, isInputError } from "../errors";
import { checkInputSize, stripBom } from "../limits";
import { CsvExport, readCsv } from "./export-csv";
import { readJson } from "./export-json";
import { ExportBuilder } from "./export-rules";
import type { IdpExport } from "./model";

export type IdpExportFormat = "json" | "csv";

export interface ReadIdpExportOptions {
  /** @default - from the extension (.json, .csv), else JSON when the first character is `{`, else CSV */
  readonly format?: IdpExportFormat;
  /** Where "reading <file> (NN MB)" goes for a large file. @default stderr */
  readonly notify?: (line: string) => void;
}

/** How much of a CSV export is read at a time. */
const CHUNK_BYTES = 1024 * 1024;

const BOM = [0xef, 0xbb, 0xbf];

const EMPTY = "the IdP export is empty; export the SCIM-owned groups (or the users) as JSON or CSV";

/** Reads an export file; the format comes from `options.format`, else the extension, else the first character. */
export function readIdpExport(file: string, options: ReadIdpExportOptions = {}): IdpExport {
  const named = options.format ?? extensionFormat(file);
  // A file past its format's limit is refused before a byte of it is read (one of unknown format, past both).
  checkSize(file, named ?? "csv", () => {});
  return withFile(file, (fd) => {
    const start = startOf(fd);
    if (start.empty) throw new InputError(`${file}: ${EMPTY}`);
    const format = named ?? start.sniffed;
    checkSize(file, format, options.notify ?? ((line) => process.stderr.write(`${line}\n`)));
    const builder = new ExportBuilder(file);
    if (format === "csv") return readCsvFile(fd, start.offset, builder);
    readJson(stripBom(readFileSync(fd, "utf8")), builder);
    return builder.result();
  });
}

/** The size check of the format's limit, announcing a large file to `notify`. */
function checkSize(file: string, format: IdpExportFormat, notify: (line: string) => void): void {
  if (format === "csv") checkInputSize(file, "IdP export", { notify });
  else checkInputSize(file, "IdP export (JSON)", { notify, fix: "export it as CSV, which is read as a stream" });
}

/** Runs `read` on the open file; errors of the file system become the InputError that names the fix. */
function withFile<T>(file: string, read: (fd: number) => T): T {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    return read(fd);
  } catch (err) {
    if (isInputError(err)) throw err;
    if ((err as NodeJS.ErrnoException | null)?.code === undefined) throw err;
    throw new InputError(`cannot read IdP export ${file}: ${readFailure(err)}; pass the path of a JSON or CSV export`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function extensionFormat(file: string): IdpExportFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  return ext === ".json" ? "json" : ext === ".csv" ? "csv" : undefined;
}

const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Where the text starts (past a byte order mark), whether the file holds nothing but spaces, and the format its
 * first other character suggests: JSON for `{`, else CSV. Reads only as far as that character.
 */
function startOf(fd: number): { offset: number; empty: boolean; sniffed: IdpExportFormat } {
  const buf = Buffer.alloc(64 * 1024);
  let n = readSync(fd, buf, 0, buf.length, 0);
  const offset = n >= BOM.length && BOM.every((b, i) => buf[i] === b) ? BOM.length : 0;
  let i = offset;
  for (let pos = 0; n > 0; i = 0) {
    while (i < n && isSpace(buf[i])) i++;
    if (i < n) return { offset, empty: false, sniffed: buf[i] === 0x7b ? "json" : "csv" };
    pos += n;
    n = readSync(fd, buf, 0, buf.length, pos);
  }
  return { offset, empty: true, sniffed: "csv" };
}

/** Streams a CSV export from `offset` into the builder, one chunk at a time. */
function readCsvFile(fd: number, offset: number, builder: ExportBuilder): IdpExport {
  const reader = new CsvExport(builder);
  const buf = Buffer.alloc(CHUNK_BYTES);
  let pos = offset;
  for (let n = readSync(fd, buf, 0, buf.length, pos); n > 0; n = readSync(fd, buf, 0, buf.length, pos)) {
    reader.push(buf.subarray(0, n));
    pos += n;
  }
  reader.end();
  return builder.result();
}

/**
 * Parses an export held in memory. Without `format`, text whose first non-space character is `{` is JSON, anything
 * else CSV. `source` names the input in messages.
 */
export function parseIdpExport(text: string, source: string, format?: IdpExportFormat): IdpExport {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") throw new InputError(`${source}: ${EMPTY}`);
  const builder = new ExportBuilder(source);
  if ((format ?? (body.trimStart().startsWith("{") ? "json" : "csv")) === "json") readJson(body, builder);
  else readCsv(text, builder);
  return builder.result();
}

/** Why a file could not be read, in words. */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return code ?? String(err);
}
