/**
 * Reads what the rules need from the org, read-only and in bulk: the number of requests grows with the org's
 * page count and the plan's distinct names, never one request per resource per check.
 *
 *   divisions          all pages, with object counts (names, home, non-empty checks)
 *   groups             one EXACT search per 50 planned or looked-up names
 *   queues             the full listing or one query per name, whichever costs fewer requests
 *   queues by id       100 ids per request, for adopted or updated queues (direct-member counts)
 *   group members      per group whose membership the plan sets (rare; no bulk read exists)
 *   division contents  one user search page per 50 divisions planned for delete (the search's value limit) and
 *                      one queue listing per 100 (comma-joined ids, about 3.7 kB of URL)
 *   visibility         permitted divisions for routing:queue:view when queues are created or renamed
 *   permissions        one request per permission the planned actions need
 */
import type { GenesysClient } from "../genesys/client";
import { settled, settledMap } from "../genesys/concurrent";
import { chunk } from "../genesys/limits";
import type { Division, Group, Queue, User } from "../genesys/schemas";
import type { Dependents, OrgView } from "./view";
import type { Kind } from "./kinds";
import type { PlannedChange, StackPlan } from "../plan/model";
import { KIND_OF_TYPE, LEGACY_KINDS, kindSpec } from "./kinds";
import { readNamed } from "./named";
import { namesToLookUp } from "./planned";

const SAMPLE = 5;

/**
 * The permissions a planned action needs, from the kinds table (a division create also grants, docs/genesys-api.md
 * §3.2).
 */
function permissionsFor(kind: Kind, action: PlannedChange["action"]): readonly string[] {
  const spec = kindSpec(kind);
  // A permission name the sources do not settle is not asked about: a wrong name would read as "missing" and
  // stop every gate with a false alarm (docs/kinds.md, "What gcguard assumes where the sources are silent").
  if (spec.unverified?.includes("permissions")) return [];
  const p = spec.permissions;
  switch (action) {
    case "create":
      return kind === "division" ? [p.add, "authorization:grant:add"] : [p.add];
    case "update":
      return [p.edit];
    case "delete":
      return [p.delete];
    case "replace":
      return [p.add, p.delete];
    case "import":
      return [p.view];
    default:
      return [];
  }
}

/** The permissions the plan's actions need, each checked once (also the bench's floor, lib/bench/floor-mixed.ts). */
export function neededPermissions(plan: StackPlan): string[] {
  const out = new Set<string>();
  for (const c of plan.changes) {
    const kind = KIND_OF_TYPE[c.type];
    if (kind && c.mode === "managed") for (const p of permissionsFor(kind, c.action)) out.add(p);
  }
  return [...out].sort();
}

const idOf = (c: PlannedChange): string | undefined =>
  c.importId ?? (typeof c.before?.id === "string" ? c.before.id : undefined);

/** What the plan makes gcguard read: the names to look up and the ids whose details the rules need. */
interface Wanted {
  readonly groupNames: string[];
  readonly queueNames: string[];
  /** Adopted or updated queues: their direct-member counts. */
  readonly queueIds: string[];
  /** Groups whose membership the plan sets. */
  readonly memberGroups: string[];
  /** Divisions the plan deletes or replaces: their contents. */
  readonly doomed: string[];
}

function wantedBy(plan: StackPlan): Wanted {
  const ids = (keep: (c: PlannedChange) => boolean) =>
    plan.changes
      .filter(keep)
      .map(idOf)
      .filter((id): id is string => id !== undefined);
  return {
    groupNames: namesToLookUp(plan, "group"),
    queueNames: namesToLookUp(plan, "queue"),
    queueIds: ids((c) => KIND_OF_TYPE[c.type] === "queue" && (c.action === "import" || c.action === "update")),
    memberGroups: [
      ...new Set(
        ids((c) => KIND_OF_TYPE[c.type] === "group" && Array.isArray(c.after?.member_ids) && c.action !== "delete"),
      ),
    ],
    doomed: ids((c) => KIND_OF_TYPE[c.type] === "division" && (c.action === "delete" || c.action === "replace")),
  };
}

/** The names to look up per table-driven kind (divisions, groups and queues are read by their own reads). */
function namedWanted(plan: StackPlan): Map<Kind, string[]> {
  const out = new Map<Kind, string[]>();
  for (const kind of new Set(plan.changes.map((c) => KIND_OF_TYPE[c.type])))
    if (kind !== undefined && !LEGACY_KINDS.has(kind)) out.set(kind, namesToLookUp(plan, kind));
  return out;
}

/** The divisions hidden from routing:queue:view, when the caller may not view queues in every division. */
function hiddenFrom(
  divisions: readonly Division[],
  permitted: { readonly all: boolean; readonly divisions: readonly Division[] } | undefined,
): Division[] {
  if (!permitted || permitted.all) return [];
  const visible = new Set(permitted.divisions.map((d) => d.id));
  return divisions.filter((d) => !visible.has(d.id));
}

