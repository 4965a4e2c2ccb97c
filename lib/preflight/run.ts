/**
 * Runs the preflight: for each stack, read the org once, run every rule (a rule that throws is reported, never
 * fatal), and assemble one report with one exit code.
 */
import type { CallStats } from "../genesys/accounting";
import type { GenesysClient } from "../genesys/client";
import type { Action, StackPlan } from "../plan/model";
import type { Finding, Level, RegisteredRule } from "./model";
import { KIND_OF_TYPE } from "../org/kinds";
import { terraformCounts, terraformCountsText } from "../plan/model";
import type { SourceLocation } from "../plan/locations";
import { locate } from "../plan/locations";
import { readOrg } from "../org/read";
import type { OrgView } from "../org/view";
import type { PreflightReport, RuleReport, RuleStatus, StackReport } from "./report";
import { REPORT_SCHEMA_VERSION } from "./report";
import { RULES, typeNotCheckedRule, waiverExpiredRule } from "./rules";
import { coverageOf } from "../org/coverage";
import type { Waiver } from "./waivers";
import { applyWaivers, utcDay } from "./waivers";

export interface StackTarget {
  readonly plan: StackPlan;
  /** A client for this stack's org, used by this stack only (its counters are the stack's API cost). */
  readonly client: GenesysClient;
}

export interface PreflightOptions {
  readonly version: string;
  /** The lowest level that fails the gate. @default "error" */
  readonly failOn?: "error" | "warning";
  /** Do not fail (exit 3) on unverified findings alone. @default false */
  readonly allowUnverified?: boolean;
  readonly rules?: readonly RegisteredRule[];
  readonly progress?: (line: string) => void;
  /** Accepted findings (lib/preflight/waivers.ts); with none, the report has no waiver fields at all. */
  readonly waivers?: readonly Waiver[];
  /** `--require-coverage`: planned Genesys types gcguard cannot check fail closed (GCG104, exit 3). */
  readonly requireCoverage?: boolean;
  /** Today, YYYY-MM-DD in UTC, against which waivers expire. @default the day of Date.now() */
  readonly today?: string;
}

const LEVEL_ORDER: Readonly<Record<Level, number>> = { error: 0, unverified: 1, warning: 2 };

export function exitCodeFor(
  counts: { errors: number; warnings: number; unverified: number },
  failOn: "error" | "warning",
  allowUnverified: boolean,
): 0 | 1 | 3 {
  // A gate fails closed: what it could not check is never "safe".
  if (counts.unverified > 0 && !allowUnverified) return 3;
  if (counts.errors > 0 || (failOn === "warning" && counts.warnings > 0)) return 1;
  return 0;
}

function sumStats(stats: readonly CallStats[]): CallStats {
  const requests: Record<string, number> = {};
  for (const s of stats) for (const [k, v] of Object.entries(s.requests)) requests[k] = (requests[k] ?? 0) + v;
  return {
    requests: Object.fromEntries(Object.entries(requests).sort(([a], [b]) => (a < b ? -1 : 1))),
    totalRequests: stats.reduce((n, s) => n + s.totalRequests, 0),
    retries: stats.reduce((n, s) => n + s.retries, 0),
    rateLimited: stats.reduce((n, s) => n + s.rateLimited, 0),
    waitedMs: stats.reduce((n, s) => n + s.waitedMs, 0),
  };
}

function changeCounts(plan: StackPlan): Partial<Record<Action, number>> {
  const out: Partial<Record<Action, number>> = {};
  for (const c of plan.changes)
    if (c.mode === "managed" && KIND_OF_TYPE[c.type]) out[c.action] = (out[c.action] ?? 0) + 1;
  return out;
}

/** The finding's `location` field, when the plan knows where its stack's sources are. */
function locationOf(plan: StackPlan, address: string | undefined): { location?: SourceLocation } {
  return plan.locator ? { location: locate(plan.locator, address) } : {};
}

type RuleResults = Map<string, { stack: string; status: RuleStatus; findings: number }[]>;

/** Runs one rule on one stack; a rule that throws becomes an error finding, and the other rules' results stand. */
function runRule(rule: RegisteredRule, plan: StackPlan, org: OrgView): { status: RuleStatus; findings: Finding[] } {
  try {
    const result = rule.check({ plan, org });
    const count = result.findings.length;
    const status: RuleStatus = count > 0 ? "fail" : result.applicable ? "pass" : "not-applicable";
    const findings = result.findings.map((f) => ({
      ...f,
      rule: rule.id,
      code: rule.code,
      level: rule.level,
      stack: plan.stack,
      ...locationOf(plan, f.address),
    }));
    return { status, findings };
  } catch (err) {
    const finding: Finding = {
      rule: rule.id,
      code: rule.code,
      level: "error",
      stack: plan.stack,
      message: `rule ${rule.id} failed: ${err instanceof Error ? err.message : String(err)}`,
      remediation: "report this as a gcguard bug; the other rules' results stand",
      ...locationOf(plan, undefined),
    };
    return { status: "error", findings: [finding] };
  }
}

