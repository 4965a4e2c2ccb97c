/**
 * `gcguard scim users` reports: text for a terminal or CI log, versioned JSON for machines, Markdown for a pull
 * request or job summary. userNames, origins, values and error messages come from the export or the API: they are
 * data, so text output strips control and invisible characters and Markdown escapes them (lib/escape/markdown.ts).
 */
import { singleLine } from "../escape/hcl";
import { markdownCode, markdownText } from "../escape/markdown";
import type { AttributeChange, AttributeValue } from "./user-body";
import type { UserEntry, UsersResult } from "./users";
import { usersExitCode } from "./users";

/** The formats the users report comes in. */
export type UsersFormat = "text" | "json" | "markdown";

/** The JSON report's shape version; bump it on any incompatible change. */
export const USERS_REPORT_VERSION = 1;

type Section = "created" | "merged" | "unchanged" | "failed";

const VERBS: Readonly<Record<Section, { readonly apply: string; readonly dry: string }>> = {
  created: { apply: "created", dry: "to create" },
  merged: { apply: "merged", dry: "to merge" },
  unchanged: { apply: "unchanged", dry: "unchanged" },
  failed: { apply: "failed", dry: "failed" },
};

const verb = (result: UsersResult, section: Section): string => VERBS[section][result.apply ? "apply" : "dry"];

function summary(result: UsersResult): string {
  const counts = (["created", "merged", "unchanged", "failed"] as const).map(
    (s) => `${result[s].length} ${verb(result, s)}`,
  );
  return counts.join(", ");
}

function textValue(value: AttributeValue): string {
  if (value === null) return "(none)";
  return typeof value === "boolean" ? String(value) : `"${singleLine(value)}"`;
}

function changeText(c: AttributeChange): string {
  return `${c.attribute}: ${textValue(c.from)} -> ${textValue(c.to)}`;
}

/** A refusal is an error; a failure that left the user's state unknown could not be verified (exit 3). */
const errorLabel = (e: UserEntry): string => (e.unverified ? "could not verify" : "error");

/** The human report: every created, merged and failed user with its changes; unchanged users as a count. */
export function renderUsersText(result: UsersResult): string {
  const lines = [`gcguard scim users (${result.apply ? "applied" : "dry run: nothing was written"})`];
  for (const section of ["created", "merged", "failed"] as const) {
    const entries = result[section];
    if (entries.length === 0) continue;
    lines.push("", `${verb(result, section)} (${entries.length}):`);
    for (const e of entries) {
      const id = e.id ? ` ${singleLine(e.id)}` : "";
      lines.push(`  ${singleLine(e.userName)}${id}  (${singleLine(e.origin)})`);
      for (const c of e.changes) lines.push(`      ${changeText(c)}`);
      if (e.error) lines.push(`      ${errorLabel(e)}: ${singleLine(e.error)}`);
    }
  }
  lines.push("", `${summary(result)}; exit ${usersExitCode(result)}`);
  return `${lines.join("\n")}\n`;
}

function entryJson(e: UserEntry): Record<string, unknown> {
  return {
    userName: e.userName,
    origin: e.origin,
    id: e.id ?? null,
    changes: e.changes.map((c) => ({ attribute: c.attribute, from: c.from, to: c.to })),
    ...(e.error === undefined ? {} : { error: e.error }),
    ...(e.unverified ? { unverified: true } : {}),
  };
}

/**
 * The report as JSON: `{"version":1,"apply":…,"exitCode":…,"summary":{…},"created":[…],"merged":[…],
 * "unchanged":[…],"failed":[…]}`, keys in that order, each entry `{userName, origin, id (or null), changes:
 * [{attribute, from, to}], error?, unverified?}` with null for an absent value; `unverified: true` on a failed user
 * whose state is unknown (the exit code is then 3).
 */
export function renderUsersJson(result: UsersResult): string {
  const report = {
    version: USERS_REPORT_VERSION,
    apply: result.apply,
    exitCode: usersExitCode(result),
    summary: {
      created: result.created.length,
      merged: result.merged.length,
      unchanged: result.unchanged.length,
      failed: result.failed.length,
    },
    created: result.created.map(entryJson),
    merged: result.merged.map(entryJson),
    unchanged: result.unchanged.map(entryJson),
    failed: result.failed.map(entryJson),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

const cells = (values: readonly string[]): string => `| ${values.join(" | ")} |`;

function markdownValue(value: AttributeValue): string {
  if (value === null) return "_none_";
  return markdownCode(String(value), { inTable: true });
}

/** The report as Markdown: a heading with the counts, then one table row per created, merged or failed user. */
export function renderUsersMarkdown(result: UsersResult): string {
  const blocks = [
    `## gcguard scim users: ${summary(result)}`,
    `${result.apply ? "Applied" : "Dry run: nothing was written"} · exit code ${usersExitCode(result)}`,
  ];
  const rows: string[] = [];
  for (const section of ["created", "merged", "failed"] as const) {
    for (const e of result[section]) {
      const detail = [
        ...e.changes.map((c) => `${markdownText(c.attribute)}: ${markdownValue(c.from)} → ${markdownValue(c.to)}`),
        ...(e.error ? [`${e.unverified ? "could not verify: " : ""}${markdownText(e.error)}`] : []),
      ];
      rows.push(
        cells([
          verb(result, section),
          markdownText(e.userName),
          markdownCode(e.origin, { inTable: true }),
          detail.join("<br>") || " ",
        ]),
      );
    }
  }
  if (rows.length > 0) {
    blocks.push(
      [cells(["Outcome", "User", "Origin", "Changes"]), cells([":--", ":--", ":--", ":--"]), ...rows].join("\n"),
    );
  }
  return `${blocks.join("\n\n")}\n`;
}
