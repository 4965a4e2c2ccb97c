/**
 * Azure Pipelines: one `##vso[task.logissue]` logging command per finding, which the agent shows as an error or
 * warning on the run, with the file and line to edit (docs/report-locations.md). Property values and the message
 * are escaped as azure-pipelines-task-lib escapes them, so a name cannot end the command or start another.
 * The agent keeps the first 10 errors and 10 warnings of a step; the text report on stderr has them all.
 * A waived finding gets no command: `task.logissue` knows only error and warning, and either would flag the run;
 * the text report (and the JSON and SARIF ones) still list it as suppressed.
 */
import type { Level } from "../model";
import type { PreflightReport } from "../report";
import { cleanLines, findingPlace } from "./common";

const TYPE: Readonly<Record<Level, "error" | "warning">> = {
  error: "error",
  warning: "warning",
  unverified: "warning",
};

/** A message: `%` first (as `%AZP25`), then CR and LF. */
export function escapeAzureData(value: string): string {
  return value.replace(/%/g, "%AZP25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value: as a message, plus `]` and `;`, which end the property list or a property. */
export function escapeAzureProperty(value: string): string {
  return escapeAzureData(value).replace(/]/g, "%5D").replace(/;/g, "%3B");
}

export interface AzureOptions {
  /** What source paths are relative to (the repository root). @default - the working directory */
  readonly root?: string;
}

export function renderAzure(report: PreflightReport, options: AzureOptions = {}): string {
  const lines = report.findings
    .filter((f) => f.suppression === undefined)
    .map((f) => {
      const place = findingPlace(report, f, options.root);
      const properties = [
        `type=${TYPE[f.level]}`,
        `sourcepath=${escapeAzureProperty(place.file)}`,
        `linenumber=${place.line}`,
        `code=${escapeAzureProperty(f.code)}`,
      ].join(";");
      const parts = [`[${f.stack}] ${f.address ? `${f.address}: ` : ""}${f.message}`];
      if (f.level === "unverified") parts[0] += " (unverified)";
      parts.push(`Remediation: ${f.remediation}`);
      return `##vso[task.logissue ${properties};]${escapeAzureData(cleanLines(parts.join("\n")).join("\n"))}`;
    });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
