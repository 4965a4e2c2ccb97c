/**
 * The CSV forms of an IdP export (README "IdP exports"): a membership CSV (a group column and one member column)
 * or a users CSV (userName, displayName and optional attributes), told apart by the header row.
 */
import { InputError } from "../errors";
import type { CsvRowHandler } from "./export-csv-rows";
import { CsvRows, CsvSyntaxError } from "./export-csv-rows";
import type { ExportBuilder, GroupDraft } from "./export-rules";
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

/** Reads one row after the header, its cells already checked against the header's width. */
type BodyRow = (cells: readonly string[], origin: Origin) => void;

/**
 * Reads a CSV export fed in chunks (`push`, then `end`): the header row picks the form, and each row after it goes
 * to the builder as soon as it is read, so only the result is kept, never the rows.
 */
export class CsvExport {
  private readonly rows: CsvRows;
  private body: BodyRow | undefined;
  private width = 0;

  constructor(private readonly b: ExportBuilder) {
    const prefix = `${b.label}:`;
    const onRow: CsvRowHandler = (cells, line) => this.row(cells, prefix + line);
    this.rows = new CsvRows(onRow);
  }

  push(chunk: Buffer): void {
    this.syntax(() => this.rows.push(chunk));
  }

  end(): void {
    this.syntax(() => this.rows.end());
    if (this.body === undefined) {
      throw new InputError(`${this.b.source}: the IdP export is empty; a header row is required`);
    }
  }

  /** Runs the tokenizer; a quoting error becomes the InputError naming the file and line. */
  private syntax(read: () => void): void {
    try {
      read();
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      throw new InputError(`${this.b.source}: not valid CSV; fix the quoting`, {
        problems: [`${this.b.label}:${err.line}: ${err.message}`],
      });
    }
  }

  private row(cells: string[], origin: Origin): void {
    if (this.body === undefined) {
      this.width = cells.length;
      this.body = header(cells, origin, this.b);
      return;
    }
    // Rows of empty cells (",,," from spreadsheets) are blank lines.
    if (cells.every((c) => c === "")) return;
    // A row with more cells than the header is a problem (an unquoted comma); fewer cells are empty.
    if (cells.length > this.width) {
      this.b.problem(
        origin,
        `${cells.length} cells, but the header has ${this.width}; quote values that contain commas`,
      );
      return;
    }
    this.body(cells, origin);
  }
}

/** Reads a whole CSV export held in memory. */
export function readCsv(text: string, b: ExportBuilder): void {
  const reader = new CsvExport(b);
  reader.push(Buffer.from(text.replace(/^\uFEFF/, ""), "utf8"));
  reader.end();
}

/** The reader of the rows under this header row; throws when the header names no known form or is wrong. */
function header(cells: readonly string[], origin: Origin, b: ExportBuilder): BodyRow {
  const columns = cells.map((c) => c.trim());
  const lower = columns.map((c) => c.toLowerCase());
  const has = (names: readonly string[]): boolean => names.some((n) => lower.includes(n.toLowerCase()));
  if (has(GROUP_COLUMNS)) return membershipRows(columns, origin, b);
  if (has(["userName", "displayName"])) return userRows(columns, origin, b);
  const semicolons = columns.length === 1 && columns[0]?.includes(";") ? "; use commas as the separator" : "";
  throw new InputError(
    `${b.source}: the header row names no known columns${semicolons}; a membership CSV has a group column and one ` +
      "of userName, email, externalId; a users CSV has userName and displayName",
    { problems: [`${origin}: columns ${quoteList(columns)}`] },
  );
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

function membershipRows(columns: string[], origin: Origin, b: ExportBuilder): BodyRow {
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
  // Exports list a group's rows together: the group of the row before is reused without a lookup.
  let lastName: string | undefined;
  let last: GroupDraft | undefined;
  return (cells, at) => {
    const name = cells[groupAt] ?? "";
    const group = name === lastName ? last : b.group(name, at, true);
    if (group !== undefined && group !== last) [lastName, last] = [name, group];
    const value = cells[memberAt] ?? "";
    // An empty member cell declares the group: listed with nobody means nobody should be in it.
    if (value !== "") b.member(group, memberRef(memberCol, value, at), at);
  };
}

function userRows(columns: string[], origin: Origin, b: ExportBuilder): BodyRow {
  const index = columnIndex(columns, USER_COLUMNS, origin, b, "a users CSV");
  const missing = (["userName", "displayName"] as const).filter((c) => !index.has(c));
  if (missing.length > 0) b.fail([`${origin}: a users CSV needs a ${missing.join(" and a ")} column`]);
  return (cells, at) => {
    // Empty cells are absent ("leave as it is"), not empty strings.
    const cell = (c: UserColumn): string | undefined => {
      const i = index.get(c);
      const value = i === undefined ? undefined : cells[i];
      return value === "" ? undefined : value;
    };
    const active = cell("active");
    const flag = active === undefined ? undefined : ACTIVE[active.toLowerCase()];
    if (active !== undefined && flag === undefined) {
      b.problem(at, `active ${JSON.stringify(active)} is not true/false, yes/no or 1/0`);
      return;
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
      at,
    );
  };
}
