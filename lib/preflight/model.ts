/**
 * The preflight's data model: what the plan changes (from any input), what the org holds (read once, in bulk,
 * before the rules run), and what the rules report. Rules are pure functions of the first two.
 */
import type { Division, Group, Queue, User } from "../genesys/schemas";
import type { Locator, SourceLocation } from "./locations";

/** The Genesys kinds whose names must be unique in an org. */
export type Kind = "division" | "group" | "queue";

export const KIND_OF_TYPE: Readonly<Record<string, Kind>> = {
  genesyscloud_auth_division: "division",
  genesyscloud_group: "group",
  genesyscloud_routing_queue: "queue",
};

/** What the plan does to one resource. A rename is an `update` whose `before.name` and `after.name` differ. */
export type Action = "create" | "update" | "delete" | "replace" | "import" | "no-op" | "read";

export interface PlannedChange {
  /** Terraform address: `genesyscloud_group.sales_agents`, or `data.genesyscloud_group.tier1` for data sources. */
  readonly address: string;
  readonly mode: "managed" | "data";
  /** Resource or data source type, e.g. `genesyscloud_auth_division`. */
  readonly type: string;
  readonly action: Action;
  /** Attributes in state before the change (Terraform names); absent for creates. */
  readonly before?: Readonly<Record<string, unknown>>;
  /**
   * Planned attributes (Terraform names); values unknown until apply are absent. For data sources: the query.
   * `member_ids` and `members` appear only when the configuration sets them (not as computed values from state).
   */
  readonly after?: Readonly<Record<string, unknown>>;
  /** The Genesys ID an `import` block adopts into this address. */
  readonly importId?: string;
  /** The cdktf construct path, when the input was a cdktf stack. */
  readonly constructPath?: string;
  /** `lifecycle.ignore_changes` of the resource, when the input carries it (Terraform attribute names, or "all"). */
  readonly ignoreChanges?: readonly string[] | "all";
}

/** A plan's changes counted the way `terraform plan` prints them: `Plan: 2 to import, 1 to add, 0 to change, 0 to destroy`. */
export interface TerraformCounts {
  readonly import: number;
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
}

/** Counts derived changes the way Terraform does: a replace adds and destroys; an import that updates is both. */
export function terraformCounts(
  changes: readonly { readonly mode: string; readonly action: Action }[],
): TerraformCounts {
  const n = { import: 0, add: 0, change: 0, destroy: 0 };
  for (const c of changes) {
    if (c.mode !== "managed") continue;
    if (c.action === "import") n.import++;
    else if (c.action === "create") n.add++;
    else if (c.action === "update") n.change++;
    else if (c.action === "delete") n.destroy++;
    else if (c.action === "replace") {
      n.add++;
      n.destroy++;
    }
  }
  return n;
}

export function terraformCountsText(c: TerraformCounts): string {
  return `${c.import > 0 ? `${c.import} to import, ` : ""}${c.add} to add, ${c.change} to change, ${c.destroy} to destroy`;
}

export interface StackPlan {
  /**
   * The stack (lib/stack/identity.ts): the cdktf stack name, from the config, the stack file, the cdktf layout or
   * an explicit `<stack>=<file>`. When none of these can tell, it is the file's name as a label only (`unnamed`).
   */
  readonly stack: string;
  /** The stack's name could not be learned: `stack` is only a label, and no manifest entry is written under it. */
  readonly unnamed?: boolean;
  /** Every managed change counted as Terraform counts it, all providers included (a JSON plan knows them all). */
  readonly counts?: TerraformCounts;
  /** Where the plan came from, for messages: a file path, or "synthesized in-process". */
  readonly source: string;
  /** Where findings point: the config entries, the .tf blocks, or the input file (lib/preflight/locations.ts). */
  readonly locator?: Locator;
  readonly changes: readonly PlannedChange[];
}

/** Dependents of a division, as totals plus a bounded sample. */
export interface Dependents {
  readonly users: { readonly total: number; readonly sample: readonly User[] };
  readonly queues: { readonly total: number; readonly sample: readonly Queue[] };
}

/** What the org holds, as far as the rules need it. Name maps are keyed by `nameKey` (trimmed, lower case). */
export interface OrgView {
  /** A one-line description of the org and credentials (never a secret). */
  readonly description: string;
  readonly divisions: readonly Division[];
  readonly home?: Division;
  readonly groupsByName: ReadonlyMap<string, readonly Group[]>;
  readonly queuesByName: ReadonlyMap<string, readonly Queue[]>;
  /** Queues fetched by id (adopted or in state), for their direct-member counts. */
  readonly queuesById: ReadonlyMap<string, Queue>;
  /** Direct members of groups whose membership the plan would set (by group id). */
  readonly groupMembers: ReadonlyMap<string, readonly User[]>;
  /** Users and queues in divisions the plan deletes or replaces (by division id). */
  readonly divisionDependents: ReadonlyMap<string, Dependents>;
  /** Divisions whose queues the credentials cannot see: a queue name collision could hide there. */
  readonly hiddenDivisions: readonly Division[];
  /** Permissions the apply needs that the credentials lack. */
  readonly missingPermissions: readonly string[];
}

export type Level = "error" | "warning" | "unverified";

/** An object in the org a finding is about. */
export interface OrgObject {
  readonly id: string;
  readonly name: string;
  readonly kind: Kind | "user";
  readonly divisionName?: string;
}

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
  /** The source line a person edits to fix it (lib/preflight/locations.ts). */
  readonly location?: SourceLocation;
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

export interface RuleDefinition {
  /** Stable kebab-case id, e.g. `name-collision`. */
  readonly id: string;
  /** Stable code for SARIF and suppressions, e.g. `GCG101`. */
  readonly code: string;
  /** Short title. */
  readonly title: string;
  /** What holds when the rule passes, stated positively (cdk-nag style). */
  readonly description: string;
  readonly level: Level;
  readonly check: (ctx: RuleContext) => RuleResult;
}
