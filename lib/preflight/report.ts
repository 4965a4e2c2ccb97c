/**
 * The preflight report: every output format renders this one object. Its JSON form is versioned
 * (`schemaVersion`); lib/preflight/output/json-schema.ts publishes its JSON Schema.
 */
import type { CallStats } from "../genesys/accounting";
import type { TerraformCounts } from "../plan/model";
import type { Action } from "../plan/model";
import type { Coverage } from "../org/coverage";
import type { Finding, Level } from "./model";

export const REPORT_SCHEMA_VERSION = 1;

export type RuleStatus = "pass" | "fail" | "not-applicable" | "error";

export interface RuleReport {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly level: Level;
  /** One entry per stack checked. */
  readonly results: readonly { readonly stack: string; readonly status: RuleStatus; readonly findings: number }[];
}

export interface StackReport {
  readonly name: string;
  /** Where the plan came from. */
  readonly source: string;
  /** The org and credentials it was checked against (never a secret). */
  readonly org: string;
  /** Planned changes by action, for the genesyscloud kinds the rules check. */
  readonly changes: Readonly<Partial<Record<Action, number>>>;
  /** The plan's summary as Terraform prints it (`Plan: N to import, N to add, N to change, N to destroy`). */
  readonly terraform: TerraformCounts;
  /** Which of the plan's resource types the gate checked, and which it did not (lib/org/coverage.ts). */
  readonly coverage: Coverage;
  /** API requests this stack's checks made. */
  readonly apiCalls: CallStats;
}

export interface PreflightReport {
  readonly schemaVersion: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: "gcguard"; readonly version: string };
  readonly stacks: readonly StackReport[];
  readonly rules: readonly RuleReport[];
  /** In a stable order: stack, then level (errors first), then rule, then address. */
  readonly findings: readonly Finding[];
  readonly summary: {
    readonly errors: number;
    readonly warnings: number;
    readonly unverified: number;
    /** Findings a waiver covers: reported, not counted above. Present only when waivers were in effect. */
    readonly suppressed?: number;
    /** The exit code this report leads to under the options it was made with. */
    readonly exitCode: 0 | 1 | 2 | 3;
    /** `--fail-on`: the lowest level that fails the gate. */
    readonly failOn: "error" | "warning";
    /** `--allow-unverified`: unverified findings do not fail the gate (exit 3) by themselves. */
    readonly allowUnverified: boolean;
  };
  /** All API requests, summed over stacks. */
  readonly apiCalls: CallStats;
}
