/**
 * Scripts, knowledge bases, web deployments and their configurations, and trunk base settings. Facts and their
 * sources: docs/kinds.md, "Platform".
 */
import type { KindSpec } from "../kind-spec";
import { PROVIDER, SDK, unverifiedDuplicate } from "./shared";

const src = (dir: string, file = `resource_genesyscloud_${dir}.go`) => `${PROVIDER} genesyscloud/${dir}/${file}`;
const schema = (dir: string) => src(dir, `resource_genesyscloud_${dir}_schema.go`);

export const script: KindSpec = {
  kind: "script",
  type: "genesyscloud_script",
  noun: "script",
  plural: "scripts",
  // The API lets two scripts share a name, but the provider finds its upload by name and fails on two.
  name: { attribute: "script_name", field: "name" },
  list: { style: "pages", path: "/api/v2/scripts", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "scripter:script:view",
    add: "scripter:script:add",
    edit: "scripter:script:edit",
    delete: "scripter:script:delete",
  },
  duplicate: unverifiedDuplicate("script"),
  provider: { create: ["Failed to create script '%s': %s"], update: ["Failed to update script '%s': %s"] },
  sources: {
    name: src("scripts", "resource_scripts_schema.go"),
    list: `${SDK} ScriptsApi.md getScripts (name: contains)`,
    duplicate: src("scripts", "genesyscloud_scripts_proxy.go"),
    provider: src("scripts", "resource_genesyscloud_script.go"),
    importId: src("scripts", "resource_scripts_schema.go"),
  },
  unverified: ["duplicate", "permissions"],
};

export const knowledgebase: KindSpec = {
  kind: "knowledgebase",
  type: "genesyscloud_knowledge_knowledgebase",
  noun: "knowledge base",
  plural: "knowledge bases",
  name: { attribute: "name", field: "name" },
  list: { style: "cursor", path: "/api/v2/knowledge/knowledgebases", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "knowledge:knowledgebase:view",
    add: "knowledge:knowledgebase:add",
    edit: "knowledge:knowledgebase:edit",
    delete: "knowledge:knowledgebase:delete",
  },
  duplicate: unverifiedDuplicate("knowledge base"),
  provider: {
    create: ["Failed to create knowledge base %s error: %s"],
    update: ["Failed to update knowledge base %s error: %s"],
  },
  sources: {
    name: schema("knowledge_knowledgebase"),
    list: `${SDK} KnowledgeApi.md getKnowledgeKnowledgebases (cursor)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("knowledge_knowledgebase"),
    importId: schema("knowledge_knowledgebase"),
  },
  unverified: ["scope", "duplicate", "nameParam"],
};

export const webdeployment: KindSpec = {
  kind: "webdeployment",
  type: "genesyscloud_webdeployments_deployment",
  noun: "web deployment",
  plural: "web deployments",
  name: { attribute: "name", field: "name" },
  list: { style: "cursor", path: "/api/v2/webdeployments/deployments", pageSize: 300 },
  importId: "id",
  permissions: {
    view: "webDeployments:deployment:view",
    add: "webDeployments:deployment:add",
    edit: "webDeployments:deployment:edit",
    delete: "webDeployments:deployment:delete",
  },
  duplicate: unverifiedDuplicate("web deployment"),
  provider: {
    create: ["Failed to create web deployment %s | error: %s"],
    update: ["Error updating web deployment %s | error: %s"],
  },
  sources: {
    name: schema("webdeployments_deployment"),
    list: `${SDK} WebDeploymentsApi.md getWebdeploymentsDeployments (cursor, no name filter)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("webdeployments_deployment"),
    importId: schema("webdeployments_deployment"),
  },
  unverified: ["scope", "duplicate", "pageSize"],
};

export const webdeploymentconfig: KindSpec = {
  kind: "webdeploymentconfig",
  type: "genesyscloud_webdeployments_configuration",
  noun: "web deployment configuration",
  plural: "web deployment configurations",
  name: { attribute: "name", field: "name" },
  list: {
    style: "cursor",
    path: "/api/v2/webdeployments/configurations",
    pageSize: 300,
    query: { showOnlyPublished: "false" },
  },
  importId: "id",
  permissions: {
    view: "webDeployments:configuration:view",
    add: "webDeployments:configuration:add",
    edit: "webDeployments:configuration:edit",
    delete: "webDeployments:configuration:delete",
  },
  duplicate: unverifiedDuplicate("web deployment configuration"),
  provider: {
    create: ["failed to create web deployment configuration %s: %s. %s"],
    update: ["error updating web deployment configuration %s | error: %s"],
  },
  sources: {
    name: schema("webdeployments_configuration"),
    list: `${SDK} WebDeploymentsApi.md getWebdeploymentsConfigurations (cursor, no name filter)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("webdeployments_configuration"),
    importId: schema("webdeployments_configuration"),
  },
  unverified: ["scope", "duplicate", "pageSize"],
};

export const trunkbasesettings: KindSpec = {
  kind: "trunkbasesettings",
  listsDeleted: true,
  type: "genesyscloud_telephony_providers_edges_trunkbasesettings",
  noun: "trunk base settings",
  plural: "trunk base settings",
  name: { attribute: "name", field: "name" },
  list: {
    style: "pages",
    path: "/api/v2/telephony/providers/edges/trunkbasesettings",
    pageSize: 100,
    nameParam: "name",
  },
  importId: "id",
  permissions: {
    view: "telephony:plugin:all",
    add: "telephony:plugin:all",
    edit: "telephony:plugin:all",
    delete: "telephony:plugin:all",
  },
  duplicate: unverifiedDuplicate("trunk base settings"),
  provider: {
    create: ["Failed to create trunk base settings %s error: %s"],
    update: ["Failed to update trunk base settings %s error: %s"],
  },
  sources: {
    name: src(
      "telephony_providers_edges_trunkbasesettings",
      "genesyscloud_telephony_providers_edges_trunkbasesettings_schema.go",
    ),
    list: `${SDK} TelephonyProvidersEdgeApi.md getTelephonyProvidersEdgesTrunkbasesettings`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("telephony_providers_edges_trunkbasesettings"),
    importId: src(
      "telephony_providers_edges_trunkbasesettings",
      "genesyscloud_telephony_providers_edges_trunkbasesettings_schema.go",
    ),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};
