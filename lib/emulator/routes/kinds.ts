/**
 * Every table-driven kind (lib/org/kind-table/) as a collection, generated from the table: its listing in the
 * kind's paging style (pages, cursor, or a search), GET/POST/PUT/DELETE of one object, duplicate names refused
 * with the kind's answer, soft deletes. Facts per kind in docs/kinds.md; matching in ../kind-objects.ts.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";

import type { Kind, KindSpec } from "../../org/kind-spec";
import { canSeeDivision } from "../auth";
import { ApiError, badRequest, missingFields, notFound } from "../errors";
import {
  assertNameFree,
  basePath,
  DIVISIONED,
  listFilter,
  OBJECT_KINDS,
  objectView,
  scopeOf,
  sortKey,
  visible,
} from "../kind-objects";
import type { Query } from "../paging";
import { pageListing, pageParams, single } from "../paging";
import type { Fields, SearchRequest } from "../search";
import { parseSearchRequest, requestFromQ64, runSearch } from "../search";
import type { EmulatorContext, RouteModule } from "../server";
import { clientOf } from "../server";
import type { KindRecord } from "../store";

/** Page sizes a listing uses when asked for none: 25, or the documented default (docs/kinds.md, "Platform"). */
const DEFAULT_PAGE_SIZE: Partial<Record<Kind, number>> = { webdeployment: 300, webdeploymentconfig: 300 };

const SEARCH_FIELDS: Fields<KindRecord> = { id: (o) => o.id, name: (o) => o.name, state: (o) => o.state };

/** Body fields the emulator models itself; everything else is kept as sent and returned. */
const MODELLED = new Set(["id", "division", "divisionId", "state", "version", "selfUri", "dateModified"]);

const permission = (spec: KindSpec, action: keyof KindSpec["permissions"]) => ({
  config: { permissions: [spec.permissions[action]] },
});

function pageSizeOf(spec: KindSpec, query: Query): number {
  if (single(query.pageSize) === undefined) return Math.min(DEFAULT_PAGE_SIZE[spec.kind] ?? 25, spec.list.pageSize);
  return pageParams(query, spec.list.pageSize).pageSize;
}

/** The kind's objects this request may list, in name order. */
function listed(ctx: EmulatorContext, spec: KindSpec, request: FastifyRequest): KindRecord[] {
  const keep = listFilter(spec, request.query as Query, clientOf(request));
  const items = [...ctx.store.kindObjects(spec.kind).values()].filter(keep);
  return items.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
}

function pagesListing(ctx: EmulatorContext, spec: KindSpec, request: FastifyRequest): Record<string, unknown> {
  const query = request.query as Query;
  const page = { ...pageParams(query, spec.list.pageSize), pageSize: pageSizeOf(spec, query) };
  const path = basePath(spec);
  const listing = pageListing(listed(ctx, spec, request), page, path, query);
  listing.entities = (listing.entities as KindRecord[]).map((o) => objectView(ctx.store, spec, o));
  return listing;
}

const encodeCursor = (o: KindRecord): string => Buffer.from(sortKey(o)).toString("base64url");

function decodeCursor(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === "") return undefined;
  const key = Buffer.from(value, "base64url").toString("utf8");
  if (!key.includes("\u0000")) throw badRequest(`The ${name} cursor is not valid.`, "invalid.value");
  return key;
}

/**
 * A cursor listing (docs/kinds.md: skill groups, teams, knowledge bases, web deployments): `{entities, nextUri,
 * selfUri, previousUri}` with no total; `after` and `before` carry the position of an object in name order.
 */
function cursorListing(ctx: EmulatorContext, spec: KindSpec, request: FastifyRequest): Record<string, unknown> {
  const query = request.query as Query;
  const size = pageSizeOf(spec, query);
  const items = listed(ctx, spec, request);
  const after = decodeCursor(single(query.after), "after");
  const before = decodeCursor(single(query.before), "before");
  const indexAfter = (test: (key: string) => boolean) => {
    const i = items.findIndex((o) => test(sortKey(o)));
    return i < 0 ? items.length : i;
  };
  const end = before === undefined ? items.length : indexAfter((k) => k >= before);
  const start = before !== undefined ? Math.max(0, end - size) : after === undefined ? 0 : indexAfter((k) => k > after);
  const page = items.slice(start, Math.min(end, start + size));
  const path = basePath(spec);
  const uri = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && !["after", "before", "pageSize"].includes(k))
        for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    params.set("pageSize", String(size));
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `${path}?${params.toString()}`;
  };
  const last = page[page.length - 1];
  const first = page[0];
  return {
    entities: page.map((o) => objectView(ctx.store, spec, o)),
    ...(last && start + page.length < items.length ? { nextUri: uri({ after: encodeCursor(last) }) } : {}),
    selfUri: request.url,
    ...(first && start > 0 ? { previousUri: uri({ before: encodeCursor(first) }) } : {}),
  };
}

/** A search of a kind (locations, sites: docs/kinds.md): EXACT and the other criteria, q64 next pages. */
function search(
  ctx: EmulatorContext,
  spec: KindSpec,
  request: FastifyRequest,
  body: SearchRequest,
): Record<string, unknown> {
  const client = clientOf(request);
  return runSearch(ctx.store.kindObjects(spec.kind).values(), body, SEARCH_FIELDS, {
    settings: ctx.settings,
    path: spec.list.path,
    type: basePath(spec).split("/").pop() ?? spec.kind,
    sortKey: (o) => o.name,
    include: (o) => visible(client, o) && (spec.listsDeleted === true || o.state !== "deleted"),
  }).response((o) => objectView(ctx.store, spec, o));
}

