/** Directory groups (docs/genesys-api.md §6): CRUD with versions, members, individuals, and name search. */
import type { FastifyRequest } from "fastify";

import { sameName } from "../../names";
import { ApiError, badRequest, missingFields } from "../errors";
import type { Query } from "../paging";
import { multi, pageListing, pageParams, single } from "../paging";
import type { Fields, SearchRequest } from "../search";
import { parseSearchRequest, requestFromQ64, runSearch } from "../search";
import type { EmulatorContext, RouteModule } from "../server";
import type { GroupRecord, UserRecord } from "../store";

import { groupView, userView } from "../views";

const GROUPS = "/api/v2/groups";
const VIEW = { config: { permissions: ["directory:group:view"] } };
const EDIT = { config: { permissions: ["directory:group:edit"] } };

const GROUP_FIELDS: Fields<GroupRecord> = {
  id: (g) => g.id,
  name: (g) => g.name,
  description: (g) => g.description,
};

/** §6.1 (2018 swagger): the group 404. */
export function groupOr404(ctx: EmulatorContext, request: FastifyRequest): GroupRecord {
  const { groupId } = request.params as { groupId: string };
  const g = ctx.store.groups.get(groupId);
  if (!g)
    throw new ApiError(404, "general.resource.not.found", "Unable to find a group with that groupId", {
      entityId: groupId,
    });
  return g;
}

function assertNameFree(ctx: EmulatorContext, name: string, exceptId?: string): void {
  for (const g of ctx.store.groups.values()) {
    if (g.id !== exceptId && sameName(g.name, name))
      throw ApiError.from(ctx.settings.duplicateName.group, { name, id: g.id });
  }
}

function versionOf(body: Record<string, unknown>): number {
  if (typeof body.version !== "number") {
    throw missingFields(["version"]);
  }
  return body.version;
}

const ENUMS = {
  type: ["official", "social"],
  visibility: ["public", "owners", "members"],
} as const;

/** Applies the writable group fields of a create or update body. */
function applyFields(ctx: EmulatorContext, group: GroupRecord, body: Record<string, unknown>): void {
  if (body.description !== undefined) {
    if (body.description === null || body.description === "") delete group.description;
    else if (typeof body.description === "string") group.description = body.description;
  }
  for (const [field, allowed] of Object.entries(ENUMS) as [keyof typeof ENUMS, readonly string[]][]) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== "string" || !allowed.includes(v))
      throw badRequest("Value [{value}] is not valid for field [{field}].", "invalid.value", {
        value: JSON.stringify(v),
        field,
      });
    (group as unknown as Record<string, unknown>)[field] = v;
  }
  for (const field of ["rulesVisible", "rolesEnabled", "callsEnabled", "includeOwners"] as const) {
    const v = body[field];
    if (v === undefined) continue;
    if (typeof v !== "boolean") {
      throw badRequest("Value for field [{field}] is not a boolean.", "invalid.value", { field });
    }
    group[field] = v;
  }
  if (body.ownerIds !== undefined) {
    if (!Array.isArray(body.ownerIds)) throw badRequest("ownerIds must be a list of user ids.", "invalid.value");
    group.ownerIds = (body.ownerIds as unknown[]).map((id) => {
      if (typeof id !== "string" || !ctx.store.users.has(id))
        throw badRequest("Owner {ownerId} is not a user.", "invalid.value", { ownerId: String(id) });
      return id;
    });
  }
}

function memberIdsOf(ctx: EmulatorContext, ids: unknown): string[] {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string"))
    throw badRequest("memberIds must be a list of user ids.", "invalid.value");
  // §6.1: at most 50 ids per call.
  if (ids.length > 50)
    throw badRequest("At most 50 members can be changed at a time (got {count}).", "invalid.value", {
      count: String(ids.length),
    });
  for (const id of ids as string[]) {
    const u = ctx.store.users.get(id);
    if (!u || u.state === "deleted") throw badRequest("User {userId} does not exist.", "invalid.value", { userId: id });
  }
  return ids as string[];
}

function search(ctx: EmulatorContext, body: SearchRequest): Record<string, unknown> {
  return runSearch(ctx.store.groups.values(), body, GROUP_FIELDS, {
    settings: ctx.settings,
    path: `${GROUPS}/search`,
    type: "groups",
    sortKey: (g) => g.name,
  }).response(groupView);
}

function userListing(
  users: readonly UserRecord[],
  path: string,
  query: Query,
  maxPageSize: number,
): Record<string, unknown> {
  const listing = pageListing(users, pageParams(query, maxPageSize), path, query);
  listing.entities = (listing.entities as UserRecord[]).map(userView);
  return listing;
}

