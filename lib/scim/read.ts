/**
 * Reads what Genesys has for the groups and users an IdP names, read-only and in bulk: groups by exact display
 * name (the IdP's only link, docs/genesys-api.md §7.1), users by userName in search batches, members' names by id in
 * batches, and the queues each group feeds in one listing. Every strategy picks the cheaper of "one filter per name"
 * and "list everything", from a `count=0` probe (§7.1: count 0 returns totalResults only).
 */
import type { GenesysClient } from "../genesys/client";
import { settled, settledMap } from "../genesys/concurrent";

import type { Queue, ScimGroup, User } from "../genesys/schemas";
import { nameKey } from "../names";
import type { DesiredMembership, MemberRef } from "./model";
import { refKey } from "./model";

/** A group as Genesys has it: members by user id, and the ETag to send back as If-Match (§7.2). */
export interface GroupState {
  readonly id: string;
  readonly displayName: string;
  readonly members: ReadonlySet<string>;
  readonly etag: string;
}

/** How a group the IdP names was found. */
export type GroupLookup =
  | { readonly status: "found"; readonly group: GroupState }
  /** No group has this exact name; `near` are groups whose names differ only in case or spaces. */
  | { readonly status: "missing"; readonly near: readonly { id: string; displayName: string }[] }
  /** Several groups have this exact name: the IdP cannot tell them apart, and neither do we. */
  | { readonly status: "ambiguous"; readonly candidates: readonly { id: string; displayName: string }[] };

export interface UserInfo {
  readonly id: string;
  readonly userName?: string;
  readonly name?: string;
  readonly state?: string;
}

export interface QueueRef {
  readonly id: string;
  readonly name: string;
}

export interface GenesysView {
  /** By the IdP's display name, exactly as the IdP spells it. */
  readonly groups: ReadonlyMap<string, GroupLookup>;
  /** Resolved member references, by refKey. */
  readonly refs: ReadonlyMap<string, UserInfo>;
  /** Every user seen (members and resolved references), by id. */
  readonly users: ReadonlyMap<string, UserInfo>;
  /** Queues that take a group's members (memberGroups of type GROUP), by group id. */
  readonly queuesByGroup: ReadonlyMap<string, readonly QueueRef[]>;
}

export interface ReadOptions {
  readonly log?: (line: string) => void;
}

/**
 * Every group and member reference the desired state names, each once. References are added one at a time: a
 * spread (`push(...members)`) of a group of a few hundred thousand members overflows the call stack.
 */
function wanted(desired: DesiredMembership): { names: string[]; refs: MemberRef[] } {
  const names = new Set<string>();
  const refs = new Map<string, MemberRef>();
  const add = (list: readonly MemberRef[]): void => {
    for (const r of list) if (!refs.has(refKey(r))) refs.set(refKey(r), r);
  };
  for (const g of desired.groups) {
    names.add(g.displayName);
    if ("members" in g) add(g.members);
    else {
      add(g.add);
      add(g.remove);
    }
  }
  if (desired.kind === "export") add(desired.users.map((u): MemberRef => ({ by: "userName", value: u.userName })));
  return { names: [...names], refs: [...refs.values()] };
}

/** A group's user members by id (a member without a type is a user; the emulator has no nested groups). */
export function userMemberIds(g: ScimGroup): Set<string> {
  return new Set(g.members.filter((m) => m.type === undefined || m.type === "User").map((m) => m.value));
}

function groupState(g: ScimGroup): GroupState {
  return {
    id: g.id,
    displayName: g.displayName,
    members: userMemberIds(g),
    etag: g.meta?.version ?? "",
  };
}

/** Matches names exactly; case-only variants are reported as `near`, never taken. */
export function lookupGroups(names: readonly string[], groups: readonly ScimGroup[]): Map<string, GroupLookup> {
  const byKey = new Map<string, ScimGroup[]>();
  for (const g of groups) {
    const key = nameKey(g.displayName);
    byKey.set(key, [...(byKey.get(key) ?? []), g]);
  }
  const out = new Map<string, GroupLookup>();
  for (const name of names) {
    const similar = byKey.get(nameKey(name)) ?? [];
    const exact = similar.filter((g) => g.displayName === name);
    const brief = (g: ScimGroup) => ({ id: g.id, displayName: g.displayName });
    if (exact.length === 1) out.set(name, { status: "found", group: groupState(exact[0]!) });
    else if (exact.length > 1) out.set(name, { status: "ambiguous", candidates: exact.map(brief) });
    else out.set(name, { status: "missing", near: similar.map(brief) });
  }
  return out;
}

/**
 * The groups the IdP names: every group when the listing costs no more requests than one filter per name, else one
 * filter per name. The listing's first page decides (it gives the total) and is kept when the listing wins; the
 * other pages, or the filters, go at once.
 */
async function readGroups(client: GenesysClient, names: readonly string[]): Promise<ScimGroup[]> {
  if (names.length === 0) return [];
  const first = await client.scim.firstGroupsPage();
  const pages = Math.ceil(first.totalResults / client.scim.pageSize);
  if (pages <= names.length) return client.scim.allGroups(first);
  return (await settledMap(names, (name) => client.scim.groupsByDisplayName(name))).flat();
}

function info(u: User): UserInfo {
  return { id: u.id, ...(u.email ? { userName: u.email } : {}), name: u.name, ...(u.state ? { state: u.state } : {}) };
}

/**
 * Reads the Genesys side of a desired membership. Members' names come from one batched listing by id; userName
 * references are first matched against those (which also finds inactive members the search may skip), then searched
 * in batches; externalId references by filter or by one listing, whichever costs fewer requests.
 */
