/** Routing queues (docs/genesys-api.md §5): list, get, create (200), full-replace update, delete, members. */
import type { FastifyRequest } from "fastify";

import { sameName } from "../../names";
import { canSeeDivision } from "../auth";
import { ApiError, badRequest, notFound } from "../errors";
import type { Query } from "../paging";
import { boolParam, multi, pageListing, pageParams, single } from "../paging";
import type { EmulatorContext, RouteModule } from "../server";
import { clientOf } from "../server";
import type { QueueRecord } from "../store";

import { divisionRef, queueView } from "../views";

const QUEUES = "/api/v2/routing/queues";
const MEMBER_GROUP_TYPES = new Set(["GROUP", "TEAM", "SKILLGROUP"]);
/** Body fields the emulator models itself; everything else is kept as sent and returned. */
const MODELLED = new Set([
  "id",
  "name",
  "division",
  "description",
  "memberGroups",
  "selfUri",
  "dateCreated",
  "dateModified",
  "memberCount",
  "userMemberCount",
  "joinedMemberCount",
]);

/**
 * `name` filter (§5.1): "leading and trailing asterisks allowed". Without an asterisk, an exact match compared
 * case-insensitively (case sensitivity unverified; clients re-check exact names themselves).
 */
function nameMatcher(filter: string | undefined): (name: string) => boolean {
  if (!filter) return () => true;
  const f = filter.toLowerCase();
  if (!f.includes("*")) return (n) => n.toLowerCase() === f;
  const source = f
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const re = new RegExp(`^${source}$`);
  return (n) => re.test(n.toLowerCase());
}

function queueOr404(ctx: EmulatorContext, request: FastifyRequest): QueueRecord {
  const { queueId } = request.params as { queueId: string };
  const q = ctx.store.queues.get(queueId);
  if (!q || !canSeeDivision(clientOf(request), q.divisionId)) throw notFound("queue", queueId);
  return q;
}

function memberGroupsOf(ctx: EmulatorContext, value: unknown): QueueRecord["memberGroups"] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("memberGroups must be a list.", "invalid.value");
  return value.map((mg: unknown) => {
    const { id, type } = (mg ?? {}) as { id?: unknown; type?: unknown };
    if (typeof id !== "string" || typeof type !== "string" || !MEMBER_GROUP_TYPES.has(type)) {
      throw badRequest("Each memberGroups entry needs an id and a type of GROUP, TEAM or SKILLGROUP.", "invalid.value");
    }
    if (type === "GROUP" && !ctx.store.groups.has(id)) {
      throw badRequest("Group {groupId} does not exist.", "invalid.value", { groupId: id });
    }
    return { id, type: type as "GROUP" | "TEAM" | "SKILLGROUP" };
  });
}

function divisionIdOf(
  ctx: EmulatorContext,
  request: FastifyRequest,
  body: Record<string, unknown>,
): string | undefined {
  const division = body.division as { id?: unknown } | undefined;
  if (division === undefined || division === null) return undefined;
  if (typeof division.id !== "string" || !ctx.store.divisions.has(division.id)) {
    throw badRequest("Division {divisionId} does not exist.", "invalid.value", { divisionId: String(division.id) });
  }
  if (!canSeeDivision(clientOf(request), division.id))
    throw new ApiError(403, "not.authorized", "You are not authorized to perform the requested action.");
  return division.id;
}

function settingsOf(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([k]) => !MODELLED.has(k)));
}

function nameOf(body: Record<string, unknown>): string {
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (!name)
    throw new ApiError(400, "required.field.missing", "A required field is missing a value.", {
      details: [{ fieldName: "name" }],
    });
  return name;
}

