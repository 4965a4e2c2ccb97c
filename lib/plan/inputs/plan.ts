/**
 * Reads `terraform show -json <planfile>` (also from cdktf stacks): the authoritative input, whatever the
 * state backend. Terraform's JSON plan format: format_version 1.x, `resource_changes[].change.actions`,
 * `change.importing.id` for import blocks, and `configuration` for data source queries and which attributes the
 * configuration sets.
 */
import path from "node:path";

import { z } from "zod";

import { InputError } from "../../errors";
import { formatAddress, parseAddress, resourceOf } from "../../terraform/address";
import type { Action, PlannedChange, StackPlan, TerraformCounts } from "../model";
import { withFlowNames } from "./flow-file";
import { isGenesysType, PRODUCE_PLAN, PROVIDER_SUFFIX, readJsonFile } from "./common";

const Change = z.object({
  actions: z.array(z.string()),
  before: z.record(z.string(), z.unknown()).nullable().optional(),
  after: z.record(z.string(), z.unknown()).nullable().optional(),
  after_unknown: z.record(z.string(), z.unknown()).nullable().optional(),
  importing: z.object({ id: z.string().optional() }).nullable().optional(),
});

const ResourceChange = z.object({
  address: z.string(),
  mode: z.enum(["managed", "data"]),
  type: z.string(),
  provider_name: z.string().optional(),
  change: Change,
});

interface ConfigResource {
  address?: string;
  mode?: string;
  type?: string;
  expressions?: Record<string, unknown>;
  provider_config_key?: string;
}

const Plan = z.object({
  format_version: z.string(),
  resource_changes: z.array(ResourceChange).default([]),
  configuration: z
    .object({
      provider_config: z
        .record(z.string(), z.object({ full_name: z.string().optional(), name: z.string().optional() }))
        .optional(),
      root_module: z
        .object({ resources: z.array(z.unknown()).optional() })
        .passthrough()
        .optional(),
    })
    .passthrough()
    .optional(),
});

/** Terraform's action list to one action (replace is delete+create in either order; import wins). */
function actionOf(change: z.infer<typeof Change>): Action {
  if (change.importing) return "import";
  const a = [...change.actions].sort().join(",");
  if (a === "create,delete") return "replace";
  if (a === "create" || a === "delete" || a === "update" || a === "read") return a;
  return "no-op"; // no-op, forget (a `removed` block keeps the object)
}

type PlanJson = z.infer<typeof Plan>;

