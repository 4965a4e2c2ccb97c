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
import { nameKey } from "../names";
import type { Dependents, OrgView } from "./view";
import type { Kind } from "./kinds";
import type { PlannedChange, StackPlan } from "../plan/model";
import { KIND_OF_TYPE } from "./kinds";

const SAMPLE = 5;

/** A create, or an update/replace that renames: what can collide with an existing name. */
export function plannedName(change: PlannedChange): string | undefined {
  const name = typeof change.after?.name === "string" ? change.after.name : undefined;
  if (!name || change.mode !== "managed") return undefined;
  if (change.action === "create") return name;
  const before = typeof change.before?.name === "string" ? change.before.name : undefined;
  if (
    (change.action === "update" || change.action === "replace") &&
    before !== undefined &&
    nameKey(before) !== nameKey(name)
  )
    return name;
  return undefined;
}

function namesOf(plan: StackPlan, kind: Kind): string[] {
  const names = new Set<string>();
  for (const c of plan.changes) {
    if (KIND_OF_TYPE[c.type] !== kind) continue;
    const name = plannedName(c);
    if (name) names.add(name);
    if (c.mode === "data" && typeof c.after?.name === "string") names.add(c.after.name);
  }
  return [...names];
}

const PERMISSIONS: Readonly<Record<Kind, Partial<Record<string, readonly string[]>>>> = {
  division: {
    create: ["authorization:division:add", "authorization:grant:add"],
    update: ["authorization:division:edit"],
    delete: ["authorization:division:delete"],
    replace: ["authorization:division:add", "authorization:division:delete"],
    import: ["authorization:division:view"],
  },
  group: {
    create: ["directory:group:add"],
    update: ["directory:group:edit"],
    delete: ["directory:group:delete"],
    replace: ["directory:group:add", "directory:group:delete"],
    import: ["directory:group:view"],
  },
  queue: {
    create: ["routing:queue:add"],
    update: ["routing:queue:edit"],
    delete: ["routing:queue:delete"],
    replace: ["routing:queue:add", "routing:queue:delete"],
    import: ["routing:queue:view"],
  },
};

function neededPermissions(plan: StackPlan): string[] {
  const out = new Set<string>();
  for (const c of plan.changes) {
    const kind = KIND_OF_TYPE[c.type];
    if (kind && c.mode === "managed") for (const p of PERMISSIONS[kind][c.action] ?? []) out.add(p);
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
    groupNames: namesOf(plan, "group"),
    queueNames: namesOf(plan, "queue"),
    queueIds: ids((c) => KIND_OF_TYPE[c.type] === "queue" && (c.action === "import" || c.action === "update")),
    memberGroups: [
      ...new Set(
        ids((c) => KIND_OF_TYPE[c.type] === "group" && Array.isArray(c.after?.member_ids) && c.action !== "delete"),
      ),
    ],
    doomed: ids((c) => KIND_OF_TYPE[c.type] === "division" && (c.action === "delete" || c.action === "replace")),
  };
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

export async function readOrg(
  client: GenesysClient,
  plan: StackPlan,
  progress: (line: string) => void = () => {},
): Promise<OrgView> {
  const { groupNames, queueNames, queueIds, memberGroups, doomed } = wantedBy(plan);
  // Every read that needs no other read's answer starts now; the client's pacer decides how many go together. The
  // divisions' contents wait for the division listing only (it says which planned ids exist, and their counts).
  progress(`reading divisions of ${client.connection.description}`);
  progress(`looking up ${groupNames.length} group and ${queueNames.length} queue names`);
  const divisionsRead = client.divisions.list({ objectCount: true });
  // In the order the reads used to go one after another: when several fail, the error is the one that came first.
  const [divisions, groupsByName, queuesByName, queuesById, members, divisionDependents, permitted, permissions] =
    await settled([
      divisionsRead,
      groupNames.length > 0 ? client.groups.findByNames(groupNames) : new Map<string, Group[]>(),
      queueNames.length > 0 ? client.queues.findByNames(queueNames) : new Map<string, Queue[]>(),
      queueIds.length > 0 ? client.queues.byIds(queueIds) : [],
      settledMap(memberGroups, (id) => client.groups.individuals(id)),
      divisionsRead.then((all) => readDependents(client, all, doomed)),
      queueNames.length > 0 ? client.divisions.permitted("routing:queue:view") : undefined,
      settledMap(neededPermissions(plan), async (p) => [p, await client.divisions.hasPermission(p)] as const),
    ]);
  const home = divisions.find((d) => d.homeDivision);
  return {
    description: client.connection.description,
    divisions,
    ...(home ? { home } : {}),
    groupsByName,
    queuesByName,
    queuesById: new Map(queuesById.map((q) => [q.id, q])),
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
