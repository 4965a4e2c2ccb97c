/**
 * Users and the routing kinds: skills, languages, wrap-up codes, skill groups, utilization labels, roles and teams.
 * Facts and their sources: docs/kinds.md, "Users and routing".
 */
import type { KindSpec } from "../kind-spec";
import { PROVIDER, SDK, permissionsOf, unverifiedDuplicate } from "./shared";

const src = (dir: string, file = `resource_genesyscloud_${dir}.go`) => `${PROVIDER} genesyscloud/${dir}/${file}`;
const schema = (dir: string) => src(dir, `resource_genesyscloud_${dir}_schema.go`);

export const user: KindSpec = {
  kind: "user",
  type: "genesyscloud_user",
  noun: "user",
  plural: "users",
  // The email is the user's unique key; a deleted user keeps it, and the provider restores that user instead.
  name: { attribute: "email", field: "email" },
  list: {
    style: "search",
    path: "/api/v2/users/search",
    field: "email",
    valuesPerQuery: 50,
    pageSize: 100,
    criteria: [{ type: "EXACT", fields: ["state"], values: ["active", "inactive", "deleted"] }],
  },
  importId: "id",
  permissions: permissionsOf("directory:user"),
  duplicate: {
    status: 409,
    code: "general.conflict",
    message: "The request conflicts with the current state of the target resource.",
  },
  provider: { create: ["Failed to create user %s error: %s"], update: ["Faild to update user %s | Error: %s."] },
  sources: {
    name: schema("user"),
    list: `${SDK} UsersApi.md postUsersSearch; ${PROVIDER} genesyscloud/user/resource_genesyscloud_user_utils.go`,
    duplicate: `${src("user")} (expects general.conflict)`,
    provider: src("user"),
    importId: schema("user"),
  },
  unverified: ["duplicate"],
};

export const skill: KindSpec = {
  kind: "skill",
  type: "genesyscloud_routing_skill",
  noun: "skill",
  plural: "skills",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/routing/skills", pageSize: 500, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "routing:skill:view",
    add: "routing:skill:manage",
    edit: "routing:skill:manage",
    delete: "routing:skill:manage",
  },
  duplicate: unverifiedDuplicate("skill"),
  provider: { create: ["Failed to create skill %s error: %s"] },
  sources: {
    name: schema("routing_skill"),
    list: `${SDK} RoutingApi.md getRoutingSkills (name: starts with)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("routing_skill"),
    importId: schema("routing_skill"),
  },
  unverified: ["scope", "duplicate"],
};

export const language: KindSpec = {
  kind: "language",
  type: "genesyscloud_routing_language",
  noun: "language",
  plural: "languages",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/routing/languages", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "routing:skill:view",
    add: "routing:skill:manage",
    edit: "routing:skill:manage",
    delete: "routing:skill:manage",
  },
  duplicate: unverifiedDuplicate("language"),
  provider: { create: ["Failed to create language %s error: %s"] },
  sources: {
    name: schema("routing_language"),
    list: `${SDK} RoutingApi.md getRoutingLanguages`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("routing_language"),
    importId: schema("routing_language"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam", "permissions"],
};

export const wrapupcode: KindSpec = {
  kind: "wrapupcode",
  type: "genesyscloud_routing_wrapupcode",
  noun: "wrap-up code",
  plural: "wrap-up codes",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/routing/wrapupcodes", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("routing:wrapupCode"),
  duplicate: unverifiedDuplicate("wrap-up code"),
  provider: {
    create: ["Failed to create wrapupcode %s error: %s"],
    update: ["Failed to update wrapupcode %s error: %s"],
  },
  sources: {
    name: schema("routing_wrapupcode"),
    list: `${SDK} RoutingApi.md getRoutingWrapupcodes`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("routing_wrapupcode"),
    importId: schema("routing_wrapupcode"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};

export const skillgroup: KindSpec = {
  kind: "skillgroup",
  type: "genesyscloud_routing_skill_group",
  noun: "skill group",
  plural: "skill groups",
  name: { attribute: "name", field: "name" },
  list: { style: "cursor", path: "/api/v2/routing/skillgroups", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("routing:skillGroup"),
  duplicate: unverifiedDuplicate("skill group"),
  // The provider formats a pointer (`0xc000…`) where the name would go.
  provider: {
    create: ["Failed to create skill groups %v error: %s"],
    update: ["Failed to update skill groups %v error: %s"],
    nameVerb: null,
  },
  sources: {
    name: schema("routing_skill_group"),
    list: `${SDK} RoutingApi.md getRoutingSkillgroups (cursor; name: starts with, case-insensitive)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("routing_skill_group"),
    importId: schema("routing_skill_group"),
  },
  unverified: ["scope", "duplicate", "pageSize"],
};

export const utilizationlabel: KindSpec = {
  kind: "utilizationlabel",
  type: "genesyscloud_routing_utilization_label",
  noun: "utilization label",
  plural: "utilization labels",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/routing/utilization/labels", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "routing:utilization:view",
    add: "routing:utilization:manage",
    edit: "routing:utilization:manage",
    delete: "routing:utilization:manage",
  },
  duplicate: unverifiedDuplicate("utilization label"),
  provider: { create: ["Failed to create label %s error: %s"], update: ["Failed to update label %s error: %s"] },
  sources: {
    name: schema("routing_utilization_label"),
    list: `${SDK} RoutingApi.md getRoutingUtilizationLabels (name: wildcards)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("routing_utilization_label"),
    importId: schema("routing_utilization_label"),
  },
  unverified: ["scope", "duplicate", "pageSize"],
};

export const role: KindSpec = {
  kind: "role",
  type: "genesyscloud_auth_role",
  noun: "role",
  plural: "roles",
  name: { attribute: "name", field: "name" },
  // A role with default_role_id takes over that built-in role by design: it creates no name.
  adoptsWhenSet: "default_role_id",
  list: {
    style: "pages",
    path: "/api/v2/authorization/roles",
    pageSize: 100,
    nameParam: "name",
    query: { userCount: "false" },
  },
  importId: "id",
  permissions: permissionsOf("authorization:role"),
  duplicate: unverifiedDuplicate("role"),
  provider: {
    create: ["Failed to create role %s %s errror: %s"],
    update: ["Failed to update role %s %s error: %s"],
    // The first verb is the still-empty id, the second the name (:86): `Failed to create role  <name> errror: …`.
    nameVerb: 1,
  },
  sources: {
    name: schema("auth_role"),
    list: `${SDK} AuthorizationApi.md getAuthorizationRoles`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("auth_role"),
    importId: schema("auth_role"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};

export const team: KindSpec = {
  kind: "team",
  type: "genesyscloud_team",
  noun: "team",
  plural: "teams",
  name: { attribute: "name", field: "name" },
  list: { style: "cursor", path: "/api/v2/teams", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("groups:team"),
  duplicate: unverifiedDuplicate("team"),
  provider: { create: ["Failed to create team %s error: %s"], update: ["Failed to update team %s error: %s"] },
  sources: {
    name: schema("team"),
    list: `${SDK} TeamsApi.md getTeams (cursor; name: starts with, case-insensitive)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("team"),
    importId: schema("team"),
  },
  unverified: ["scope", "duplicate", "pageSize"],
};
