/**
 * GCG106 (warning): a planned user's email belongs to a deleted user. The provider does not create a new user then:
 * it restores the deleted one (same id, back in the Home division, without the roles, stations or extension it had)
 * and applies the configuration to it (docs/kinds.md, "Users and routing"). That is often what a team wants when a
 * person returns, and a surprise when the email was reused for someone else; the apply does not fail either way.
 */
import type { PlannedName } from "../../org/planned";
import { plannedNames } from "../../org/planned";
import type { FindingDraft, RuleDefinition } from "../model";
import type { OrgObject } from "../../org/view";

import { deletedNamed, describeObject, quote } from "./shared";

function finding(planned: PlannedName, deleted: OrgObject): FindingDraft {
  const address = planned.change.address;
  return {
    address,
    message: `the email ${quote(planned.name)} belongs to a deleted user, whom the apply would restore (id ${deleted.id})`,
    detail:
      `${address} would create a user with the email ${quote(planned.name)}, but the org has the deleted user ` +
      `${describeObject(deleted)}. The provider restores that user instead of creating one: it keeps its old id and ` +
      "history, comes back without the roles, stations and extension it had, and takes this configuration.",
    remediation:
      `If this is the same person, nothing to do (or import ${deleted.id} to make the adoption explicit). If the ` +
      "email now belongs to someone else, use another email, or remove the deleted user's record in Genesys first.",
    objects: [deleted],
  };
}

export const deletedUserRule: RuleDefinition = {
  id: "deleted-user-restored",
  code: "GCG106",
  title: "Planned users do not silently restore deleted ones",
  description: "No user the plan creates has the email of a deleted user, whom the provider would restore instead.",
  check: ({ plan, org }) => {
    const users = plannedNames(plan).filter((p) => p.kind === "user" && p.renamedFrom === undefined);
    const findings = users.flatMap((p) =>
      deletedNamed(org, p)
        .slice(0, 1)
        .map((d) => finding(p, d)),
    );
    return { applicable: users.length > 0, findings };
  },
};
