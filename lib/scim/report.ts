/**
 * The `gcguard scim diff` / `sync` report: text for people, JSON for tools (versioned), Markdown for PR comments.
 * Names and userNames come from the IdP and the API: they are data, printed on one line and escaped for Markdown.
 */
import { painter } from "../color";
import type { CallStats } from "../genesys/accounting";
import { singleLine } from "../escape/hcl";
import { markdownCode, markdownText } from "../escape/markdown";
import type { ReportFormat } from "./defaults";
import type { DiffTotals, FoundGroupDiff, GroupDiff, Member, MembershipDiff } from "./diff";
import { totals } from "./diff";
import type { QueueRef } from "./read";
import type { GroupSync, SyncResult } from "./sync";

export interface ScimReport {
  readonly command: "diff" | "sync";
  readonly diff: MembershipDiff;
  readonly sync?: SyncResult;
  readonly exitCode: number;
  readonly apiCalls: CallStats;
  /** Delta runs: the cursor the changes started from and the one stored (or that would be). */
  readonly cursor?: { readonly since?: string; readonly next: string; readonly stored: boolean; readonly file: string };
}

const t = (value: string): string => singleLine(value);

function who(m: Member): string {
  return t(m.userName ?? m.name ?? m.id);
}

function queueNames(queues: readonly QueueRef[]): string {
  return queues.map((q) => t(q.name)).join(", ");
}

function syncOf(report: ScimReport, g: GroupDiff): GroupSync | undefined {
  return g.status === "found" ? report.sync?.groups.find((s) => s.id === g.id) : undefined;
}

const OUTCOME: Record<GroupSync["outcome"], string> = {
  "in-sync": "in sync",
  planned: "would patch",
  converged: "converged",
  conflicts: "gave up: version conflicts",
  failed: "failed",
  unverified: "could not verify: a PATCH failed and may have landed",
};

function summaryText(s: DiffTotals): string {
  const parts = [`${s.groups} group(s)`, `${s.drifted} drifted`];
  if (s.missing) parts.push(`${s.missing} missing`);
  if (s.ambiguous) parts.push(`${s.ambiguous} ambiguous`);
  return `${parts.join(", ")}; ${s.add} to add, ${s.remove} to remove, ${s.orphans} orphan(s), ${s.unknown} unknown user(s)`;
}

export interface ScimTextOptions {
  /** ANSI colour, in the palette of every gcguard text report (lib/color.ts). @default false */
  readonly color?: boolean;
}

/** Colours text by its role (lib/color.ts). */
type Paint = ReturnType<typeof painter>;

export function renderScimText(report: ScimReport, options: ScimTextOptions = {}): string {
  const paint = painter(options.color === true);
  const { diff } = report;
  const mode = report.command === "sync" ? (report.sync?.apply ? "sync --apply" : "sync (dry run)") : "diff";
  const lines = [`gcguard scim ${mode}: ${t(diff.source)} (${diff.kind})`, ""];
  // One push per line: a spread of a group with hundreds of thousands of changes would overflow the call stack.
  for (const g of diff.groups) {
    for (const line of groupText(g, diff, paint, syncOf(report, g))) lines.push(line);
    lines.push("");
  }
  for (const line of footerText(report)) lines.push(line);
  return `${lines.join("\n")}\n`;
}

