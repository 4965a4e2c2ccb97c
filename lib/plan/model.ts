/**
 * What a plan changes, from any input (plan JSON, a synthesized stack, state): the model preflight's rules and
 * resolve's attribution read. Readers are in lib/plan/inputs/.
 */
import type { Locator } from "./locations";

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
  /**
   * Planned attributes whose values are not known until apply (`after_unknown` in a JSON plan, a reference in a
   * synthesized stack, a flow file that cannot be read here), each with why. Absent when every value is known.
   */
  readonly unknown?: Readonly<Record<string, string>>;
  /** The Genesys ID an `import` block adopts into this address. */
  readonly importId?: string;
  /** The cdktf construct path, when the input was a cdktf stack. */
  readonly constructPath?: string;
  /** `lifecycle.ignore_changes` of the resource, when the input carries it (Terraform attribute names, or "all"). */
  readonly ignoreChanges?: readonly string[] | "all";
}

/**
 * A plan's changes counted the way `terraform plan` prints them:
 * `Plan: 2 to import, 1 to add, 0 to change, 0 to destroy`.
 */
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
  /** Where findings point: the config entries, the .tf blocks, or the input file (lib/plan/locations.ts). */
  readonly locator?: Locator;
  readonly changes: readonly PlannedChange[];
}
