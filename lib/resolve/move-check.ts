/**
 * After `--fix move-objects --apply`: what each division still holds. The move can only move what the credentials
 * see (a client limited to some divisions sees none of a hidden division's users or queues), so "moved 0 user(s)"
 * does not mean "empty": the division's object counts (docs/genesys-api.md §3.1 `objectCounts`) are read again
 * and compared with nothing, as lib/preflight/rules/non-empty-division.ts reads them: any count above zero stays.
 */
import type { GenesysClient } from "../genesys/client";
import { isGenesysApiError } from "../genesys/errors";

/** A division the move did not empty: its object counts by type (e.g. `USER 1`), the nonzero ones. */
export interface Leftover {
  readonly id: string;
  readonly name: string;
  readonly counts: readonly (readonly [string, number])[];
}

/** What the divisions hold after the move: the ones left non-empty, or why that could not be read. */
export interface AfterMove {
  readonly left: readonly Leftover[];
  /** Set when a division's counts could not be read: the move's result is unverified (exit 3). */
  readonly unverified?: string;
}

/** The nonzero object counts of a division, sorted by type; undefined when Genesys gave none. */
async function countsOf(client: GenesysClient, id: string): Promise<Leftover["counts"] | undefined> {
  try {
    const d = await client.divisions.get(id, { objectCount: true });
    if (d.objectCounts === undefined) return undefined;
    return Object.entries(d.objectCounts)
      .filter(([, n]) => n > 0)
      .sort(([a], [b]) => (a < b ? -1 : 1));
  } catch (err) {
    if (isGenesysApiError(err) && err.status === 404) return []; // deleted already: nothing is left in it
    throw err;
  }
}

/** Reads each division's object counts again, one after another, after the move. */
export async function afterMoveCounts(
  client: GenesysClient,
  divisions: readonly { readonly id: string; readonly name: string }[],
): Promise<AfterMove> {
  const left: Leftover[] = [];
  for (const d of divisions) {
    let counts: Leftover["counts"] | undefined;
    try {
      counts = await countsOf(client, d.id);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { left, unverified: `could not read what ${JSON.stringify(d.name)} holds after the move: ${why}` };
    }
    if (counts === undefined)
      return { left, unverified: `Genesys gave no object counts for ${JSON.stringify(d.name)} after the move` };
    if (counts.length > 0) left.push({ ...d, counts });
  }
  return { left };
}

/** One line per division the move did not empty, saying what is left and what to do. */
export function leftoverLines(left: readonly Leftover[]): string[] {
  return left.map(
    (l) =>
      `${JSON.stringify(l.name)} still holds ${l.counts.map(([type, n]) => `${type} ${n}`).join(", ")}: objects these ` +
      `credentials could not see or move; move them with credentials that see every division (or in Genesys), ` +
      `then run the apply again`,
  );
}
