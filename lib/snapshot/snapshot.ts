/**
 * `gcguard snapshot`: a live org, read only, as an emulator seed (lib/emulator/seed.ts), so a team can rehearse
 * against a copy of its own org (`gcguard emulator --seed org.json`).
 *
 * Reads, in bulk wherever the API allows (N = objects, pages of the sizes in lib/genesys/limits.ts):
 *   1 OAuth login, 1 organization, ceil(divisions/100) division pages (object counts included: the users total
 *   for progress), users by search (1 POST + a q64 GET per further page of 100), SCIM users for external ids
 *   (ceil(active/100) + ceil(inactive/100), at least 1 each), ceil(groups/500) group pages, ceil(groups/100) SCIM
 *   group pages (members inline), ceil(queues/500) queue pages, and the direct members of each queue that has any;
 *   and one full listing of every other kind gcguard checks (lib/org/kind-table/: skills, flows, ...), pages of the
 *   kind's size (`listAll` for kinds whose `list` is a search). A kind whose listing answers 404 (not in this
 *   org) is not copied, with a warning; any other failure (403: the credentials may not read it) fails the snapshot
 *   like every other read.
 * The home division comes from the listing's `homeDivision` flag (GET .../divisions/home only if none is flagged).
 *
 * Deterministic: every array is sorted by id, nothing time-dependent is written, and what is copied survives
 * seed -> emulator -> snapshot unchanged, so snapshotting a re-seeded emulator gives the same bytes. Object
 * versions are not copied (the seed's default 1 is used), nor queue settings beyond name, division, description
 * and members. No secret is read or written: the one client in the seed is the fixed REHEARSAL_CLIENT.
 */
import type { Seed } from "../emulator/seed";
import { parseSeed } from "../emulator/seed";
import { ExitCode, isInputError } from "../errors";
import type { GenesysClient } from "../genesys/client";
import { settled, settledMap } from "../genesys/concurrent";
import type { NamedObject } from "../genesys/operations/named";
import type { Division, Group, Queue, QueueMember, ScimGroup, User } from "../genesys/schemas";
import type { KindSpec } from "../org/kind-spec";
import type { SeedGroup } from "./convert";
import { byId, sortedUnique, toSeedGroup, toSeedObject, toSeedQueue, toSeedUser } from "./convert";
import { readObjects } from "./objects";
import { redactSeed } from "./redact";

import { REHEARSAL_CLIENT } from "./rehearsal-client";

export interface SnapshotOptions {
  /** Replace personal data with stable pseudonyms (lib/snapshot/redact.ts). */
  readonly redact?: boolean;
  /** Progress and warning lines (warnings start with `warning:`), e.g. to stderr. */
  readonly progress?: (line: string) => void;
  /**
   * Counts as they grow (users, queue members), for a display with rate and ETA (lib/progress.ts); given, it
   * replaces the periodic count lines on `progress`.
   */
  readonly count?: (what: string, done: number, total?: number) => void;
  /** Queue member listings read at once. @default 4 */
  readonly concurrency?: number;
}

/** Users read between two progress lines: ten search pages. */
const USERS_PROGRESS_EVERY = 1_000;
const QUEUES_PROGRESS_EVERY = 100;

const count = (n: number): string => n.toLocaleString("en-US");

export async function takeSnapshot(client: GenesysClient, options: SnapshotOptions = {}): Promise<Seed> {
  const progress = options.progress ?? (() => {});
  const read = await readOrg(client, options, progress);
  const dropped: Dropped = {
    users: 0,
    queues: 0,
    userRefs: 0,
    groupRefs: 0,
    divisionRefs: 0,
    values: new Set<string>(),
  };
  const seed = toSeed(read, dropped);
  warnLeftOut(dropped, progress);
  checkSeed(seed);
  return options.redact === true ? redactSeed(seed) : seed;
}

/** What the org answered, before it is a seed. */
interface OrgRead {
  readonly org: Awaited<ReturnType<GenesysClient["organization"]>>;
  readonly divisions: readonly Division[];
  readonly homeId: string | undefined;
  readonly users: readonly User[];
  /** SCIM external ids by user id. */
  readonly externalIds: ReadonlyMap<string, string>;
  readonly groupParts: Awaited<ReturnType<typeof readGroups>>;
  readonly queues: readonly Queue[];
  readonly membersByQueue: Awaited<ReturnType<typeof readQueueMembers>>;
  /** Every table-driven kind's objects; undefined for a kind not in this org (its listing answered 404). */
  readonly objects: readonly { readonly spec: KindSpec; readonly items: readonly NamedObject[] | undefined }[];
}

