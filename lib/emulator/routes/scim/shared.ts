/** SCIM v2 shared pieces: schema URNs, JSON access, errors, entity tags and replies. */
import type { FastifyReply, FastifyRequest } from "fastify";

import { ScimError } from "../../errors";
import type { EmulatorContext } from "../../server";
import { scimType } from "../../server";

export const BASE = "/api/v2/scim/v2";

// §7.4: schema URNs; the message URNs are RFC 7644's.
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
export const SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";
/** §7.4: a user carries the core schema and both extensions. */
export const USER_SCHEMAS = [USER_SCHEMA, ENTERPRISE, GENESYS];
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** An attribute by name: exact spelling first, then case-insensitively (RFC 7643 §2.1: names are case-insensitive). */
export function attribute(obj: Json, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

export const invalidValue = (detail: string): ScimError => new ScimError(400, "invalidValue", detail);
export const invalidSyntax = (detail: string): ScimError => new ScimError(400, "invalidSyntax", detail);
export const invalidFilter = (detail: string): ScimError => new ScimError(400, "invalidFilter", detail);

/**
 * 404 for an unknown or soft-deleted resource. §7.5 leaves the body unverified (the swagger declares ErrorBody for
 * SCIM 404s); we answer a ScimError without scimType, in RFC 7644 §3.12's wording, because SCIM clients (IdPs)
 * parse that body and gcguard's client reads both.
 */
export const resourceNotFound = (id: string): ScimError => new ScimError(404, undefined, `Resource ${id} not found.`);

export function jsonObject(body: unknown): Json {
  if (!isObject(body)) throw invalidSyntax("The request body must be a JSON object.");
  return body;
}

export function optionalString(obj: Json, name: string): string | undefined {
  const value = attribute(obj, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidValue(`Attribute '${name}' must be a string.`);
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

export function requiredString(obj: Json, name: string): string {
  const value = optionalString(obj, name);
  if (value === undefined) throw invalidValue(`Attribute '${name}' is required.`);
  return value;
}

/** A boolean; also "True"/"False" strings, which Entra ID sends in PATCH values for `active` (an Entra quirk). */
export function optionalBoolean(obj: Json, name: string): boolean | undefined {
  const value = attribute(obj, name);
  if (value === undefined || value === null || typeof value === "boolean") return value ?? undefined;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw invalidValue(`Attribute '${name}' must be a boolean.`);
}

/** An object attribute such as an extension; absent or null gives an empty object. */
export function optionalObject(obj: Json, name: string): Json {
  const value = attribute(obj, name);
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalidValue(`Attribute '${name}' must be an object.`);
  return value;
}

/** §7.2: the ETag and meta.version are the record's integer version in double quotes. */
export const etagOf = (version: number): string => `"${version}"`;

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
export function checkIfMatch(ctx: EmulatorContext, request: FastifyRequest, version: number): void {
  if (tagsMatch(request.headers["if-match"], version) === false) {
    throw new ScimError(
      ctx.settings.scimVersionMismatchStatus,
      "invalidVers",
      "Version does not match current version.",
    );
  }
}

/** Absolute URIs for meta.location and $ref (RFC 7643 §3.1), on the host the client called. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function send(request: FastifyRequest, reply: FastifyReply, body: Json, version?: number): FastifyReply {
  if (version !== undefined) void reply.header("ETag", etagOf(version));
  return reply.type(scimType(request)).send(body);
}

/** §7.1: GET by id answers 304 with no body when If-None-Match names the current version. */
export function notModified(request: FastifyRequest, reply: FastifyReply, version: number): FastifyReply | undefined {
  if (tagsMatch(request.headers["if-none-match"], version) !== true) return undefined;
  return reply.status(304).header("ETag", etagOf(version)).send();
}

export function userLocation(origin: string, id: string): string {
  return `${origin}${BASE}/users/${id}`;
}

export function groupLocation(origin: string, id: string): string {
  return `${origin}${BASE}/groups/${id}`;
}

export const perms = (permission: string) => ({ config: { permissions: [permission] } });
