/**
 * The report as JSON, for machines (`--format json` on stdout). Its shape is versioned by `schemaVersion` and
 * published as report.schema.json beside this file.
 */
import type { PreflightReport } from "../report";

export function renderJson(report: PreflightReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