/** Reads one stack's org and runs every rule on it, recording each rule's status in `ruleResults`. */
async function checkStack(
  { plan, client }: StackTarget,
  rules: readonly RegisteredRule[],
  ruleResults: RuleResults,
  progress: (line: string) => void,
): Promise<{ stack: StackReport; findings: Finding[] }> {
  progress(`stack ${plan.stack}: Plan: ${terraformCountsText(plan.counts ?? terraformCounts(plan.changes))}`);
  const org = await readOrg(client, plan, progress);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const result = runRule(rule, plan, org);
    for (const finding of result.findings) findings.push(finding); // no spread: a huge plan's findings
    ruleResults.get(rule.id)?.push({ stack: plan.stack, status: result.status, findings: result.findings.length });
  }
  const stack: StackReport = {
    name: plan.stack,
    source: plan.source,
    org: org.description,
    changes: changeCounts(plan),
    terraform: plan.counts ?? terraformCounts(plan.changes),
    coverage: coverageOf(plan),
    apiCalls: client.stats(),
  };
  return { stack, findings };
}

/** In the report's order: stack (as given), then level (errors first), then rule code, then address. */
function sortFindings(findings: Finding[], targets: readonly StackTarget[]): void {
  const stackOrder = new Map(targets.map((t, i) => [t.plan.stack, i]));
  findings.sort(
    (a, b) =>
      (stackOrder.get(a.stack) ?? 0) - (stackOrder.get(b.stack) ?? 0) ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      a.code.localeCompare(b.code) ||
      (a.address ?? "").localeCompare(b.address ?? ""),
  );
}

export async function runPreflight(
  targets: readonly StackTarget[],
  options: PreflightOptions,
): Promise<PreflightReport> {
  const waivers = options.waivers ?? [];
  // GCG901's findings come from the waivers, not the plan; without waivers it is not part of the report at all.
  // GCG104 runs only when asked for (--require-coverage); without it, unchecked types are listed, not findings.
  const rules = (options.rules ?? RULES).filter(
    (r) =>
      (r.id !== waiverExpiredRule.id || waivers.length > 0) &&
      (r.id !== typeNotCheckedRule.id || options.requireCoverage),
  );
  const planRules = rules.filter((r) => r.id !== waiverExpiredRule.id);
  const progress = options.progress ?? (() => {});
  let findings: Finding[] = [];
  const ruleResults: RuleResults = new Map(rules.map((r) => [r.id, []]));
  const stacks: StackReport[] = [];
  for (const target of targets) {
    const checked = await checkStack(target, planRules, ruleResults, progress);
    stacks.push(checked.stack);
    for (const finding of checked.findings) findings.push(finding);
  }
  if (waivers.length > 0) {
    const names = targets.map((t) => t.plan.stack);
    findings = applyWaivers(findings, waivers, options.today ?? utcDay(Date.now()), names);
    ruleResults.set(waiverExpiredRule.id, waiverResults(findings, names));
  }
  sortFindings(findings, targets);
  return assembleReport(stacks, rules, ruleResults, findings, options);
}

/** GCG901's result per stack: it fails where a lapsed waiver's finding landed. */
function waiverResults(findings: readonly Finding[], stacks: readonly string[]): RuleReport["results"][number][] {
  return stacks.map((stack) => {
    const count = findings.filter((f) => f.stack === stack && f.rule === waiverExpiredRule.id).length;
    return { stack, status: count > 0 ? "fail" : "pass", findings: count };
  });
}

/** The report from the facts gathered: counts, the exit code, and each rule's results per stack. */
function assembleReport(
  stacks: StackReport[],
  rules: readonly RegisteredRule[],
  ruleResults: RuleResults,
  findings: Finding[],
  options: PreflightOptions,
): PreflightReport {
  // A waived finding is reported but does not count toward the totals or the exit code.
  const counted = findings.filter((f) => f.suppression === undefined);
  const count = (level: Level) => counted.filter((f) => f.level === level).length;
  const suppressed = options.waivers?.length ? { suppressed: findings.length - counted.length } : {};
  const failOn = options.failOn ?? "error";
  const allowUnverified = options.allowUnverified ?? false;
  const counts = { errors: count("error"), warnings: count("warning"), unverified: count("unverified") };
  const rulesReport: RuleReport[] = rules.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    description: r.description,
    level: r.level,
    results: ruleResults.get(r.id) ?? [],
  }));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: "gcguard", version: options.version },
    stacks,
    rules: rulesReport,
    findings,
    summary: {
      ...counts,
      ...suppressed,
      exitCode: exitCodeFor(counts, failOn, allowUnverified),
      failOn,
      allowUnverified,
    },
    apiCalls: sumStats(stacks.map((s) => s.apiCalls)),
  };
}
