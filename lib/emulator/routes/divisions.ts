/** Divisions (docs/genesys-api.md §3). Divisions are not division-scoped: every client lists every division. */
import { sameName } from "../../names";
import { canSeeDivision, hasPermission } from "../auth";
import { ApiError, badRequest, missingFields, missingPermissions, notFound } from "../errors";
import type { Query } from "../paging";
import { boolParam, multi, pageListing, pageParams, single } from "../paging";
import type { EmulatorContext, RouteModule } from "../server";
import { clientOf } from "../server";

import type { DivisionRecord } from "../store";
import { DIVISIONS_PATH, divisionView } from "../views";

const VIEW = ["authorization:division:view"];

function counts(ctx: EmulatorContext): (d: DivisionRecord) => Record<string, number> {
  const all = ctx.store.objectCounts();
  const keys = ctx.settings.objectCountKeys;
  return (d) => {
    const c = all.get(d.id) ?? { users: 0, queues: 0 };
    return { [keys.user]: c.users, [keys.queue]: c.queues };
  };
}

function divisionOr404(ctx: EmulatorContext, id: string): DivisionRecord {
  const d = ctx.store.divisions.get(id);
  if (!d) throw notFound("division", id);
  return d;
}

function readBody(body: unknown): { name?: string; description?: string } {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw badRequest("The request could not be understood by the server due to malformed syntax.");
  }
  const { name, description } = body as Record<string, unknown>;
  if (name !== undefined && typeof name !== "string")
    throw badRequest("Value for field [name] is not a string.", "invalid.value");
  if (description !== undefined && description !== null && typeof description !== "string") {
    throw badRequest("Value for field [description] is not a string.", "invalid.value");
  }
  return { ...(name === undefined ? {} : { name }), ...(typeof description === "string" ? { description } : {}) };
}

function assertNameFree(ctx: EmulatorContext, name: string, exceptId?: string): void {
  for (const d of ctx.store.divisions.values()) {
    if (d.id !== exceptId && sameName(d.name, name)) {
      throw ApiError.from(ctx.settings.duplicateName.division, { name, id: d.id });
    }
  }
}