/**
 * The divisions in which the credentials may view queues, read when the plan creates or renames queues (a name could
 * collide in a division they cannot see) or when a queue read by id did not come back (it may sit in one): the
 * visibility rule then names that division instead of passing the queue unchecked.
 */
async function queueVisibility(
  client: GenesysClient,
  queueNames: readonly string[],
  queueIds: readonly string[],
  queuesRead: Promise<readonly Queue[]>,
): Promise<{ readonly all: boolean; readonly divisions: readonly Division[] } | undefined> {
  const permitted = () => client.divisions.permitted("routing:queue:view");
  if (queueNames.length > 0) return permitted();
  // A failed read is reported by its own promise; here it only means there is nothing to compare.
  const found = new Set((await queuesRead.catch(() => queueIds.map((id) => ({ id })))).map((q) => q.id));
  return queueIds.some((id) => !found.has(id)) ? permitted() : undefined;
}

export async function readOrg(
  client: GenesysClient,
  plan: StackPlan,
  progress: (line: string) => void = () => {},
): Promise<OrgView> {
  const { groupNames, queueNames, queueIds, memberGroups, doomed } = wantedBy(plan);
  // Every read that needs no other read's answer starts now; the client's pacer decides how many go together. The
  // divisions' contents wait for the division listing only (it says which planned ids exist, and their counts).
  const named = namedWanted(plan);
  const others = [...named.values()].reduce((n, names) => n + names.length, 0);
  if (others > 0) progress(`looking up ${others} names of ${named.size} other kinds`);
  progress(`reading divisions of ${client.connection.description}`);
  progress(`looking up ${groupNames.length} group and ${queueNames.length} queue names`);
  const divisionsRead = client.divisions.list({ objectCount: true });
  const queuesRead = queueIds.length > 0 ? client.queues.byIds(queueIds) : Promise.resolve([]);
  // In the order the reads used to go one after another: when several fail, the error is the one that came first.
  const [
    divisions,
    groupsByName,
    queuesByName,
    queuesById,
    members,
    divisionDependents,
    permitted,
    permissions,
    byKind,
  ] = await settled([
    divisionsRead,
    groupNames.length > 0 ? client.groups.findByNames(groupNames) : new Map<string, Group[]>(),
    queueNames.length > 0 ? client.queues.findByNames(queueNames) : new Map<string, Queue[]>(),
    queuesRead,
    settledMap(memberGroups, (id) => client.groups.individuals(id)),
    divisionsRead.then((all) => readDependents(client, all, doomed)),
    queueVisibility(client, queueNames, queueIds, queuesRead),
    settledMap(neededPermissions(plan), async (p) => [p, await client.divisions.hasPermission(p)] as const),
    readNamed(client, named),
  ]);
  const home = divisions.find((d) => d.homeDivision);
  return {
    description: client.connection.description,
    divisions,
    ...(home ? { home } : {}),
    groupsByName,
    queuesByName,
    queuesById: new Map(queuesById.map((q) => [q.id, q])),
    named: byKind,
    groupMembers: new Map<string, readonly User[]>(memberGroups.map((id, i) => [id, members[i]!])),
    divisionDependents,
    hiddenDivisions: hiddenFrom(divisions, permitted),
    missingPermissions: permissions.filter(([, held]) => !held).map(([p]) => p),
  };
}

async function readDependents(
  client: GenesysClient,
  divisions: readonly Division[],
  ids: readonly string[],
): Promise<Map<string, Dependents>> {
  const out = new Map<string, Dependents>();
  const byId = new Map(divisions.map((d) => [d.id, d]));
  const wanted = ids.filter((id) => byId.has(id));
  // One listing for every division's queues (the client batches the ids); the user search takes 50 values a query.
  // The first page of each search is the sample; the totals come from the divisions' object counts. All at once.
  const batches = chunk(wanted, 50);
  const [queues, samples] = await settled([
    wanted.length > 0 ? client.queues.listByDivisions(wanted) : [],
    settledMap(batches, async (batch) => {
      const first = await client.users.searchByDivisions(batch).next();
      return first.done ? [] : first.value;
    }),
  ]);
  batches.forEach((batch, b) => {
    const users: readonly User[] = samples[b] ?? [];
    for (const id of batch) {
      const counts = byId.get(id)?.objectCounts ?? {};
      const u = users.filter((x) => x.division?.id === id);
      const q = queues.filter((x) => x.division?.id === id);
      out.set(id, {
        users: { total: counts.USER ?? u.length, sample: u.slice(0, SAMPLE) },
        queues: { total: counts.QUEUE ?? q.length, sample: q.slice(0, SAMPLE) },
      });
    }
  });
  return out;
}