export const queuesRoutes: RouteModule = (app, ctx) => {
  app.get(QUEUES, { config: { permissions: ["routing:queue:view"] } }, async (request) => {
    const query = request.query as Query;
    const client = clientOf(request);
    const ids = new Set(multi(query.id));
    const divisions = new Set(multi(query.divisionId));
    const matches = nameMatcher(single(query.name));
    let items = [...ctx.store.queues.values()].filter(
      (q) =>
        canSeeDivision(client, q.divisionId) &&
        (ids.size === 0 || ids.has(q.id)) &&
        (divisions.size === 0 || divisions.has(q.divisionId)) &&
        matches(q.name),
    );
    // §5.1: "results are sorted by name".
    items.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    if (single(query.sortOrder)?.toLowerCase().startsWith("desc")) items = items.reverse();
    const listing = pageListing(items, pageParams(query, ctx.settings.maxPageSize.queues), QUEUES, query);
    listing.entities = (listing.entities as QueueRecord[]).map((q) => queueView(ctx.store, q));
    return listing;
  });

  app.get(`${QUEUES}/:queueId`, { config: { permissions: ["routing:queue:view"] } }, async (request) =>
    queueView(ctx.store, queueOr404(ctx, request)),
  );

  // §5.1: create answers exactly 200 (the provider fails on any other 2xx).
  app.post(QUEUES, { config: { permissions: ["routing:queue:add"] } }, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = nameOf(body);
    for (const q of ctx.store.queues.values()) {
      if (sameName(q.name, name)) throw ApiError.from(ctx.settings.duplicateName.queue, { name, id: q.id });
    }
    const stamp = ctx.store.timestamp();
    const queue: QueueRecord = {
      id: ctx.nextId(),
      name,
      divisionId: divisionIdOf(ctx, request, body) ?? ctx.store.homeDivision().id,
      ...(typeof body.description === "string" ? { description: body.description } : {}),
      memberGroups: memberGroupsOf(ctx, body.memberGroups),
      members: new Map(),
      settings: settingsOf(body),
      dateCreated: stamp,
      dateModified: stamp,
    };
    ctx.store.queues.set(queue.id, queue);
    return queueView(ctx.store, queue);
  });

  // §5.1: PUT replaces the queue, memberGroups included; renaming onto another queue's name is `duplicate.name`.
  app.put(`${QUEUES}/:queueId`, { config: { permissions: ["routing:queue:edit"] } }, async (request) => {
    const queue = queueOr404(ctx, request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = nameOf(body);
    for (const q of ctx.store.queues.values()) {
      if (q.id !== queue.id && sameName(q.name, name))
        throw ApiError.from(ctx.settings.duplicateName.queueRename, { name, id: q.id });
    }
    const memberGroups = memberGroupsOf(ctx, body.memberGroups);
    const divisionId = divisionIdOf(ctx, request, body);
    queue.name = name;
    if (divisionId) queue.divisionId = divisionId;
    if (typeof body.description === "string") queue.description = body.description;
    else delete queue.description;
    queue.memberGroups = memberGroups;
    queue.settings = settingsOf(body);
    ctx.store.touchQueue(queue);
    return queueView(ctx.store, queue);
  });

  // §5.1: 200 with an empty body.
  app.delete(`${QUEUES}/:queueId`, { config: { permissions: ["routing:queue:delete"] } }, async (request, reply) => {
    const queue = queueOr404(ctx, request);
    ctx.store.queues.delete(queue.id);
    return reply.status(200).send();
  });

  // §5.1 / §8: members listing has no total or pageCount; memberBy splits direct and group members.
  app.get(`${QUEUES}/:queueId/members`, { config: { permissions: ["routing:queue:view"] } }, async (request) => {
    const queue = queueOr404(ctx, request);
    const query = request.query as Query;
    const page = pageParams(query, ctx.settings.maxPageSize.queueMembers);
    const memberBy = single(query.memberBy);
    if (memberBy !== undefined && memberBy !== "user" && memberBy !== "group") {
      throw badRequest("Value [{value}] is not valid for field type [memberBy].", "invalid.value", { value: memberBy });
    }
    const joined = boolParam(query.joined, "joined");
    const nameFilter = single(query.name)?.toLowerCase();
    const { direct, viaGroups } = ctx.store.queueMemberIds(queue);
    const rows = [
      ...(memberBy === "group" ? [] : direct.map((id) => ({ id, by: "user" as const }))),
      ...(memberBy === "user" ? [] : viaGroups.map((id) => ({ id, by: "group" as const }))),
    ].flatMap(({ id, by }) => {
      const user = ctx.store.users.get(id);
      if (!user) return [];
      const m = queue.members.get(id);
      const isJoined = m ? m.joined : true;
      if (joined !== undefined && joined !== isJoined) return [];
      if (nameFilter && !user.name.toLowerCase().includes(nameFilter)) return [];
      return [
        {
          id,
          name: user.name,
          user: {
            id,
            name: user.name,
            division: divisionRef(ctx.store, user.divisionId),
            selfUri: `/api/v2/users/${id}`,
          },
          ringNumber: m?.ringNumber ?? 1,
          joined: isJoined,
          memberBy: by,
          selfUri: `/api/v2/users/${id}`,
        },
      ];
    });
    const listing = pageListing(rows, page, `${QUEUES}/${queue.id}/members`, query);
    delete listing.total;
    delete listing.pageCount;
    delete listing.lastUri;
    return listing;
  });

  // §5.1: add (or, with delete=true, remove) direct members, at most 100 per call.
  app.post(
    `${QUEUES}/:queueId/members`,
    { config: { permissions: ["routing:queue:edit"] } },
    async (request, reply) => {
      const queue = queueOr404(ctx, request);
      const remove = boolParam((request.query as Query).delete, "delete") === true;
      const body = request.body;
      if (!Array.isArray(body) || body.some((m) => typeof (m as { id?: unknown })?.id !== "string")) {
        throw badRequest("The request body must be a list of {id} objects.");
      }
      if (body.length > 100)
        throw badRequest("At most 100 members can be changed at a time (got {count}).", "invalid.value", {
          count: String(body.length),
        });
      const ids = (body as { id: string }[]).map((m) => m.id);
      for (const id of ids) {
        const u = ctx.store.users.get(id);
        if (!remove && (!u || u.state === "deleted")) {
          throw badRequest("User {userId} does not exist.", "invalid.value", { userId: id });
        }
      }
      for (const id of ids) {
        if (remove) queue.members.delete(id);
        else if (!queue.members.has(id)) queue.members.set(id, { ringNumber: 1, joined: true });
      }
      ctx.store.touchQueue(queue);
      return reply.status(204).send();
    },
  );

  // §5.1: remove one direct member; 204. Either permission will do (SDK docs: "Requires ANY permissions").
  app.delete(
    `${QUEUES}/:queueId/members/:memberId`,
    { config: { anyPermissions: ["routing:queue:edit", "routing:queueMember:manage"] } },
    async (request, reply) => {
      const queue = queueOr404(ctx, request);
      const { memberId } = request.params as { memberId: string };
      // [U] (§5.1): a user who is no direct member (none, or one through a group) is a 404.
      if (!queue.members.delete(memberId)) throw notFound("queue member", memberId);
      ctx.store.touchQueue(queue);
      return reply.status(204).send();
    },
  );

  app.patch(
    `${QUEUES}/:queueId/members/:memberId`,
    { config: { permissions: ["routing:queue:edit"] } },
    async (request, reply) => {
      const queue = queueOr404(ctx, request);
      const { memberId } = request.params as { memberId: string };
      const member = queue.members.get(memberId);
      if (!member) throw notFound("queue member", memberId);
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body.ringNumber !== undefined) {
        if (
          typeof body.ringNumber !== "number" ||
          !Number.isInteger(body.ringNumber) ||
          body.ringNumber < 1 ||
          body.ringNumber > 6
        ) {
          throw badRequest("ringNumber must be an integer from 1 to 6.", "invalid.value");
        }
        member.ringNumber = body.ringNumber;
      }
      if (body.joined !== undefined) {
        if (typeof body.joined !== "boolean") throw badRequest("joined must be a boolean.", "invalid.value");
        member.joined = body.joined;
      }
      ctx.store.touchQueue(queue);
      return reply.status(202).send();
    },
  );
};