/** What the seed leaves out because it would point at nothing, counted for the warnings; `values` are whole lines. */
interface Dropped {
  users: number;
  queues: number;
  userRefs: number;
  groupRefs: number;
  divisionRefs: number;
  readonly values: Set<string>;
}

/**
 * Every listing at once (the client's pacer and the org's rate limit set the pace); the user search waits for the
 * divisions only for its progress total, and the queue members for the queue listing.
 */
async function readOrg(
  client: GenesysClient,
  options: SnapshotOptions,
  progress: (line: string) => void,
): Promise<OrgRead> {
  const logged = <T>(read: Promise<T>, line: (value: T) => string): Promise<T> =>
    read.then((value) => {
      progress(line(value));
      return value;
    });
  const divisionsRead = client.divisions.list({ objectCount: true });
  const [org, divisions, homeId, users, externalIds, groupParts, queueParts, objects] = await settled([
    logged(client.organization(), (o) => `org ${o.name} (${o.id})`),
    logged(divisionsRead, (all) => `divisions ${count(all.length)}`),
    divisionsRead.then(async (all) => {
      const flagged = all.filter((d) => d.homeDivision === true);
      return flagged.length === 1 ? flagged[0]?.id : (await client.divisions.home()).id;
    }),
    divisionsRead.then((all) => readUsers(client, all, options)),
    logged(readExternalIds(client), (ids) => `user external ids ${count(ids.size)}`),
    logged(readGroups(client), (parts) => `groups ${count(parts.length)}`),
    logged(client.queues.list(), (queues) => `queues ${count(queues.length)}`).then(async (queues) => ({
      queues,
      membersByQueue: await readQueueMembers(client, queues, options),
    })),
    readObjects(client, progress),
  ]);
  return { org, divisions, homeId, users, externalIds, groupParts, ...queueParts, objects };
}

/** External ids are SCIM's: not on /users. Trimmed to the one attribute, active and inactive users apart (§7.1). */
async function readExternalIds(client: GenesysClient): Promise<Map<string, string>> {
  const lists = await settled([
    client.scim.allUsers({ active: true, attributes: ["externalId"] }),
    client.scim.allUsers({ active: false, attributes: ["externalId"] }),
  ]);
  const ids = new Map<string, string>();
  for (const u of lists.flat()) if (u.externalId !== undefined) ids.set(u.id, u.externalId);
  return ids;
}

/** The seed: only what the snapshot can see, every reference to something it cannot see dropped (and counted). */
function toSeed(read: OrgRead, dropped: Dropped): Seed {
  const divisionIds = new Set(read.divisions.map((d) => d.id));
  const seedUsers = read.users.flatMap((u) => {
    const user = toSeedUser(u, read.externalIds.get(u.id));
    if (divisionIds.has(user.divisionId)) return [user];
    dropped.users++;
    return [];
  });
  const userIds = new Set(seedUsers.map((u) => u.id));
  const knownUsers = (ids: readonly string[]): string[] => {
    const kept = ids.filter((id) => userIds.has(id));
    dropped.userRefs += ids.length - kept.length;
    return sortedUnique(kept);
  };
  const seedGroups: SeedGroup[] = read.groupParts.map(({ group: g, scim, memberIds }) =>
    toSeedGroup(
      g,
      knownUsers(memberIds),
      knownUsers((g.owners ?? []).map((o) => o.id)),
      scim?.externalId,
      dropped.values,
    ),
  );
  const groupIds = new Set(seedGroups.map((g) => g.id));
  const seedQueues = read.queues.flatMap((q) => {
    const queue = toSeedQueue(q, read.membersByQueue.get(q.id) ?? [], knownUsers, groupIds, dropped);
    if (queue && divisionIds.has(queue.divisionId)) return [queue];
    dropped.queues++;
    return [];
  });
  const { org } = read;
  return {
    version: 1,
    org: {
      id: org.id,
      name: org.name,
      defaultCountryCode: org.defaultCountryCode ?? "US",
      ...(org.domain === undefined ? {} : { domain: org.domain }),
    },
    clients: [{ ...REHEARSAL_CLIENT }],
    divisions: read.divisions
      .map((d) => ({
        id: d.id,
        name: d.name,
        ...(d.description === undefined ? {} : { description: d.description }),
        ...(d.id === read.homeId ? { home: true } : {}),
      }))
      .sort(byId),
    users: seedUsers.sort(byId),
    groups: seedGroups.sort(byId),
    queues: seedQueues.sort(byId),
    objects: toSeedObjects(read, divisionIds, dropped),
  };
}

/** The kinds read, in the table's order (a kind not in the org is absent), each kind's objects by id. */
function toSeedObjects(read: OrgRead, divisionIds: ReadonlySet<string>, dropped: Dropped): Seed["objects"] {
  const objects: Seed["objects"] = {};
  for (const { spec, items } of read.objects) {
    if (items === undefined) continue;
    objects[spec.kind] = items.map((item) => toSeedObject(spec, item, divisionIds, dropped)).sort(byId);
  }
  return objects;
}

