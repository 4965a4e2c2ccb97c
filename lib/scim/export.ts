/**
 * Reads an IdP export: the whole membership the identity provider wants for SCIM-owned groups, and optionally its
 * users, as JSON or CSV (README "IdP exports"). Every problem is collected and reported at once as one InputError
 * (exit code 2), each naming `file:line` (CSV) or `file groups[3]` (JSON).
 *
 * Values are data, never interpreted: display names keep their exact case, because the IdP links groups to
 * Genesys by exact display name (genesys-api.md §7.1); names that differ only in case or surrounding whitespace are
 * one object to Genesys (§9), so such pairs are errors, not merges.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { parse as parseCsv } from "csv-parse/sync";
import { z } from "zod";

import { InputError } from "../errors";
import { nameKey } from "../names";
import type { DesiredGroup, DesiredUser, IdpExport, MemberRef, Origin } from "./model";
import { refKey } from "./model";

export type IdpExportFormat = "json" | "csv";

/** Where SCIM puts the enterprise attributes of a user (genesys-api.md §7.4), accepted as an alternative spelling. */
export const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** A Genesys userName is the user's email (genesys-api.md §7.4): `x@y`, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const MEMBER_KEYS = ["userName", "email", "externalId"] as const;
type MemberKey = (typeof MEMBER_KEYS)[number];

