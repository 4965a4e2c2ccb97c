/**
 * Builders for rule tests: planned changes, org objects, and an OrgView with empty defaults, so each test states
 * only what it is about.
 */
import type { Division, Group, Queue, User } from "../../../lib/genesys/schemas";
import type { Kind } from "../../../lib/org/kinds";
import { scopedKey } from "../../../lib/org/planned";
import type { Dependents, OrgObject, OrgView } from "../../../lib/org/view";
import type { PlannedChange, StackPlan } from "../../../lib/plan/model";
import type { RuleDefinition, RuleResult } from "../../../lib/preflight/model";
import { nameKey } from "../../../lib/names";

type Attrs = Record<string, unknown>;
type Extra = Partial<Omit<PlannedChange, "address" | "mode" | "type" | "action">>;

/** `genesyscloud_group.x` → `genesyscloud_group`; `data.genesyscloud_group.x` → a data source of that type. */
function parse(address: string): Pick<PlannedChange, "address" | "mode" | "type"> {
  const data = address.startsWith("data.");
  const type = (data ? address.slice(5) : address).split(".")[0] ?? "";
  return { address, mode: data ? "data" : "managed", type };
}

export function create(address: string, after: Attrs, extra: Extra = {}): PlannedChange {
  return { ...parse(address), action: "create", after, ...extra };
}

export function update(address: string, before: Attrs, after: Attrs, extra: Extra = {}): PlannedChange {
  return { ...parse(address), action: "update", before, after, ...extra };
}

export function replace(address: string, before: Attrs, after: Attrs, extra: Extra = {}): PlannedChange {
  return { ...parse(address), action: "replace", before, after, ...extra };
}

export function remove(address: string, before: Attrs, extra: Extra = {}): PlannedChange {
  return { ...parse(address), action: "delete", before, ...extra };
}

export function noOp(address: string, state: Attrs, extra: Extra = {}): PlannedChange {
  return { ...parse(address), action: "no-op", before: state, after: state, ...extra };
}

export function adopt(address: string, importId: string, after: Attrs, extra: Extra = {}): PlannedChange {
  return { ...parse(address), action: "import", importId, after, ...extra };
}

/** A data source query, e.g. `lookup("data.genesyscloud_group.tier1", "Tier 1")`. */
export function lookup(address: string, name: string): PlannedChange {
  return { ...parse(address), action: "read", after: { name } };
}

export function plan(...changes: PlannedChange[]): StackPlan {
  return { stack: "test", source: "test fixture", changes };
}

export function division(id: string, name: string, extra: Partial<Division> = {}): Division {
  return { id, name, ...extra };
}

export function group(id: string, name: string, extra: Partial<Group> = {}): Group {
  return { id, name, ...extra };
}

export function queue(id: string, name: string, extra: Partial<Queue> = {}): Queue {
  return { id, name, ...extra };
}

export function user(id: string, name: string, extra: Partial<User> = {}): User {
  return { id, name, ...extra };
}

export function dependents(
  users: readonly User[],
  queues: readonly Queue[] = [],
  totals: Partial<{ users: number; queues: number }> = {},
): Dependents {
  return {
    users: { total: totals.users ?? users.length, sample: users },
    queues: { total: totals.queues ?? queues.length, sample: queues },
  };
}

export interface OrgParts {
  readonly divisions?: readonly Division[];
  /** Defaults to the division flagged `homeDivision`, if any. */
  readonly home?: Division;
  readonly groups?: readonly Group[];
  /** Visible queues: indexed by name and by id. */
  readonly queues?: readonly Queue[];
  readonly groupMembers?: Readonly<Record<string, readonly User[]>>;
  readonly divisionDependents?: Readonly<Record<string, Dependents>>;
  readonly hiddenDivisions?: readonly Division[];
  readonly missingPermissions?: readonly string[];
  /** Objects of the table-driven kinds (skills, wrap-up codes, users, ...). */
  readonly named?: readonly OrgObject[];
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(nameKey(item.name), [...(map.get(nameKey(item.name)) ?? []), item]);
  return map;
}

/** Objects of the table-driven kinds, keyed as lib/org/named.ts keys them. */
function namedView(objects: readonly OrgObject[]): OrgView["named"] {
  const out = new Map<Kind, Map<string, OrgObject[]>>();
  for (const o of objects) {
    const byKey = out.get(o.kind) ?? new Map<string, OrgObject[]>();
    const key = scopedKey(o.name, o.scope);
    byKey.set(key, [...(byKey.get(key) ?? []), o]);
    out.set(o.kind, byKey);
  }
  return out;
}

export function org(parts: OrgParts = {}): OrgView {
  const divisions = parts.divisions ?? [];
  const home = parts.home ?? divisions.find((d) => d.homeDivision === true);
  const queues = parts.queues ?? [];
  return {
    description: "test org",
    divisions,
    ...(home ? { home } : {}),
    groupsByName: byName(parts.groups ?? []),
    queuesByName: byName(queues),
    queuesById: new Map(queues.map((q) => [q.id, q])),
    named: namedView(parts.named ?? []),
    groupMembers: new Map(Object.entries(parts.groupMembers ?? {})),
    divisionDependents: new Map(Object.entries(parts.divisionDependents ?? {})),
    hiddenDivisions: parts.hiddenDivisions ?? [],
    missingPermissions: parts.missingPermissions ?? [],
  };
}

/** Runs a rule; `org` defaults to an empty org. */
export function check(rule: RuleDefinition, stackPlan: StackPlan, view: OrgView = org()): RuleResult {
  return rule.check({ plan: stackPlan, org: view });
}

/** A home division and a plain one, used across tests. */
export const HOME = division("d-home", "Home", { homeDivision: true });
export const SALES = division("d-sales", "Sales");
