/** Genesys API objects as emulator seed entries (lib/emulator/seed.ts), for lib/snapshot/snapshot.ts. */
import type { Seed } from "../emulator/seed";
import type { Group, Queue, QueueMember, User } from "../genesys/schemas";

export type SeedUser = Seed["users"][number];
export type SeedGroup = Seed["groups"][number];
export type SeedQueue = Seed["queues"][number];

const GROUP_TYPES = ["official", "social"] as const;
const GROUP_VISIBILITIES = ["public", "owners", "members"] as const;
const MEMBER_GROUP_TYPES = ["GROUP", "TEAM", "SKILLGROUP"] as const;

/** By id, in code-unit order (not the locale's), so every machine sorts alike. */
export const byId = <T extends { readonly id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
export const sortedUnique = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();

/** A user as a seed entry; the version is not copied (the seed default 1 serves, see snapshot.ts). */
export function toSeedUser(u: User, externalId: string | undefined): SeedUser {
  return {
    id: u.id,
    name: u.name,
    email: u.email ?? "",
    divisionId: u.division?.id ?? "",
    state: u.state ?? "active",
    ...(u.department === undefined ? {} : { department: u.department }),
    ...(u.title === undefined ? {} : { title: u.title }),
    ...(externalId === undefined ? {} : { externalId }),
    version: 1,
  };
}

/** `value` when it is one of `allowed`; otherwise the seed's default, noted once in `notes`. */
function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
  what: string,
  notes: Set<string>,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  notes.add(`${what} "${value}" is not one the emulator knows; written as "${fallback}"`);
  return fallback;
}

export function toSeedGroup(
  g: Group,
  memberIds: string[],
  ownerIds: string[],
  externalId: string | undefined,
  notes: Set<string>,
): SeedGroup {
  return {
    id: g.id,
    name: g.name,
    ...(g.description === undefined ? {} : { description: g.description }),
    type: oneOf(g.type, GROUP_TYPES, "official", "group type", notes),
    visibility: oneOf(g.visibility, GROUP_VISIBILITIES, "public", "group visibility", notes),
    rulesVisible: g.rulesVisible ?? true,
    rolesEnabled: g.rolesEnabled ?? true,
    callsEnabled: g.callsEnabled ?? true,
    includeOwners: g.includeOwners ?? false,
    memberIds,
    ownerIds,
    ...(externalId === undefined ? {} : { externalId }),
    version: 1,
  };
}

export function toSeedQueue(
  q: Queue,
  members: readonly QueueMember[],
  knownUsers: (ids: readonly string[]) => string[],
  groupIds: ReadonlySet<string>,
  dropped: { groupRefs: number; values: Set<string> },
): SeedQueue | undefined {
  if (q.division === undefined) return undefined;
  const memberGroups = (q.memberGroups ?? []).flatMap((mg) => {
    const type = mg.type.toUpperCase();
    if (!(MEMBER_GROUP_TYPES as readonly string[]).includes(type)) {
      dropped.values.add(`queue member group type "${mg.type}" is not one the emulator knows; left out`);
      return [];
    }
    if (type === "GROUP" && !groupIds.has(mg.id)) {
      dropped.groupRefs++;
      return [];
    }
    return [{ id: mg.id, type: type as (typeof MEMBER_GROUP_TYPES)[number] }];
  });
  const byUser = new Map(members.map((m) => [m.id, m]));
  return {
    id: q.id,
    name: q.name,
    divisionId: q.division.id,
    ...(q.description === undefined ? {} : { description: q.description }),
    memberGroups: memberGroups.sort((a, b) => byId(a, b) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    members: knownUsers([...byUser.keys()]).map((userId) => {
      const m = byUser.get(userId);
      return { userId, ringNumber: m?.ringNumber ?? 1, joined: m?.joined ?? true };
    }),
    settings: {},
  };
}
