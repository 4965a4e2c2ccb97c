/**
 * The org lookups a diagnosis needs, read-only and batched by kind: the objects that hold the names the failed
 * creates (and the creates the apply never reached) wanted.
 */
import type { GenesysClient } from "../genesys/client";
import { settled } from "../genesys/concurrent";
import { isGenesysApiError } from "../genesys/errors";
import { nameKey } from "../names";
import type { Kind } from "../org/kinds";
import { readNamed } from "../org/named";
import type { OrgObject } from "../org/view";

/** The org's objects by kind, then by name key (lib/names.ts): more than one when a name is shared. */
export type FoundByName = Map<Kind, Map<string, OrgObject[]>>;

/** The name keys to look up, by kind. */
export type WantedNames = Map<Kind, Set<string>>;

/** Objects grouped by the name key they were found under, as the org's view of them. */
function byName<T>(found: ReadonlyMap<string, readonly T[]>, view: (item: T) => OrgObject): Map<string, OrgObject[]> {
  return new Map([...found].map(([key, items]) => [key, items.map(view)]));
}

/** The divisions whose name is wanted: the listing is whole, so the match is made here. */
async function divisionsNamed(client: GenesysClient, wanted: ReadonlySet<string>): Promise<Map<string, OrgObject[]>> {
  const out = new Map<string, OrgObject[]>();
  for (const d of await client.divisions.list()) {
    const key = nameKey(d.name);
    if (wanted.has(key)) out.set(key, [...(out.get(key) ?? []), { id: d.id, name: d.name, kind: "division" }]);
  }
  return out;
}

/**
 * The table-driven kinds' objects with the wanted names (lib/org/named.ts, one batched read per kind), live ones
 * only, keyed by name alone: a scoped kind's objects (flows) carry their scope for the caller to match.
 */
async function namedObjects(client: GenesysClient, wanted: WantedNames): Promise<FoundByName> {
  const byKind = await readNamed(client, new Map([...wanted].map(([kind, keys]) => [kind, [...keys]])), {
    live: true,
  });
  const out: FoundByName = new Map();
  for (const [kind, byScopedKey] of byKind) {
    const byKey = new Map<string, OrgObject[]>();
    for (const o of [...byScopedKey.values()].flat())
      byKey.set(nameKey(o.name), [...(byKey.get(nameKey(o.name)) ?? []), o]);
    out.set(kind, byKey);
  }
  return out;
}

/** Every wanted name of every kind, looked up at once; a kind with no wanted name is not asked. */
export async function lookupNames(client: GenesysClient, wanted: WantedNames): Promise<FoundByName> {
  const names = (kind: Kind) => [...(wanted.get(kind) ?? [])];
  const divisions = names("division").length > 0 ? divisionsNamed(client, new Set(names("division"))) : undefined;
  const groups =
    names("group").length > 0
      ? client.groups
          .findByNames(names("group"))
          .then((found) => byName(found, (g) => ({ id: g.id, name: g.name, kind: "group" as const })))
      : undefined;
  const queues =
    names("queue").length > 0
      ? client.queues.findByNames(names("queue")).then((found) =>
          byName(found, (x) => ({
            id: x.id,
            name: x.name,
            kind: "queue" as const,
            ...(x.division?.name ? { divisionName: x.division.name } : {}),
          })),
        )
      : undefined;
  // Every kind at once; when several fail, the first kind's error (divisions, groups, queues, the others) is reported.
  const [d, g, q, named] = await settled([divisions, groups, queues, namedObjects(client, wanted)]);
  const out: FoundByName = new Map(named);
  if (d) out.set("division", d);
  if (g) out.set("group", g);
  if (q) out.set("queue", q);
  return out;
}

/** The objects whose scope is `scope` (case-insensitive); all of them when the scope is unknown or the kind has none. */
export function inScope(objects: readonly OrgObject[], scope: string | undefined): OrgObject[] {
  if (scope === undefined) return [...objects];
  return objects.filter((o) => o.scope === undefined || o.scope.toLowerCase() === scope.toLowerCase());
}

/** Why a lookup failed, in one line for the report (the request, not the stack trace). */
export function lookupError(err: unknown): string {
  if (isGenesysApiError(err)) return `the Genesys API answered ${err.status} to ${err.method} ${err.path}`;
  return err instanceof Error ? err.message : String(err);
}
