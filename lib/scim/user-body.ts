/**
 * The bodies `gcguard scim users` writes: the POST that creates a user and the PUT that merges the export into one
 * that exists (docs/genesys-api.md §7.4), and the attribute changes each makes, for the report.
 */
import type { ScimUserBody } from "../genesys/operations/scim";
import type { ScimUserResource } from "../genesys/schemas";
import { sameName } from "../names";
import { ENTERPRISE_USER } from "./export-rules";
import type { DesiredUser } from "./model";

// §7.4: schema URNs.
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
/** §7.4: "Always includes an immutable SCIM authority prefixed with x-pc:scimv2:v1". */
const IMMUTABLE_AUTHORITY = "x-pc:scimv2:v1";
/** Never sent back in a PUT: read-only (`id`, `meta`; `groups` change through Groups, §7.4) or write-only. */
const NOT_SENT = ["id", "meta", "groups", "password"];

/** The user attributes gcguard writes: core ones, then the enterprise extension's. */
export type ManagedAttribute =
  "displayName" | "active" | "title" | "externalId" | "department" | "division" | "employeeNumber";

const CORE_ATTRIBUTES = ["displayName", "active", "title", "externalId"] as const;
const ENTERPRISE_ATTRIBUTES = ["department", "division", "employeeNumber"] as const;
const MANAGED: readonly ManagedAttribute[] = [...CORE_ATTRIBUTES, ...ENTERPRISE_ATTRIBUTES];

/** An attribute's value in a report; null when the user has none. */
export type AttributeValue = string | boolean | null;

