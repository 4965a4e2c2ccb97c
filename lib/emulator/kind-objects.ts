/**
 * The emulator's table-driven kinds (lib/org/kind-table/): which objects a listing shows, how its `name` filter
 * matches, how an object looks on the wire and when a name is taken. The routes (routes/kinds.ts) wire these to
 * HTTP; every fact comes from docs/kinds.md, and where it says "unknown" the widest reading is taken.
 */
import { nameKey } from "../names";
import type { Kind, KindSpec } from "../org/kind-spec";
import { KIND_TABLE } from "../org/kind-table";
import { canSeeDivision } from "./auth";
import { ApiError, badRequest } from "./errors";
import type { Query } from "./paging";
import { boolParam, multi, single } from "./paging";
import type { SeedClient } from "./seed";
import { OBJECT_KIND_IDS } from "./object-kinds";
import type { EmulatorSettings } from "./settings";
import type { KindRecord, OrgStore } from "./store";
import { divisionRef } from "./views";

/** The specs of the kinds the emulator serves as generic collections, in table order. */
export const OBJECT_KINDS: readonly KindSpec[] = OBJECT_KIND_IDS.map((k) => KIND_TABLE[k]);

/**
 * Kinds whose API objects carry a `division` (the SDK models, docs/kinds.md): created in the home division unless
 * the body names one, and hidden from clients that may not see it.
 */
export const DIVISIONED: ReadonlySet<Kind> = new Set<Kind>([
  "skill",
  "wrapupcode",
  "skillgroup",
  "team",
  "schedule",
  "schedulegroup",
  "ivr",
  "emergencygroup",
  "flow",
  "datatable",
  "site",
  "contactlist",
  "campaign",
  "dnclist",
  "script",
  "trunkbasesettings",
]);

/** The path of a kind's collection: the listing's, without `/search` for the kinds read by a search. */
export function basePath(spec: KindSpec): string {
  return spec.list.path.replace(/\/search$/, "");
}

/** How a listing's `name` parameter matches, per docs/kinds.md. */
type NameMatch = "prefix" | "wildcard" | "contains" | "outbound" | "prompt";

/**
 * Documented semantics: skills, skill groups and teams "start with" (case-insensitive); data tables and utilization
 * labels take `*` wildcards; scripts match a substring; outbound listings follow `filterType`; prompts take a
 * trailing `*`. Every other `name` parameter is undocumented: the widest reading, a case-insensitive substring.
 */
const NAME_MATCH: Partial<Record<Kind, NameMatch>> = {
  skill: "prefix",
  skillgroup: "prefix",
  team: "prefix",
  datatable: "wildcard",
  utilizationlabel: "wildcard",
  script: "contains",
  prompt: "prompt",
  contactlist: "outbound",
  campaign: "outbound",
  callabletimeset: "outbound",
  dnclist: "outbound",
  ruleset: "outbound",
  attemptlimit: "outbound",
};

/** A `*` pattern matched whole, case-insensitively (`*` any run of characters); without `*`, the exact name. */
function wildcard(pattern: string): (name: string) => boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  const re = new RegExp(`^${source}$`, "i");
  return (n) => re.test(n);
}

/**
 * Outbound `filterType` (docs/kinds.md, "Outbound"): Prefix by default, Equals, Contains, BeginsWith, EndsWith.
 * Whether Equals is case-sensitive is unknown: compared case-insensitively, the wider reading.
 */
function outboundMatch(filter: string, filterType: string | undefined): (name: string) => boolean {
  const f = filter.toLowerCase();
  switch ((filterType ?? "Prefix").toLowerCase()) {
    case "prefix":
    case "beginswith":
      return (n) => n.toLowerCase().startsWith(f);
    case "equals":
      return (n) => n.toLowerCase() === f;
    case "contains":
      return (n) => n.toLowerCase().includes(f);
    case "endswith":
      return (n) => n.toLowerCase().endsWith(f);
    default:
      throw badRequest(
        "filterType {filterType} is not supported by the emulator (Prefix, Equals, Contains, BeginsWith, EndsWith).",
        "invalid.value",
        { filterType: filterType ?? "" },
      );
  }
}

/** One filter value's matcher for a kind. */
function matcherOf(kind: Kind, filter: string, query: Query): (name: string) => boolean {
  const f = filter.toLowerCase();
  switch (NAME_MATCH[kind]) {
    case "prefix":
      return (n) => n.toLowerCase().startsWith(f);
    case "wildcard":
      return wildcard(filter);
    case "outbound":
      return outboundMatch(filter, single(query.filterType));
    // A trailing `*` is documented; whether a plain name is exact or partial is not: a substring, the wider one.
    case "prompt":
      return filter.includes("*") ? wildcard(filter) : (n) => n.toLowerCase().includes(f);
    default:
      return (n) => n.toLowerCase().includes(f);
  }
}

