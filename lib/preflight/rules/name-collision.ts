/**
 * GCG101: a planned create or rename takes a name one existing object of its kind already has. Genesys names are
 * unique per kind, compared trimmed and case-insensitively (docs/genesys-api.md §9), and the provider creates with a
 * plain POST, with no name pre-check and no adoption (docs/terraform-provider.md §4.2), so the apply fails part-way.
 */
import type { PlannedName } from "../../org/planned";
import { plannedName } from "../../org/planned";
import { importAdvice } from "../../messages";
import type { FindingDraft, RuleDefinition } from "../model";
import type { KindSpec } from "../../org/kinds";
import type { OrgObject } from "../../org/view";
import type { StackPlan } from "../../plan/model";

import { describeObject, managedElsewhere, plannedNamesakes, quote } from "./shared";

/** Why the change fails: names are unique per kind, and the provider neither checks nor adopts. */
function why(renames: boolean, spec: KindSpec): string {
  if (spec.takenOver)
    return (
      `A ${spec.noun}'s name is unique per ${spec.scope?.attribute ?? "org"}, and the provider publishes with no name ` +
      `check: the publish takes the existing ${spec.noun} over (a new version of it, its id into this state) ` +
      "instead of failing, so whatever that object was, this apply overwrites it."
    );
  return (
    "Genesys keeps names unique per kind (compared trimmed and case-insensitively), and the provider " +
    (renames ? "renames with a plain PUT" : "creates with a plain POST, with no name check and no adoption") +
    ", so the apply fails at this resource and stops part-way."
  );
}

function finding(plan: StackPlan, planned: PlannedName, existing: OrgObject): FindingDraft {
  const { change, spec, name, renamedFrom } = planned;
  const kind = spec.noun;
  const address = change.address;
  const scim =
    planned.kind === "group" ? " SCIM also matches groups by display name, so two such groups confuse the IdP." : "";
  const owner = managedElsewhere(plan, change, existing.id);
  if (owner) {
    const leaves =
      owner.action === "delete" || owner.action === "replace"
        ? `${owner.action}s`
        : plannedName(owner)
          ? "renames"
          : "";
    return {
      address,
      message: `the ${kind} name ${quote(name)} is already used by ${owner.address}, in this stack`,
      detail:
        `${address} would ${renamedFrom ? "rename a " + kind : "create a new " + kind} named ${quote(name)}, but ` +
        `${owner.address} already manages ${describeObject(existing)}` +
        (leaves ? `, which this plan ${leaves}; Terraform does not order that before this change. ` : ". ") +
        why(renamedFrom !== undefined, spec),
      remediation:
        leaves === "renames"
          ? `Apply the rename of ${owner.address} on its own first (a separate apply), then this change.`
          : leaves
            ? `If both addresses mean the same ${kind} (a changed construct id or resource name), move it instead ` +
              `of deleting and recreating it: a moved block from ${owner.address} to ${address}. Otherwise give ` +
              `one of them another name.`
            : `Keep one resource for this ${kind}: remove ${address} or ${owner.address}, or give one of them ` +
              `another name.`,
      objects: [existing],
    };
  }
  if (renamedFrom) {
    return {
      address,
      message: `renaming the ${kind} ${quote(renamedFrom)} to ${quote(name)} collides with an existing ${kind}`,
      detail: `The org already has the ${kind} ${describeObject(existing)}. ${why(true, spec)}${scim}`,
      remediation:
        `Choose a name no other ${kind} uses, or free this one first: rename or delete ${describeObject(existing)} ` +
        `in Genesys, or, if that ${kind} is the one you want, remove ${address} and adopt ${existing.id} instead.`,
      objects: [existing],
    };
  }
  return {
    address,
    message: `a ${kind} named ${quote(name)} already exists in the org (id ${existing.id})`,
    detail: `${address} would create a new ${kind}, but the org already has ${describeObject(existing)}. ${why(false, spec)}${scim}`,
    remediation:
      `Adopt the existing ${kind}: ${importAdvice(existing.id, address)} (an import block; --write-imports ` +
      `writes it). Or, if it is a different ${kind}, give the new one another name.`,
    objects: [existing],
    adoption: { address, id: existing.id, name: existing.name },
  };
}

export const nameCollisionRule: RuleDefinition = {
  id: "name-collision",
  code: "GCG101",
  title: "Planned names are free in the org",
  description:
    "No object the plan creates or renames takes the name of an existing object of its kind (every kind in " +
    "`gcguard preflight --list-kinds`).",
  check: ({ plan, org }) => {
    const { applicable, namesakes } = plannedNamesakes(plan, org);
    const findings: FindingDraft[] = [];
    // Two or more namesakes: adopting either is a guess (ambiguous-name, GCG103).
    for (const { planned, existing } of namesakes)
      if (existing.length === 1 && existing[0]) findings.push(finding(plan, planned, existing[0]));
    return { applicable, findings };
  },
};
