/**
 * Reads the org's objects of the table-driven kinds (every kind but divisions, groups and queues, which have reads of
 * their own) for the names a plan or a failed apply needs: one reading per kind (lib/genesys/operations/named.ts),
 * all kinds at once under the client's pacer.
 */
import type { GenesysClient } from "../genesys/client";
import { settledMap } from "../genesys/concurrent";
import type { NamedObject } from "../genesys/operations/named";
import { fieldOf } from "../genesys/operations/named";
import type { KindSpec } from "./kind-spec";
import type { Kind } from "./kinds";
import { LEGACY_KINDS, kindSpec } from "./kinds";
import { scopedKey } from "./planned";
import type { OrgObject } from "./view";

/** Objects by kind, then by scoped name key (lib/org/planned.ts `scopedKey`). */
export type NamedByKind = Map<Kind, Map<string, OrgObject[]>>;

function divisionOf(item: NamedObject): { divisionName?: string; divisionId?: string } {
  const division = (item as { division?: unknown }).division;
  if (typeof division !== "object" || division === null) return {};
  const { id, name } = division as { id?: unknown; name?: unknown };
  return {
    ...(typeof name === "string" && name !== "" ? { divisionName: name } : {}),
    ...(typeof id === "string" ? { divisionId: id } : {}),
  };
}

/** The object as findings show it. */
export function orgObjectOf(spec: KindSpec, item: NamedObject): OrgObject {
  const scope = spec.scope ? fieldOf(item, spec.scope.field) : undefined;
  const { divisionName } = divisionOf(item);
  const deleted = isDeleted(item);
  return {
    id: item.id,
    name: fieldOf(item, spec.name.field) ?? "",
    kind: spec.kind,
    ...(divisionName ? { divisionName } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(deleted ? { state: "deleted" } : {}),
  };
}

/** Soft-deleted: listings of some kinds keep deleted objects, marked `state: "deleted"` (docs/kinds.md). */
function isDeleted(item: NamedObject): boolean {
  return fieldOf(item, "state")?.toLowerCase() === "deleted";
}

/**
 * Whether a found object counts: a soft-deleted one holds no name, except a deleted user, whom the provider
 * restores when a create names its email (docs/kinds.md, "Users and routing"), so it is kept and marked.
 */
function counts(spec: KindSpec, item: NamedObject): boolean {
  return spec.kind === "user" || !isDeleted(item);
}

/**
 * The objects carrying `names`, per table-driven kind; kinds with no names are not read at all. `live` leaves out
 * soft-deleted objects altogether: what a failed create met (a deleted user's email is restored, not refused).
 */
export async function readNamed(
  client: GenesysClient,
  wanted: ReadonlyMap<Kind, readonly string[]>,
  options: { readonly live?: boolean } = {},
): Promise<NamedByKind> {
  const kinds = [...wanted].filter(([kind, names]) => !LEGACY_KINDS.has(kind) && names.length > 0);
  const found = await settledMap(kinds, ([kind, names]) => {
    const spec = kindSpec(kind);
    return client.named.findByNames(spec.list, spec.name.field, names);
  });
  const out: NamedByKind = new Map();
  kinds.forEach(([kind], i) => {
    const spec = kindSpec(kind);
    const byKey = new Map<string, OrgObject[]>();
    for (const items of found[i]!.values())
      for (const item of items.filter((i) => counts(spec, i) && !(options.live && isDeleted(i)))) {
        const o = orgObjectOf(spec, item);
        const key = scopedKey(o.name, o.scope);
        byKey.set(key, [...(byKey.get(key) ?? []), o]);
      }
    out.set(kind, byKey);
  });
  return out;
}
