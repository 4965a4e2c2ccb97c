/**
 * The names a plan gives objects of the kinds gcguard checks (lib/org/kinds.ts): which change creates or renames
 * what, under which name and scope. The org reads (lib/org/read.ts) look these names up; the rules compare them.
 */
import { nameKey } from "../names";
import type { PlannedChange, StackPlan } from "../plan/model";
import type { KindSpec } from "./kind-spec";
import type { Kind } from "./kinds";
import { specOfType } from "./kinds";

/** A name the plan gives an object of a checked kind: a create, or a rename of an object in state. */
export interface PlannedName {
  readonly change: PlannedChange;
  readonly kind: Kind;
  readonly spec: KindSpec;
  readonly name: string;
  /** The scope the name must be unique in (a flow's type), as the API spells it; absent: the whole org. */
  readonly scope?: string;
  /** The name in state, when the change renames an existing object. */
  readonly renamedFrom?: string;
}

/** A string value known at plan time: not absent, not empty (the inputs drop expressions resolved at apply). */
export function known(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** The name attribute's value in a change's planned (`after`) or prior (`before`) attributes. */
export function nameIn(spec: KindSpec, attributes: Readonly<Record<string, unknown>> | undefined): string | undefined {
  return known(attributes?.[spec.name.attribute]);
}

/** The API's spelling of the scope a change's object lives in (a flow's type), when the kind has one. */
export function scopeOf(spec: KindSpec, change: PlannedChange): string | undefined {
  if (!spec.scope) return undefined;
  const value = known(change.after?.[spec.scope.attribute]) ?? known(change.before?.[spec.scope.attribute]);
  return value === undefined ? undefined : (spec.scope.values?.[value] ?? value);
}

/** Two objects of one kind clash when their scoped keys are equal: the scope (case-insensitive) and the name key. */
export function scopedKey(name: string, scope: string | undefined): string {
  return scope === undefined ? nameKey(name) : `${scope.toLowerCase()}\u0000${nameKey(name)}`;
}

/** The name a change gives its object, if it creates it or renames it (names compared with `nameKey`). */
export function plannedName(change: PlannedChange): PlannedName | undefined {
  const spec = specOfType(change.type);
  if (change.mode !== "managed" || !spec || change.unknown?.[spec.name.attribute]) return undefined;
  if (spec.adoptsWhenSet && known(change.after?.[spec.adoptsWhenSet])) return undefined;
  const name = nameIn(spec, change.after);
  if (!name) return undefined;
  const scope = scopeOf(spec, change);
  const base = { change, kind: spec.kind, spec, name, ...(scope !== undefined ? { scope } : {}) };
  if (change.action === "create") return base;
  const before = nameIn(spec, change.before);
  const renames = change.action === "update" || change.action === "replace" || change.action === "import";
  if (renames && before && nameKey(before) !== nameKey(name)) return { ...base, renamedFrom: before };
  return undefined;
}

export function plannedNames(plan: StackPlan): PlannedName[] {
  return plan.changes.map(plannedName).filter((p): p is PlannedName => p !== undefined);
}

/** A planned change of a checked kind whose name gcguard cannot know before apply, and why. */
export interface UnknownName {
  readonly change: PlannedChange;
  readonly spec: KindSpec;
  readonly why: string;
}

const NAMING: ReadonlySet<PlannedChange["action"]> = new Set(["create", "update", "replace", "import"]);

/** The checked kinds' creates, renames and imports whose name is unknown until apply (nothing to compare yet). */
export function unknownNames(plan: StackPlan): UnknownName[] {
  return plan.changes.flatMap((change) => {
    const spec = specOfType(change.type);
    const why = spec ? change.unknown?.[spec.name.attribute] : undefined;
    return spec && why && change.mode === "managed" && NAMING.has(change.action) ? [{ change, spec, why }] : [];
  });
}

/** The names to look up for one kind: planned creates and renames, and (for lookups) the data sources' names. */
export function namesToLookUp(plan: StackPlan, kind: Kind): string[] {
  const names = new Set<string>();
  for (const p of plannedNames(plan)) if (p.kind === kind) names.add(p.name);
  for (const c of plan.changes) {
    const spec = specOfType(c.type);
    const name = spec && c.mode === "data" ? nameIn(spec, c.after) : undefined;
    if (spec?.kind === kind && name) names.add(name);
  }
  return [...names];
}
