/** The JSON form of an IdP export (README "IdP exports"): one object with "groups", "users" or both. */
import { z } from "zod";

import { InputError } from "../errors";
import { parseComplaint } from "../messages";
import type { ExportBuilder } from "./export-rules";
import { ENTERPRISE_USER, parseMemberInput, quoteList } from "./export-rules";

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

export function readJson(text: string, b: ExportBuilder): void {
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
    parsed.data.members.forEach((m, j) => {
      const at = `${origin}.members[${j}]`;
      b.member(group, parseMemberInput(m, at), at);
    });
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
  const message = parseComplaint(err);
  const at = /at position (\d+)/.exec(message);
  if (!at) return message;
  // Counted in place: a copy of the text before the error, split into lines, would double a large file.
  const pos = Number(at[1]);
  let line = 1;
  for (let nl = text.indexOf("\n"); nl !== -1 && nl < pos; nl = text.indexOf("\n", nl + 1)) line++;
  const column = pos - (pos === 0 ? -1 : text.lastIndexOf("\n", pos - 1));
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
