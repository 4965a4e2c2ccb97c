/** Helpers the report renderers share: counting, grouping, wording and cleaning text. */
import { createHash } from "node:crypto";
import path from "node:path";

import { singleLine } from "../../escape/hcl";
import type { Finding, Level, Suppression } from "../model";
import { terraformCountsText } from "../../plan/model";
import type { PreflightReport, RuleReport, RuleStatus, StackReport } from "../report";

/** Levels in report order: the most serious first. */
export const LEVELS: readonly Level[] = ["error", "warning", "unverified"];

export type LevelCounts = Readonly<Record<Level, number>>;

/** Findings by level; waived ones are not counted, as the gate does not count them (lib/preflight/run.ts). */
export function countLevels(findings: readonly Finding[]): LevelCounts {
  const counts: Record<Level, number> = { error: 0, warning: 0, unverified: 0 };
  for (const f of findings) if (f.suppression === undefined) counts[f.level]++;
  return counts;
}

/** How a waived finding is marked: `suppressed: <reason> (until 2030-01-31, .gcguard-waivers.yaml:2)`. */
export function suppressionText(s: Suppression): string {
  return `suppressed: ${s.reason} (${s.expires === undefined ? "" : `until ${s.expires}, `}${s.file}:${s.line})`;
}

/** The totals line: `6 errors, 4 warnings, 3 unverified`, plus `, 1 suppressed` when waivers were in effect. */
export function totalsText(report: PreflightReport): string {
  const suppressed = report.summary.suppressed;
  return `${levelCountsText(totals(report))}${suppressed === undefined ? "" : `, ${suppressed} suppressed`}`;
}

/** The report's totals, as the summary states them. */
export function totals(report: PreflightReport): LevelCounts {
  const { errors, warnings, unverified } = report.summary;
  return { error: errors, warning: warnings, unverified };
}

export function findingsOf(report: PreflightReport, stack: string): readonly Finding[] {
  return report.findings.filter((f) => f.stack === stack);
}

/** A rule's status in one stack; a rule that has no result for the stack was not run there. */
export function statusIn(rule: RuleReport, stack: string): RuleStatus | "not-run" {
  return rule.results.find((r) => r.stack === stack)?.status ?? "not-run";
}

/** `1 error`, `2 errors`, `0 unverified`, `2 retries` (with `many` given). */
export function plural(n: number, word: string, many = word === "unverified" ? word : `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

export function levelCountsText(counts: LevelCounts): string {
  return LEVELS.map((level) => plural(counts[level], level)).join(", ");
}

/**
 * The plan as Terraform summarizes it (`2 to import, 1 to add, 0 to change, 0 to destroy`), then the checked kinds
 * by action (`3 create, 1 update` of divisions, groups and queues).
 */
export function changesText(stack: StackReport): string {
  return `${terraformCountsText(stack.terraform)} (checked: ${checkedText(stack)})`;
}

/**
 * The Genesys types the plan creates, renames or imports that the gate could not check, or undefined when there are
 * none: `genesyscloud_foo (3), genesyscloud_bar (1)`.
 */
export function notCheckedText(stack: StackReport): string | undefined {
  const types = stack.coverage.notChecked.filter((t) => t.reason === "unknown-type");
  return types.length > 0 ? types.map((t) => `${t.type} (${t.changes})`).join(", ") : undefined;
}

function checkedText(stack: StackReport): string {
  const order = ["create", "import", "update", "replace", "delete", "read", "no-op"] as const;
  const parts = order.flatMap((action) => {
    const n = stack.changes[action] ?? 0;
    return n > 0 ? [`${n} ${action}`] : [];
  });
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

/**
 * A multi-line value (a detail, a remediation) as lines without control or invisible characters (`singleLine`
 * on each, so a tab becomes a space), keeping each line's indentation and dropping blank lines at both ends.
 */
export function cleanLines(value: string): string[] {
  const lines = value.split(/\r\n|[\r\n\u2028\u2029]/).map((line) => singleLine(line).trimEnd());
  while (lines[0] === "") lines.shift();
  while (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * A finding's identity across runs: rule, stack and address (not the message, whose counts change, nor the line,
 * which moves). Findings sharing all three are told apart by their occurrence, which the caller appends.
 */
export function fingerprint(finding: Finding): string {
  return createHash("sha256")
    .update(JSON.stringify([finding.code, finding.stack, finding.address ?? ""]))
    .digest("hex")
    .slice(0, 32);
}

/** Each finding's fingerprint with its occurrence (`<hash>:0`, `<hash>:1`, ...), in report order. */
export function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = fingerprint(f);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return `${key}:${n}`;
  });
}

/**
 * Where a finding without a source location points: its stack's input file (relative to `root`), or `cdktf.json`
 * for a stack synthesized in-process (it comes from the cdktf app).
 */
export function defaultArtifactPath(stack: StackReport, root: string): string {
  const source = stack.source;
  const isPath = path.isAbsolute(source) || /[\\/]/.test(source) || /\.[A-Za-z0-9]+$/.test(source);
  if (!isPath) return "cdktf.json";
  return path.isAbsolute(source) ? path.relative(root, source) : source;
}

/** A finding's file and line: its location, else line 1 of its stack's input (defaultArtifactPath). */
export function findingPlace(
  report: PreflightReport,
  finding: Finding,
  root: string = process.cwd(),
): { readonly file: string; readonly line: number } {
  if (finding.location) return finding.location;
  const stack = report.stacks.find((s) => s.name === finding.stack);
  return { file: stack ? defaultArtifactPath(stack, root).split(path.sep).join("/") : "cdktf.json", line: 1 };
}
