/** Users (docs/genesys-api.md §4): list, get, create, update, soft delete, and search with q64 pages. */
import { canSeeDivision } from "../auth";
import { ApiError, badRequest, notFound, missingFields } from "../errors";
import type { Query } from "../paging";
import { multi, pageListing, pageParams, single } from "../paging";
import { parseSearchRequest, requestFromQ64, runSearch } from "../search";
import type { Fields, SearchRequest } from "../search";
import type { EmulatorContext, RouteModule } from "../server";
import { clientOf } from "../server";
import type { UserRecord, UserState } from "../store";
import { userView } from "../views";

const USERS = "/api/v2/users";
const STATES = new Set(["active", "inactive", "deleted"]);

/** Searchable user fields (§4.2: the fields Genesys' own sample tool queries). */
const USER_FIELDS: Fields<UserRecord> = {
  id: (u) => u.id,
  name: (u) => u.name,
  email: (u) => u.email,
  divisionId: (u) => u.divisionId,
  state: (u) => u.state,
  department: (u) => u.department,
  title: (u) => u.title,
};

function visibleUser(ctx: EmulatorContext, request: Parameters<typeof clientOf>[0], id: string): UserRecord {
  const u = ctx.store.users.get(id);
  if (!u || !canSeeDivision(clientOf(request), u.divisionId)) throw notFound("user", id);
  return u;
}

function str(body: Record<string, unknown>, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badRequest("Value for field [{field}] is not a string.", "invalid.value", { field });
  return v;
}

function search(
  ctx: EmulatorContext,
  request: Parameters<typeof clientOf>[0],
  body: SearchRequest,
): Record<string, unknown> {
  const client = clientOf(request);
  // Deleted users only when asked for by a state criterion (§4.2: the default is unverified).
  const asksForState = body.query.some((c) => (c.fields ?? [c.field]).includes("state"));
  return runSearch(ctx.store.users.values(), body, USER_FIELDS, {
    cache: { store: ctx.store.searchCache, key: client.id, revision: ctx.store.usersRevision },
    include: (u) => (asksForState || u.state !== "deleted") && canSeeDivision(client, u.divisionId),
    settings: ctx.settings,
    path: `${USERS}/search`,
    type: "users",
    sortKey: (u) => (body.sortBy === "email" ? u.email : body.sortBy === "id" ? u.id : u.name),
  }).response(userView);
}

export const usersRoutes: RouteModule = (app, ctx) => {
  app.get(USERS, { config: { permissions: ["directory:user:view"] } }, async (request) => {
    const query = request.query as Query;
    const page = pageParams(query, ctx.settings.maxPageSize.users);
    const ids = multi(query.id);
    // §4.1: at most 100 ids per request.
    if (ids.length > 100) throw new ApiError(400, "max.user.ids", "Only 100 users can be requested at a time.");
    const state = single(query.state) ?? "active";
    if (state !== "any" && !STATES.has(state))
      throw badRequest("Value [{value}] is not valid for field type [state].", "invalid.value", { value: state });
    const cap = ctx.settings.usersListResultCap;
    if (cap > 0 && (page.pageNumber - 1) * page.pageSize >= cap) {
      throw badRequest(
        "Paging is limited to the first {cap} users; use POST /api/v2/users/search to reach more.",
        "bad.request",
        { cap: String(cap) },
      );
    }
    const client = clientOf(request);
    const wanted = new Set(ids);
    let items = [...ctx.store.users.values()].filter(
      (u) =>
        canSeeDivision(client, u.divisionId) &&
        (state === "any" || u.state === state) &&
        (wanted.size === 0 || wanted.has(u.id)),
    );
    if (single(query.sortOrder)?.toLowerCase().startsWith("desc")) items = items.reverse();
    const listing = pageListing(items, page, USERS, query);
    listing.entities = (listing.entities as UserRecord[]).map(userView);
    return listing;
  });

  app.post(`${USERS}/search`, { config: { permissions: ["directory:user:view"] } }, async (request) =>
    search(ctx, request, parseSearchRequest(request.body)),
  );

  app.get(`${USERS}/search`, { config: { permissions: ["directory:user:view"] } }, async (request) =>
    search(ctx, request, requestFromQ64(single((request.query as Query).q64))),
  );

  app.get(`${USERS}/:userId`, { config: { permissions: ["directory:user:view"] } }, async (request) =>
    userView(visibleUser(ctx, request, (request.params as { userId: string }).userId)),
  );

  // §4.1: create answers 200; a duplicate email of a user that is not deleted is a conflict.
  app.post(USERS, { config: { permissions: ["directory:user:add"] } }, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = str(body, "name")?.trim();
    const email = str(body, "email")?.trim();
    const missing = [...(name ? [] : ["name"]), ...(email ? [] : ["email"])];
    if (!name || !email) {
      throw missingFields(missing);
    }
    if (ctx.store.userIdByEmail(email)) throw ApiError.from(ctx.settings.duplicateUserEmail, { email });
    const divisionId = str(body, "divisionId") ?? ctx.store.homeDivision().id;
    if (!ctx.store.divisions.has(divisionId))
      throw badRequest("Division {divisionId} does not exist.", "invalid.value", { divisionId });
    if (!canSeeDivision(clientOf(request), divisionId))
      throw new ApiError(403, "not.authorized", "You are not authorized to perform the requested action.");
    const state = str(body, "state") ?? "active";
    if (state !== "active" && state !== "inactive")
      throw badRequest("Value [{value}] is not valid for field type [state].", "invalid.value", { value: state });
    const department = str(body, "department");
    const title = str(body, "title");
    const user = ctx.store.addUser({
      id: ctx.nextId(),
      name,
      email,
      divisionId,
      state,
      ...(department === undefined ? {} : { department }),
      ...(title === undefined ? {} : { title }),
    });
    return userView(user);
  });

  // PATCH with the user's current `version`; a stale version is a 409.
  app.patch(`${USERS}/:userId`, { config: { permissions: ["directory:user:edit"] } }, async (request) => {
    const user = visibleUser(ctx, request, (request.params as { userId: string }).userId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (typeof body.version !== "number") {
      throw missingFields(["version"]);
    }
    if (body.version !== user.version) {
      throw new ApiError(
        409,
        "general.conflict",
        "The version supplied does not match the current version of the user",
      );
    }
    const changes: Partial<UserRecord> = {};
    for (const field of ["name", "department", "title"] as const) {
      const v = str(body, field);
      if (v !== undefined) changes[field] = v;
    }
    const email = str(body, "email");
    if (email !== undefined && email.toLowerCase() !== user.email.toLowerCase()) {
      if (ctx.store.userIdByEmail(email)) throw ApiError.from(ctx.settings.duplicateUserEmail, { email });
      changes.email = email;
    }
    const state = str(body, "state");
    if (state !== undefined) {
      if (!STATES.has(state))
        throw badRequest("Value [{value}] is not valid for field type [state].", "invalid.value", { value: state });
      changes.state = state as UserState;
    }
    return userView(ctx.store.updateUser(user, changes));
  });

  // §4.1: a soft delete; the user moves to the home division (help center) and leaves groups and queues.
  app.delete(`${USERS}/:userId`, { config: { permissions: ["directory:user:delete"] } }, async (request) => {
    const user = visibleUser(ctx, request, (request.params as { userId: string }).userId);
    if (user.state !== "deleted") ctx.store.deleteUser(user);
    return {};
  });
};
