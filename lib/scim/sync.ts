/**
 * Applies a membership diff with RFC 7644 PatchOps (docs/genesys-api.md §7.4), each sent with If-Match on the
 * group's ETag (§7.2). A version conflict (409, 412, or 400 `invalidVers`: sources disagree, §7.2) means another
 * writer got there first: the group is re-read, the plan recomputed from the fresh membership, and the sync retried
 * a bounded number of times (converge.ts). A stale diff is never re-sent. 429s are the client's business: it waits
 * for Retry-After.
 *
 * Without `apply` nothing is sent: the result holds the exact requests a sync would make.
 */
import { ExitCode } from "../errors";
import { isVersionConflict, stopsTheRun } from "../genesys/errors";
import type { GenesysClient } from "../genesys/client";
import { chunk } from "../genesys/limits";
import type { ScimPatchOperation } from "../genesys/operations/scim";
import { PATCH_OP_SCHEMA, scimString } from "../genesys/operations/scim";
import { convergeWithIfMatch, DEFAULT_MAX_CONFLICTS, writeOutcomeUnknown } from "./converge";
import type { FoundGroupDiff, MemberPlan, MembershipDiff } from "./diff";
import { userMemberIds } from "./read";

/** Member changes per PATCH. Genesys documents no limit on Operations (§7.4 [U]); 50 keeps bodies small. */
export const DEFAULT_CHUNK_SIZE = 50;
/** Groups synced at once; the client's pacer still bounds the request rate. */
export const DEFAULT_GROUP_CONCURRENCY = 4;

export interface SyncOptions {
  readonly apply: boolean;
  readonly chunkSize?: number;
  readonly maxConflicts?: number;
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

/** One PATCH, as sent (or as a dry run would send it). */
export interface PatchRequest {
  readonly groupId: string;
  /** The If-Match sent; in a dry run, later requests of a group carry the ETag the previous one returns. */
  readonly ifMatch: string | undefined;
  readonly body: { readonly schemas: readonly string[]; readonly Operations: readonly ScimPatchOperation[] };
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export type GroupOutcome =
  /** Nothing to change. */
  | "in-sync"
  /** Dry run: `requests` would be sent. */
  | "planned"
  /** Applied; the group now matches the plan. */
  | "converged"
  /** Still conflicting after maxConflicts re-reads. */
  | "conflicts"
  /** The API refused a PATCH (a 4xx other than a version conflict). */
  | "failed"
  /** A PATCH failed with no usable answer (a 5xx, converge.ts writeOutcomeUnknown): it may have landed. */
  | "unverified";

export interface GroupSync {
  readonly displayName: string;
  readonly id: string;
  readonly outcome: GroupOutcome;
  readonly requests: readonly PatchRequest[];
  /** Version conflicts met (each followed by a re-read). */
  readonly conflicts: number;
  readonly error?: string;
}

export interface SyncResult {
  readonly apply: boolean;
  readonly chunkSize: number;
  readonly diff: MembershipDiff;
  readonly groups: readonly GroupSync[];
  /** PATCHes the diff predicts: per group, ceil(changes / chunkSize). */
  readonly predictedPatches: number;
  /** PATCHes sent (0 in a dry run), including those answered with a version conflict. */
  readonly sentPatches: number;
}

/** The PatchOps for a plan, `chunkSize` member changes per request: one `add` of many members, one `remove` each. */
export function patchBodies(plan: MemberPlan, chunkSize: number): { add: string[]; remove: string[] }[] {
  const changes = [...plan.add.map((id) => ({ id, add: true })), ...plan.remove.map((id) => ({ id, add: false }))];
  return chunk(changes, chunkSize).map((part) => ({
    add: part.filter((c) => c.add).map((c) => c.id),
    remove: part.filter((c) => !c.add).map((c) => c.id),
  }));
}

export function operations(change: { add: readonly string[]; remove: readonly string[] }): ScimPatchOperation[] {
  const ops: ScimPatchOperation[] = [];
  if (change.add.length > 0) {
    ops.push({ op: "add", path: "members", value: change.add.map((value) => ({ value })) });
  }
  for (const id of change.remove) ops.push({ op: "remove", path: `members[value eq ${scimString(id)}]` });
  return ops;
}

function request(groupId: string, ifMatch: string | undefined, change: { add: string[]; remove: string[] }) {
  return {
    groupId,
    ifMatch,
    body: { schemas: [PATCH_OP_SCHEMA], Operations: operations(change) },
    add: change.add,
    remove: change.remove,
  };
}

function predicted(diff: MembershipDiff, chunkSize: number): number {
  let n = 0;
  for (const g of diff.groups) {
    if (g.status !== "found") continue;
    const plan = g.planFor(g.current);
    n += Math.ceil((plan.add.length + plan.remove.length) / chunkSize);
  }
  return n;
}

async function syncGroup(
  client: GenesysClient,
  g: FoundGroupDiff,
  options: Required<Pick<SyncOptions, "apply" | "chunkSize" | "maxConflicts">> & { log: (line: string) => void },
  counter: { sent: number },
): Promise<GroupSync> {
  const base = { displayName: g.displayName, id: g.id };
  const first = g.planFor(g.current);
  if (first.add.length + first.remove.length === 0) return { ...base, outcome: "in-sync", requests: [], conflicts: 0 };
  if (!options.apply) {
    const requests = patchBodies(first, options.chunkSize).map((c, i) =>
      request(g.id, i === 0 ? g.etag : undefined, c),
    );
    return { ...base, outcome: "planned", requests, conflicts: 0 };
  }

  const sent: PatchRequest[] = [];
  let conflicts = 0;
  return convergeWithIfMatch<{ members: Set<string>; etag: string }, GroupSync>(
    { members: new Set(g.current), etag: g.etag },
    {
      maxConflicts: options.maxConflicts,
      attempt: async (state) => {
        try {
          await patchUntilPlanned(client, g, state, options.chunkSize, (req) => {
            sent.push(req);
            counter.sent++;
          });
        } catch (err) {
          if (isVersionConflict(err) || stopsTheRun(err)) throw err;
          return { ...base, ...failedPatch(err), requests: sent, conflicts };
        }
        return { ...base, outcome: "converged", requests: sent, conflicts };
      },
      reread: async (n) => {
        conflicts = n;
        options.log(`${g.displayName}: version conflict, re-reading the group (${n}/${options.maxConflicts})`);
        const fresh = await client.scim.getGroup(g.id);
        return { members: userMemberIds(fresh.group), etag: fresh.etag };
      },
      giveUp: (_state, n) => ({
        ...base,
        outcome: "conflicts",
        requests: sent,
        conflicts: n,
        error: `still changing under us after ${options.maxConflicts} re-reads; run the sync again`,
      }),
    },
  );
}

/** A PATCH the API failed: refused (a finding), or with its outcome unknown (could not verify). */
function failedPatch(err: unknown): { outcome: "failed" | "unverified"; error: string } {
  const message = err instanceof Error ? err.message : String(err);
  if (!writeOutcomeUnknown(err)) return { outcome: "failed", error: message };
  return { outcome: "unverified", error: `${message}; the PATCH may have landed: run the sync again to converge` };
}

/**
 * PATCHes the group from `start` until its plan is empty, each request with If-Match on the ETag the previous one
 * returned. Throws the API's error, a version conflict included.
 */
async function patchUntilPlanned(
  client: GenesysClient,
  g: FoundGroupDiff,
  start: { members: Set<string>; etag: string },
  chunkSize: number,
  onSend: (req: PatchRequest) => void,
): Promise<void> {
  let { members, etag } = start;
  for (;;) {
    const plan = g.planFor(members);
    if (plan.add.length + plan.remove.length === 0) return;
    for (const change of patchBodies(plan, chunkSize)) {
      const req = request(g.id, etag, change);
      onSend(req);
      const res = await client.scim.patchGroup(g.id, req.body.Operations, etag);
      // The If-Match held, so nobody else wrote in between: the group is exactly the old one plus this change.
      // Computing it here does not depend on how much of the group the response echoes.
      members = new Set(members);
      for (const id of change.add) members.add(id);
      for (const id of change.remove) members.delete(id);
      etag = res.etag;
    }
  }
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the input order in the output. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  });
  await Promise.all(runners);
  return out;
}

