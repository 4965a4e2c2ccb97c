/**
 * The org lookups a diagnosis needs, read-only and batched by kind: the objects that hold the names the failed
 * creates (and the creates the apply never reached) wanted.
 */
import type { GenesysClient } from "../genesys/client";
import { settled } from "../genesys/concurrent";
import { isGenesysApiError } from "../genesys/errors";
import { nameKey } from "../names";
import type { Kind } from "../org/kinds";
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
  // Every kind at once; when several fail, the first kind's error (divisions, groups, queues) is the one reported.
  const [d, g, q] = await settled([divisions, groups, queues]);
  const out: FoundByName = new Map();
  if (d) out.set("division", d);
  if (g) out.set("group", g);
  if (q) out.set("queue", q);
  return out;
}

/** Why a lookup failed, in one line for the report (the request, not the stack trace). */
export function lookupError(err: unknown): string {
  if (isGenesysApiError(err)) return `the Genesys API answered ${err.status} to ${err.method} ${err.path}`;
  return err instanceof Error ? err.message : String(err);
}