export const divisionRoutes: RouteModule = (app, ctx) => {
  app.get(DIVISIONS_PATH, { config: { permissions: VIEW } }, async (request) => {
    const query = request.query as Query;
    const page = pageParams(query, ctx.settings.maxPageSize.divisions);
    const ids = new Set(multi(query.id));
    // `name` is a search term (§3.2 [U]): case-insensitive substring, the superset of what it might be.
    const term = single(query.name)?.toLowerCase();
    const withCounts = boolParam(query.objectCount, "objectCount") === true;
    let items = [...ctx.store.divisions.values()];
    if (ids.size > 0) items = items.filter((d) => ids.has(d.id));
    if (term) items = items.filter((d) => d.name.toLowerCase().includes(term));
    items.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const countOf = withCounts ? counts(ctx) : undefined;
    const listing = pageListing(items, page, DIVISIONS_PATH, query);
    listing.entities = (listing.entities as DivisionRecord[]).map((d) => divisionView(d, countOf?.(d)));
    return listing;
  });

  app.get(`${DIVISIONS_PATH}/home`, { config: { permissions: VIEW } }, async () =>
    divisionView(ctx.store.homeDivision()),
  );

  app.get(`${DIVISIONS_PATH}/:divisionId`, { config: { permissions: VIEW } }, async (request) => {
    const { divisionId } = request.params as { divisionId: string };
    const d = divisionOr404(ctx, divisionId);
    const withCounts = boolParam((request.query as Query).objectCount, "objectCount") === true;
    return divisionView(d, withCounts ? counts(ctx)(d) : undefined);
  });

  // §3.2: needs both permissions; answers 200 (not 201).
  app.post(
    DIVISIONS_PATH,
    { config: { permissions: ["authorization:division:add", "authorization:grant:add"] } },
    async (request) => {
      const body = readBody(request.body);
      const name = body.name?.trim();
      if (!name) throw missingFields(["name"]);
      assertNameFree(ctx, name);
      const division: DivisionRecord = {
        id: ctx.nextId(),
        name,
        ...(body.description === undefined ? {} : { description: body.description }),
        home: false,
      };
      ctx.store.divisions.set(division.id, division);
      return divisionView(division);
    },
  );

  app.put(
    `${DIVISIONS_PATH}/:divisionId`,
    { config: { permissions: ["authorization:division:edit"] } },
    async (request) => {
      const { divisionId } = request.params as { divisionId: string };
      const d = divisionOr404(ctx, divisionId);
      const body = readBody(request.body);
      const name = body.name?.trim();
      if (!name) throw missingFields(["name"]);
      assertNameFree(ctx, name, d.id);
      d.name = name;
      if (body.description === undefined) delete d.description;
      else d.description = body.description;
      return divisionView(d);
    },
  );

  // §3.2: 204; the home division and non-empty divisions are refused with 400s unless `force`.
  app.delete(
    `${DIVISIONS_PATH}/:divisionId`,
    { config: { permissions: ["authorization:division:delete"] } },
    async (request, reply) => {
      const { divisionId } = request.params as { divisionId: string };
      const d = divisionOr404(ctx, divisionId);
      if (d.home) throw ApiError.from(ctx.settings.homeDivisionDelete, { id: d.id });
      const force = boolParam((request.query as Query).force, "force") === true;
      const c = ctx.store.objectCounts().get(d.id);
      // `force` (deprecated) deletes anyway; objects left behind keep pointing at the deleted division and become
      // unreachable through division-scoped views, as the parameter's documentation warns.
      if (!force && c && c.users + c.queues > 0) throw ApiError.from(ctx.settings.nonEmptyDivisionDelete, { id: d.id });
      ctx.store.divisions.delete(d.id);
      return reply.status(204).send();
    },
  );

  // §3.2: move objects between divisions; body is a JSON array of ids; 204.
  app.post(`${DIVISIONS_PATH}/:divisionId/objects/:objectType`, async (request, reply) => {
    const { divisionId, objectType } = request.params as { divisionId: string; objectType: string };
    const type = objectType.toUpperCase();
    const client = clientOf(request);
    const permission = type === "USER" ? "directory:user:edit" : type === "QUEUE" ? "routing:queue:edit" : undefined;
    if (!permission)
      throw badRequest("Object type {objectType} is not supported by the emulator (USER, QUEUE).", "invalid.value", {
        objectType,
      });
    if (!hasPermission(client, permission)) throw missingPermissions([permission]);
    const target = divisionOr404(ctx, divisionId);
    const ids = request.body;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string")) {
      throw badRequest("The request body must be a JSON array of object ids.");
    }
    if (!canSeeDivision(client, target.id))
      throw new ApiError(403, "not.authorized", "You are not authorized to perform the requested action.");
    // Validate every id before moving any, so a bad id moves nothing.
    if (type === "USER") {
      const users = (ids as string[]).map((id) => {
        const u = ctx.store.users.get(id);
        if (!u || u.state === "deleted") throw notFound("user", id);
        return u;
      });
      for (const u of users) ctx.store.updateUser(u, { divisionId: target.id });
    } else {
      const queues = (ids as string[]).map((id) => {
        const q = ctx.store.queues.get(id);
        if (!q) throw notFound("queue", id);
        return q;
      });
      for (const q of queues) {
        q.divisionId = target.id;
        ctx.store.touchQueue(q);
      }
    }
    return reply.status(204).send();
  });

  // §3.2: the divisions in which the client holds a permission; `allDivsPermitted` when that is every one.
  app.get("/api/v2/authorization/divisionspermitted/paged/me", async (request) => {
    const query = request.query as Query;
    const permission = single(query.permission);
    if (!permission) throw missingFields(["permission"]);
    const client = clientOf(request);
    const page = pageParams(query, ctx.settings.maxPageSize.divisionsPermitted);
    const items = hasPermission(client, permission)
      ? [...ctx.store.divisions.values()]
          .filter((d) => canSeeDivision(client, d.id))
          .sort((a, b) => a.name.localeCompare(b.name))
      : [];
    const listing = pageListing(items, page, "/api/v2/authorization/divisionspermitted/paged/me", query);
    listing.entities = (listing.entities as DivisionRecord[]).map((d) => divisionView(d));
    listing.allDivsPermitted = items.length === ctx.store.divisions.size;
    return listing;
  });
};
