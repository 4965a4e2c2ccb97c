/**
 * GitHub Actions: one `::error` / `::warning` workflow command per finding, which GitHub shows as an annotation on
 * the run, and the Markdown report appended to the job summary (`$GITHUB_STEP_SUMMARY`) (docs/peers.md §4, §8 item 7).
 * GitHub shows at most 10 error and 10 warning annotations per step; the job summary has them all. A waived finding
 * is a `::notice`, titled "(suppressed)": still visible on the run, but never an error or warning the run fails on.
 */
import { appendFileSync, statSync } from "node:fs";

import type { Finding, Level } from "../model";
import type { PreflightReport } from "../report";
import { cleanLines, suppressionText } from "./common";
import { renderMarkdown } from "./markdown";

export interface GithubOptions {
  /**
   * A file to append the Markdown report to: the CLI passes `$GITHUB_STEP_SUMMARY`.
   * @default - no job summary
   */
  readonly stepSummaryFile?: string;
}

const COMMAND: Readonly<Record<Level, "error" | "warning">> = {
  error: "error",
  warning: "warning",
  unverified: "warning",
};

/** The workflow commands, one line per finding. */
export function renderGithub(report: PreflightReport): string {
  const titles = new Map(report.rules.map((rule) => [rule.code, rule.title]));
  const lines = report.findings.map((f) => {
    const marks = `${f.level === "unverified" ? " (unverified)" : ""}${f.suppression ? " (suppressed)" : ""}`;
    const title = `${f.code} ${titles.get(f.code) ?? f.rule}${marks}`;
    const where = f.location
      ? `file=${escapeProperty(f.location.file)},line=${f.location.line},endLine=${f.location.line},`
      : "";
    return `::${f.suppression ? "notice" : COMMAND[f.level]} ${where}title=${escapeProperty(title)}::${escapeData(annotation(f))}`;
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** Appends the Markdown report to `file` (the job summary), after a blank line when the file has content. */
export function appendStepSummary(report: PreflightReport, file: string): void {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    // a missing file is created
  }
  appendFileSync(file, `${size > 0 ? "\n" : ""}${renderMarkdown(report)}`);
}

function annotation(f: Finding): string {
  const parts = [`[${f.stack}] ${f.address ? `${f.address}: ` : ""}${f.message}`];
  if (f.suppression) parts.push(suppressionText(f.suppression));
  if (f.detail) parts.push(f.detail);
  parts.push(`Remediation: ${f.remediation}`);
  // Control characters (an ANSI escape in a name) would recolour or rewrite the log line: keep only the text.
  return cleanLines(parts.join("\n\n")).join("\n");
}

/**
 * A command's message. The runner decodes `%25`, `%0D` and `%0A`, so a finding can span lines without a line
 * of it being read as a command (@actions/core `escapeData`).
 */
export function escapeData(value: string): string {
  return value.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/**
 * A command property value: as `escapeData`, plus `:` and `,`, which end a property (@actions/core `escapeProperty`).
 */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