/** One attribute the export changes (or, for a created user, sets). */
export interface AttributeChange {
  readonly attribute: ManagedAttribute;
  readonly from: AttributeValue;
  readonly to: AttributeValue;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The key spelling `name` has in `obj` (attribute names are case-insensitive, RFC 7643 §2.1). */
function keyOf(obj: Json, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
}

function get(obj: Json, name: string): unknown {
  const key = keyOf(obj, name);
  return key === undefined ? undefined : obj[key];
}

function remove(obj: Json, name: string): void {
  const key = keyOf(obj, name);
  if (key !== undefined) delete obj[key];
}

function put(obj: Json, name: string, value: unknown): void {
  obj[keyOf(obj, name) ?? name] = value;
}

/**
 * The value the export sets, or undefined when it leaves the attribute alone. Strings are trimmed (Genesys keeps
 * them trimmed, so an untrimmed value would never converge); an empty optional string clears the attribute.
 */
function desiredValue(user: DesiredUser, attribute: ManagedAttribute): AttributeValue | undefined {
  const value = user[attribute];
  if (value === undefined || typeof value === "boolean") return value;
  const trimmed = value.trim();
  return trimmed === "" && attribute !== "displayName" ? null : trimmed;
}

function currentValue(user: Json, attribute: ManagedAttribute): AttributeValue {
  const owner = (ENTERPRISE_ATTRIBUTES as readonly string[]).includes(attribute) ? get(user, ENTERPRISE_USER) : user;
  const value = isObject(owner) ? get(owner, attribute) : undefined;
  return typeof value === "string" || typeof value === "boolean" ? value : null;
}

/** Division names compare as Genesys compares them (docs/names.md), so "Billing" is "billing". */
function same(attribute: ManagedAttribute, a: AttributeValue, b: AttributeValue): boolean {
  if (attribute === "division" && typeof a === "string" && typeof b === "string") {
    return sameName(a, b);
  }
  return a === b;
}

function withSchema(body: Json, schema: string): void {
  const schemas = Array.isArray(body.schemas) ? (body.schemas as unknown[]) : [];
  body.schemas = schemas.includes(schema) ? schemas : [...schemas, schema];
}

/**
 * The PUT body that merges `desired` into `existing`, and what it changes. It starts from the whole existing
 * representation (a PUT clears what it omits, RFC 7644 §3.5.1) and overwrites only the attributes the export sets.
 * Left out: `id`, `meta`, `groups` (read-only; memberships change through Groups, §7.4), `password` (write-only),
 * the enterprise manager's `displayName` (read-only, RFC 7643 §4.3), and in the Genesys extension the
 * `externalIds` of the immutable `x-pc:scimv2:v1` authority (§7.4). Everything else is kept as it is, routing
 * skills and languages included. `changes` names the attributes that differ; none means no PUT is needed.
 */
export function mergeUser(
  existing: ScimUserResource,
  desired: DesiredUser,
): { body: ScimUserBody; changes: ManagedAttribute[]; diff: AttributeChange[] } {
  const body = structuredClone(existing) as Json;
  for (const name of NOT_SENT) remove(body, name);
  if (!Array.isArray(body.schemas)) body.schemas = [USER_SCHEMA];

  const genesysKey = keyOf(body, GENESYS);
  const genesys = genesysKey === undefined ? undefined : body[genesysKey];
  if (isObject(genesys)) {
    const ids = get(genesys, "externalIds");
    if (Array.isArray(ids)) {
      const writable = ids.filter((e) => {
        const authority = isObject(e) ? get(e, "authority") : undefined;
        return !(typeof authority === "string" && authority.startsWith(IMMUTABLE_AUTHORITY));
      });
      if (writable.length > 0) put(genesys, "externalIds", writable);
      else remove(genesys, "externalIds");
    }
  }
  const enterpriseKey = keyOf(body, ENTERPRISE_USER);
  const enterprise = enterpriseKey === undefined ? undefined : body[enterpriseKey];
  const manager = isObject(enterprise) ? get(enterprise, "manager") : undefined;
  if (isObject(manager)) remove(manager, "displayName");

  const diff: AttributeChange[] = [];
  for (const attribute of MANAGED) {
    const to = desiredValue(desired, attribute);
    if (to === undefined) continue;
    const from = currentValue(existing, attribute);
    if (same(attribute, from, to)) continue;
    diff.push({ attribute, from, to });
    if ((CORE_ATTRIBUTES as readonly string[]).includes(attribute)) {
      if (to === null) remove(body, attribute);
      else put(body, attribute, to);
      continue;
    }
    const target = get(body, ENTERPRISE_USER);
    if (isObject(target)) {
      if (to === null) remove(target, attribute);
      else put(target, attribute, to);
    } else if (to !== null) {
      body[ENTERPRISE_USER] = { [attribute]: to };
    }
    if (to !== null) withSchema(body, ENTERPRISE_USER);
  }
  return { body: body as ScimUserBody, changes: diff.map((c) => c.attribute), diff };
}

/**
 * The POST body for a new user (ScimV2CreateUser, §7.4): userName and displayName, the userName as the primary
 * work email, the attributes the export sets, and the enterprise extension when it sets any of its attributes.
 * `diff` lists every attribute set, from null.
 */
export function createUserBody(desired: DesiredUser): { body: ScimUserBody; diff: AttributeChange[] } {
  const userName = desired.userName.trim();
  const body: Json = {
    schemas: [USER_SCHEMA],
    userName,
    displayName: desired.displayName.trim(),
    emails: [{ value: userName, type: "work", primary: true }],
  };
  const enterprise: Json = {};
  const diff: AttributeChange[] = [];
  for (const attribute of MANAGED) {
    const to = desiredValue(desired, attribute);
    if (to === undefined || to === null) continue;
    diff.push({ attribute, from: null, to });
    if ((CORE_ATTRIBUTES as readonly string[]).includes(attribute)) body[attribute] = to;
    else enterprise[attribute] = to;
  }
  if (Object.keys(enterprise).length > 0) {
    body[ENTERPRISE_USER] = enterprise;
    withSchema(body, ENTERPRISE_USER);
  }
  return { body: body as ScimUserBody, diff };
}
