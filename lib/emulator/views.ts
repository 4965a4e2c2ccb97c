/** JSON shapes of Genesys objects as the API returns them (docs/genesys-api.md §3.1, §4.3, §5.2, §6.2). */
import type { DivisionRecord, GroupRecord, OrgStore, QueueRecord, UserRecord } from "./store";

export const DIVISIONS_PATH = "/api/v2/authorization/divisions";

export function divisionRef(store: OrgStore, id: string): { id: string; name: string; selfUri: string } {
  return { id, name: store.divisions.get(id)?.name ?? "", selfUri: `${DIVISIONS_PATH}/${id}` };
}

export function divisionView(
  d: DivisionRecord,
  objectCounts?: Readonly<Record<string, number>>,
): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    ...(d.description === undefined ? {} : { description: d.description }),
    homeDivision: d.home,
    ...(objectCounts ? { objectCounts } : {}),
    selfUri: `${DIVISIONS_PATH}/${d.id}`,
  };
}

export function userView(u: UserRecord): Record<string, unknown> {
  return {
    id: u.id,
    name: u.name,
    // Real listings often leave division.name empty (docs/genesys-api.md §3.1 [O]); clients resolve it themselves.
    division: { id: u.divisionId, name: "", selfUri: `${DIVISIONS_PATH}/${u.divisionId}` },
    email: u.email,
    username: u.email,
    state: u.state,
    ...(u.department === undefined ? {} : { department: u.department }),
    ...(u.title === undefined ? {} : { title: u.title }),
    version: u.version,
    acdAutoAnswer: false,
    selfUri: `/api/v2/users/${u.id}`,
  };
}

export function groupView(g: GroupRecord): Record<string, unknown> {
  return {
    id: g.id,
    name: g.name,
    ...(g.description === undefined ? {} : { description: g.description }),
    dateModified: g.dateModified,
    memberCount: g.memberIds.size,
    state: "active",
    version: g.version,
    type: g.type,
    images: [],
    addresses: [],
    rulesVisible: g.rulesVisible,
    visibility: g.visibility,
    rolesEnabled: g.rolesEnabled,
    includeOwners: g.includeOwners,
    callsEnabled: g.callsEnabled,
    owners: g.ownerIds.map((id) => ({ id, selfUri: `/api/v2/users/${id}` })),
    selfUri: `/api/v2/groups/${g.id}`,
  };
}

export function queueView(store: OrgStore, q: QueueRecord): Record<string, unknown> {
  const { direct, viaGroups } = store.queueMemberIds(q);
  const joined = direct.filter((id) => q.members.get(id)?.joined).length + viaGroups.length;
  return {
    ...q.settings,
    id: q.id,
    name: q.name,
    division: divisionRef(store, q.divisionId),
    ...(q.description === undefined ? {} : { description: q.description }),
    dateCreated: q.dateCreated,
    dateModified: q.dateModified,
    memberCount: direct.length + viaGroups.length,
    userMemberCount: direct.length,
    joinedMemberCount: joined,
    memberGroups: q.memberGroups.map((mg) => {
      const group = mg.type === "GROUP" ? store.groups.get(mg.id) : undefined;
      return {
        id: mg.id,
        ...(group ? { name: group.name, memberCount: group.memberIds.size } : {}),
        type: mg.type,
        selfUri: mg.type === "GROUP" ? `/api/v2/groups/${mg.id}` : undefined,
      };
    }),
    selfUri: `/api/v2/routing/queues/${q.id}`,
  };
}