export const groupsRoutes: RouteModule = (app, ctx) => {
  app.get(GROUPS, VIEW, async (request) => {
    const query = request.query as Query;
    const ids = new Set(multi(query.id));
    let items = [...ctx.store.groups.values()].filter((g) => ids.size === 0 || ids.has(g.id));
    items.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    if (single(query.sortOrder)?.toLowerCase().startsWith("desc")) items = items.reverse();
    const listing = pageListing(items, pageParams(query, ctx.settings.maxPageSize.groups), GROUPS, query);
    listing.entities = (listing.entities as GroupRecord[]).map(groupView);
    return listing;
  });

  app.post(`${GROUPS}/search`, VIEW, async (request) => search(ctx, parseSearchRequest(request.body)));
  app.get(`${GROUPS}/search`, VIEW, async (request) =>
    search(ctx, requestFromQ64(single((request.query as Query).q64))),
  );

  app.get(`${GROUPS}/:groupId`, VIEW, async (request) => groupView(groupOr404(ctx, request)));

  // §6.1: 200 on create. name is required; the other GroupCreate fields default as the provider sets them.
  app.post(GROUPS, { config: { permissions: ["directory:group:add"] } }, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === "string" ? body.name.trim() : "";
    if (!name) throw missingFields(["name"]);
    assertNameFree(ctx, name);
    const group: GroupRecord = {
      id: ctx.nextId(),
      name,
      type: "official",
      visibility: "public",
      rulesVisible: true,
      rolesEnabled: true,
      callsEnabled: true,
      includeOwners: false,
      memberIds: new Set(),
      ownerIds: [],
      version: 1,
      dateModified: ctx.store.timestamp(),
    };
    applyFields(ctx, group, body);
    ctx.store.groups.set(group.id, group);
    return groupView(group);
  });

  // §6.1: PUT needs the current version; a stale one is 409 "Resource conflict - Unexpected version was provided".
  app.put(`${GROUPS}/:groupId`, EDIT, async (request) => {
    const group = groupOr404(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (versionOf(body) !== group.version)
      throw new ApiError(409, "general.conflict", "Resource conflict - Unexpected version was provided");
    if (body.name !== undefined) {
      const name = typeof body.name === "string" ? body.name.trim() : "";
      if (!name) throw badRequest("Value for field [name] must not be empty.", "invalid.value");
      assertNameFree(ctx, name, group.id);
      group.name = name;
    }
    applyFields(ctx, group, body);
    ctx.store.touchGroup(group);
    return groupView(group);
  });

  app.delete(`${GROUPS}/:groupId`, { config: { permissions: ["directory:group:delete"] } }, async (request, reply) => {
    const group = groupOr404(ctx, request);
    ctx.store.groups.delete(group.id);
    for (const q of ctx.store.queues.values()) {
      const before = q.memberGroups.length;
      q.memberGroups = q.memberGroups.filter((mg) => mg.id !== group.id);
      if (q.memberGroups.length !== before) ctx.store.touchQueue(q);
    }
    return reply.status(204).send();
  });

  // Direct members only; this is what the provider's member_ids reads (docs/terraform-provider.md §5).
  app.get(`${GROUPS}/:groupId/individuals`, VIEW, async (request) => {
    const group = groupOr404(ctx, request);
    const users = [...group.memberIds]
      .map((id) => ctx.store.users.get(id))
      .filter((u): u is UserRecord => u !== undefined);
    return userListing(
      users,
      `${GROUPS}/${group.id}/individuals`,
      { pageSize: String(Math.max(1, users.length)) },
      Math.max(1, users.length),
    );
  });

  // Members: individuals, plus owners when the group includes them.
  app.get(`${GROUPS}/:groupId/members`, VIEW, async (request) => {
    const group = groupOr404(ctx, request);
    const ids = new Set(group.memberIds);
    if (group.includeOwners) for (const o of group.ownerIds) ids.add(o);
    const users = [...ids].map((id) => ctx.store.users.get(id)).filter((u): u is UserRecord => u !== undefined);
    return userListing(users, `${GROUPS}/${group.id}/members`, request.query as Query, ctx.settings.maxPageSize.groups);
  });

  // §6.1: add members with the group's current version; 202; a stale version is 409 general.conflict.
  app.post(`${GROUPS}/:groupId/members`, EDIT, async (request, reply) => {
    const group = groupOr404(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const version = versionOf(body);
    const ids = memberIdsOf(ctx, body.memberIds);
    if (version !== group.version) {
      throw new ApiError(
        409,
        "general.conflict",
        "The version supplied does not match the current version of the user",
      );
    }
    for (const id of ids) group.memberIds.add(id);
    ctx.store.touchGroup(group);
    return reply.status(202).send();
  });

  app.delete(`${GROUPS}/:groupId/members`, EDIT, async (request, reply) => {
    const group = groupOr404(ctx, request);
    const ids = multi((request.query as Query).ids);
    if (ids.length === 0) throw missingFields(["ids"]);
    if (ids.length > 50)
      throw badRequest("At most 50 members can be changed at a time (got {count}).", "invalid.value", {
        count: String(ids.length),
      });
    for (const id of ids) group.memberIds.delete(id);
    ctx.store.touchGroup(group);
    return reply.status(202).send();
  });
};