/** Reads an export file; the format comes from `options.format`, else the extension, else the first character. */
export function readIdpExport(file: string, options: { format?: IdpExportFormat } = {}): IdpExport {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
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

/**
 * A member reference from a value the IdP gave for `by`; `email` means userName (§7.4). Returns the problem as a
 * string when the value is unusable.
 */
export function memberRef(by: MemberKey, value: string): MemberRef | string {
  if (by === "externalId") return value.trim() === "" ? "externalId is blank" : { by, value };
  return EMAIL.test(value) ? { by: "userName", value } : notAnEmail(by, value);
}

function notAnEmail(by: string, value: string): string {
  return `${by} ${JSON.stringify(value)} is not an email address; a Genesys userName is the user's email (x@y)`;
}

/**
 * A member as JSON gives it: a string (a userName) or an object with exactly one of userName, email, externalId.
 * Returns the problem as a string when the value is unusable.
 */
export function parseMemberInput(raw: unknown): MemberRef | string {
  if (typeof raw === "string") return memberRef("userName", raw);
  const shape = "a member is a userName string or an object with exactly one of userName, email, externalId";
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return shape;
  const keys = Object.keys(raw);
  const unknown = keys.filter((k) => !(MEMBER_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) return `unknown key${unknown.length === 1 ? "" : "s"} ${quoteList(unknown)}; ${shape}`;
  if (keys.length !== 1) return `${shape}; got ${keys.length === 0 ? "an empty object" : quoteList(keys)}`;
  const key = keys[0] as MemberKey;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === "string" ? memberRef(key, value) : `${key} must be a string`;
}

/** Why a group display name is unusable, or undefined when it is fine. */
export function groupNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "the group displayName is blank; give the group's exact display name";
  if (name !== name.trim()) {
    return `group ${JSON.stringify(name)} has leading or trailing whitespace, which Genesys trims; remove it`;
  }
  return undefined;
}

/** The problem of a group name that differs only in case from one seen earlier (Genesys names: §9). */
export function caseClash(name: string, earlier: { displayName: string; origin: Origin }): string {
  return (
    `group ${JSON.stringify(name)} differs only in case from ${JSON.stringify(earlier.displayName)} at ` +
    `${earlier.origin}; Genesys treats both as one group and the IdP links groups by exact name, so use one spelling`
  );
}

function quoteList(items: readonly string[]): string {
  return items.map((i) => JSON.stringify(i)).join(", ");
}

interface GroupDraft {
  readonly displayName: string;
  readonly origin: Origin;
  readonly members: Map<string, MemberRef>;
}

/** Collects groups, users and problems from either format, and applies the rules both share. */
class ExportBuilder {
  /** Prefix of every origin: the file's base name. */
  readonly label: string;
  private readonly problems: string[] = [];
  private readonly groups = new Map<string, GroupDraft>();
  private readonly users: DesiredUser[] = [];
  private readonly userOrigins = new Map<string, Origin>();

  constructor(readonly source: string) {
    this.label = path.basename(source) || source;
  }

  problem(origin: Origin, message: string): void {
    this.problems.push(`${origin}: ${message}`);
  }

  /** Problems already prefixed with where they are. */
  located(lines: readonly string[]): void {
    this.problems.push(...lines);
  }

  /**
   * The group to add members to, or undefined when it cannot be used (the problem is recorded). With `merge`, a
   * name seen before adds to the earlier entry (CSV rows); without, it is a duplicate (JSON lists each group once).
   */
  group(displayName: string, origin: Origin, merge: boolean): GroupDraft | undefined {
    const bad = groupNameProblem(displayName);
    if (bad !== undefined) {
      this.problem(origin, bad);
      return undefined;
    }
    const id = nameKey(displayName);
    const earlier = this.groups.get(id);
    if (earlier === undefined) {
      const draft: GroupDraft = { displayName, origin, members: new Map() };
      this.groups.set(id, draft);
      return draft;
    }
    if (earlier.displayName !== displayName) {
      this.problem(origin, caseClash(displayName, earlier));
      return undefined;
    }
    if (merge) return earlier;
    this.problem(
      origin,
      `group ${JSON.stringify(displayName)} is listed twice (also at ${earlier.origin}); list it once`,
    );
    return undefined;
  }

  /** Adds a member; the same member twice (userNames compared case-insensitively) is kept once. */
  member(group: GroupDraft | undefined, ref: MemberRef | string, origin: Origin): void {
    if (typeof ref === "string") this.problem(origin, ref);
    else if (group !== undefined && !group.members.has(refKey(ref))) group.members.set(refKey(ref), { ...ref, origin });
  }

  user(fields: Omit<DesiredUser, "origin">, origin: Origin): void {
    const before = this.problems.length;
    if (fields.userName.trim() === "") this.problem(origin, "userName is blank; give the user's email");
    else if (!EMAIL.test(fields.userName)) this.problem(origin, notAnEmail("userName", fields.userName));
    if (fields.displayName.trim() === "") {
      this.problem(origin, `user ${JSON.stringify(fields.userName)} has a blank displayName; give the user's name`);
    }
    const key = fields.userName.toLowerCase();
    // Blank userNames are reported above and never stored, so they are not duplicates of each other.
    const earlier = this.userOrigins.get(key);
    if (earlier !== undefined) {
      this.problem(
        origin,
        `user ${JSON.stringify(fields.userName)} is listed twice (also at ${earlier}; userNames compare ignoring case); list each user once`,
      );
    } else if (key.trim() !== "") {
      this.userOrigins.set(key, origin);
    }
    if (this.problems.length > before) return;
    const user = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    this.users.push({ ...(user as Omit<DesiredUser, "origin">), origin });
  }

  /** Throws everything found, or returns the export. */
  fail(problems: readonly string[]): never {
    const n = problems.length;
    throw new InputError(
      `${this.source}: ${n} problem${n === 1 ? "" : "s"} in the IdP export; fix ${n === 1 ? "it" : "them"} and run again`,
      { problems },
    );
  }

  result(): IdpExport {
    if (this.problems.length > 0) this.fail(this.problems);
    const groups: DesiredGroup[] = [...this.groups.values()].map((g) => ({
      displayName: g.displayName,
      members: [...g.members.values()],
      origin: g.origin,
    }));
    return { kind: "export", source: this.source, groups, users: this.users };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// JSON

const requiredString = z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") });
const optionalString = z.string({ error: "must be a string" }).optional();

/** The message for a value that is not an object at all; other issues keep zod's message. */
const notAnObject = (what: string) => (i: { code: string }) => (i.code === "invalid_type" ? what : undefined);

const JsonExport = z.strictObject(
  {
    version: z.literal(1, { error: "must be 1, the only version of this format" }).optional(),
    groups: z.array(z.unknown(), { error: "must be an array of groups" }).optional(),
    users: z.array(z.unknown(), { error: "must be an array of users" }).optional(),
  },
  { error: notAnObject('the export must be a JSON object with "groups", "users" or both') },
);

const JsonGroup = z.strictObject(
  {
    displayName: requiredString,
    members: z.array(z.unknown(), {
      error: (i) =>
        i.input === undefined ? "is required; use [] for a group nobody should be in" : "must be an array",
    }),
  },
  { error: notAnObject("a group must be an object with displayName and members") },
);

const EnterpriseFields = { department: optionalString, division: optionalString, employeeNumber: optionalString };
const JsonUser = z.strictObject(
  {
    userName: requiredString,
    displayName: requiredString,
    title: optionalString,
    externalId: optionalString,
    active: z.boolean({ error: "must be true or false" }).optional(),
    ...EnterpriseFields,
    [ENTERPRISE_USER]: z.strictObject(EnterpriseFields, { error: notAnObject("must be an object") }).optional(),
  },
  { error: notAnObject("a user must be an object with userName and displayName") },
);

/** Allowed keys per object, for the unknown-key message. */
const ALLOWED: Record<string, readonly string[]> = {
  top: Object.keys(JsonExport.shape),
  group: Object.keys(JsonGroup.shape),
  user: Object.keys(JsonUser.shape),
  enterprise: Object.keys(EnterpriseFields),
};

function readJson(text: string, b: ExportBuilder): void {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${b.source}: not valid JSON (${jsonErrorAt(text, err)}); fix the syntax`);
  }
  const top = JsonExport.safeParse(raw);
  if (!top.success) b.fail(zodProblems(top.error, b.label, "top"));
  const { groups, users } = top.data;
  if (groups === undefined && users === undefined) {
    b.fail([`${b.label}: the export has neither "groups" nor "users"; give at least one of them`]);
  }
  groups?.forEach((raw, i) => {
    const origin = `${b.label} groups[${i}]`;
    const parsed = JsonGroup.safeParse(raw);
    if (!parsed.success) return b.located(zodProblems(parsed.error, origin, "group"));
    const group = b.group(parsed.data.displayName, origin, false);
    parsed.data.members.forEach((m, j) => b.member(group, parseMemberInput(m), `${origin}.members[${j}]`));
  });
  users?.forEach((raw, i) => {
    const origin = `${b.label} users[${i}]`;
    const parsed = JsonUser.safeParse(raw);
    if (!parsed.success) return b.located(zodProblems(parsed.error, origin, "user"));
    const { [ENTERPRISE_USER]: extension = {}, ...flat } = parsed.data;
    let clash = false;
    for (const key of ["department", "division", "employeeNumber"] as const) {
      if (flat[key] !== undefined && extension[key] !== undefined && flat[key] !== extension[key]) {
        b.problem(origin, `${key} is given twice with different values (flat and in ${ENTERPRISE_USER}); keep one`);
        clash = true;
      }
    }
    if (clash) return;
    b.user(
      {
        ...flat,
        department: flat.department ?? extension.department,
        division: flat.division ?? extension.division,
        employeeNumber: flat.employeeNumber ?? extension.employeeNumber,
      },
      origin,
    );
  });
}

/** Where JSON.parse stopped, as line and column when V8 gives a position. */
function jsonErrorAt(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /at position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `line ${line}, column ${column}: ${message}`;
}

function zodProblems(error: z.ZodError, origin: string, kind: keyof typeof ALLOWED): string[] {
  return error.issues.map((issue) => {
    const at = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    // Top-level keys read `groups.json version`; nested ones `groups.json groups[0].members`.
    const where = kind === "top" && at !== "" ? `${origin} ${at.replace(/^\./, "")}` : `${origin}${at}`;
    if (issue.code !== "unrecognized_keys") return `${where}: ${issue.message}`;
    const allowed = ALLOWED[issue.path.at(-1) === ENTERPRISE_USER ? "enterprise" : kind] ?? [];
    const n = issue.keys.length;
    return `${where}: unknown key${n === 1 ? "" : "s"} ${quoteList(issue.keys)} (typo?); allowed: ${allowed.join(", ")}`;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// CSV

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

function readCsv(text: string, b: ExportBuilder): void {
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