/** One group's block of the text report, without the blank line that follows it. */
function groupText(g: GroupDiff, diff: MembershipDiff, paint: Paint, sync: GroupSync | undefined): string[] {
  const name = t(g.displayName);
  if (g.status === "missing") {
    const near = g.near.length
      ? `; groups differing only in case: ${g.near.map((n) => t(n.displayName)).join(", ")}`
      : "";
    return [
      `${name}: ${paint("error", "MISSING")}: no Genesys group has this exact display name${near}. SCIM cannot create groups (§7.1): declare it with ScimGroup (scimGroups in the gcguard config) under exactly this name.`,
    ];
  }
  if (g.status === "ambiguous") {
    return [
      `${name}: ${paint("error", "AMBIGUOUS")}: ${g.candidates.length} groups have this display name (${g.candidates.map((c) => c.id).join(", ")}); the IdP links by name and cannot tell them apart. Rename or delete all but one.`,
    ];
  }
  const feeds = g.queues.length ? `; feeds queues: ${queueNames(g.queues)}` : "; feeds no queue";
  return [
    `${paint("bold", name)} (${g.id})${feeds}`,
    ...memberLines(g, diff, paint),
    `  = ${g.correct} already correct`,
    ...(sync ? syncLines(sync) : []),
  ];
}

/** The adds, removes, orphans and unknown users of a found group, one line each. */
function memberLines(g: FoundGroupDiff, diff: MembershipDiff, paint: Paint): string[] {
  const noRemove = diff.policy.noRemove;
  const onQueues = g.queues.length ? ` -> puts them on ${queueNames(g.queues)}` : "";
  const offQueues = g.queues.length ? ` -> takes them off ${queueNames(g.queues)}` : "";
  const lines: string[] = [];
  for (const m of g.add) lines.push(`  ${paint("ok", "+ add")}      ${who(m)}${onQueues}`);
  for (const m of g.remove) {
    const note = noRemove ? " (kept: --no-remove)" : "";
    const why = diff.kind === "delta" ? "the IdP removed them" : "the IdP has them, not in this group";
    lines.push(`  ${paint("error", "- remove")}   ${who(m)}: ${why}${note}${noRemove ? "" : offQueues}`);
  }
  for (const m of g.orphans) {
    const kept = noRemove ? " (kept: --no-remove)" : diff.policy.keepOrphans ? " (kept: --keep-orphans)" : "";
    lines.push(`  ${paint("warning", "! orphan")}   ${who(m)}: not in the IdP at all, assigned in Genesys${kept}`);
  }
  for (const u of g.unknown) {
    lines.push(`  ${paint("unverified", "? unknown")}  ${t(u.ref)}: no Genesys user (${t(u.origin)})`);
  }
  return lines;
}

/** What the sync did to a group, and in a dry run the requests it would send. */
function syncLines(s: GroupSync): string[] {
  const lines = [`  sync: ${OUTCOME[s.outcome]}${s.conflicts ? ` after ${s.conflicts} version conflict(s)` : ""}`];
  if (s.error) lines.push(`  error: ${t(s.error)}`);
  if (s.outcome !== "planned") return lines;
  for (const r of s.requests) {
    lines.push(
      `  PATCH /api/v2/scim/v2/groups/${r.groupId} If-Match: ${r.ifMatch ?? "(the ETag the previous PATCH returns)"}`,
      `    ${JSON.stringify(r.body)}`,
    );
  }
  return lines;
}

/** The summary, sync, cursor, API and exit lines that close the text report. */
function footerText(report: ScimReport): string[] {
  const lines = [`Summary: ${summaryText(totals(report.diff))}.`];
  if (report.sync) {
    const r = report.sync;
    lines.push(
      r.apply
        ? `Sync: ${r.sentPatches} PATCH request(s) sent (${r.predictedPatches} predicted at ${r.chunkSize} member change(s) per request).`
        : `Sync: dry run, nothing sent; ${r.predictedPatches} PATCH request(s) at ${r.chunkSize} member change(s) per request. Pass --apply to send them.`,
    );
  }
  if (report.cursor) {
    const c = report.cursor;
    lines.push(
      c.stored
        ? `Cursor: stored ${t(c.next)} in ${t(c.file)}.`
        : `Cursor: not advanced (${t(c.file)} keeps ${c.since === undefined ? "no cursor" : t(c.since)}).`,
    );
  }
  const a = report.apiCalls;
  lines.push(`API: ${a.totalRequests} request(s), ${a.rateLimited} rate-limited (429), ${a.retries} retried.`);
  lines.push(`Exit ${report.exitCode}.`);
  return lines;
}

