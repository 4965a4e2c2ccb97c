/**
 * The emulated org's state: plain records in maps, with the indexes the routes need. Routes validate input and
 * map problems to Genesys errors; the store keeps the data consistent (versions, soft deletes, membership).
 */
import type { Seed, SeedClient } from "./seed";

export type UserState = "active" | "inactive" | "deleted";

export interface DivisionRecord {
  id: string;
  name: string;
  description?: string;
  home: boolean;
}

export interface UserRecord {
  id: string;
  name: string;
  email: string;
  divisionId: string;
  state: UserState;
  department?: string;
  title?: string;
  externalId?: string;
  version: number;
  dateModified: string;
}

export interface GroupRecord {
  id: string;
  name: string;
  description?: string;
  type: "official" | "social";
  visibility: "public" | "owners" | "members";
  rulesVisible: boolean;
  rolesEnabled: boolean;
  callsEnabled: boolean;
  includeOwners: boolean;
  /** Direct members, in the order they were added. */
  memberIds: Set<string>;
  ownerIds: string[];
  externalId?: string;
  version: number;
  dateModified: string;
  /** The group's voicemail policy fields set by PATCH (routes/voicemail.ts adds the defaults). */
  voicemailPolicy?: Record<string, unknown>;
}

export interface QueueMemberRecord {
  ringNumber: number;
  joined: boolean;
}

export interface QueueRecord {
  id: string;
  name: string;
  divisionId: string;
  description?: string;
  memberGroups: { id: string; type: "GROUP" | "TEAM" | "SKILLGROUP" }[];
  /** Direct (individually added) members. */
  members: Map<string, QueueMemberRecord>;
  /** Every other queue field, kept as sent. */
  settings: Record<string, unknown>;
  dateCreated: string;
  dateModified: string;
}

/** An object of a table-driven kind (lib/org/kind-table/), as seeded (lib/emulator/seed.ts `SeedObject`). */
export interface KindRecord {
  id: string;
  name: string;
  divisionId?: string;
  /** The flow type, for flows. */
  type?: string;
  state: "active" | "deleted";
  /** Every other API field, kept as sent. */
  fields: Record<string, unknown>;
  version: number;
  dateModified: string;
}

export interface OrgRecord {
  id: string;
  name: string;
  defaultCountryCode: string;
  domain?: string;
}

export class OrgStore {
  org: OrgRecord;
  clients: Map<string, SeedClient>;
  divisions = new Map<string, DivisionRecord>();
  users = new Map<string, UserRecord>();
  groups = new Map<string, GroupRecord>();
  /** Objects of the table-driven kinds, by kind id, then by id. */
  objects = new Map<string, Map<string, KindRecord>>();
  queues = new Map<string, QueueRecord>();
  private usersByEmail = new Map<string, string>();
  /** Bumped on every user change, so cached search results can tell they are stale. */
  usersRevision = 0;
  /** Search results by query, for paging a big result without re-scanning (see search.ts). */
  readonly searchCache = new Map<string, { revision: number; matched: readonly unknown[] }>();
  private readonly now: () => string;

  constructor(seed: Seed, now: () => string = () => new Date().toISOString()) {
    this.now = now;
    this.org = { ...seed.org };
    this.clients = new Map(seed.clients.map((c) => [c.id, c]));
    const stamp = now();
    for (const d of seed.divisions) this.divisions.set(d.id, { ...d, home: d.home === true });
    for (const u of seed.users) {
      this.users.set(u.id, { ...u, dateModified: stamp });
      if (u.state !== "deleted") this.usersByEmail.set(u.email.toLowerCase(), u.id);
    }
    for (const g of seed.groups) {
      this.groups.set(g.id, { ...g, memberIds: new Set(g.memberIds), dateModified: stamp });
    }
    for (const [kind, objects] of Object.entries(seed.objects ?? {}))
      this.objects.set(
        kind,
        new Map((objects ?? []).map((o) => [o.id, { ...o, fields: { ...o.fields }, version: 1, dateModified: stamp }])),
      );
    for (const q of seed.queues) {
      this.queues.set(q.id, {
        ...q,
        members: new Map(q.members.map((m) => [m.userId, { ringNumber: m.ringNumber, joined: m.joined }])),
        dateCreated: stamp,
        dateModified: stamp,
      });
    }
  }

  homeDivision(): DivisionRecord {
    for (const d of this.divisions.values()) if (d.home) return d;
    throw new Error("emulator state has no home division");
  }

  /** Objects per division (users that are not deleted, and queues), in one pass. */
  objectCounts(): Map<string, { users: number; queues: number }> {
    const counts = new Map<string, { users: number; queues: number }>();
    const slot = (id: string) => {
      let c = counts.get(id);
      if (!c) counts.set(id, (c = { users: 0, queues: 0 }));
      return c;
    };
    for (const u of this.users.values()) if (u.state !== "deleted") slot(u.divisionId).users++;
    for (const q of this.queues.values()) slot(q.divisionId).queues++;
    return counts;
  }

  userIdByEmail(email: string): string | undefined {
    return this.usersByEmail.get(email.toLowerCase());
  }

  addUser(user: Omit<UserRecord, "version" | "dateModified">): UserRecord {
    const record: UserRecord = { ...user, version: 1, dateModified: this.now() };
    this.usersRevision++;
    this.users.set(record.id, record);
    if (record.state !== "deleted") this.usersByEmail.set(record.email.toLowerCase(), record.id);
    return record;
  }

