/**
 * Architect's kinds: schedules, schedule groups, IVR configurations, emergency groups, flows, data tables, user
 * prompts and grammars. Facts and their sources: docs/kinds.md, "Architect".
 */
import type { KindSpec } from "../kind-spec";
import { PROVIDER, SDK, permissionsOf, unverifiedDuplicate } from "./shared";

const src = (dir: string, file = `resource_genesyscloud_${dir}.go`) => `${PROVIDER} genesyscloud/${dir}/${file}`;

export const schedule: KindSpec = {
  kind: "schedule",
  type: "genesyscloud_architect_schedules",
  noun: "schedule",
  plural: "schedules",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/architect/schedules", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("routing:schedule"),
  duplicate: unverifiedDuplicate("schedule"),
  provider: {
    create: ["Failed to create schedule %s | Error: %s. %s"],
    update: ["Failed to update schedule %s | Error: %s. %s"],
  },
  sources: {
    name: src("architect_schedules", "resource_genesyscloud_architect_schedules_schema.go"),
    list: `${SDK} ArchitectApi.md getArchitectSchedules`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("architect_schedules"),
    importId: src("architect_schedules", "resource_genesyscloud_architect_schedules_schema.go"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};

export const schedulegroup: KindSpec = {
  kind: "schedulegroup",
  type: "genesyscloud_architect_schedulegroups",
  noun: "schedule group",
  plural: "schedule groups",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/architect/schedulegroups", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("routing:scheduleGroup"),
  duplicate: unverifiedDuplicate("schedule group"),
  // The provider formats the (still empty) id where the name would go: `Failed to create schedule group  | …`.
  provider: {
    create: ["Failed to create schedule group %s | Error: %s %s"],
    update: ["Failed to update schedule group %s | Error: %s %s"],
    nameVerb: null,
  },
  sources: {
    name: src("architect_schedulegroups", "resource_genesyscloud_architect_schedulegroups_schema.go"),
    list: `${SDK} ArchitectApi.md getArchitectSchedulegroups`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("architect_schedulegroups"),
    importId: src("architect_schedulegroups", "resource_genesyscloud_architect_schedulegroups_schema.go"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};

export const ivr: KindSpec = {
  kind: "ivr",
  type: "genesyscloud_architect_ivr",
  noun: "IVR configuration",
  plural: "IVR configurations",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/architect/ivrs", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("routing:callRoute"),
  duplicate: unverifiedDuplicate("IVR configuration"),
  provider: {
    create: ["Failed to create IVR config %s error: %s"],
    update: ["Failed to update IVR config %s error: %s"],
  },
  sources: {
    name: src("architect_ivr", "resource_genesyscloud_architect_ivr_schema.go"),
    list: `${SDK} ArchitectApi.md getArchitectIvrs`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("architect_ivr"),
    importId: src("architect_ivr", "resource_genesyscloud_architect_ivr_schema.go"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};

export const emergencygroup: KindSpec = {
  kind: "emergencygroup",
  listsDeleted: true,
  type: "genesyscloud_architect_emergencygroup",
  noun: "emergency group",
  plural: "emergency groups",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/architect/emergencygroups", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("routing:emergencyGroup"),
  duplicate: unverifiedDuplicate("emergency group"),
  // Formats the (still empty) id where the name would go.
  provider: {
    create: ["Failed to create emergency group %s error: %s"],
    update: ["Failed to update emergency group %s error: %s"],
    nameVerb: null,
  },
  sources: {
    name: src("architect_emergencygroup"),
    list: `${SDK} ArchitectApi.md getArchitectEmergencygroups`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("architect_emergencygroup"),
    importId: src("architect_emergencygroup", "resource_genesyscloud_architect_emergencygroup_schema.go"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};

export const flow: KindSpec = {
  kind: "flow",
  type: "genesyscloud_flow",
  noun: "flow",
  plural: "flows",
  // The name and type live in the flow's YAML file (`filepath`, after `substitutions`), not in an attribute.
  name: { attribute: "name", field: "name", fromFlowFile: true },
  scope: { attribute: "type", field: "type" },
  list: { style: "pages", path: "/api/v2/flows", pageSize: 500, nameParam: "name" },
  importId: "id",
  permissions: {
    view: "architect:flow:view",
    add: "architect:job:create",
    edit: "architect:job:create",
    delete: "architect:flow:delete",
  },
  // A publish job takes over a flow of the same name and type instead of failing (docs/kinds.md, "Flows").
  duplicate: unverifiedDuplicate("flow"),
  takenOver: true,
  // flowName is the optional `name` attribute, else the literal "unavailable": the name is in the flow file.
  provider: {
    create: [
      "flow publish failed. JobID: %s, flowName: %s, tracing messages: %v ",
      "flow publish failed. JobID: %s, flowName: %s,  no tracing messages available",
    ],
    nameVerb: null,
  },
  sources: {
    name: src("architect_flow", "resource_genesyscloud_architect_flow_schema.go"),
    list: `${SDK} ArchitectApi.md getFlows`,
    duplicate: src("architect_flow", "resource_genesyscloud_flow.go"),
    provider: src("architect_flow", "resource_genesyscloud_flow.go"),
    importId: src("architect_flow", "resource_genesyscloud_architect_flow_schema.go"),
  },
  unverified: ["duplicate", "pageSize", "nameParam"],
};

export const datatable: KindSpec = {
  kind: "datatable",
  type: "genesyscloud_architect_datatable",
  noun: "data table",
  plural: "data tables",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/flows/datatables", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("architect:datatable"),
  duplicate: unverifiedDuplicate("data table"),
  provider: {
    create: ["Failed to create architect_datatable %s error: %s"],
    update: ["Failed to update architect_datatable %s, error: %s"],
  },
  sources: {
    name: src("architect_datatable", "resource_genesyscloud_architect_datatable_schema.go"),
    list: `${SDK} ArchitectApi.md getFlowsDatatables (name: wildcard, case-insensitive)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("architect_datatable"),
    importId: src("architect_datatable", "resource_genesyscloud_architect_datatable_schema.go"),
  },
  unverified: ["duplicate", "pageSize"],
};

export const prompt: KindSpec = {
  kind: "prompt",
  type: "genesyscloud_architect_user_prompt",
  noun: "user prompt",
  plural: "user prompts",
  name: { attribute: "name", field: "name" },
  list: {
    style: "pages",
    path: "/api/v2/architect/prompts",
    pageSize: 100,
    nameParam: "name",
    query: { includeMediaUris: "false", includeResources: "false" },
  },
  importId: "id",
  permissions: permissionsOf("architect:userPrompt"),
  duplicate: unverifiedDuplicate("user prompt"),
  provider: { create: ["Failed to create user prompt %s: %s"], update: ["Failed to update user prompt %s: %s"] },
  sources: {
    name: src("architect_user_prompt", "resource_architect_user_prompt_schema.go"),
    list: `${SDK} ArchitectApi.md getArchitectPrompts`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("architect_user_prompt", "resource_genesyscloud_architect_user_prompt.go"),
    importId: src("architect_user_prompt", "resource_architect_user_prompt_schema.go"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};

export const grammar: KindSpec = {
  kind: "grammar",
  type: "genesyscloud_architect_grammar",
  noun: "grammar",
  plural: "grammars",
  name: { attribute: "name", field: "name" },
  list: { style: "pages", path: "/api/v2/architect/grammars", pageSize: 100, nameParam: "name" },
  importId: "id",
  permissions: permissionsOf("architect:grammar"),
  duplicate: unverifiedDuplicate("grammar"),
  // Formats the (still empty) id where the name would go.
  provider: {
    create: ["Failed to create grammar %s error: %s"],
    update: ["Failed to update grammar: %s error: %s"],
    nameVerb: null,
  },
  sources: {
    name: src("architect_grammar", "resource_genesyscloud_architect_grammar_schema.go"),
    list: `${SDK} ArchitectApi.md getArchitectGrammars`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("architect_grammar"),
    importId: src("architect_grammar", "resource_genesyscloud_architect_grammar_schema.go"),
  },
  unverified: ["scope", "duplicate", "pageSize", "nameParam"],
};
