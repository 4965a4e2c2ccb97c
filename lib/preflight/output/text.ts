/**
 * The human report, for a terminal or a CI log (the CLI prints it to stderr): per stack, the findings grouped by
 * level, then one summary line. Names come from the plan and the org and may hold anything, so every value is
 * cleaned of control and invisible characters first: a name must not be able to move the cursor, recolour the
 * log or forge a line.
 */
import type { Style } from "../../color";
import { painter } from "../../color";
import { singleLine } from "../../escape/hcl";
import type { Finding, Level } from "../model";
import type { PreflightReport, StackReport } from "../report";
import {
  LEVELS,
  changesText,
  cleanLines,
  notCheckedText,
  findingsOf,
  plural,
  suppressionText,
  totals,
  totalsText,
} from "./common";

export interface TextOptions {
  /**
   * Colour the output with ANSI escapes.
   * @default false
   */
  readonly color?: boolean;
}

const HEADINGS: Readonly<Record<Level, string>> = { error: "Errors", warning: "Warnings", unverified: "Unverified" };

export function renderText(report: PreflightReport, options: TextOptions = {}): string {
  const paint = painter(options.color === true);
  const lines = [`gcguard preflight ${clean(report.tool.version)}`];
  for (const stack of report.stacks) lines.push("", ...stackLines(report, stack, paint));
  lines.push("", summaryLine(report, paint));
  return `${lines.join("\n")}\n`;
}

function stackLines(report: PreflightReport, stack: StackReport, paint: (s: Style, t: string) => string): string[] {
  const lines = [
    `${paint("bold", `Stack ${clean(stack.name)}`)}  (${clean(stack.source)})`,
    `  org: ${clean(stack.org)}`,
    `  planned: ${changesText(stack)}; ${plural(stack.apiCalls.totalRequests, "API call")}`,
  ];
  const unchecked = notCheckedText(stack);
  if (unchecked) lines.push(`  not checked: ${clean(unchecked)} (gcguard cannot look these names up)`);
  const findings = findingsOf(report, stack.name);
  if (findings.length === 0) return [...lines, "  no findings"];
  for (const level of LEVELS) {
    const group = findings.filter((f) => f.level === level && f.suppression === undefined);
    if (group.length === 0) continue;
    lines.push(`  ${paint(level, `${HEADINGS[level]} (${group.length})`)}`);
    for (const finding of group) lines.push(...findingLines(finding, paint));
  }
  // Waived findings last, under their own heading: listed so the accepted risk stays visible, never as errors.
  const waived = findings.filter((f) => f.suppression !== undefined);
  if (waived.length > 0) lines.push(`  ${paint("dim", `Suppressed (${waived.length})`)}`);
  for (const finding of waived) lines.push(...findingLines(finding, paint));
  return lines;
}

function findingLines(f: Finding, paint: (s: Style, t: string) => string): string[] {
  const head = `    ${paint(f.suppression ? "dim" : f.level, clean(f.code))} ${clean(f.rule)}${f.address ? `  ${clean(f.address)}` : ""}`;
  const detail = cleanLines(f.detail ?? "").map((line) => (line ? paint("dim", `        ${line}`) : ""));
  const [first = "", ...rest] = cleanLines(f.remediation);
  const more = rest.map((line) => (line ? `           ${line}` : ""));
  const waived = f.suppression ? [`      ${clean(suppressionText(f.suppression))}`] : [];
  return [head, ...waived, `      ${clean(f.message)}`, ...detail, `      fix: ${first}`, ...more];
}

function summaryLine(report: PreflightReport, paint: (s: Style, t: string) => string): string {
  const { summary, apiCalls } = report;
  const counts = totalsText(report);
  const calls =
    `${plural(apiCalls.totalRequests, "API call")} ` +
    `(${plural(apiCalls.retries, "retry", "retries")}, ${apiCalls.rateLimited} rate-limited)`;
  const text = `${counts} in ${plural(report.stacks.length, "stack")}; ${calls}; exit ${summary.exitCode}`;
  const worst = LEVELS.find((level) => totals(report)[level] > 0);
  return worst ? paint(worst, text) : text;
}

/** One value on one line, without control or invisible characters. */
function clean(value: string): string {
  return singleLine(value);
}