/** The listing's name filter: every object when the kind has none or none was given; prompts take several. */
export function nameFilter(spec: KindSpec, query: Query): (name: string) => boolean {
  const param = spec.list.style === "search" ? (spec.kind === "site" ? "name" : undefined) : spec.list.nameParam;
  const raw = param === undefined ? undefined : query[param];
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v) => v !== "");
  if (values.length === 0) return () => true;
  const tests = values.map((v) => matcherOf(spec.kind, v, query));
  return (n) => tests.some((t) => t(n));
}

/** A boolean field filter (`managed` of sites, `published` of knowledge bases); absent fields count as false. */
function flagFilter(query: Query, param: string): (o: KindRecord) => boolean {
  const wanted = boolParam(query[param], param);
  return (o) => wanted === undefined || (o.fields[param] === true) === wanted;
}

/** Filters of a GET listing besides the name: ids, divisions, flow types, and the kinds' own flags. */
export function listFilter(spec: KindSpec, query: Query, client: SeedClient): (o: KindRecord) => boolean {
  const ids = new Set(multi(query.id));
  const divisions = new Set(multi(query.divisionId));
  const types = new Set(multi(query.type).map((t) => t.toLowerCase()));
  // Flows: `deleted=true` includes deleted flows (docs/kinds.md, "Architect").
  const showDeleted = spec.listsDeleted === true || (spec.kind === "flow" && boolParam(query.deleted, "deleted"));
  const named = nameFilter(spec, query);
  const managed = flagFilter(query, "managed");
  const published = flagFilter(query, "published");
  return (o) =>
    visible(client, o) &&
    (showDeleted || o.state !== "deleted") &&
    (ids.size === 0 || ids.has(o.id)) &&
    (divisions.size === 0 || (o.divisionId !== undefined && divisions.has(o.divisionId))) &&
    (spec.kind !== "flow" || types.size === 0 || types.has((o.type ?? "").toLowerCase())) &&
    named(o.name) &&
    (spec.kind !== "site" || managed(o)) &&
    (spec.kind !== "knowledgebase" || published(o));
}

/** Whether the client may see the object: objects outside a division are everyone's. */
export function visible(client: SeedClient, o: KindRecord): boolean {
  return o.divisionId === undefined || canSeeDivision(client, o.divisionId);
}

/** Name order, then id: the order of every listing, and the cursor's position in it. */
export function sortKey(o: KindRecord): string {
  return `${o.name.toLowerCase()}\u0000${o.id}`;
}

/** An object as the API returns it: its fields, then the modelled ones (the name under the kind's API field). */
export function objectView(store: OrgStore, spec: KindSpec, o: KindRecord): Record<string, unknown> {
  return {
    ...o.fields,
    id: o.id,
    [spec.name.field]: o.name,
    ...(o.divisionId === undefined ? {} : { division: divisionRef(store, o.divisionId) }),
    ...(o.type === undefined ? {} : { type: o.type }),
    state: o.state,
    version: o.version,
    dateModified: o.dateModified,
    selfUri: `${basePath(spec)}/${o.id}`,
  };
}

/** The value an object's name is unique within (flows: their type), or "" for an org-wide name. */
export function scopeOf(spec: KindSpec, o: { type?: string; fields: Record<string, unknown> }): string {
  if (!spec.scope) return "";
  const value = spec.scope.field === "type" ? o.type : o.fields[spec.scope.field];
  return typeof value === "string" ? value.toLowerCase() : "";
}

/**
 * Refuses a name another live object of the kind holds in the same scope (trimmed, case-insensitive: lib/names.ts):
 * the kind's answer from the settings, else the table's (docs/kinds.md, "Duplicate answers"). Deleted objects free
 * their names.
 */
export function assertNameFree(
  store: OrgStore,
  settings: EmulatorSettings,
  spec: KindSpec,
  candidate: { name: string; scope: string; exceptId?: string },
): void {
  const key = nameKey(candidate.name);
  for (const o of store.kindObjects(spec.kind).values()) {
    if (o.id === candidate.exceptId || o.state === "deleted") continue;
    if (nameKey(o.name) !== key || scopeOf(spec, o) !== candidate.scope) continue;
    const answer = settings.duplicateByKind[spec.kind] ?? spec.duplicate;
    throw ApiError.from(answer, { name: candidate.name, id: o.id });
  }
}