export async function readGenesys(
  client: GenesysClient,
  desired: DesiredMembership,
  options: ReadOptions = {},
): Promise<GenesysView> {
  const log = options.log ?? (() => {});
  const { names, refs } = wanted(desired);
  const userNames = refs.filter((r) => r.by === "userName");
  const externalIds = refs.filter((r) => r.by === "externalId");

  // Reads start as soon as what they need is in: the groups; then the members by id and, once those are known, a
  // search for the userNames no member has; the queues once a group is found; the externalId references at once.
  // `settled` takes them in the order they used to run one after another, so the first failure is the same.
  const groupsRead = readGroups(client, names).then((found) => {
    const groups = lookupGroups(names, found);
    log(`${[...groups.values()].filter((g) => g.status === "found").length}/${names.length} groups found`);
    return groups;
  });
  const [groups, people, byExternalId, queues] = await settled([
    groupsRead,
    groupsRead.then((groups) => readPeople(client, groups, userNames)),
    externalIds.length > 0
      ? readExternalIds(
          client,
          externalIds.map((r) => r.value),
        )
      : new Map<string, UserInfo>(),
    groupsRead.then((groups) => ([...groups.values()].some((g) => g.status === "found") ? client.queues.list() : [])),
  ]);

  const { users, resolved } = resolveRefs(people, userNames, byExternalId);
  log(`${resolved.size}/${refs.length} member references resolved`);
  return { groups, refs: resolved, users, queuesByGroup: queuesByGroup(queues) };
}

/**
 * Every user seen, by id, and the references resolved to them: userNames against the members and the search (a
 * deleted user holds no userName), externalIds as read.
 */
function resolveRefs(
  people: { members: readonly User[]; searched: readonly User[] },
  userNames: readonly MemberRef[],
  byExternalId: ReadonlyMap<string, UserInfo>,
): { users: Map<string, UserInfo>; resolved: Map<string, UserInfo> } {
  const users = new Map<string, UserInfo>();
  for (const u of people.members) users.set(u.id, info(u));
  const byUserName = new Map<string, UserInfo>();
  for (const u of users.values()) if (u.userName) byUserName.set(u.userName.toLowerCase(), u);

  const resolved = new Map<string, UserInfo>();
  for (const u of people.searched) {
    if (u.state === "deleted") continue;
    const seen = info(u);
    users.set(u.id, seen);
    if (u.email) byUserName.set(u.email.toLowerCase(), seen);
  }
  for (const r of userNames) {
    const u = byUserName.get(r.value.toLowerCase());
    if (u) resolved.set(refKey(r), u);
  }

  for (const [value, u] of byExternalId) {
    const known = users.get(u.id) ?? u;
    users.set(u.id, known);
    resolved.set(refKey({ by: "externalId", value }), known);
  }
  return { users, resolved };
}

/** Queues that take a group's members (memberGroups of type GROUP), by group id, each list sorted by name. */
function queuesByGroup(queues: readonly Queue[]): Map<string, QueueRef[]> {
  const byGroup = new Map<string, QueueRef[]>();
  for (const q of queues) {
    for (const mg of q.memberGroups ?? []) {
      if (mg.type.toUpperCase() !== "GROUP") continue;
      byGroup.set(mg.id, [...(byGroup.get(mg.id) ?? []), { id: q.id, name: q.name }]);
    }
  }
  for (const list of byGroup.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return byGroup;
}

/**
 * The found groups' members by id (one listing per 100), then a search for the userName references no member
 * has: a member's userName is matched without a search (which also finds inactive members the search may skip).
 */
async function readPeople(
  client: GenesysClient,
  groups: ReadonlyMap<string, GroupLookup>,
  userNames: readonly MemberRef[],
): Promise<{ members: User[]; searched: User[] }> {
  const memberIds = new Set<string>();
  for (const g of groups.values()) if (g.status === "found") for (const id of g.group.members) memberIds.add(id);
  const members = await client.users.byIds([...memberIds]);
  const known = new Set(members.flatMap((u) => (u.email ? [u.email.toLowerCase()] : [])));
  const searchFor = userNames.filter((r) => !known.has(r.value.toLowerCase())).map((r) => r.value);
  return { members, searched: await client.users.byEmails(searchFor) };
}

/** External id → user, by one listing of active users (then filters for the rest) or by one filter each. */
async function readExternalIds(client: GenesysClient, values: readonly string[]): Promise<Map<string, UserInfo>> {
  const out = new Map<string, UserInfo>();
  const wantedIds = new Set(values);
  const total = await client.scim.countUsers();
  if (Math.ceil(total / client.scim.pageSize) < values.length) {
    for (const u of await client.scim.allUsers({ active: true, attributes: ["externalId", "displayName"] })) {
      if (u.externalId !== undefined && wantedIds.has(u.externalId)) out.set(u.externalId, scimInfo(u));
    }
  }
  // A filter also sees inactive users (§7.1), which the listing leaves out. The filters go at once.
  const rest = [...new Set(values)].filter((value) => !out.has(value));
  const found = await settledMap(rest, (value) => client.scim.usersByExternalId(value));
  rest.forEach((value, i) => {
    const users = found[i]!;
    if (users.length === 1) out.set(value, scimInfo(users[0]!));
  });
  return out;
}

function scimInfo(u: { id: string; userName: string; displayName?: string; active?: boolean }): UserInfo {
  return {
    id: u.id,
    userName: u.userName,
    ...(u.displayName ? { name: u.displayName } : {}),
    ...(u.active === undefined ? {} : { state: u.active ? "active" : "inactive" }),
  };
}
