/**
 * Which of a plan's resource types the gate checks. A type in the kinds table is checked; a Genesys type whose
 * objects carry no name that must be unique (roles granted to a user, an org's settings) has nothing to check; any
 * other Genesys type is not checked, and the report lists it so that a collision there is never passed in silence
 * (`--require-coverage` makes it fail closed). The plan readers keep Genesys types only (lib/plan/inputs/): other
 * providers' resources are not objects in the org.
 */
import type { PlannedChange, StackPlan } from "../plan/model";
import type { Kind } from "./kinds";
import { specOfType } from "./kinds";
import { UNNAMED_TYPES } from "./kind-table/unnamed";

export interface CheckedType {
  readonly type: string;
  readonly kind: Kind;
  /** Planned creates, updates, replaces and imports of the type. */
  readonly changes: number;
}

export interface UncheckedType {
  readonly type: string;
  readonly changes: number;
  /**
   * `unknown-type`: a Genesys type gcguard does not know (a collision there would pass); `no-unique-name`: nothing
   * of it can collide (lib/org/kind-table/unnamed.ts).
   */
  readonly reason: "unknown-type" | "no-unique-name";
}

export interface Coverage {
  readonly checked: readonly CheckedType[];
  readonly notChecked: readonly UncheckedType[];
}

/** Changes that can give an object a name: what a collision needs. Deletes and no-ops cannot. */
const NAMING: ReadonlySet<PlannedChange["action"]> = new Set(["create", "update", "replace", "import"]);

export function reasonNotChecked(type: string): UncheckedType["reason"] {
  return UNNAMED_TYPES[type] !== undefined ? "no-unique-name" : "unknown-type";
}

export function coverageOf(plan: StackPlan): Coverage {
  const counts = new Map<string, number>();
  for (const c of plan.changes)
    if (c.mode === "managed" && NAMING.has(c.action)) counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
  const checked: CheckedType[] = [];
  const notChecked: UncheckedType[] = [];
  for (const [type, changes] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const spec = specOfType(type);
    if (spec) checked.push({ type, kind: spec.kind, changes });
    else notChecked.push({ type, changes, reason: reasonNotChecked(type) });
  }
  return { checked, notChecked };
}

/** The Genesys types a collision could hide in: what `--require-coverage` fails on. */
export function uncovered(coverage: Coverage): UncheckedType[] {
  return coverage.notChecked.filter((t) => t.reason === "unknown-type");
}