export async function syncMembership(
  client: GenesysClient,
  diff: MembershipDiff,
  options: SyncOptions,
): Promise<SyncResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size must be a positive integer`);
  const settings = {
    apply: options.apply,
    chunkSize,
    maxConflicts: options.maxConflicts ?? DEFAULT_MAX_CONFLICTS,
    log: options.log ?? (() => {}),
  };
  const counter = { sent: 0 };
  const found = diff.groups.filter((g): g is FoundGroupDiff => g.status === "found");
  const groups = await pool(found, options.concurrency ?? DEFAULT_GROUP_CONCURRENCY, (g) =>
    syncGroup(client, g, settings, counter),
  );
  return {
    apply: options.apply,
    chunkSize,
    diff,
    groups,
    predictedPatches: predicted(diff, chunkSize),
    sentPatches: counter.sent,
  };
}

/**
 * 0: converged (or, in a dry run, nothing to do) and nothing unresolved; 1: changes pending (a dry run), unknown
 * users, missing or ambiguous groups, a group still conflicting or refused by the API; 3: a PATCH whose outcome is
 * unknown (README "Exit codes": could not verify), whatever else was found. Auth, permission, rate-limit and
 * network failures never get here: they stop the sync and exit 3.
 */
export function syncExitCode(result: SyncResult, unresolved: boolean): ExitCode {
  if (result.groups.some((g) => g.outcome === "unverified")) return ExitCode.Unverified;
  if (unresolved) return ExitCode.Findings;
  const settled = result.groups.every((g) => g.outcome === "in-sync" || g.outcome === "converged");
  return settled ? ExitCode.Clean : ExitCode.Findings;
}
