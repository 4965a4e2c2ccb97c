/**
 * GCG401, the queues the plan adopts or updates that the credentials could not read by id. Genesys answers a queue
 * listing only with the queues in divisions where the caller holds routing:queue:view (docs/genesys-api.md §5.1), so
 * a queue in a hidden division (the BPO case: a client limited to some divisions) simply does not come back, and the
 * checks on it (its direct members, lib/preflight/rules/membership-trap.ts) would pass it unseen.
 */
import { known } from "../../org/planned";
import type { Division } from "../../genesys/schemas";
import { KIND_OF_TYPE } from "../../org/kinds";
import type { OrgView } from "../../org/view";
import type { PlannedChange, StackPlan } from "../../plan/model";
import type { FindingDraft } from "../model";
import { divisionObject, quote } from "./shared";

/** The queue id a change adopts or updates: the ids lib/org/read.ts reads by id. */
function queueIdOf(c: PlannedChange): string | undefined {
  if (KIND_OF_TYPE[c.type] !== "queue" || (c.action !== "import" && c.action !== "update")) return undefined;
  return c.importId ?? known(c.before?.id);
}

/** The division the plan says the queue is in (state) or goes to (config), when the plan knows it. */
function plannedDivision(c: PlannedChange): string | undefined {
  return known(c.before?.division_id) ?? known(c.after?.division_id);
}

function describeDivision(id: string, hidden: Division | undefined): string {
  return hidden ? `${quote(hidden.name)} (id ${id})` : `id ${id}`;
}

function unseenFinding(c: PlannedChange, id: string, org: OrgView): FindingDraft {
  const divisionId = plannedDivision(c);
  const hidden = divisionId ? org.hiddenDivisions.find((d) => d.id === divisionId) : undefined;
  const verb = c.action === "import" ? "adopts" : "updates";
  const where = hidden
    ? `it is in the division ${describeDivision(hidden.id, hidden)}, which these credentials cannot see`
    : `it is in a division these credentials cannot see${divisionId ? ` (the plan says division id ${divisionId})` : ""}, or it does not exist`;
  return {
    address: c.address,
    message: `${c.address} ${verb} the queue ${id}, which these credentials cannot read: ${where}`,
    detail:
      `A queue listing by id left out ${id}, so nothing about it (its name, its direct members) could be checked. ` +
      `The apply, run with credentials that can see it, would ${verb === "adopts" ? "adopt" : "update"} it unchecked.`,
    remediation:
      "Run the preflight with credentials whose role grants routing:queue:view in that division (or all " +
      "divisions), or fix the queue id if the queue no longer exists.",
    ...(hidden ? { objects: [divisionObject(hidden)] } : {}),
  };
}

/** One finding per queue the plan adopts or updates that did not come back when read by id. */
export function unseenQueueFindings(plan: StackPlan, org: OrgView): FindingDraft[] {
  return plan.changes.flatMap((c) => {
    const id = queueIdOf(c);
    return id === undefined || org.queuesById.has(id) ? [] : [unseenFinding(c, id, org)];
  });
}
