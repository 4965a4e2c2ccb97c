/**
 * SCIM v2 (genesys-api.md §7) under /api/v2/scim/v2. SCIM users and groups are the directory's own records
 * (`store.users`, `store.groups`), so membership changed here shows through /api/v2/groups and back. Paths match
 * case-insensitively (the server's router), so IdPs' `/Users` and the SDK's `/users` both work (§7.1).
 * There is deliberately no POST /groups, DELETE /groups/{id} or /Bulk: Genesys has none (§7.1), so they get the
 * server's loud 404 like any unknown route.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ScimPatchOperation, ScimResource } from "scim-patch";
import { ScimError as PatchLibraryError, scimPatch } from "scim-patch";

import { ScimError } from "../errors";
import type { Query } from "../paging";
import { multi, single } from "../paging";
import type { EmulatorContext, RouteModule } from "../server";
import { scimType } from "../server";
import type { GroupRecord, UserRecord } from "../store";
import { sameName } from "../store";

const BASE = "/api/v2/scim/v2";

// §7.4: schema URNs; the message URNs are RFC 7644's.
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
/** §7.4: a user carries the core schema and both extensions. */
const USER_SCHEMAS = [USER_SCHEMA, ENTERPRISE, GENESYS];
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

type Json = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------------------------
// Small helpers: JSON access, errors, entity tags, paging, filters, attribute projection.
// ---------------------------------------------------------------------------------------------------------------

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** An attribute by name: exact spelling first, then case-insensitively (RFC 7643 §2.1: names are case-insensitive). */
function attribute(obj: Json, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

const invalidValue = (detail: string): ScimError => new ScimError(400, "invalidValue", detail);
const invalidSyntax = (detail: string): ScimError => new ScimError(400, "invalidSyntax", detail);
const invalidFilter = (detail: string): ScimError => new ScimError(400, "invalidFilter", detail);

/**
 * 404 for an unknown or soft-deleted resource. §7.5 leaves the body unverified (the swagger declares ErrorBody for
 * SCIM 404s); we answer a ScimError without scimType, in RFC 7644 §3.12's wording, because SCIM clients (IdPs)
 * parse that body and gcguard's client reads both.
 */
const resourceNotFound = (id: string): ScimError => new ScimError(404, undefined, `Resource ${id} not found.`);

function jsonObject(body: unknown): Json {
  if (!isObject(body)) throw invalidSyntax("The request body must be a JSON object.");
  return body;
}

function optionalString(obj: Json, name: string): string | undefined {
  const value = attribute(obj, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidValue(`Attribute '${name}' must be a string.`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

function requiredString(obj: Json, name: string): string {
  const value = optionalString(obj, name);
  if (value === undefined) throw invalidValue(`Attribute '${name}' is required.`);
  return value;
}

/** A boolean; also "True"/"False" strings, which Entra ID sends in PATCH values for `active` (an Entra quirk). */
function optionalBoolean(obj: Json, name: string): boolean | undefined {
  const value = attribute(obj, name);
  if (value === undefined || value === null || typeof value === "boolean") return value ?? undefined;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw invalidValue(`Attribute '${name}' must be a boolean.`);
}

/** An object attribute such as an extension; absent or null gives an empty object. */
function optionalObject(obj: Json, name: string): Json {
  const value = attribute(obj, name);
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalidValue(`Attribute '${name}' must be an object.`);
  return value;
}

/** §7.2: the ETag and meta.version are the record's integer version in double quotes. */
const etagOf = (version: number): string => `"${version}"`;

/** §7.2: compare entity tags after stripping `W/` and the quotes. */
function bareTag(tag: string): string {
  return tag
    .trim()
    .replace(/^W\//i, "")
    .replace(/^"(.*)"$/, "$1");
}

/** Whether an If-Match / If-None-Match header names `version` (or `*`); undefined when the header is absent. */
function tagsMatch(header: string | string[] | undefined, version: number): boolean | undefined {
  const tags = (Array.isArray(header) ? header : [header ?? ""])
    .flatMap((h) => h.split(","))
    .map(bareTag)
    .filter((t) => t !== "");
  if (tags.length === 0) return undefined;
  return tags.some((t) => t === "*" || t === String(version));
}

/** §7.2: an If-Match mismatch; the status is unverified (400, 409 or 412), so it comes from the settings. */
function checkIfMatch(ctx: EmulatorContext, request: FastifyRequest, version: number): void {
  if (tagsMatch(request.headers["if-match"], version) === false) {
    throw new ScimError(
      ctx.settings.scimVersionMismatchStatus,
      "invalidVers",
      "Version does not match current version.",
    );
  }
}

function intParam(value: string | string[] | undefined, name: string, fallback: number): number {
  const v = single(value);
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw invalidValue(`Parameter '${name}' must be an integer.`);
  return n;
}

interface ScimPage {
  readonly startIndex: number;
  readonly count: number;
}

/**
 * §7.1: startIndex is 1-based (default 1), count defaults to 25 and 0 gives totalResults only; RFC 7644 §3.4.2.4
 * reads startIndex < 1 as 1 and a negative count as 0. Counts above the emulator's SCIM max are clamped (§8).
 */
function pageOf(query: Query, max: number): ScimPage {
  return {
    startIndex: Math.max(1, intParam(query.startIndex, "startIndex", 1)),
    count: Math.min(Math.max(0, intParam(query.count, "count", 25)), max),
  };
}

/** §7.4: ListResponse, with the capital `Resources`. */
function listResponse<T>(items: readonly T[], page: ScimPage, render: (item: T) => Json): Json {
  const resources = items.slice(page.startIndex - 1, page.startIndex - 1 + page.count).map(render);
  return {
    schemas: [LIST_SCHEMA],
    totalResults: items.length,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

interface Filter {
  /** The attribute, spelled as in `supported`. */
  readonly attribute: string;
  readonly value: string;
}

const FILTER = /^\s*(\S+)\s+(\S+)\s+("(?:[^"\\]|\\.)*"|[^\s"]+)\s*$/;

/**
 * §7.3: only `attr eq value` is documented; the value may be quoted (RFC 7644) or not (the official examples), and
 * attribute names are case-insensitive. An unquoted value is one token: quote values with spaces. Other operators,
 * logical expressions and unknown attributes get 400 `invalidFilter` (§7.3 [U]).
 */
function parseFilter(filter: string | undefined, supported: readonly string[]): Filter | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const match = FILTER.exec(filter);
  if (!match) throw invalidFilter(`Unsupported filter: ${filter}`);
  const [, name = "", operator = "", raw = ""] = match;
  if (operator.toLowerCase() !== "eq") {
    throw invalidFilter(`Unsupported filter operator '${operator}'; only 'eq' is supported.`);
  }
  const canonical = supported.find((a) => a.toLowerCase() === name.toLowerCase());
  if (!canonical) throw invalidFilter(`Unsupported filter attribute '${name}'.`);
  let value = raw;
  if (raw.startsWith('"')) {
    try {
      value = JSON.parse(raw) as string;
    } catch {
      throw invalidFilter(`Invalid filter value ${raw}.`);
    }
  }
  return { attribute: canonical, value };
}

/**
 * Whether a path is returned under RFC 7644 §3.4.2.5 `attributes` / `excludedAttributes`. Extension attributes have
 * paths `<urn>:<name>`; a requested sub-attribute (`emails.value`) selects its parent.
 */
function returned(path: string, wanted: readonly string[], excluded: readonly string[]): boolean {
  const p = path.toLowerCase();
  if (wanted.length > 0) return wanted.some((a) => a === p || a.startsWith(`${p}.`) || p.startsWith(`${a}:`));
  return !excluded.some((a) => a === p || p.startsWith(`${a}:`));
}

/** Applies `attributes` / `excludedAttributes`; `always` attributes come back regardless (§7.1 parameter docs). */
function project(resource: Json, query: Query, always: readonly string[]): Json {
  const wanted = multi(query.attributes).map((a) => a.toLowerCase());
  const excluded = multi(query.excludedAttributes).map((a) => a.toLowerCase());
  if (wanted.length === 0 && excluded.length === 0) return resource;
  const out: Json = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === "schemas" || always.includes(key)) out[key] = value;
    else if (key.startsWith("urn:") && isObject(value)) {
      const kept = Object.entries(value).filter(([sub]) => returned(`${key}:${sub}`, wanted, excluded));
      if (kept.length > 0) out[key] = Object.fromEntries(kept);
    } else if (returned(key, wanted, excluded)) out[key] = value;
  }
  return out;
}

/** Absolute URIs for meta.location and $ref (RFC 7643 §3.1), on the host the client called. */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function send(request: FastifyRequest, reply: FastifyReply, body: Json, version?: number): FastifyReply {
  if (version !== undefined) void reply.header("ETag", etagOf(version));
  return reply.type(scimType(request)).send(body);
}

/** §7.1: GET by id answers 304 with no body when If-None-Match names the current version. */
function notModified(request: FastifyRequest, reply: FastifyReply, version: number): FastifyReply | undefined {
  if (tagsMatch(request.headers["if-none-match"], version) !== true) return undefined;
  return reply.status(304).header("ETag", etagOf(version)).send();
}

// ---------------------------------------------------------------------------------------------------------------
// PatchOp (RFC 7644 §3.5.2; §7.4), applied with the scim-patch library to the resource's SCIM representation.
// ---------------------------------------------------------------------------------------------------------------

interface PatchDocument extends ScimResource {
  [attribute: string]: unknown;
}

/**
 * `path` with its attribute spelled as the resource spells it (names are case-insensitive, RFC 7643 §2.1, but
 * scim-patch matches keys exactly) and a core-schema prefix dropped. `names` may hold `<urn>:<name>` paths.
 */
function canonicalPath(path: string, names: readonly string[], coreSchema: string): string {
  let p = path.trim();
  if (p.toLowerCase().startsWith(`${coreSchema.toLowerCase()}:`)) p = p.slice(coreSchema.length + 1);
  const lower = p.toLowerCase();
  let best: string | undefined;
  for (const name of names) {
    const fits =
      lower === name.toLowerCase() || (lower.startsWith(name.toLowerCase()) && /^[[.:]/.test(p.slice(name.length)));
    if (fits && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? p : best + p.slice(best.length);
}

/** Validates a PatchOp body into scim-patch operations; a path-less add/replace becomes one operation per attribute. */
function readPatch(body: unknown, names: readonly string[], coreSchema: string): ScimPatchOperation[] {
  const obj = jsonObject(body);
  const schemas = attribute(obj, "schemas");
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA)) {
    throw invalidSyntax(`The request must carry the schema ${PATCH_SCHEMA}.`);
  }
  const operations = attribute(obj, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax("The request needs a non-empty 'Operations' array.");
  }
  const ops: ScimPatchOperation[] = [];
  for (const operation of operations as unknown[]) {
    if (!isObject(operation)) throw invalidSyntax("Every operation must be an object.");
    const kind = attribute(operation, "op");
    const path = attribute(operation, "path");
    const value = attribute(operation, "value");
    if (typeof kind !== "string" || !/^(add|remove|replace)$/i.test(kind)) {
      throw invalidSyntax(`Unsupported operation '${String(kind)}'; use add, remove or replace.`);
    }
    if (path !== undefined && typeof path !== "string") throw invalidSyntax("An operation's 'path' must be a string.");
    const target = path === undefined || path.trim() === "" ? undefined : canonicalPath(path, names, coreSchema);
    const op = kind.toLowerCase();
    if (op === "remove") {
      // RFC 7644 §3.5.2.2: a remove without a path fails with noTarget.
      if (target === undefined) throw new ScimError(400, "noTarget", "A remove operation needs a 'path'.");
      ops.push({ op: "remove", path: target, value });
      continue;
    }
    const addOrReplace = op === "add" ? "add" : "replace";
    if (value === undefined) throw invalidSyntax(`The ${op} operation needs a 'value'.`);
    if (target !== undefined) ops.push({ op: addOrReplace, path: target, value });
    else if (!isObject(value)) throw invalidSyntax(`A ${op} operation without a path needs an object value.`);
    else {
      for (const [key, sub] of Object.entries(value)) {
        ops.push({ op: addOrReplace, path: canonicalPath(key, names, coreSchema), value: sub });
      }
    }
  }
  return ops;
}

function applyPatch(doc: PatchDocument, ops: readonly ScimPatchOperation[]): PatchDocument {
  try {
    return scimPatch(doc, [...ops]);
  } catch (error) {
    if (error instanceof PatchLibraryError) throw new ScimError(400, error.scimCode ?? "invalidSyntax", error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Users (§7.1, §7.4): userName is the Genesys email; the enterprise extension carries the division by NAME.
// ---------------------------------------------------------------------------------------------------------------

const USER_ALWAYS = ["id", "userName", "active", "meta"];

const USER_ATTRIBUTES = [
  "userName",
  "displayName",
  "active",
  "title",
  "emails",
  "externalId",
  "password",
  "phoneNumbers",
  "roles",
  "groups",
  ENTERPRISE,
  `${ENTERPRISE}:division`,
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:manager`,
  `${ENTERPRISE}:employeeNumber`,
  `${ENTERPRISE}:dateHire`,
  GENESYS,
];

/** §7.3's user filters. The emulator stores no manager or employee number, so those match nobody. */
const USER_FILTERS = [
  "id",
  "userName",
  "email",
  "emails.value",
  "externalId",
  "active",
  "division",
  "manager",
  "employeeNumber",
];

function userMatcher(ctx: EmulatorContext, filter: Filter): (u: UserRecord) => boolean {
  const { value } = filter;
  const lower = value.toLowerCase();
  switch (filter.attribute) {
    case "id":
      return (u) => u.id === value;
    // RFC 7643 §4.1.1: userName is not case-exact; neither are email addresses.
    case "userName":
    case "email":
    case "emails.value":
      return (u) => u.email.toLowerCase() === lower;
    // RFC 7643 §3.1: externalId is case-exact.
    case "externalId":
      return (u) => u.externalId === value;
    case "active": {
      if (lower !== "true" && lower !== "false") throw invalidFilter(`Invalid value '${value}' for 'active'.`);
      const active = lower === "true";
      return (u) => (u.state === "active") === active;
    }
    // §7.3: the division filter takes the division's name; names are unique case-insensitively (§3).
    case "division":
      return (u) => sameName(ctx.store.divisions.get(u.divisionId)?.name ?? "", value);
    default:
      return () => false;
  }
}

function userOr404(ctx: EmulatorContext, id: string): UserRecord {
  const user = ctx.store.users.get(id);
  if (!user || user.state === "deleted") throw resourceNotFound(id);
  return user;
}

function userLocation(origin: string, id: string): string {
  return `${origin}${BASE}/users/${id}`;
}

function groupLocation(origin: string, id: string): string {
  return `${origin}${BASE}/groups/${id}`;
}

/** ScimV2User (§7.4). `groups` are the groups the user is a direct member of (read-only). */
function userView(ctx: EmulatorContext, u: UserRecord, origin: string): Json {
  const groups = [...ctx.store.groups.values()].filter((g) => g.memberIds.has(u.id));
  const department = u.department === undefined ? {} : { department: u.department };
  return {
    schemas: [...USER_SCHEMAS],
    id: u.id,
    userName: u.email,
    displayName: u.name,
    active: u.state === "active",
    ...(u.title === undefined ? {} : { title: u.title }),
    emails: [{ value: u.email, type: "work", primary: true }],
    ...(u.externalId === undefined ? {} : { externalId: u.externalId }),
    groups: groups.map((g) => ({ type: "Group", value: g.id, $ref: groupLocation(origin, g.id) })),
    [ENTERPRISE]: { division: ctx.store.divisions.get(u.divisionId)?.name ?? "", ...department },
    // The emulator models no skills or languages. `externalIds` is left out: its authority format is unverified.
    [GENESYS]: { routingSkills: [], routingLanguages: [] },
    meta: {
      resourceType: "User",
      lastModified: u.dateModified,
      location: userLocation(origin, u.id),
      version: etagOf(u.version),
    },
  };
}

interface UserInput {
  readonly userName: string;
  readonly displayName: string;
  readonly active: boolean | undefined;
  readonly title: string | undefined;
  readonly externalId: string | undefined;
  readonly department: string | undefined;
  readonly division: string | undefined;
}

/** The writable user attributes (ScimV2CreateUser requires userName and displayName, §7.4). Others are ignored. */
function readUser(body: unknown): UserInput {
  const obj = jsonObject(body);
  const enterprise = optionalObject(obj, ENTERPRISE);
  const userName = requiredString(obj, "userName");
  // §7.4: userName is the Genesys email, so it must look like one.
  if (!/^[^@\s]+@[^@\s]+$/.test(userName)) throw invalidValue(`userName '${userName}' is not an email address.`);
  return {
    userName,
    displayName: requiredString(obj, "displayName"),
    active: optionalBoolean(obj, "active"),
    title: optionalString(obj, "title"),
    externalId: optionalString(obj, "externalId"),
    department: optionalString(enterprise, "department"),
    division: optionalString(enterprise, "division"),
  };
}

/** The division named (case-insensitively: names are unique that way, §3), or 400 invalidValue. */
function divisionIdByName(ctx: EmulatorContext, name: string): string {
  for (const d of ctx.store.divisions.values()) if (sameName(d.name, name)) return d.id;
  throw invalidValue(`Division '${name}' does not exist.`);
}

/** §7.1 / §7.5: userName must be unique among non-deleted users. */
function assertUserNameFree(ctx: EmulatorContext, userName: string, exceptId?: string): void {
  const owner = ctx.store.userIdByEmail(userName);
  if (owner !== undefined && owner !== exceptId) {
    throw new ScimError(409, "uniqueness", "User name already in use by non-deleted user.");
  }
}

type UserChanges = Partial<Omit<UserRecord, "id" | "version">>;

/**
 * What a full replace changes (RFC 7644 §3.5.1: omitted attributes are cleared). A user always has a division and a
 * state, so omitting `division` or `active` keeps the current one (an assumption; the reference is silent).
 */
function userChanges(ctx: EmulatorContext, user: UserRecord, input: UserInput): UserChanges {
  const next: UserChanges = {
    email: input.userName,
    name: input.displayName,
    state: input.active === undefined ? user.state : input.active ? "active" : "inactive",
    title: input.title,
    externalId: input.externalId,
    department: input.department,
    divisionId: input.division === undefined ? user.divisionId : divisionIdByName(ctx, input.division),
  };
  const changed = Object.entries(next).filter(([key, value]) => user[key as keyof UserRecord] !== value);
  return Object.fromEntries(changed);
}

/** Writes a replace; only a real change bumps the version (store.updateUser). */
function replaceUser(ctx: EmulatorContext, user: UserRecord, input: UserInput): void {
  const changes = userChanges(ctx, user, input);
  if (changes.email !== undefined) assertUserNameFree(ctx, changes.email, user.id);
  if (Object.keys(changes).length > 0) ctx.store.updateUser(user, changes);
}

// ---------------------------------------------------------------------------------------------------------------
// Groups (§7.1, §7.4): read, replace and patch only; members are users.
// ---------------------------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------------------------
// Discovery (§7.1): no permissions needed; shapes per RFC 7643 §5-§7, minimal but well-formed.
// ---------------------------------------------------------------------------------------------------------------

interface AttributeOptions {
  readonly multiValued?: boolean;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  readonly returned?: "always" | "never" | "default" | "request";
  readonly uniqueness?: "none" | "server" | "global";
  readonly subAttributes?: readonly Json[];
}

/** An RFC 7643 §7 attribute definition. */
function attr(name: string, type: string, description: string, o: AttributeOptions = {}): Json {
  return {
    name,
    type,
    ...(o.subAttributes ? { subAttributes: o.subAttributes } : {}),
    multiValued: o.multiValued ?? false,
    description,
    required: o.required ?? false,
    caseExact: o.caseExact ?? false,
    mutability: o.mutability ?? "readWrite",
    returned: o.returned ?? "default",
    uniqueness: o.uniqueness ?? "none",
  };
}

const REFERENCE_PARTS = (what: string): Json[] => [
  attr("value", "string", `The ${what}'s id.`, { mutability: "immutable" }),
  attr("$ref", "reference", `The ${what}'s URI.`, { mutability: "immutable" }),
  attr("type", "string", "The SCIM resource type (§7.4: User or Group).", { mutability: "immutable" }),
];

const SCHEMAS: readonly { readonly id: string; readonly name: string; readonly attributes: readonly Json[] }[] = [
  {
    id: USER_SCHEMA,
    name: "User",
    attributes: [
      attr("userName", "string", "The Genesys email; unique among non-deleted users.", {
        required: true,
        uniqueness: "server",
      }),
      attr("displayName", "string", "The user's name.", { required: true }),
      attr("active", "boolean", "false for an inactive user."),
      attr("title", "string", "Job title."),
      attr("emails", "complex", "Email addresses.", {
        multiValued: true,
        subAttributes: [
          attr("value", "string", "The address."),
          attr("type", "string", "work, home or other."),
          attr("primary", "boolean", "The primary address."),
        ],
      }),
      attr("externalId", "string", "The IdP's id.", { caseExact: true }),
      attr("password", "string", "Write-only.", { mutability: "writeOnly", returned: "never" }),
      attr("groups", "complex", "Direct group memberships; change them through Groups.", {
        multiValued: true,
        mutability: "readOnly",
        subAttributes: REFERENCE_PARTS("group"),
      }),
    ],
  },
  {
    id: ENTERPRISE,
    name: "EnterpriseUser",
    attributes: [
      attr("division", "string", "The division's name (§7.3: name, not id)."),
      attr("department", "string", "Department."),
      attr("employeeNumber", "string", "Employee number."),
      attr("manager", "complex", "The manager.", { subAttributes: [attr("value", "string", "The manager's id.")] }),
    ],
  },
  {
    id: GENESYS,
    name: "GenesysUser",
    attributes: [
      attr("routingSkills", "complex", "Routing skills.", { multiValued: true }),
      attr("routingLanguages", "complex", "Routing languages.", { multiValued: true }),
      attr("externalIds", "complex", "External ids by authority.", { multiValued: true }),
    ],
  },
  {
    id: GROUP_SCHEMA,
    name: "Group",
    attributes: [
      attr("displayName", "string", "The group's name.", { required: true }),
      attr("externalId", "string", "The IdP's id.", { caseExact: true }),
      attr("members", "complex", "Direct members.", { multiValued: true, subAttributes: REFERENCE_PARTS("member") }),
    ],
  },
];

function schemaView(s: (typeof SCHEMAS)[number], origin: string): Json {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: s.id,
    name: s.name,
    description: `${s.name} schema`,
    attributes: s.attributes,
    // §7.4: no lastModified or version on Schema and ResourceType.
    meta: { resourceType: "Schema", location: `${origin}${BASE}/schemas/${s.id}` },
  };
}

const RESOURCE_TYPES: readonly { readonly id: string; readonly endpoint: string; readonly schema: string }[] = [
  { id: "User", endpoint: "/users", schema: USER_SCHEMA },
  { id: "Group", endpoint: "/groups", schema: GROUP_SCHEMA },
  { id: "ServiceProviderConfig", endpoint: "/serviceproviderconfig", schema: SPC_SCHEMA },
  { id: "ResourceType", endpoint: "/resourcetypes", schema: RESOURCE_TYPE_SCHEMA },
  { id: "Schema", endpoint: "/schemas", schema: SCHEMA_SCHEMA },
];

function resourceTypeView(t: (typeof RESOURCE_TYPES)[number], origin: string): Json {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: t.id,
    name: t.id,
    description: `${t.id} resources`,
    endpoint: t.endpoint,
    schema: t.schema,
    ...(t.id === "User"
      ? {
          schemaExtensions: [
            { schema: ENTERPRISE, required: false },
            { schema: GENESYS, required: false },
          ],
        }
      : {}),
    meta: { resourceType: "ResourceType", location: `${origin}${BASE}/resourcetypes/${t.id}` },
  };
}

/** The configuration never changes, so its version is constant (the SDK documents If-None-Match on it). */
const SPC_VERSION = 1;

function serviceProviderConfig(ctx: EmulatorContext, origin: string): Json {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    // §7.1: there is no /Bulk; the real maxima are unverified.
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    // §7.1: filter.maxResults is unverified; the emulator's SCIM page maximum is what it enforces.
    filter: { supported: true, maxResults: ctx.settings.maxPageSize.scim },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "An OAuth client credentials token (genesys-api.md §1).",
        primary: true,
      },
    ],
    meta: {
      resourceType: "ServiceProviderConfig",
      location: `${origin}${BASE}/serviceproviderconfig`,
      version: etagOf(SPC_VERSION),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Routes.
// ---------------------------------------------------------------------------------------------------------------

const perms = (permission: string) => ({ config: { permissions: [permission] } });

export const scimRoutes: RouteModule = (app, ctx) => {
  // §7.1: without a filter only active users; a filter sees inactive users too; deleted users never.
  app.get(`${BASE}/users`, perms("directory:user:view"), async (request, reply) => {
    const query = request.query as Query;
    const page = pageOf(query, ctx.settings.maxPageSize.scim);
    const filter = parseFilter(single(query.filter), USER_FILTERS);
    const matches = filter ? userMatcher(ctx, filter) : (u: UserRecord) => u.state === "active";
    const users = [...ctx.store.users.values()].filter((u) => u.state !== "deleted" && matches(u));
    const origin = originOf(request);
    return send(
      request,
      reply,
      listResponse(users, page, (u) => project(userView(ctx, u, origin), query, USER_ALWAYS)),
    );
  });

  app.get(`${BASE}/users/:userId`, perms("directory:user:view"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    const query = request.query as Query;
    return (
      notModified(request, reply, user.version) ??
      send(request, reply, project(userView(ctx, user, originOf(request)), query, USER_ALWAYS), user.version)
    );
  });

  // §7.1: 201; the division comes from the enterprise extension by name, else the home division.
  app.post(`${BASE}/users`, perms("directory:user:add"), async (request, reply) => {
    const input = readUser(request.body);
    assertUserNameFree(ctx, input.userName);
    const divisionId =
      input.division === undefined ? ctx.store.homeDivision().id : divisionIdByName(ctx, input.division);
    const user = ctx.store.addUser({
      id: ctx.nextId(),
      name: input.displayName,
      email: input.userName,
      divisionId,
      state: input.active === false ? "inactive" : "active",
      department: input.department,
      title: input.title,
      externalId: input.externalId,
    });
    const origin = originOf(request);
    void reply.status(201).header("Location", userLocation(origin, user.id));
    return send(request, reply, userView(ctx, user, origin), user.version);
  });

  app.put(`${BASE}/users/:userId`, perms("directory:user:edit"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    checkIfMatch(ctx, request, user.version);
    replaceUser(ctx, user, readUser(request.body));
    return send(request, reply, userView(ctx, user, originOf(request)), user.version);
  });

  app.patch(`${BASE}/users/:userId`, perms("directory:user:edit"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    checkIfMatch(ctx, request, user.version);
    const ops = readPatch(request.body, USER_ATTRIBUTES, USER_SCHEMA);
    const origin = originOf(request);
    const stamp = new Date(user.dateModified);
    const doc: PatchDocument = {
      ...userView(ctx, user, origin),
      schemas: [...USER_SCHEMAS],
      meta: { created: stamp, lastModified: stamp },
    };
    replaceUser(ctx, user, readUser(applyPatch(doc, ops)));
    return send(request, reply, userView(ctx, user, origin), user.version);
  });

  // §7.1: a soft delete (state deleted, out of every group and queue); 204.
  app.delete(`${BASE}/users/:userId`, perms("directory:user:delete"), async (request, reply) => {
    const { userId } = request.params as { userId: string };
    const user = userOr404(ctx, userId);
    checkIfMatch(ctx, request, user.version);
    ctx.store.deleteUser(user);
    return reply.status(204).send();
  });

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

  app.get(`${BASE}/serviceproviderconfig`, async (request, reply) => {
    return (
      notModified(request, reply, SPC_VERSION) ??
      send(request, reply, serviceProviderConfig(ctx, originOf(request)), SPC_VERSION)
    );
  });

  app.get(`${BASE}/resourcetypes`, async (request, reply) => {
    const origin = originOf(request);
    const all = { startIndex: 1, count: RESOURCE_TYPES.length };
    return send(
      request,
      reply,
      listResponse(RESOURCE_TYPES, all, (t) => resourceTypeView(t, origin)),
    );
  });

  app.get(`${BASE}/resourcetypes/:resourceType`, async (request, reply) => {
    const { resourceType } = request.params as { resourceType: string };
    const type = RESOURCE_TYPES.find((t) => t.id.toLowerCase() === resourceType.toLowerCase());
    if (!type) throw resourceNotFound(resourceType);
    return send(request, reply, resourceTypeView(type, originOf(request)));
  });

  app.get(`${BASE}/schemas`, async (request, reply) => {
    // §7.1: "Filtered results are invalid and return 403"; the body is unverified, so a ScimError.
    if (single((request.query as Query).filter) !== undefined) {
      throw new ScimError(403, undefined, "Filtered results are invalid.");
    }
    const origin = originOf(request);
    const all = { startIndex: 1, count: SCHEMAS.length };
    return send(
      request,
      reply,
      listResponse(SCHEMAS, all, (s) => schemaView(s, origin)),
    );
  });

  app.get(`${BASE}/schemas/:schemaId`, async (request, reply) => {
    const { schemaId } = request.params as { schemaId: string };
    const schema = SCHEMAS.find((s) => s.id.toLowerCase() === schemaId.toLowerCase());
    if (!schema) throw resourceNotFound(schemaId);
    return send(request, reply, schemaView(schema, originOf(request)));
  });
};
