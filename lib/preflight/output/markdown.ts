/**
 * The report as Markdown, for a pull-request comment or the GitHub job summary (`$GITHUB_STEP_SUMMARY`): a
 * summary table, a findings table per stack and what to do about each finding. Every value from the plan or the
 * org goes through lib/escape/markdown.ts, so a name cannot break a table row or render as markup.
 */
import { markdownCode, markdownText } from "../../escape/markdown";
import type { Finding } from "../model";
import type { PreflightReport, StackReport } from "../report";
import type { LevelCounts } from "./common";
import {
  changesText,
  notCheckedText,
  cleanLines,
  countLevels,
  findingsOf,
  plural,
  suppressionText,
  totals,
  totalsText,
} from "./common";

export function renderMarkdown(report: PreflightReport): string {
  const { summary } = report;
  const blocks = [
    `## gcguard preflight: ${totalsText(report)}`,
    [
      `Exit code ${summary.exitCode}`,
      `the gate fails on ${failsOn(report)}`,
      plural(report.apiCalls.totalRequests, "API call"),
      markdownText(`gcguard ${report.tool.version}`),
    ].join(" · "),
    summaryTable(report),
    ...report.stacks.map((stack) => stackSection(report, stack)),
  ];
  return `${blocks.join("\n\n")}\n`;
}

/** What fails the gate, from `--fail-on` and `--allow-unverified`: `errors and unverified findings`. */
function failsOn({ summary }: PreflightReport): string {
  const what = ["errors", ...(summary.failOn === "warning" ? ["warnings"] : [])];
  if (!summary.allowUnverified) what.push("unverified findings");
  return what.length > 1 ? `${what.slice(0, -1).join(", ")} and ${what.at(-1)}` : what[0]!;
}

function summaryTable(report: PreflightReport): string {
  const row = (name: string, c: LevelCounts, calls: number) => cells([name, c.error, c.warning, c.unverified, calls]);
  const rows = report.stacks.map((stack) =>
    row(markdownText(stack.name), countLevels(findingsOf(report, stack.name)), stack.apiCalls.totalRequests),
  );
  if (report.stacks.length > 1) rows.push(row("**Total**", totals(report), report.apiCalls.totalRequests));
  return [
    cells(["Stack", "Errors", "Warnings", "Unverified", "API calls"]),
    cells([":--", "--:", "--:", "--:", "--:"]),
    ...rows,
  ].join("\n");
}

function stackSection(report: PreflightReport, stack: StackReport): string {
  const findings = findingsOf(report, stack.name);
  const head = [
    `### ${markdownText(stack.name)}`,
    [`Plan: ${markdownCode(stack.source)}`, `Org: ${markdownText(stack.org)}`, `Planned: ${changesText(stack)}`].join(
      " · ",
    ),
  ];
  const unchecked = notCheckedText(stack);
  if (unchecked) head.push(`Not checked (gcguard cannot look these names up): ${markdownText(unchecked)}`);
  if (findings.length === 0) return [...head, "No findings."].join("\n\n");
  const table = [
    cells(["Level", "Code", "Address", "Message"]),
    cells([":--", ":--", ":--", ":--"]),
    ...findings.map((f) =>
      cells([
        f.suppression ? `${f.level}, suppressed: ${markdownText(f.suppression.reason)}` : f.level,
        markdownText(f.code),
        f.address ? markdownCode(f.address, { inTable: true }) : "",
        markdownText(f.message),
      ]),
    ),
  ].join("\n");
  return [...head, table, "**What to do**", findings.map(remediationItem).join("\n")].join("\n\n");
}

/** A list item: the remediation, with the finding's detail lines as a nested list. */
function remediationItem(f: Finding): string {
  const target = f.address ? ` ${markdownCode(f.address)}` : "";
  const waived = f.suppression ? ` (${markdownText(suppressionText(f.suppression))})` : "";
  const item = `- **${markdownText(f.code)}**${target}${waived}: ${markdownText(
    cleanLines(f.remediation)
      .map((line) => line.trim())
      .join(" "),
  )}`;
  const evidence = cleanLines(f.detail ?? "")
    .filter((line) => line !== "")
    .map((line) => `  - ${markdownText(line.trim())}`);
  return [item, ...evidence].join("\n");
}

/** One table row. Cells are already escaped (markdownText/markdownCode keep them on one line, pipes escaped). */
function cells(values: readonly (string | number)[]): string {
  return `| ${values.join(" | ")} |`;
}
