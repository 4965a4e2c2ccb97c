/**
 * GCG104 (unverified, with `--require-coverage` only): the plan creates, renames or imports objects of a Genesys
 * type gcguard does not check (not in the kinds table, lib/org/kind-table/), so a name collision there would pass
 * the gate and fail the apply. Without the option the report still lists such types as not checked
 * (lib/org/coverage.ts); with it, the gate fails closed on them (exit 3).
 */
import { coverageOf, uncovered } from "../../org/coverage";
import type { FindingDraft, RuleDefinition } from "../model";
import type { StackPlan } from "../../plan/model";
import { plural } from "./shared";

function finding(plan: StackPlan, type: string, changes: number): FindingDraft {
  const addresses = plan.changes.filter((c) => c.type === type && c.mode === "managed").map((c) => c.address);
  return {
    ...(addresses[0] ? { address: addresses[0] } : {}),
    message: `${plural(changes, `${type} change`)} not checked: gcguard does not know how to look up this type's names`,
    detail:
      `The plan creates, renames or imports ${plural(changes, "resource")} of type ${type} ` +
      `(${addresses.slice(0, 5).join(", ")}${addresses.length > 5 ? ", ..." : ""}). gcguard has no entry for the ` +
      "type in its kinds table, so it cannot tell whether their names are free in the org.",
    remediation:
      "Check these names in Genesys by hand before applying, or run without --require-coverage to accept the gap " +
      "(`gcguard preflight --list-kinds` lists the types gcguard checks).",
  };
}

export const typeNotCheckedRule: RuleDefinition = {
  id: "type-not-checked",
  code: "GCG104",
  title: "Every Genesys type the plan names is checked",
  description:
    "With --require-coverage: no planned create, rename or import is of a Genesys type gcguard cannot check.",
  check: ({ plan }) => {
    const missing = uncovered(coverageOf(plan));
    return { applicable: true, findings: missing.map((t) => finding(plan, t.type, t.changes)) };
  },
};
