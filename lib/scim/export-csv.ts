/**
 * The CSV forms of an IdP export (README "IdP exports"): a membership CSV (a group column and one member column)
 * or a users CSV (userName, displayName and optional attributes), told apart by the header row.
 */
import { parse as parseCsv } from "csv-parse/sync";

import { InputError } from "../errors";
import type { ExportBuilder } from "./export-rules";
import { MEMBER_KEYS, memberRef, quoteList } from "./export-rules";
import type { Origin } from "./model";

const GROUP_COLUMNS = ["group", "groupDisplayName"] as const;
const USER_COLUMNS = [
  "userName",
  "displayName",
  "title",
  "externalId",
  "department",
  "division",
  "employeeNumber",
  "active",
] as const;
type UserColumn = (typeof USER_COLUMNS)[number];

const ACTIVE: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  "1": true,
  false: false,
  no: false,
  "0": false,
};

interface CsvRow {
  readonly cells: readonly string[];
  readonly origin: Origin;
}

export function readCsv(text: string, b: ExportBuilder): void {
  let records: { record: string[]; info: { bytes: number } }[];
  try {
    // trim drops unquoted whitespace around cells; quoted whitespace is data and is kept.
    records = parseCsv(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    const line = typeof e.lines === "number" ? `:${e.lines}` : "";
    throw new InputError(`${b.source}: not valid CSV; fix the quoting`, {
      problems: [`${b.label}${line}: ${(e.message ?? String(err)).split(/[\n]/)[0]}`],
    });
  }
  const lines = startLines(
    text,
    records.map((r) => r.info.bytes),
  );
  const rows: CsvRow[] = records
    .map((r, i) => ({ cells: r.record, origin: `${b.label}:${lines[i] ?? "?"}` }))
    // Rows of empty cells (",,," from spreadsheets) are blank lines.
    .filter((r, i) => i === 0 || r.cells.some((c) => c !== ""));
  const [header, ...data] = rows;
  if (header === undefined) throw new InputError(`${b.source}: the IdP export is empty; a header row is required`);
  const columns = header.cells.map((c) => c.trim());
  const lower = columns.map((c) => c.toLowerCase());
  const has = (names: readonly string[]): boolean => names.some((n) => lower.includes(n.toLowerCase()));
  if (has(GROUP_COLUMNS)) readMembershipCsv(columns, header.origin, data, b);
  else if (has(["userName", "displayName"])) readUsersCsv(columns, header.origin, data, b);
  else {
    const semicolons = columns.length === 1 && columns[0]?.includes(";") ? "; use commas as the separator" : "";
    throw new InputError(
      `${b.source}: the header row names no known columns${semicolons}; a membership CSV has a group column and one ` +
        "of userName, email, externalId; a users CSV has userName and displayName",
      { problems: [`${header.origin}: columns ${quoteList(columns)}`] },
    );
  }
}

/**
 * The line each record starts on. csv-parse reports where a record ends (and miscounts CRLF inside quotes), so
 * lines are counted from the byte offsets it reports: a record starts after the previous one, past blank lines.
 */
function startLines(text: string, ends: readonly number[]): number[] {
  const buf = Buffer.from(text, "utf8");
  const blank = new Set([0x20, 0x09, 0x0a, 0x0d]);
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  for (const end of ends) {
    for (; pos < end && blank.has(buf[pos] ?? 0); pos++) if (buf[pos] === 0x0a) line++;
    out.push(line);
    for (; pos < end; pos++) if (buf[pos] === 0x0a) line++;
  }
  return out;
}

/**
 * Maps header cells to known columns (case-insensitively); reports unknown, blank and repeated ones and throws,
 * since rows cannot be read under a header that is wrong.
 */
function columnIndex<T extends string>(
  columns: readonly string[],
  known: readonly T[],
  origin: Origin,
  b: ExportBuilder,
  what: string,
): Map<T, number> {
  const index = new Map<T, number>();
  const problems: string[] = [];
  columns.forEach((name, i) => {
    const col = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (name === "") problems.push(`${origin}: column ${i + 1} has no name; remove it or name it`);
    else if (col === undefined) {
      problems.push(`${origin}: unknown column ${JSON.stringify(name)}; ${what} has only ${known.join(", ")}`);
    } else if (index.has(col)) problems.push(`${origin}: column ${JSON.stringify(name)} appears twice; keep one`);
    else index.set(col, i);
  });
  if (problems.length > 0) b.fail(problems);
  return index;
}

function readMembershipCsv(columns: string[], origin: Origin, rows: readonly CsvRow[], b: ExportBuilder): void {
  const what = "a membership CSV";
  const index = columnIndex(columns, [...GROUP_COLUMNS, ...MEMBER_KEYS], origin, b, what);
  const groupCols = GROUP_COLUMNS.filter((c) => index.has(c));
  const memberCols = MEMBER_KEYS.filter((c) => index.has(c));
  const problems: string[] = [];
  if (groupCols.length > 1) problems.push(`${origin}: both ${groupCols.join(" and ")} columns; keep one`);
  if (memberCols.length !== 1) {
    problems.push(
      `${origin}: ${memberCols.length === 0 ? "no member column" : `several member columns (${memberCols.join(", ")})`}; ` +
        `${what} has exactly one of userName, email, externalId`,
    );
  }
  if (problems.length > 0) b.fail(problems);
  const groupAt = index.get(groupCols[0] ?? "group") ?? 0;
  const memberCol = memberCols[0] ?? "userName";
  const memberAt = index.get(memberCol) ?? 1;
  for (const row of rows) {
    if (!rowFits(row, columns, b)) continue;
    const group = b.group(row.cells[groupAt] ?? "", row.origin, true);
    const value = row.cells[memberAt] ?? "";
    // An empty member cell declares the group: listed with nobody means nobody should be in it.
    if (value !== "") b.member(group, memberRef(memberCol, value), row.origin);
  }
}

function readUsersCsv(columns: string[], origin: Origin, rows: readonly CsvRow[], b: ExportBuilder): void {
  const index = columnIndex(columns, USER_COLUMNS, origin, b, "a users CSV");
  const missing = (["userName", "displayName"] as const).filter((c) => !index.has(c));
  if (missing.length > 0) b.fail([`${origin}: a users CSV needs a ${missing.join(" and a ")} column`]);
  for (const row of rows) {
    if (!rowFits(row, columns, b)) continue;
    // Empty cells are absent ("leave as it is"), not empty strings.
    const cell = (c: UserColumn): string | undefined => {
      const at = index.get(c);
      const value = at === undefined ? undefined : row.cells[at];
      return value === "" ? undefined : value;
    };
    const active = cell("active");
    const flag = active === undefined ? undefined : ACTIVE[active.toLowerCase()];
    if (active !== undefined && flag === undefined) {
      b.problem(row.origin, `active ${JSON.stringify(active)} is not true/false, yes/no or 1/0`);
      continue;
    }
    b.user(
      {
        userName: cell("userName") ?? "",
        displayName: cell("displayName") ?? "",
        active: flag,
        title: cell("title"),
        externalId: cell("externalId"),
        department: cell("department"),
        division: cell("division"),
        employeeNumber: cell("employeeNumber"),
      },
      row.origin,
    );
  }
}

/** A row with more cells than the header is a problem (an unquoted comma); fewer cells are empty. */
function rowFits(row: CsvRow, columns: readonly string[], b: ExportBuilder): boolean {
  if (row.cells.length <= columns.length) return true;
  b.problem(
    row.origin,
    `${row.cells.length} cells, but the header has ${columns.length}; quote values that contain commas`,
  );
  return false;
}
