/**
 * Reads an IdP export: the whole membership the identity provider wants for SCIM-owned groups, and optionally its
 * users, as JSON (export-json.ts) or CSV (export-csv.ts) (README "IdP exports"). Every problem is collected and
 * reported at once as one InputError (exit code 2), each naming `file:line` (CSV) or `file groups[3]` (JSON).
 * The rules both formats share are in export-rules.ts.
 */
import path from "node:path";

import { InputError, isInputError } from "../errors";
import { readInputText } from "../limits";
import { readCsv } from "./export-csv";
import { readJson } from "./export-json";
import { ExportBuilder } from "./export-rules";
import type { IdpExport } from "./model";

export type IdpExportFormat = "json" | "csv";

/** Reads an export file; the format comes from `options.format`, else the extension, else the first character. */
export function readIdpExport(file: string, options: { format?: IdpExportFormat } = {}): IdpExport {
  let text: string;
  try {
    text = readInputText(file, "IdP export");
  } catch (err) {
    if (isInputError(err)) throw err;
    throw new InputError(`cannot read IdP export ${file}: ${readFailure(err)}; pass the path of a JSON or CSV export`);
  }
  const ext = path.extname(file).toLowerCase();
  const format = options.format ?? (ext === ".json" ? "json" : ext === ".csv" ? "csv" : undefined);
  return parseIdpExport(text, file, format);
}

/**
 * Parses an export. Without `format`, text whose first non-space character is `{` is JSON, anything else CSV.
 * `source` names the input in messages.
 */
export function parseIdpExport(text: string, source: string, format?: IdpExportFormat): IdpExport {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") {
    throw new InputError(
      `${source}: the IdP export is empty; export the SCIM-owned groups (or the users) as JSON or CSV`,
    );
  }
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