const members = (list: readonly Member[]) =>
  list.map((m) => ({ id: m.id, ...(m.userName ? { userName: m.userName } : {}), ...(m.name ? { name: m.name } : {}) }));

export function renderScimJson(report: ScimReport): string {
  const { diff } = report;
  const out = {
    version: 1,
    command: report.command,
    apply: report.sync?.apply ?? false,
    source: diff.source,
    kind: diff.kind,
    policy: diff.policy,
    exitCode: report.exitCode,
    summary: totals(diff),
    groups: diff.groups.map((g) => {
      const base = { displayName: g.displayName, origin: g.origin, status: g.status };
      if (g.status === "missing") return { ...base, near: g.near };
      if (g.status === "ambiguous") return { ...base, candidates: g.candidates };
      const s = syncOf(report, g);
      return {
        ...base,
        id: g.id,
        etag: g.etag,
        queues: g.queues,
        add: members(g.add),
        remove: members(g.remove),
        orphans: members(g.orphans),
        unknown: g.unknown,
        correct: g.correct,
        ...(s
          ? {
              sync: {
                outcome: s.outcome,
                conflicts: s.conflicts,
                ...(s.error ? { error: s.error } : {}),
                requests: s.requests.map((r) => ({ ifMatch: r.ifMatch ?? null, body: r.body })),
              },
            }
          : {}),
      };
    }),
    ...(report.sync
      ? {
          sync: {
            chunkSize: report.sync.chunkSize,
            predictedPatches: report.sync.predictedPatches,
            sentPatches: report.sync.sentPatches,
          },
        }
      : {}),
    ...(report.cursor ? { cursor: report.cursor } : {}),
    apiCalls: report.apiCalls,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

function mdList(list: readonly Member[]): string {
  return list.length ? list.map((m) => markdownCode(who(m), { inTable: true })).join(", ") : "";
}

export function renderScimMarkdown(report: ScimReport): string {
  const { diff } = report;
  const s = totals(diff);
  const title = report.command === "sync" ? (report.sync?.apply ? "SCIM sync" : "SCIM sync (dry run)") : "SCIM drift";
  const lines = [
    `### ${title}: ${markdownText(diff.source)}`,
    "",
    `${summaryText(s)}.`,
    "",
    "| Group | Status | Add | Remove | Orphans | Unknown | Queues |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const g of diff.groups) {
    const name = markdownText(g.displayName);
    if (g.status === "missing") {
      lines.push(`| ${name} | missing: create it with ScimGroup (SCIM cannot create groups) | | | | | |`);
      continue;
    }
    if (g.status === "ambiguous") {
      lines.push(`| ${name} | ambiguous: ${g.candidates.length} groups share this name | | | | | |`);
      continue;
    }
    const sync = syncOf(report, g);
    const drift = g.add.length + g.remove.length + g.orphans.length > 0;
    const status = sync ? OUTCOME[sync.outcome] : drift ? "drift" : "in sync";
    lines.push(
      `| ${name} | ${status} | ${mdList(g.add)} | ${mdList(g.remove)} | ${mdList(g.orphans)} | ${g.unknown
        .map((u) => markdownCode(u.ref, { inTable: true }))
        .join(", ")} | ${g.queues.map((q) => markdownText(q.name)).join(", ")} |`,
    );
  }
  lines.push("", `Exit ${report.exitCode}; ${report.apiCalls.totalRequests} API request(s).`);
  return `${lines.join("\n")}\n`;
}

export function renderScimReport(report: ScimReport, format: ReportFormat, options: ScimTextOptions = {}): string {
  if (format === "json") return renderScimJson(report);
  if (format === "markdown") return renderScimMarkdown(report);
  return renderScimText(report, options);
}
