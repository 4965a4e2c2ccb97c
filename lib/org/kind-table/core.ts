/**
 * Divisions, groups and queues: the kinds gcguard checked first. Their reads are their own (lib/org/read.ts: the
 * division listing with object counts, the group search, the queue listing), so `list` here is what the emulator
 * serves and the bench counts; facts and sources in docs/genesys-api.md §3, §5, §6 and docs/provider-errors.md.
 */
import type { KindSpec } from "../kind-spec";

const PROVIDER = "provider v1.84.1";

export const division: KindSpec = {
  kind: "division",
  type: "genesyscloud_auth_division",
  noun: "division",
  plural: "divisions",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/authorization/divisions", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "authorization:division:view",
    add: "authorization:division:add",
    edit: "authorization:division:edit",
    delete: "authorization:division:delete",
  },
  duplicate: { status: 409, code: "general.conflict", message: "A division with the name '{name}' already exists." },
  provider: {
    create: ["Failed to create division %s error: %s"],
    update: ["Failed to update division %s error: %s"],
  },
  sources: {
    name: `${PROVIDER} genesyscloud/auth_division/resource_genesyscloud_auth_division_schema.go`,
    list: "JS SDK docs AuthorizationApi.md getAuthorizationDivisions",
    duplicate: "unverified (docs/genesys-api.md §3.2)",
    provider: `${PROVIDER} genesyscloud/auth_division/resource_genesyscloud_auth_division.go`,
    importId: `${PROVIDER} docs/resources/auth_division.md`,
  },
  unverified: ["duplicate", "pageSize"],
};

export const group: KindSpec = {
  kind: "group",
  type: "genesyscloud_group",
  noun: "group",
  plural: "groups",
  name: { attribute: "name", field: "name" },
  list: { style: "search", path: "/api/v2/groups/search", field: "name", valuesPerQuery: 50, pageSize: 100 },
  importId: "id",
  permissions: {
    view: "directory:group:view",
    add: "directory:group:add",
    edit: "directory:group:edit",
    delete: "directory:group:delete",
  },
  duplicate: { status: 409, code: "general.conflict", message: "A group with the name '{name}' already exists." },
  provider: { create: ["Failed to create group %s: %s"], update: ["Failed to update group %s: %s"] },
  sources: {
    name: `${PROVIDER} genesyscloud/group/resource_genesyscloud_group_schema.go`,
    list: "JS SDK docs GroupsApi.md postGroupsSearch",
    duplicate: "unverified (docs/genesys-api.md §6.1)",
    provider: `${PROVIDER} genesyscloud/group/resource_genesyscloud_group.go`,
    importId: `${PROVIDER} docs/resources/group.md`,
  },
  unverified: ["duplicate"],
};

export const queue: KindSpec = {
  kind: "queue",
  type: "genesyscloud_routing_queue",
  noun: "queue",
  plural: "queues",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/routing/queues", pageSize: 500, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "routing:queue:view",
    add: "routing:queue:add",
    edit: "routing:queue:edit",
    delete: "routing:queue:delete",
  },
  duplicate: { status: 409, code: "general.conflict", message: "A queue with that name already exists." },
  provider: {
    create: ["Failed to create queue %s | error: %s", "Failed to create queue %s with error: %s, status code %v"],
    update: ["Failed to update queue %s error: %s"],
  },
  sources: {
    name: `${PROVIDER} genesyscloud/routing_queue/resource_genesyscloud_routing_queue_schema.go`,
    list: "JS SDK docs RoutingApi.md getRoutingQueues",
    duplicate: "unverified (docs/genesys-api.md §5.1)",
    provider: `${PROVIDER} genesyscloud/routing_queue/resource_genesyscloud_routing_queue.go`,
    importId: `${PROVIDER} docs/resources/routing_queue.md`,
  },
  unverified: ["duplicate", "pageSize"],
};
