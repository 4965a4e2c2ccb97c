/**
 * GCG102: two resources of one stack create (or rename to) the same name. Genesys names are unique per kind,
 * compared trimmed and case-insensitively (docs/genesys-api.md §9), so whichever create runs second fails.
 */

import type { PlannedName } from "../../org/planned";
import { plannedNames } from "../../org/planned";
import { scopedKey } from "../../org/planned";
import type { FindingDraft, RuleDefinition } from "../model";

import { quote } from "./shared";

function describe(p: PlannedName): string {
  return p.renamedFrom ? `${p.change.address} (renamed from ${quote(p.renamedFrom)})` : p.change.address;
}

function finding(same: readonly PlannedName[]): FindingDraft {
  const sorted = [...same].sort((a, b) => (a.change.address < b.change.address ? -1 : 1));
  const first = sorted[0] as PlannedName;
  const { noun, plural } = first.spec;
  const addresses = sorted.map((p) => p.change.address);
  return {
    address: first.change.address,
    message: `${sorted.length} ${plural} in this stack are named ${quote(first.name)}: ${addresses.join(", ")}`,
    detail:
      `The plan gives the same ${noun} name to ${sorted.map(describe).join(", ")}. Genesys keeps ${noun} ` +
      `names unique (compared trimmed and case-insensitively), so the first change succeeds and the others fail, ` +
      `leaving the apply part-way.`,
    remediation:
      `Give each ${noun} its own name, or keep one resource and point the others' references at it ` +
      `(remove ${addresses.slice(1).join(", ")}).`,
  };
}

export const duplicateInPlanRule: RuleDefinition = {
  id: "duplicate-in-plan",
  code: "GCG102",
  title: "Planned names are unique within the stack",
  description: "No two objects of one kind that the plan creates or renames share a name.",
  check: ({ plan }) => {
    const planned = plannedNames(plan);
    const byName = new Map<string, PlannedName[]>();
    for (const p of planned) {
      const key = `${p.kind}\u0000${scopedKey(p.name, p.scope)}`;
      byName.set(key, [...(byName.get(key) ?? []), p]);
    }
    const findings = [...byName.values()].filter((same) => same.length > 1).map(finding);
    return { applicable: planned.length > 0, findings };
  },
};
