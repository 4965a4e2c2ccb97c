/**
 * Outbound's kinds: contact lists, campaigns, callable time sets, DNC lists, rule sets and attempt limits. Their
 * listings filter by name prefix by default (`filterType=Prefix`), so a query finds the name and longer ones; whether
 * the filter ignores case is unverified. Facts and their sources: docs/kinds.md, "Outbound".
 */
import type { KindSpec } from "../kind-spec";
import { PROVIDER, SDK, unverifiedDuplicate } from "./shared";

const src = (dir: string, file = `resource_genesyscloud_${dir}.go`) => `${PROVIDER} genesyscloud/${dir}/${file}`;
const schema = (dir: string) => src(dir, `resource_genesyscloud_${dir}_schema.go`);

function outbound(
  kind: KindSpec["kind"],
  dir: string,
  noun: string,
  plural: string,
  path: string,
  entity: string,
  provider: KindSpec["provider"],
  sdkOperation: string,
): KindSpec {
  return {
    kind,
    type: `genesyscloud_${dir}`,
    noun,
    plural,
    name: { attribute: "name", field: "name" },
    list: { style: "pages", path, pageSize: 100, nameParam: "name" },
    importId: "id",
    permissions: {
      view: `outbound:${entity}:view`,
      add: `outbound:${entity}:add`,
      edit: `outbound:${entity}:edit`,
      delete: `outbound:${entity}:delete`,
    },
    duplicate: unverifiedDuplicate(noun),
    provider,
    sources: {
      name: schema(dir),
      list: `${SDK} OutboundApi.md ${sdkOperation} (name: prefix by default)`,
      duplicate: "unverified (docs/kinds.md)",
      provider: src(dir),
      importId: schema(dir),
    },
    unverified: ["scope", "duplicate"],
  };
}

export const contactlist = outbound(
  "contactlist",
  "outbound_contact_list",
  "contact list",
  "contact lists",
  "/api/v2/outbound/contactlists",
  "contactList",
  {
    create: ["Failed to create Outbound Contact List %s error: %s"],
    update: ["Failed to update Outbound contact list %s error: %s"],
  },
  "getOutboundContactlists",
);

export const campaign = outbound(
  "campaign",
  "outbound_campaign",
  "campaign",
  "campaigns",
  "/api/v2/outbound/campaigns",
  "campaign",
  {
    create: ["Failed to create Outbound Campaign %s error: %s"],
    update: ["Failed to update campaign %s error: %s", "Failed to update Outbound Campaign %s error: %s"],
  },
  "getOutboundCampaigns",
);

export const callabletimeset = outbound(
  "callabletimeset",
  "outbound_callabletimeset",
  "callable time set",
  "callable time sets",
  "/api/v2/outbound/callabletimesets",
  "callableTimeSet",
  {
    create: ["Failed to create Outbound Callabletimeset %s error: %s"],
    update: ["Failed to update Outbound Callabletimeset %s error: %s"],
  },
  "getOutboundCallabletimesets",
);

export const dnclist = outbound(
  "dnclist",
  "outbound_dnclist",
  "DNC list",
  "DNC lists",
  "/api/v2/outbound/dnclists",
  "dncList",
  {
    // The same words report a failed phone-number upload after the create (the detail's path tells them apart).
    create: ["Failed to create Outbound DNC list %s error: %s"],
    update: ["Failed to update Outbound DNC list %s error: %s"],
  },
  "getOutboundDnclists",
);

export const ruleset = outbound(
  "ruleset",
  "outbound_ruleset",
  "rule set",
  "rule sets",
  "/api/v2/outbound/rulesets",
  "ruleSet",
  { create: ["Failed to create ruleset %s error: %s"], update: ["Failed to update ruleset %s error: %s"] },
  "getOutboundRulesets",
);

export const attemptlimit: KindSpec = {
  ...outbound(
    "attemptlimit",
    "outbound_attempt_limit",
    "attempt limit",
    "attempt limits",
    "/api/v2/outbound/attemptlimits",
    "attemptLimits",
    {
      create: ["Failed to create  Outbound Attempt Limit %s error: %s"],
      update: ["Failed to update outbound attempt limit %s error: %s"],
    },
    "getOutboundAttemptlimits",
  ),
  // The schema lives beside the resource in this package.
  sources: {
    name: src("outbound_attempt_limit"),
    list: `${SDK} OutboundApi.md getOutboundAttemptlimits (name: prefix by default)`,
    duplicate: "unverified (docs/kinds.md)",
    provider: src("outbound_attempt_limit"),
    importId: src("outbound_attempt_limit"),
  },
};
