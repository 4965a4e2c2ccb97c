/**
 * A synthesized cdktf stack (`cdk.tf.json`) plus, optionally, its state: what `terraform plan` would decide for the
 * checks gcguard makes. Config without state: create; with an import block: import; in both: update when a
 * configured attribute differs (a rename, or direct queue members the configuration would drop), else no-op;
 * state without config: delete.
 */
import path from "node:path";

import { z } from "zod";

import { InputError } from "../../errors";
import { withFlowNames } from "./flow-file";
import type { Action, PlannedChange, StackPlan } from "../model";
import { isGenesysType, literalAttributes, readJsonFile, RUN_SYNTH } from "./common";
import type { StateResource } from "./state";

type Attrs = Record<string, unknown>;

const StackJson = z.object({
  resource: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).optional(),
  data: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).optional(),
  import: z.array(z.object({ to: z.string(), id: z.string() })).optional(),
  provider: z.record(z.string(), z.unknown()).optional(),
});
export type StackJson = z.infer<typeof StackJson>;

function differs(config: Attrs, state: Readonly<Attrs>): boolean {
  for (const [key, value] of Object.entries(config)) {
    if (key === "//" || key === "lifecycle" || key === "depends_on" || key === "provider") continue;
    if (value === undefined) continue; // an expression: resolved at apply
    if (JSON.stringify(value) !== JSON.stringify(state[key])) return true;
  }
  // The provider removes direct queue members the configuration does not list (provider issue #1705).
  const members = state.members;
  return config.members === undefined && config.ignore_members !== true && Array.isArray(members) && members.length > 0;
}

function ignoreChangesOf(attrs: Attrs): readonly string[] | "all" | undefined {
  const lifecycle = attrs.lifecycle as { ignore_changes?: unknown } | undefined;
  const value = lifecycle?.ignore_changes;
  if (value === "all") return "all";
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : undefined;
}

/** What terraform would do with one configured resource, given its state (if any) and the stack's import blocks. */
function managedChange(
  type: string,
  name: string,
  attrs: Attrs,
  existing: StateResource | undefined,
  importId: string | undefined,
): PlannedChange {
  const after: Attrs = literalAttributes(attrs);
  delete after["//"];
  delete after.lifecycle;
  const action: Action = existing
    ? differs(after, existing.attributes)
      ? "update"
      : "no-op"
    : importId
      ? "import"
      : "create";
  const metadata = (attrs["//"] as { metadata?: { path?: string } } | undefined)?.metadata;
  const ignoreChanges = ignoreChangesOf(attrs);
  // A string that is a reference was left out of `after`: its value comes from another resource at apply.
  const references = Object.keys(attrs).filter((k) => typeof attrs[k] === "string" && !(k in after) && k !== "//");
  return {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    action,
    after,
    ...(existing ? { before: existing.attributes } : {}),
    ...(importId ? { importId } : {}),
    ...(metadata?.path ? { constructPath: metadata.path } : {}),
    ...(ignoreChanges ? { ignoreChanges } : {}),
    ...(references.length > 0
      ? { unknown: Object.fromEntries(references.map((k) => [k, "set from a reference, known only after apply"])) }
      : {}),
  };
}

/** The Genesys resources the stack configures; each one found is taken out of `inState`, leaving the deletes. */
function configuredChanges(json: StackJson, inState: Map<string, StateResource>): PlannedChange[] {
  const imports = new Map((json.import ?? []).map((i) => [i.to, i.id]));
  const changes: PlannedChange[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    if (!isGenesysType(type)) continue;
    for (const [name, attrs] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const existing = inState.get(address);
      changes.push(managedChange(type, name, attrs, existing, existing ? undefined : imports.get(address)));
      inState.delete(address);
    }
  }
  return changes;
}

/** The Genesys data sources the stack reads, with their literal query attributes. */
function dataReads(json: StackJson): PlannedChange[] {
  return Object.entries(json.data ?? {})
    .filter(([type]) => isGenesysType(type))
    .flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, attrs]): PlannedChange => {
        const after: Attrs = literalAttributes(attrs);
        delete after["//"];
        return { address: `data.${type}.${name}`, mode: "data", type, action: "read", after };
      }),
    );
}

/**
 * The top-level keys of Terraform's JSON configuration: its block types, and `//` (cdktf's metadata). Any other key
 * is an error to terraform, so a file that has one (and a file with none of them) is not a stack, however lenient
 * the schema above is about what it reads.
 */
const TERRAFORM_JSON_KEYS: ReadonlySet<string> = new Set([
  "//",
  "terraform",
  "provider",
  "variable",
  "output",
  "locals",
  "module",
  "resource",
  "data",
  "import",
  "moved",
  "removed",
  "check",
]);

function foreignKeys(raw: unknown): string[] {
  return Object.keys(raw as object).filter((k) => !TERRAFORM_JSON_KEYS.has(k));
}

export function planFromStack(
  raw: unknown,
  file: string,
  stack: string,
  state: readonly StateResource[] | undefined,
): StackPlan {
  const parsed = StackJson.safeParse(raw);
  const foreign = parsed.success ? foreignKeys(raw) : [];
  if (!parsed.success || foreign.length > 0 || Object.keys(raw as object).length === 0) {
    const why = foreign.length > 0 ? ` (${foreign.join(", ")}: not Terraform configuration)` : "";
    throw new InputError(`${file}: not a synthesized cdktf stack (cdk.tf.json)${why}; ${RUN_SYNTH}`);
  }
  const inState = new Map((state ?? []).map((r) => [r.address, r]));
  const changes = [...configuredChanges(parsed.data, inState), ...dataReads(parsed.data)];
  // What the state holds and the configuration no longer does: terraform deletes it.
  for (const gone of inState.values()) {
    if (gone.mode !== "managed") continue;
    changes.push({
      address: gone.address,
      mode: "managed",
      type: gone.type,
      action: "delete",
      before: gone.attributes,
    });
  }
  changes.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  // cdktf runs terraform in the stack's folder: a relative flow filepath is relative to it.
  return { stack, source: file, changes: withFlowNames(changes, [path.dirname(path.resolve(file)), process.cwd()]) };
}

export function readStackFile(file: string, stack: string, state: readonly StateResource[] | undefined): StackPlan {
  return planFromStack(readJsonFile(file, "synthesized stack (cdk.tf.json)", RUN_SYNTH), file, stack, state);
}

/** The region a synthesized stack's provider block sets, if any. */
export function stackRegion(raw: unknown): string | undefined {
  const parsed = StackJson.safeParse(raw);
  const blocks = parsed.success ? parsed.data.provider?.genesyscloud : undefined;
  const first = Array.isArray(blocks) ? (blocks[0] as { aws_region?: unknown } | undefined) : undefined;
  return typeof first?.aws_region === "string" ? first.aws_region : undefined;
}
