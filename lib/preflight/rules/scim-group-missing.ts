/**
 * GCG301: a group lookup (`data.genesyscloud_group`) names a group the org does not have and the plan does not
 * create. SCIM cannot create groups (no POST /groups in SCIM v2, docs/genesys-api.md §7.1): the IdP only fills groups
 * that already exist with its exact display name, so the lookup fails and the IdP sync never fills the group.
 */

import { known } from "../../org/planned";
import { SCIM_CANNOT_CREATE_GROUPS } from "../../messages";
import { nameKey } from "../../names";
import type { FindingDraft, RuleDefinition } from "../model";
import type { PlannedChange, StackPlan } from "../../plan/model";
import { changesOf, quote } from "./shared";

function createdByPlan(plan: StackPlan, key: string): boolean {
  return plan.changes.some((c) => {
    const name = known(c.after?.name);
    return (
      c.mode === "managed" &&
      c.type === "genesyscloud_group" &&
      c.action !== "delete" &&
      !!name &&
      nameKey(name) === key
    );
  });
}

function finding(lookup: PlannedChange, name: string): FindingDraft {
  return {
    address: lookup.address,
    message: `no group named ${quote(name)} exists in the org, and this stack does not create one`,
    detail:
      `${lookup.address} looks up the group ${quote(name)}, but the org has no group with that name (compared ` +
      `trimmed and case-insensitively), and no resource in this stack creates it. The lookup fails, and ` +
      `${SCIM_CANNOT_CREATE_GROUPS}, so waiting for the sync will not help.`,
    remediation:
      `Create the group: make it a ScimGroup in mode managed (the default) with the exact display name the ` +
      `identity provider sends, so Terraform creates it and SCIM fills it. Or, if the group exists under another ` +
      `name, fix the name in the lookup.`,
  };
}

export const scimGroupMissingRule: RuleDefinition = {
  id: "scim-group-missing",
  code: "GCG301",
  title: "Looked-up groups exist",
  description: "Every group the stack looks up by name exists in the org or is created by the stack.",
  check: ({ plan, org }) => {
    const lookups = changesOf(plan, "data", "genesyscloud_group");
    const findings: FindingDraft[] = [];
    for (const lookup of lookups) {
      const name = known(lookup.after?.name);
      if (!name) continue; // a name resolved at apply time cannot be checked
      const key = nameKey(name);
      if ((org.groupsByName.get(key) ?? []).length > 0 || createdByPlan(plan, key)) continue;
      findings.push(finding(lookup, name));
    }
    return { applicable: lookups.length > 0, findings };
  },
};
