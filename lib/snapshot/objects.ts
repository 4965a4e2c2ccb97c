/**
 * The snapshot's read of every table-driven kind (lib/org/kind-table/: skills, wrap-up codes, flows, ...), for
 * lib/snapshot/snapshot.ts: one full listing per kind, all kinds at once (the client's pacer sets the pace).
 */
import { isGenesysApiError } from "../genesys/errors";
import type { GenesysClient } from "../genesys/client";
import { settledMap } from "../genesys/concurrent";
import type { NamedObject } from "../genesys/operations/named";
import type { KindSpec } from "../org/kind-spec";
import { KINDS } from "../org/kinds";

/** The kinds the seed's `objects` section holds: divisions, users, groups and queues have their own reads. */
export const OBJECT_KINDS: readonly KindSpec[] = KINDS.filter(
  (k) => !["division", "group", "queue", "user"].includes(k.kind),
);

/** One kind's objects; undefined when the org has no such listing (it answered 404). */
export interface KindRead {
  readonly spec: KindSpec;
  readonly items: readonly NamedObject[] | undefined;
}

/**
 * Every kind's full listing (`listAll` where `list` is a search), with one progress line naming each kind copied
 * and its count. A 404 leaves the kind out with a warning (the feature is not in this org); any other failure,
 * such as a 403 for a kind the credentials may not read, fails the read like the snapshot's other reads.
 */
export async function readObjects(
  client: Pick<GenesysClient, "named">,
  progress: (line: string) => void,
  kinds: readonly KindSpec[] = OBJECT_KINDS,
): Promise<KindRead[]> {
  const reads = await settledMap(kinds, async (spec): Promise<KindRead> => {
    try {
      return { spec, items: await client.named.list(spec.listAll ?? spec.list) };
    } catch (err) {
      if (isGenesysApiError(err) && err.status === 404) return { spec, items: undefined };
      throw err;
    }
  });
  const copied = reads.flatMap((r) => (r.items === undefined ? [] : [`${r.items.length} ${r.spec.plural}`]));
  progress(`other kinds: ${copied.length > 0 ? copied.join(", ") : "none"}`);
  for (const r of reads) {
    if (r.items === undefined) {
      const path = (r.spec.listAll ?? r.spec.list).path;
      progress(`warning: ${r.spec.plural} not copied: GET ${path} answered 404 (not in this org)`);
    }
  }
  return reads;
}
