/**
 * GCG401 (unverified): what the preflight could not check. (a) Queues in divisions the credentials cannot see are
 * invisible to the queue listing, so a planned queue name could collide there unseen. (b) The apply needs
 * permissions the credentials lack, so the checks that depend on them could not run as the apply will. (c) A queue the
 * plan adopts or updates did not come back when read by id (lib/preflight/rules/unseen-queues.ts).
 */
import { plannedNames } from "../../org/planned";
import type { FindingDraft, RuleDefinition } from "../model";
import { listSome, plural, quote } from "./shared";
import { unseenQueueFindings } from "./unseen-queues";

export const visibilityRule: RuleDefinition = {
  id: "visibility",
  code: "GCG401",
  title: "The preflight sees everything the plan touches",
  description:
    "The credentials see every division's queues, every queue the plan adopts or updates, and hold every " +
    "permission the apply needs.",
  check: ({ plan, org }) => {
    const findings: FindingDraft[] = [];
    const queues = plannedNames(plan).filter((p) => p.kind === "queue");
    const hidden = org.hiddenDivisions;
    if (hidden.length > 0 && queues.length > 0) {
      findings.push({
        message: `${plural(hidden.length, "division")} hidden from these credentials could hold a queue named like a planned one`,
        detail:
          `The plan creates or renames ${plural(queues.length, "queue")} (${listSome(queues.map((q) => quote(q.name)))}), ` +
          `but the credentials cannot see the queues in ${listSome(hidden.map((d) => `${quote(d.name)} (id ${d.id})`))}. ` +
          `Queue names are unique across the org, so a collision there would fail the apply and cannot be checked here.`,
        remediation:
          "Run the preflight with credentials whose role grants routing:queue:view in all divisions, or check " +
          "those divisions for these queue names by hand.",
        objects: hidden.map((d) => ({ id: d.id, name: d.name, kind: "division" as const })),
      });
    }
    if (org.missingPermissions.length > 0) {
      const missing = [...org.missingPermissions].sort();
      findings.push({
        message: `the credentials lack ${plural(missing.length, "permission")} the apply needs: ${listSome(missing, 5)}`,
        detail:
          `Missing: ${missing.join(", ")}. The apply (or the checks that read what it will touch) fails with 403 ` +
          `where one of these is needed, and the preflight could not verify what lies behind them.`,
        remediation:
          "Grant these permissions to a role of the OAuth client the apply uses (in the divisions the plan " +
          "touches), then run the preflight again.",
      });
    }
    findings.push(...unseenQueueFindings(plan, org));
    return { applicable: findings.length > 0, findings };
  },
};
