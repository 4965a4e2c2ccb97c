/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array in the CodeClimate subset GitLab reads, one
 * entry per finding with `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
 * `location.lines.begin` (docs/report-locations.md). Fingerprints are gcguard's own finding identity, so the merge
 * request widget tells a new finding from one that was already there, and no two entries share one.
 */
import type { Level } from "../model";
import type { PreflightReport } from "../report";
import { cleanLines, findingPlace, fingerprints } from "./common";

/** GitLab's severities: info, minor, major, critical, blocker. An error blocks the apply. */
const SEVERITY: Readonly<Record<Level, string>> = { error: "blocker", warning: "major", unverified: "minor" };

export interface CodeClimateOptions {
  /** What location paths are relative to (the repository root). @default - the working directory */
  readonly root?: string;
}

export function renderCodeClimate(report: PreflightReport, options: CodeClimateOptions = {}): string {
  const ids = fingerprints(report.findings);
  const entries = report.findings.map((f, i) => {
    const place = findingPlace(report, f, options.root);
    const what = `${f.code} [${f.stack}] ${f.address ? `${f.address}: ` : ""}${f.message}`;
    return {
      description: cleanLines(what).join(" "),
      check_name: f.code,
      fingerprint: ids[i]!.replace(":", "-"),
      severity: SEVERITY[f.level],
      location: { path: place.file, lines: { begin: place.line } },
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}