/** The plan, once it is known to be a Terraform JSON plan of a format gcguard reads. */
function checkedPlan(raw: unknown, file: string): PlanJson {
  if (raw && typeof raw === "object" && !("format_version" in raw) && ("version" in raw || "resources" in raw)) {
    throw new InputError(
      `${file}: this is a Terraform state file, not a plan; pass it with --state, or give --plan the output of 'terraform show -json <planfile>'`,
    );
  }
  const parsed = Plan.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${file}: not a Terraform JSON plan (${issue ? `${issue.path.join(".") || "top level"}: ${issue.message}` : "unexpected shape"}); ${PRODUCE_PLAN}`,
    );
  }
  if (!/^1\.\d+$/.test(parsed.data.format_version)) {
    throw new InputError(
      `${file}: plan format_version ${parsed.data.format_version} is not supported; gcguard reads format 1.x (Terraform 1.x)`,
    );
  }
  return parsed.data;
}

/** Whether the plan involves the Genesys provider at all: a change, a provider block, or a configured resource. */
function usesGenesys(plan: PlanJson, configResources: readonly ConfigResource[]): boolean {
  const providers = Object.values(plan.configuration?.provider_config ?? {}).map((p) => p.full_name ?? p.name ?? "");
  return (
    plan.resource_changes.some((rc) => isGenesysType(rc.type)) ||
    providers.some((p) => p.endsWith(PROVIDER_SUFFIX) || p === "genesyscloud") ||
    configResources.some((r) => r.type !== undefined && isGenesysType(r.type))
  );
}

/**
 * The Genesys resource changes. Membership the configuration does not set is left out of `after`: the provider
 * reads it back into the plan, but the configuration does not own it.
 */
function resourceChanges(plan: PlanJson, configResources: readonly ConfigResource[]): PlannedChange[] {
  const configured = new Map<string, Set<string>>();
  for (const r of configResources) {
    if (r.address) configured.set(r.address, new Set(Object.keys(r.expressions ?? {})));
  }
  return plan.resource_changes
    .filter((rc) => isGenesysType(rc.type))
    .map((rc) => {
      // The configuration is keyed by the resource's address without its instance key (lib/terraform/address.ts).
      const parsedAddress = parseAddress(rc.address);
      const setInConfig = configured.get(
        parsedAddress.ok ? formatAddress(resourceOf(parsedAddress.value)) : rc.address,
      );
      const after = rc.change.after ? { ...rc.change.after } : undefined;
      if (after && setInConfig)
        for (const key of ["member_ids", "members"]) if (!setInConfig.has(key)) delete after[key];
      const importId = rc.change.importing?.id;
      const unknown = unknownAttributes(rc.change.after_unknown);
      return {
        address: rc.address,
        mode: rc.mode,
        type: rc.type,
        action: actionOf(rc.change),
        ...(rc.change.before ? { before: rc.change.before } : {}),
        ...(after ? { after } : {}),
        ...(importId ? { importId } : {}),
        ...(unknown ? { unknown } : {}),
      };
    });
}

/** The top-level attributes Terraform marks wholly unknown until apply (`after_unknown.<attr>: true`). */
function unknownAttributes(afterUnknown: Readonly<Record<string, unknown>> | null | undefined) {
  const keys = Object.entries(afterUnknown ?? {}).filter(([, v]) => v === true);
  return keys.length > 0 ? Object.fromEntries(keys.map(([k]) => [k, "known only after apply"])) : undefined;
}

/** Data sources resolved at plan time are not in resource_changes: their queries are in the configuration. */
function dataSourceReads(
  configResources: readonly ConfigResource[],
  changes: readonly PlannedChange[],
): PlannedChange[] {
  const reads: PlannedChange[] = [];
  for (const r of configResources) {
    if (r.mode !== "data" || !r.type || !isGenesysType(r.type) || !r.address) continue;
    if (changes.some((c) => c.address === r.address) || reads.some((c) => c.address === r.address)) continue;
    const after: Record<string, unknown> = {};
    for (const [key, expr] of Object.entries(r.expressions ?? {})) {
      const value = (expr as { constant_value?: unknown }).constant_value;
      if (value !== undefined) after[key] = value;
    }
    reads.push({ address: r.address, mode: "data", type: r.type, action: "read", after });
  }
  return reads;
}

/** Parses a plan; `file` names the input in errors. */
export function parsePlan(raw: unknown, file: string, stack: string): StackPlan {
  const plan = checkedPlan(raw, file);
  const configResources = (plan.configuration?.root_module?.resources ?? []) as ConfigResource[];
  if (!usesGenesys(plan, configResources)) {
    throw new InputError(
      `${file}: this plan has no mypurecloud/genesyscloud resources; check that it is the plan of the Genesys stack`,
    );
  }
  const read = resourceChanges(plan, configResources);
  read.push(...dataSourceReads(configResources, read));
  // terraform ran where the plan was made: usually here, else beside the plan file.
  const changes = withFlowNames(read, [process.cwd(), path.dirname(path.resolve(file))]);
  return { stack, source: file, changes, counts: countAll(plan.resource_changes) };
}

/** Terraform's own summary of the whole plan (every provider): an import that also updates counts as both. */
function countAll(changes: readonly z.infer<typeof ResourceChange>[]): TerraformCounts {
  const n = { import: 0, add: 0, change: 0, destroy: 0 };
  for (const rc of changes) {
    if (rc.mode !== "managed") continue;
    const actions = rc.change.actions;
    if (rc.change.importing) n.import++;
    if (actions.includes("create")) n.add++;
    if (actions.includes("delete")) n.destroy++;
    if (actions.includes("update")) n.change++;
  }
  return n;
}

export function readPlanFile(file: string, stack: string): StackPlan {
  return parsePlan(
    readJsonFile(file, "Terraform JSON plan ('terraform show -json <planfile>')", PRODUCE_PLAN),
    file,
    stack,
  );
}