  /** Applies changes to a user and bumps its version. */
  updateUser(user: UserRecord, changes: Partial<Omit<UserRecord, "id" | "version">>): UserRecord {
    this.usersRevision++;
    if (changes.email !== undefined || changes.state !== undefined) this.usersByEmail.delete(user.email.toLowerCase());
    Object.assign(user, changes, { version: user.version + 1, dateModified: this.now() });
    if (user.state !== "deleted") this.usersByEmail.set(user.email.toLowerCase(), user.id);
    return user;
  }

  /** Soft delete: state `deleted`, moved to the home division, out of every group and queue. */
  deleteUser(user: UserRecord): void {
    this.updateUser(user, { state: "deleted", divisionId: this.homeDivision().id });
    for (const g of this.groups.values()) if (g.memberIds.delete(user.id)) this.touchGroup(g);
    for (const q of this.queues.values()) if (q.members.delete(user.id)) q.dateModified = this.now();
  }

  /** Bumps a group's version after any change. */
  touchGroup(group: GroupRecord): void {
    group.version++;
    group.dateModified = this.now();
  }

  touchQueue(queue: QueueRecord): void {
    queue.dateModified = this.now();
  }

  /** The objects of one table-driven kind (an empty collection when the seed has none). */
  kindObjects(kind: string): Map<string, KindRecord> {
    let byId = this.objects.get(kind);
    if (!byId) this.objects.set(kind, (byId = new Map<string, KindRecord>()));
    return byId;
  }

  addObject(kind: string, object: Omit<KindRecord, "version" | "dateModified" | "state">): KindRecord {
    const record: KindRecord = { ...object, state: "active", version: 1, dateModified: this.now() };
    this.kindObjects(kind).set(record.id, record);
    return record;
  }

  /** Applies changes to an object (a rename, new fields) and bumps its version. */
  updateObject(object: KindRecord, changes: Partial<Pick<KindRecord, "name" | "type" | "fields">>): KindRecord {
    Object.assign(object, changes, { version: object.version + 1, dateModified: this.now() });
    return object;
  }

  /** Soft delete: the object stays, `state: "deleted"`, and its name is free again (docs/kinds.md). */
  deleteObject(object: KindRecord): void {
    Object.assign(object, { state: "deleted", version: object.version + 1, dateModified: this.now() });
  }

  timestamp(): string {
    return this.now();
  }

  /** Every user serving a queue: direct members and members of its groups. */
  queueMemberIds(queue: QueueRecord): { direct: string[]; viaGroups: string[] } {
    const direct = [...queue.members.keys()];
    const directSet = new Set(direct);
    const viaGroups = new Set<string>();
    for (const mg of queue.memberGroups) {
      if (mg.type !== "GROUP") continue;
      for (const id of this.groups.get(mg.id)?.memberIds ?? []) if (!directSet.has(id)) viaGroups.add(id);
    }
    return { direct, viaGroups: [...viaGroups] };
  }

  /** The table-driven kinds' objects in seed format, by kind. */
  private dumpObjects(clean: <T extends object>(o: T) => T): Seed["objects"] {
    return Object.fromEntries(
      [...this.objects].map(([kind, byId]) => [
        kind,
        [...byId.values()].map((o) =>
          clean({
            id: o.id,
            name: o.name,
            divisionId: o.divisionId,
            type: o.type,
            state: o.state,
            fields: { ...o.fields },
          }),
        ),
      ]),
    );
  }

  /** The state in seed format (what `GET /__emulator/state` returns and `--seed` accepts). */
  dump(): Seed {
    const clean = <T extends object>(o: T): T =>
      Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
    return {
      version: 1,
      org: clean({ ...this.org }),
      clients: [...this.clients.values()].map((c) => clean({ ...c })),
      divisions: [...this.divisions.values()].map((d) =>
        clean({ id: d.id, name: d.name, description: d.description, ...(d.home ? { home: true } : {}) }),
      ),
      users: [...this.users.values()].map((u) =>
        clean({
          id: u.id,
          name: u.name,
          email: u.email,
          divisionId: u.divisionId,
          state: u.state,
          department: u.department,
          title: u.title,
          externalId: u.externalId,
          version: u.version,
        }),
      ),
      groups: [...this.groups.values()].map((g) =>
        clean({
          id: g.id,
          name: g.name,
          description: g.description,
          type: g.type,
          visibility: g.visibility,
          rulesVisible: g.rulesVisible,
          rolesEnabled: g.rolesEnabled,
          callsEnabled: g.callsEnabled,
          includeOwners: g.includeOwners,
          memberIds: [...g.memberIds],
          ownerIds: [...g.ownerIds],
          externalId: g.externalId,
          version: g.version,
        }),
      ),
      queues: [...this.queues.values()].map((q) =>
        clean({
          id: q.id,
          name: q.name,
          divisionId: q.divisionId,
          description: q.description,
          memberGroups: q.memberGroups.map((m) => ({ ...m })),
          members: [...q.members.entries()].map(([userId, m]) => ({ userId, ...m })),
          settings: { ...q.settings },
        }),
      ),
      objects: this.dumpObjects(clean),
    };
  }
}
