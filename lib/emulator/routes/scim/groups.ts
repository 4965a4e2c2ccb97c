/** Groups (§7.1, §7.4): read, replace and patch only; members are users. */
import type { ScimPatchOperation } from "scim-patch";

import type { Query } from "../../paging";
import { single } from "../../paging";
import type { EmulatorContext, RouteModule } from "../../server";
import type { GroupRecord } from "../../store";
import type { PatchDocument } from "./patch";
import { applyPatch, readPatch } from "./patch";
import type { Filter } from "./query";
import { listResponse, pageOf, parseFilter, project } from "./query";
import type { Json } from "./shared";
import {
  attribute,
  BASE,
  checkIfMatch,
  etagOf,
  GROUP_SCHEMA,
  groupLocation,
  invalidValue,
  isObject,
  jsonObject,
  notModified,
  optionalString,
  originOf,
  perms,
  requiredString,
  resourceNotFound,
  send,
  userLocation,
} from "./shared";

const GROUP_ALWAYS = ["id", "meta"];
const GROUP_ATTRIBUTES = ["displayName", "externalId", "members"];
/** §7.3: `id eq`, `displayname eq Sales`. */
const GROUP_FILTERS = ["id", "displayName"];

function groupOr404(ctx: EmulatorContext, id: string): GroupRecord {
  const group = ctx.store.groups.get(id);
  if (!group) throw resourceNotFound(id);
  return group;
}

/** ScimV2Group (§7.4). */
function groupView(g: GroupRecord, origin: string): Json {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    displayName: g.name,
    ...(g.externalId === undefined ? {} : { externalId: g.externalId }),
    members: [...g.memberIds].map((id) => ({ type: "User", value: id, $ref: userLocation(origin, id) })),
    meta: {
      resourceType: "Group",
      lastModified: g.dateModified,
      location: groupLocation(origin, g.id),
      version: etagOf(g.version),
    },
  };
}

function groupMatcher(filter: Filter): (g: GroupRecord) => boolean {
  const { value } = filter;
  // RFC 7643 §4.2: displayName is not case-exact.
  if (filter.attribute === "displayName") return (g) => g.name.toLowerCase() === value.toLowerCase();
  return (g) => g.id === value;
}

interface GroupInput {
  readonly displayName: string;
  readonly externalId: string | undefined;
  readonly memberIds: readonly string[];
}

/** A member reference must name an existing, non-deleted user (the emulator has no nested groups). */
function memberId(ctx: EmulatorContext, member: unknown): string {
  const value = isObject(member) ? attribute(member, "value") : undefined;
  if (typeof value !== "string") throw invalidValue("Every member needs a 'value' holding a user id.");
  const user = ctx.store.users.get(value);
  if (!user || user.state === "deleted") throw invalidValue(`Member '${value}' is not an existing user.`);
  return value;
}

/** A full group representation; omitted members or externalId are cleared (RFC 7644 §3.5.1). */
function readGroup(ctx: EmulatorContext, body: unknown): GroupInput {
  const obj = jsonObject(body);
  const members = attribute(obj, "members") ?? [];
  if (!Array.isArray(members)) throw invalidValue("Attribute 'members' must be an array.");
  return {
    displayName: requiredString(obj, "displayName"),
    externalId: optionalString(obj, "externalId"),
    memberIds: [...new Set((members as unknown[]).map((m) => memberId(ctx, m)))],
  };
}

/** Writes a replace into the directory's group record; only a real change bumps the version (store.touchGroup). */
function replaceGroup(ctx: EmulatorContext, group: GroupRecord, input: GroupInput): void {
  const sameMembers =
    input.memberIds.length === group.memberIds.size && input.memberIds.every((id) => group.memberIds.has(id));
  if (sameMembers && input.displayName === group.name && input.externalId === group.externalId) return;
  group.name = input.displayName;
  if (input.externalId === undefined) delete group.externalId;
  else group.externalId = input.externalId;
  if (!sameMembers) {
    group.memberIds.clear();
    for (const id of input.memberIds) group.memberIds.add(id);
  }
  ctx.store.touchGroup(group);
}

/**
 * Member values reduced to `{value}`, matching the document patched, so that a remove by value (Entra ID sends
 * `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}`) finds its items however the client decorates them.
 */
function memberValuesOnly(op: ScimPatchOperation): ScimPatchOperation {
  const value: unknown = op.value;
  if (op.path !== "members" || !Array.isArray(value)) return op;
  const reduced = (value as unknown[]).map((m) => {
    const id = isObject(m) ? attribute(m, "value") : undefined;
    return typeof id === "string" ? { value: id } : m;
  });
  return { ...op, value: reduced };
}

export const groupRoutes: RouteModule = (app, ctx) => {
  // §7.1: the SDK marks `filter` required but documents that no filter returns every group; we return them all.
  app.get(`${BASE}/groups`, perms("directory:group:view"), async (request, reply) => {
    const query = request.query as Query;
    const page = pageOf(query, ctx.settings.maxPageSize.scim);
    const filter = parseFilter(single(query.filter), GROUP_FILTERS);
    const matches = filter ? groupMatcher(filter) : () => true;
    const groups = [...ctx.store.groups.values()].filter((g) => matches(g));
    const origin = originOf(request);
    return send(
      request,
      reply,
      listResponse(groups, page, (g) => project(groupView(g, origin), query, GROUP_ALWAYS)),
    );
  });

  app.get(`${BASE}/groups/:groupId`, perms("directory:group:view"), async (request, reply) => {
    const { groupId } = request.params as { groupId: string };
    const group = groupOr404(ctx, groupId);
    const query = request.query as Query;
    return (
      notModified(request, reply, group.version) ??
      send(request, reply, project(groupView(group, originOf(request)), query, GROUP_ALWAYS), group.version)
    );
  });

  app.put(`${BASE}/groups/:groupId`, perms("directory:group:edit"), async (request, reply) => {
    const { groupId } = request.params as { groupId: string };
    const group = groupOr404(ctx, groupId);
    checkIfMatch(ctx, request, group.version);
    replaceGroup(ctx, group, readGroup(ctx, request.body));
    return send(request, reply, groupView(group, originOf(request)), group.version);
  });

  // §7.4 PatchOp on members (add, remove by `members[value eq "id"]` or by value, replace), displayName, externalId.
  app.patch(`${BASE}/groups/:groupId`, perms("directory:group:edit"), async (request, reply) => {
    const { groupId } = request.params as { groupId: string };
    const group = groupOr404(ctx, groupId);
    checkIfMatch(ctx, request, group.version);
    const ops = readPatch(request.body, GROUP_ATTRIBUTES, GROUP_SCHEMA).map(memberValuesOnly);
    const stamp = new Date(group.dateModified);
    const doc: PatchDocument = {
      schemas: [GROUP_SCHEMA],
      id: group.id,
      displayName: group.name,
      ...(group.externalId === undefined ? {} : { externalId: group.externalId }),
      members: [...group.memberIds].map((value) => ({ value })),
      meta: { created: stamp, lastModified: stamp },
    };
    replaceGroup(ctx, group, readGroup(ctx, applyPatch(doc, ops)));
    return send(request, reply, groupView(group, originOf(request)), group.version);
  });
};