function objectOr404(ctx: EmulatorContext, spec: KindSpec, request: FastifyRequest): KindRecord {
  const { id } = request.params as { id: string };
  const o = ctx.store.kindObjects(spec.kind).get(id);
  if (!o || !visible(clientOf(request), o)) throw notFound(spec.noun, id);
  return o;
}

/** The name a create or rename carries, under the kind's API field; 400 without one. */
function nameOf(spec: KindSpec, body: Record<string, unknown>): string {
  const raw = body[spec.name.field];
  const name = typeof raw === "string" ? raw.trim() : "";
  if (!name) throw missingFields([spec.name.field]);
  return name;
}

/** The division a body names (`division.id`, or `divisionId`), checked like the queue routes do; else undefined. */
function divisionOf(ctx: EmulatorContext, request: FastifyRequest, body: Record<string, unknown>): string | undefined {
  const id = (body.division as { id?: unknown } | undefined)?.id ?? body.divisionId;
  if (id === undefined || id === null) return undefined;
  if (typeof id !== "string" || !ctx.store.divisions.has(id))
    throw badRequest("Division {divisionId} does not exist.", "invalid.value", {
      divisionId: typeof id === "string" ? id : JSON.stringify(id),
    });
  if (!canSeeDivision(clientOf(request), id))
    throw new ApiError(403, "not.authorized", "You are not authorized to perform the requested action.");
  return id;
}

/** The fields a body sets besides the modelled ones (the name field, a flow's type). */
function fieldsOf(spec: KindSpec, body: Record<string, unknown>): Record<string, unknown> {
  const skip = (k: string) => MODELLED.has(k) || k === spec.name.field || (spec.kind === "flow" && k === "type");
  return Object.fromEntries(Object.entries(body).filter(([k]) => !skip(k)));
}

/** A flow's type (its name's scope, docs/kinds.md "Flows"): required on create, kept on a rename without one. */
function flowTypeOf(spec: KindSpec, body: Record<string, unknown>, current?: string): string | undefined {
  if (spec.kind !== "flow") return undefined;
  if (typeof body.type === "string" && body.type.trim() !== "") return body.type.trim().toLowerCase();
  if (current === undefined) throw missingFields(["type"]);
  return current;
}

function create(ctx: EmulatorContext, spec: KindSpec, request: FastifyRequest): Record<string, unknown> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const name = nameOf(spec, body);
  const type = flowTypeOf(spec, body);
  const fields = fieldsOf(spec, body);
  assertNameFree(ctx.store, ctx.settings, spec, { name, scope: scopeOf(spec, { type, fields }) });
  const divisionId = DIVISIONED.has(spec.kind)
    ? (divisionOf(ctx, request, body) ?? ctx.store.homeDivision().id)
    : undefined;
  const record = ctx.store.addObject(spec.kind, {
    id: ctx.nextId(),
    name,
    ...(divisionId === undefined ? {} : { divisionId }),
    ...(type === undefined ? {} : { type }),
    fields,
  });
  return objectView(ctx.store, spec, record);
}

/** PUT: a rename (refused onto another live object's name), new fields merged over the old; versions unchecked. */
function update(ctx: EmulatorContext, spec: KindSpec, request: FastifyRequest): Record<string, unknown> {
  const object = objectOr404(ctx, spec, request);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const name = nameOf(spec, body);
  const type = flowTypeOf(spec, body, object.type);
  const fields = { ...object.fields, ...fieldsOf(spec, body) };
  assertNameFree(ctx.store, ctx.settings, spec, { name, scope: scopeOf(spec, { type, fields }), exceptId: object.id });
  const divisionId = DIVISIONED.has(spec.kind) ? divisionOf(ctx, request, body) : undefined;
  if (divisionId !== undefined) object.divisionId = divisionId;
  ctx.store.updateObject(object, { name, fields, ...(type === undefined ? {} : { type }) });
  return objectView(ctx.store, spec, object);
}

function registerListing(app: FastifyInstance, ctx: EmulatorContext, spec: KindSpec): void {
  const view = permission(spec, "view");
  if (spec.list.style === "search") {
    app.post(spec.list.path, view, async (request) => search(ctx, spec, request, parseSearchRequest(request.body)));
    app.get(spec.list.path, view, async (request) =>
      search(ctx, spec, request, requestFromQ64(single((request.query as Query).q64))),
    );
  }
  const listing = spec.list.style === "cursor" ? cursorListing : pagesListing;
  app.get(basePath(spec), view, async (request) => listing(ctx, spec, request));
}

export const kindsRoutes: RouteModule = (app, ctx) => {
  for (const spec of OBJECT_KINDS) {
    const base = basePath(spec);
    registerListing(app, ctx, spec);
    app.get(`${base}/:id`, permission(spec, "view"), async (request) =>
      objectView(ctx.store, spec, objectOr404(ctx, spec, request)),
    );
    // Creates answer 200 with the object, as the provider expects of Genesys creates (docs/kinds.md).
    app.post(base, permission(spec, "add"), async (request) => create(ctx, spec, request));
    app.put(`${base}/:id`, permission(spec, "edit"), async (request) => update(ctx, spec, request));
    // Soft delete: 200 with no body, as for queues (docs/genesys-api.md §5.1); a deleted object is gone to DELETE.
    app.delete(`${base}/:id`, permission(spec, "delete"), async (request, reply) => {
      const object = objectOr404(ctx, spec, request);
      if (object.state === "deleted") throw notFound(spec.noun, object.id);
      ctx.store.deleteObject(object);
      return reply.status(200).send();
    });
  }
};
