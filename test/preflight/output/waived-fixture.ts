/**
 * The sample report with waivers in effect: the first acme-prod finding (GCG101) waived, and a lapsed waiver as a
 * GCG901 error at its line in the waiver file. The reason holds markup characters, as a person may write anything.
 */
import type { Finding } from "../../../lib/preflight/model";
import type { PreflightReport, RuleReport } from "../../../lib/preflight/report";
import { sampleReport } from "./fixtures";

export const WAIVER_REASON = "Adopted in <PR #12> | owner: Ana & Bo";

const [waivedFinding, ...rest] = sampleReport.findings;

const waived: Finding = {
  ...waivedFinding!,
  suppression: { reason: WAIVER_REASON, expires: "2030-01-31", file: ".gcguard-waivers.yaml", line: 2 },
};

export const expiredFinding: Finding = {
  rule: "waiver-expired",
  code: "GCG901",
  level: "error",
  stack: "acme-prod",
  address: "genesyscloud_routing_queue.billing",
  message: "the waiver of GCG101 for genesyscloud_routing_queue.billing expired on 2029-12-31",
  detail:
    "Reason given: billing queue renamed by hand\nWaived until 2029-12-31 (UTC); the finding it covered counts again.",
  remediation: "fix what GCG101 reports, or review the waiver and move its expires date (.gcguard-waivers.yaml:7)",
  location: { file: ".gcguard-waivers.yaml", line: 7 },
};

const waiverRule: RuleReport = {
  id: "waiver-expired",
  code: "GCG901",
  title: "Every waiver is within its expiry date",
  description: "No waiver in effect is past the last day its expires field allows.",
  level: "error",
  results: sampleReport.stacks.map((s, i) => ({ stack: s.name, status: i === 0 ? "fail" : "pass", findings: 1 - i })),
};

/** Where GCG901 sorts: after acme-prod's other errors. */
const cut = rest.findIndex((f) => f.stack !== "acme-prod" || f.level !== "error");

export const waivedReport: PreflightReport = {
  ...sampleReport,
  rules: [...sampleReport.rules, waiverRule],
  findings: [waived, ...rest.slice(0, cut), expiredFinding, ...rest.slice(cut)],
  summary: { ...sampleReport.summary, suppressed: 1 },
};

/** One stack whose only finding is waived: the gate passes. */
export const onlyWaivedReport: PreflightReport = {
  ...sampleReport,
  stacks: [sampleReport.stacks[0]!],
  rules: sampleReport.rules.map((r) => ({
    ...r,
    results: [
      { stack: "acme-prod", status: r.code === "GCG101" ? "fail" : "pass", findings: r.code === "GCG101" ? 1 : 0 },
    ],
  })),
  findings: [waived],
  summary: { ...sampleReport.summary, errors: 0, warnings: 0, unverified: 0, suppressed: 1, exitCode: 0 },
  apiCalls: sampleReport.stacks[0]!.apiCalls,
};
