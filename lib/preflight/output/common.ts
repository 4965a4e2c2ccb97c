/** Helpers the report renderers share: counting, grouping, wording and cleaning text. */
import { singleLine } from "../../escape/hcl";
import type { Finding, Level } from "../model";
import { terraformCountsText } from "../model";
import type { PreflightReport, RuleReport, RuleStatus, StackReport } from "../report";

/** Levels in report order: the most serious first. */
export const LEVELS: readonly Level[] = ["error", "warning", "unverified"];

export type LevelCounts = Readonly<Record<Level, number>>;

export function countLevels(findings: readonly Finding[]): LevelCounts {
  const counts: Record<Level, number> = { error: 0, warning: 0, unverified: 0 };
  for (const f of findings) counts[f.level]++;
  return counts;
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
