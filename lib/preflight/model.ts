/**
 * What preflight's rules are and what they report. A rule is a pure function of the plan (lib/plan/model.ts) and
 * what the org holds (lib/org/view.ts).
 */
import type { OrgView, OrgObject } from "../org/view";
import type { SourceLocation } from "../plan/locations";
import type { StackPlan } from "../plan/model";

export type Level = "error" | "warning" | "unverified";

/** What a rule reports; the registry adds the rule id, level and stack. */
export interface FindingDraft {
  /** The Terraform address concerned, when there is one. */
  readonly address?: string;
  /** One line: what is wrong. */
  readonly message: string;
  /** Why it matters, and the evidence (counts, samples), in a few lines. */
  readonly detail?: string;
  /** What to do about it, concretely. */
  readonly remediation: string;
  /** The org objects involved (the existing object, the duplicates, the dependents sample). */
  readonly objects?: readonly OrgObject[];
  /** The adoption that fixes it, when one does: `--write-imports` writes these. */
  readonly adoption?: { readonly address: string; readonly id: string; readonly name: string };
}

export interface Finding extends FindingDraft {
  readonly rule: string;
  readonly code: string;
  readonly level: Level;
  readonly stack: string;
  /** The source line a person edits to fix it (lib/plan/locations.ts). */
  readonly location?: SourceLocation;
  /** Set when a waiver covers it: still reported, but not counted toward the exit code (lib/preflight/waivers.ts). */
  readonly suppression?: Suppression;
}

/** The waiver that covers a finding: why, until when, and where it is written. */
export interface Suppression {
  readonly reason: string;
  /** The waiver's last day, YYYY-MM-DD (UTC). */
  readonly expires?: string;
  readonly file: string;
  readonly line: number;
}

export interface RuleContext {
  readonly plan: StackPlan;
  readonly org: OrgView;
}

export interface RuleResult {
  /** False when nothing in the plan is the rule's business (JUnit: skipped). */
  readonly applicable: boolean;
  readonly findings: readonly FindingDraft[];
}

/** A rule as its file defines it: what it checks. Its level is the registry's call (lib/preflight/rules/index.ts). */
export interface RuleDefinition {
  /** Stable kebab-case id, e.g. `name-collision`. */
  readonly id: string;
  /** Stable code for SARIF and suppressions, e.g. `GCG101`. */
  readonly code: string;
  /** Short title. */
  readonly title: string;
  /** What holds when the rule passes, stated positively (cdk-nag style). */
  readonly description: string;
  readonly check: (ctx: RuleContext) => RuleResult;
}

/** A rule with the level the registry gives it: how bad its findings are is policy, decided in one table. */
export interface RegisteredRule extends RuleDefinition {
  readonly level: Level;
}
