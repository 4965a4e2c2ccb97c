/** Discovery (§7.1): no permissions needed; shapes per RFC 7643 §5-§7, minimal but well-formed. */
import type { FastifyInstance, FastifyRequest } from "fastify";

import { ScimError } from "../../errors";
import type { Query } from "../../paging";
import { single } from "../../paging";
import type { EmulatorContext, RouteModule } from "../../server";
import { listResponse } from "./query";
import type { Json } from "./shared";
import {
  BASE,
  ENTERPRISE,
  etagOf,
  GENESYS,
  GROUP_SCHEMA,
  notModified,
  originOf,
  RESOURCE_TYPE_SCHEMA,
  resourceNotFound,
  SCHEMA_SCHEMA,
  send,
  SPC_SCHEMA,
  USER_SCHEMA,
} from "./shared";

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
        description: "An OAuth client credentials token (docs/genesys-api.md §1).",
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

export const discoveryRoutes: RouteModule = (app, ctx) => {
  app.get(`${BASE}/serviceproviderconfig`, async (request, reply) => {
    return (
      notModified(request, reply, SPC_VERSION) ??
      send(request, reply, serviceProviderConfig(ctx, originOf(request)), SPC_VERSION)
    );
  });

  catalogRoutes(app, "resourcetypes", RESOURCE_TYPES, resourceTypeView);
  catalogRoutes(app, "schemas", SCHEMAS, schemaView, (request) => {
    // §7.1: "Filtered results are invalid and return 403"; the body is unverified, so a ScimError.
    if (single((request.query as Query).filter) !== undefined) {
      throw new ScimError(403, undefined, "Filtered results are invalid.");
    }
  });
};

/**
 * A discovery catalog (resource types, schemas): the whole list as one ListResponse, and each entry by its id,
 * matched in any case. `checkList` refuses what the list endpoint does not take.
 */
function catalogRoutes<T extends { readonly id: string }>(
  app: FastifyInstance,
  path: string,
  entries: readonly T[],
  view: (entry: T, origin: string) => Json,
  checkList: (request: FastifyRequest) => void = () => {},
): void {
  app.get(`${BASE}/${path}`, async (request, reply) => {
    checkList(request);
    const origin = originOf(request);
    const all = { startIndex: 1, count: entries.length };
    return send(
      request,
      reply,
      listResponse(entries, all, (e) => view(e, origin)),
    );
  });
  app.get(`${BASE}/${path}/:id`, async (request, reply) => {
    const { id } = request.params as { id: string };
    const entry = entries.find((e) => e.id.toLowerCase() === id.toLowerCase());
    if (!entry) throw resourceNotFound(id);
    return send(request, reply, view(entry, originOf(request)));
  });
}
