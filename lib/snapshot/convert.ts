/** Genesys API objects as emulator seed entries (lib/emulator/seed.ts), for lib/snapshot/snapshot.ts. */
import type { Seed, SeedObject } from "../emulator/seed";
import type { NamedObject } from "../genesys/operations/named";
import type { Group, Queue, QueueMember, User } from "../genesys/schemas";
import type { KindSpec } from "../org/kind-spec";

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

/**
 * API fields a seed object does not keep in `fields`: its own entries, or the API's bookkeeping (the emulator, or
 * the org, sets the dates and the version again).
 */
const NOT_FIELDS = ["id", "division", "selfUri", "version", "state", "dateModified", "dateCreated"];

/**
 * An object of a table-driven kind as a seed entry: the name from the kind's name field, the division when the
 * snapshot holds it (`divisionIds`; otherwise none, counted in `dropped.divisionRefs`), the scope field as `type`
 * (flows), soft-deleted objects kept as deleted, and every other field as given, keys sorted so equal objects
 * give equal bytes.
 */
export function toSeedObject(
  spec: KindSpec,
  item: NamedObject,
  divisionIds: ReadonlySet<string>,
  dropped: { divisionRefs: number },
): SeedObject {
  const raw = item as Record<string, unknown>;
  const name = raw[spec.name.field];
  const divisionId = (raw.division as { id?: unknown } | undefined)?.id;
  const type = spec.scope === undefined ? undefined : raw[spec.scope.field];
  const kept = typeof divisionId === "string" && divisionIds.has(divisionId) ? divisionId : undefined;
  if (typeof divisionId === "string" && kept === undefined) dropped.divisionRefs++;
  const skip = new Set([...NOT_FIELDS, spec.name.field, ...(spec.scope ? [spec.scope.field] : [])]);
  const fields = Object.fromEntries(
    Object.keys(raw)
      .filter((k) => !skip.has(k))
      .sort()
      .map((k) => [k, raw[k]]),
  );
  return {
    id: item.id,
    name: typeof name === "string" ? name : "",
    ...(kept === undefined ? {} : { divisionId: kept }),
    ...(typeof type === "string" ? { type } : {}),
    state: String(raw.state).toLowerCase() === "deleted" ? "deleted" : "active",
    fields,
  };
}
