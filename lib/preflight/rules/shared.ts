/**
 * Helpers the rules share: which names the plan creates or renames, which org objects carry a name, and how org
 * objects and lists are shown in findings. All pure.
 */

import type { Division, Group, Queue, User } from "../../genesys/schemas";
import { nameKey } from "../../names";
import type { PlannedName } from "../../org/planned";
import { known, plannedNames, scopedKey } from "../../org/planned";
import type { OrgObject, OrgView } from "../../org/view";
import type { PlannedChange, StackPlan } from "../../plan/model";

/** The Genesys ids a change already stands for: the object in state and the object it imports. */
export function ownIds(change: PlannedChange): Set<string> {
  return new Set([known(change.before?.id), change.importId].filter((id): id is string => id !== undefined));
}

export function homeDivision(org: OrgView): Division | undefined {
  return org.home ?? org.divisions.find((d) => d.homeDivision === true);
}

export function isHomeDivisionId(org: OrgView, id: string | undefined): boolean {
  if (id === undefined) return false;
  return homeDivision(org)?.id === id || org.divisions.some((d) => d.id === id && d.homeDivision === true);
}

/** True when a planned division name is the home division's (GCG202 reports it, not the name rules). */
export function takesHomeName(org: OrgView, planned: PlannedName): boolean {
  const home = homeDivision(org);
  return (
    planned.kind === "division" &&
    home !== undefined &&
    nameKey(home.name) === nameKey(planned.name) &&
    !ownIds(planned.change).has(home.id)
  );
}

/** Existing objects of the planned kind carrying the planned name (in its scope), other than the change's own. */
export function existingNamed(org: OrgView, planned: PlannedName): OrgObject[] {
  const key = nameKey(planned.name);
  const own = ownIds(planned.change);
  const found: readonly OrgObject[] =
    planned.kind === "division"
      ? org.divisions.filter((d) => nameKey(d.name) === key).map(divisionObject)
      : planned.kind === "group"
        ? (org.groupsByName.get(key) ?? []).map(groupObject)
        : planned.kind === "queue"
          ? (org.queuesByName.get(key) ?? []).map((q) => queueObject(org, q))
          : (org.named.get(planned.kind)?.get(scopedKey(planned.name, planned.scope)) ?? []);
  return found.filter((o) => !own.has(o.id) && o.state !== "deleted");
}

/** Deleted objects of the planned kind carrying the planned name: a deleted user the provider would restore. */
export function deletedNamed(org: OrgView, planned: PlannedName): OrgObject[] {
  const found = org.named.get(planned.kind)?.get(scopedKey(planned.name, planned.scope)) ?? [];
  return found.filter((o) => o.state === "deleted");
}

/** A planned create or rename, with the existing objects of its kind that already carry its name. */
export interface Namesakes {
  readonly planned: PlannedName;
  readonly existing: OrgObject[];
}

/**
 * The name rules' shared input (GCG101 takes one namesake, GCG103 several): every planned name with its namesakes,
 * except names that are the home division's, which home-division (GCG202) reports instead.
 */
export function plannedNamesakes(plan: StackPlan, org: OrgView): { applicable: boolean; namesakes: Namesakes[] } {
  const planned = plannedNames(plan);
  const namesakes = planned
    .filter((p) => !takesHomeName(org, p))
    .map((p) => ({ planned: p, existing: existingNamed(org, p) }));
  return { applicable: planned.length > 0, namesakes };
}

/** The plan's changes of one mode and resource type (a managed division, a group lookup). */
export function changesOf(plan: StackPlan, mode: PlannedChange["mode"], type: string): PlannedChange[] {
  return plan.changes.filter((c) => c.mode === mode && c.type === type);
}

/** Another address of this plan that already stands for the object with this id (in state, or imported). */
export function managedElsewhere(plan: StackPlan, self: PlannedChange, id: string): PlannedChange | undefined {
  return plan.changes.find(
    (c) => c.address !== self.address && c.mode === "managed" && c.type === self.type && ownIds(c).has(id),
  );
}

export function divisionObject(d: Division): OrgObject {
  return { id: d.id, name: d.name, kind: "division" };
}

export function groupObject(g: Group): OrgObject {
  return { id: g.id, name: g.name, kind: "group" };
}

/** A division's name from a reference: user and queue listings often carry `division.name: ""` (genesys-api §3.1). */
export function divisionName(org: OrgView, ref: { id: string; name?: string } | undefined): string | undefined {
  if (!ref) return undefined;
  return ref.name || org.divisions.find((d) => d.id === ref.id)?.name;
}

export function queueObject(org: OrgView, q: Queue): OrgObject {
  const division = divisionName(org, q.division);
  return { id: q.id, name: q.name, kind: "queue", ...(division ? { divisionName: division } : {}) };
}

export function userObject(org: OrgView, u: User): OrgObject {
  const division = divisionName(org, u.division);
  return { id: u.id, name: u.name, kind: "user", ...(division ? { divisionName: division } : {}) };
}

/** A name as data: quoted and escaped, so odd characters cannot break a one-line message. */
export function quote(name: string): string {
  return JSON.stringify(name);
}

/** `"Sales" (id 123, division "Ops")`. */
export function describeObject(o: OrgObject): string {
  const scope = o.scope ? `, type ${o.scope}` : "";
  return `${quote(o.name)} (id ${o.id}${scope}${o.divisionName ? `, division ${quote(o.divisionName)}` : ""})`;
}

/** `a, b, c and 4 more`: at most `max` items shown. */
export function listSome(items: readonly string[], max = 10): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