function warnLeftOut(dropped: Dropped, progress: (line: string) => void): void {
  const leftOut: [number, string][] = [
    [dropped.users, "users in divisions the snapshot cannot see"],
    [dropped.queues, "queues without a visible division"],
    [dropped.userRefs, "member or owner references to users not in the snapshot"],
    [dropped.groupRefs, "queue member groups not in the snapshot"],
    [dropped.divisionRefs, "division references of other objects to divisions not in the snapshot"],
  ];
  for (const [n, what] of leftOut) if (n > 0) progress(`warning: left out ${count(n)} ${what}`);
  for (const v of [...dropped.values].sort()) progress(`warning: ${v}`);
}

/** Not the user's input at fault when this fails: the org answered something a seed cannot hold (exit 3). */
function checkSeed(seed: Seed): void {
  try {
    parseSeed(seed, "snapshot");
  } catch (err) {
    const detail = isInputError(err) ? err.render() : String(err);
    throw Object.assign(new Error(`the snapshot is not a valid emulator seed: ${detail}`), {
      exitCode: ExitCode.Unverified,
    });
  }
}

/** Every user, active or inactive, by search pages (GET /users stops near 10,000), with progress per page. */
async function readUsers(
  client: GenesysClient,
  divisions: readonly Division[],
  options: SnapshotOptions,
): Promise<User[]> {
  const progress = options.progress ?? (() => {});
  // The users total for progress, from the division object counts (no extra request); absent, no total is shown.
  const counted = divisions.map((d) => d.objectCounts?.USER).filter((n): n is number => n !== undefined);
  const total = counted.length > 0 ? counted.reduce((a, b) => a + b, 0) : undefined;
  const expected = total === undefined ? "" : ` / ${count(total)}`;
  const users: User[] = [];
  let reported = 0;
  for await (const page of client.users.allPages(["active", "inactive"])) {
    users.push(...page);
    if (options.count) options.count("users", users.length, total);
    else if (users.length - reported >= USERS_PROGRESS_EVERY) {
      reported = users.length;
      progress(`users ${count(users.length)}${expected}`);
    }
  }
  if (reported !== users.length || users.length === 0) progress(`users ${count(users.length)}${expected}`);
  return users;
}

/**
 * Group fields and owners from the listing; members and external ids from SCIM, 100 groups per request, rather
 * than one GET .../individuals per group. A group SCIM does not list is read on its own, if it has members.
 */
async function readGroups(
  client: GenesysClient,
): Promise<{ group: Group; scim: ScimGroup | undefined; memberIds: string[] }[]> {
  const [groups, scimList] = await settled([client.groups.list(), client.scim.allGroups()]);
  const scimGroups = new Map(scimList.map((g) => [g.id, g]));
  return settledMap(groups, async (g) => {
    const scim = scimGroups.get(g.id);
    const memberIds = scim
      ? scim.members.filter((m) => m.type === undefined || m.type.toLowerCase() === "user").map((m) => m.value)
      : (g.memberCount ?? 1) > 0
        ? (await client.groups.individuals(g.id)).map((u) => u.id)
        : [];
    return { group: g, scim, memberIds };
  });
}

/**
 * The one per-object read: Genesys has no bulk listing of queue members. Only queues with direct members are read
 * (userMemberCount > 0; a queue that does not report the count is read to be safe); members through groups are the
 * groups' members and are not copied.
 */
async function readQueueMembers(
  client: GenesysClient,
  queues: readonly Queue[],
  options: SnapshotOptions,
): Promise<Map<string, readonly QueueMember[]>> {
  const progress = options.progress ?? (() => {});
  const withMembers = queues.filter((q) => q.userMemberCount === undefined || q.userMemberCount > 0);
  let membersRead = 0;
  const members = await mapPool(withMembers, options.concurrency ?? 4, async (q) => {
    const found = await client.queues.members(q.id, { memberBy: "user" });
    membersRead++;
    if (options.count) options.count("queues with direct members read", membersRead, withMembers.length);
    else if (membersRead % QUEUES_PROGRESS_EVERY === 0 || membersRead === withMembers.length) {
      progress(`queue members: ${count(membersRead)} / ${count(withMembers.length)} queues with direct members`);
    }
    return [q.id, found] as const;
  });
  return new Map<string, readonly QueueMember[]>(members);
}

/** `fn` over `items`, at most `limit` at a time, results in input order; the first failure stops new work. */
async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  // Settled: after a failure the other workers finish the read they are on, and stop; none is left running.
  await settled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
