/**
 * GitLab Code Quality (`artifacts:reports:codequality`): a JSON array in the CodeClimate subset GitLab reads, one
 * entry per finding with `description`, `check_name`, `fingerprint`, `severity` and `location.path` /
 * `location.lines.begin` (docs/report-locations.md). Fingerprints are gcguard's own finding identity, so the merge
 * request widget tells a new finding from one that was already there, and no two entries share one.
 * Waived findings are left out: the format has no suppression field, and any entry would show as an issue. Their
 * fingerprints still take their occurrence, so the others' fingerprints do not move when a waiver is added.
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
  const entries = report.findings.flatMap((f, i) => {
    if (f.suppression) return [];
    const place = findingPlace(report, f, options.root);
    const what = `${f.code} [${f.stack}] ${f.address ? `${f.address}: ` : ""}${f.message}`;
    const entry = {
      description: cleanLines(what).join(" "),
      check_name: f.code,
      fingerprint: ids[i]!.replace(":", "-"),
      severity: SEVERITY[f.level],
      location: { path: place.file, lines: { begin: place.line } },
    };
    return [entry];
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}
