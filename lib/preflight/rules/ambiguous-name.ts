/**
 * GCG103: a planned create or rename takes a name that two or more existing objects of its kind already share.
 * The create fails like any collision (GCG101), but adopting one of them would be a guess, so no adoption is offered.
 */
import type { PlannedName } from "../../org/planned";
import type { FindingDraft, RuleDefinition } from "../model";
import type { OrgObject } from "../../org/view";

import { describeObject, listSome, plannedNamesakes, quote } from "./shared";

function finding(planned: PlannedName, existing: readonly OrgObject[]): FindingDraft {
  const { change, spec, name, renamedFrom } = planned;
  const kind = spec.noun;
  const doing = renamedFrom
    ? `renaming the ${kind} ${quote(renamedFrom)} to ${quote(name)}`
    : `creating ${quote(name)}`;
  return {
    address: change.address,
    message: `${existing.length} existing ${spec.plural} are already named ${quote(name)}`,
    detail:
      `${change.address} is ${doing}, but the org already has ${existing.length} ${spec.plural} with that name ` +
      `(compared trimmed and case-insensitively): ${listSome(existing.map(describeObject))}. The ${renamedFrom ? "rename" : "create"} ` +
      `fails on the name, and adopting one of them would be a guess, so gcguard offers no import.`,
    remediation:
      `Decide which ${kind} this resource is. Rename or delete the others in Genesys so that one ${kind} has the ` +
      `name, then adopt it by id (an import block into ${change.address}); or give this ${kind} another name.`,
    objects: existing,
  };
}

export const ambiguousNameRule: RuleDefinition = {
  id: "ambiguous-name",
  code: "GCG103",
  title: "Planned names match at most one existing object",
  description: "No object the plan creates or renames takes a name several existing objects of its kind share.",
  check: ({ plan, org }) => {
    const { applicable, namesakes } = plannedNamesakes(plan, org);
    const findings = namesakes.filter((n) => n.existing.length > 1).map((n) => finding(n.planned, n.existing));
    return { applicable, findings };
  },
};
