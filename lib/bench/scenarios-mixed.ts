/**
 * A mixed real-world plan: creates of every kind gcguard checks (lib/org/kind-table/), the first of each kind taking
 * the name of an object the org already has (so one collision per kind), the others fresh. Flows publish files, so
 * the plan comes with the flow files it names. Built from a seed (the generated org), with the numbers its floor
 * (lib/bench/floor-mixed.ts) needs.
 */
import type { Seed } from "../emulator/seed";
import { nameKey } from "../names";
import type { Kind, KindSpec } from "../org/kinds";
import { KINDS } from "../org/kinds";
import { neededPermissions } from "../org/read";
import type { PlannedChange } from "../plan/model";
import type { KindLoad, MixedPlanInputs } from "./floor-mixed";

const PROVIDER = "registry.terraform.io/mypurecloud/genesyscloud";
const CONFIGURATION = { provider_config: { genesyscloud: { name: "genesyscloud", full_name: PROVIDER } } };

/** An object of the org that a create can collide with. */
interface Existing {
  readonly id: string;
  readonly name: string;
  readonly scope?: string;
  readonly deleted?: boolean;
}

export interface MixedPlan {
  /** `terraform show -json` output. */
  readonly plan: Record<string, unknown>;
  /** Flow files the plan's flows publish: paths relative to the plan's folder. */
  readonly files: readonly { readonly path: string; readonly text: string }[];
  readonly inputs: MixedPlanInputs;
  /** The collision each kind should report: the address and the existing object's id. */
  readonly collisions: readonly { readonly kind: Kind; readonly address: string; readonly id: string }[];
  /** Every planned create, for the naive baseline. */
  readonly creates: readonly { readonly spec: KindSpec; readonly name: string; readonly scope?: string }[];
}

/** The org's objects of a kind, as the seed holds them. */
function existingOf(seed: Seed, kind: Kind): Existing[] {
  switch (kind) {
    case "division":
      return seed.divisions.filter((d) => !d.home);
    case "group":
      return seed.groups;
    case "queue":
      return seed.queues;
    case "user":
      return seed.users.map((u) => ({ id: u.id, name: u.email, deleted: u.state === "deleted" }));
    default:
      return (seed.objects[kind] ?? []).map((o) => ({
        id: o.id,
        name: o.name,
        ...(o.type ? { scope: o.type } : {}),
        deleted: o.state === "deleted",
      }));
  }
}

/** An object whose name (in its scope) no other live object of its kind shares: adopting it is no guess. */
function uniquelyNamed(objects: readonly Existing[]): Existing | undefined {
  const live = objects.filter((o) => !o.deleted);
  const count = new Map<string, number>();
  const key = (o: Existing) => `${o.scope ?? ""}\u0000${nameKey(o.name)}`;
  for (const o of live) count.set(key(o), (count.get(key(o)) ?? 0) + 1);
  return live.find((o) => count.get(key(o)) === 1);
}

/** The planned attributes of a create named `name` (a flow's name is in its file). */
function afterOf(spec: KindSpec, label: string, name: string) {
  if (spec.name.fromFlowFile) return { filepath: `flows/${label}.yaml`, substitutions: { flow_name: name } };
  return { [spec.name.attribute]: name, ...(spec.kind === "user" ? { name: `Bench ${label}` } : {}) };
}

/** The flow file a flow create publishes: its type's key, and the name left to a substitution. */
function flowFile(scope: string): string {
  const key = scope === "inboundcall" ? "inboundCall" : scope;
  return `${key}:\n  name: "{{flow_name}}"\n  division: Home\n`;
}

function freshName(spec: KindSpec, i: number): string {
  return spec.kind === "user" ? `bench.user.${i}@bench.example` : `Bench ${spec.noun} ${String(i).padStart(4, "0")}`;
}

export function mixedPlan(seed: Seed, perKind: number): MixedPlan {
  const changes: Record<string, unknown>[] = [];
  const planned: PlannedChange[] = [];
  const files: { path: string; text: string }[] = [];
  const collisions: { kind: Kind; address: string; id: string }[] = [];
  const creates: { spec: KindSpec; name: string; scope?: string }[] = [];
  const kinds: KindLoad[] = [];
  for (const spec of KINDS) {
    const objects = existingOf(seed, spec.kind);
    const taken = uniquelyNamed(objects);
    const scope = spec.scope ? (taken?.scope ?? "inboundcall") : undefined;
    for (let i = 0; i < perKind; i++) {
      const label = `${spec.kind}_${i}`;
      const name = i === 0 && taken ? taken.name : freshName(spec, i);
      const address = `${spec.type}.${label}`;
      if (i === 0 && taken) collisions.push({ kind: spec.kind, address, id: taken.id });
      creates.push({ spec, name, ...(scope ? { scope } : {}) });
      if (spec.name.fromFlowFile) files.push({ path: `flows/${label}.yaml`, text: flowFile(scope ?? "inboundcall") });
      const after = afterOf(spec, label, name);
      changes.push({
        address,
        mode: "managed",
        type: spec.type,
        provider_name: PROVIDER,
        change: { actions: ["create"], before: null, after },
      });
      planned.push({ address, mode: "managed", type: spec.type, action: "create" });
    }
    const listed = objects.filter((o) => spec.listsDeleted === true || !o.deleted).length;
    kinds.push({ kind: spec.kind, names: perKind, objects: listed });
  }
  const permissions = neededPermissions({ stack: "bench", source: "bench", changes: planned }).length;
  return {
    plan: {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: changes,
      configuration: CONFIGURATION,
    },
    files,
    inputs: { divisions: seed.divisions.length, kinds, permissions },
    collisions,
    creates,
  };
}
