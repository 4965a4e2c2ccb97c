/**
 * Membership drift per group, as a pure function of the desired state and what Genesys has. A group's plan is
 * recomputed from any current membership (`planFor`), which is what lets the sync re-read after a version conflict
 * and never re-send a stale diff.
 *
 * From a full export:
 * - add: the IdP lists the user in the group, Genesys does not have them;
 * - remove: Genesys has the user in the group, the IdP knows the user (in another group or its user list) but not
 *   in this group;
 * - orphan: Genesys has the user in the group and the IdP does not know the user at all (added by hand, by
 *   Terraform, or left over): the "silently gained queues" case;
 * - unknown: the IdP names a user Genesys does not have; reported, never dropped silently.
 * From a delta: add and remove as the delta says; there are no orphans (a delta is not the whole picture), and a
 * removal of a user Genesys does not have is already done.
 */
import type { DesiredMembership, MemberRef, Origin } from "./model";
import { refKey, refText } from "./model";
import type { GenesysView, QueueRef, UserInfo } from "./read";

export interface RemovalPolicy {
  /** Never remove anyone (additive-only rollouts, `--no-remove`). */
  readonly noRemove: boolean;
  /** Leave orphans in place (`--keep-orphans`); they are still reported. */
  readonly keepOrphans: boolean;
}

export const DEFAULT_POLICY: RemovalPolicy = { noRemove: false, keepOrphans: false };

/** The member changes that bring `current` to what the IdP wants. */
export interface MemberPlan {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export interface Member {
  readonly id: string;
  readonly userName?: string;
  readonly name?: string;
}

export interface UnknownRef {
  /** The reference as the IdP gave it (refText). */
  readonly ref: string;
  readonly origin: Origin;
}

interface GroupBase {
  readonly displayName: string;
  readonly origin: Origin;
}

export interface FoundGroupDiff extends GroupBase {
  readonly status: "found";
  readonly id: string;
  readonly etag: string;
  readonly current: ReadonlySet<string>;
  readonly add: readonly Member[];
  readonly remove: readonly Member[];
  readonly orphans: readonly Member[];
  readonly correct: number;
  readonly unknown: readonly UnknownRef[];
  readonly queues: readonly QueueRef[];
  /** The changes for any current membership, under the removal policy the diff was made with. */
  readonly planFor: (current: ReadonlySet<string>) => MemberPlan;
}

export interface MissingGroupDiff extends GroupBase {
  readonly status: "missing";
  readonly near: readonly { id: string; displayName: string }[];
}

export interface AmbiguousGroupDiff extends GroupBase {
  readonly status: "ambiguous";
  readonly candidates: readonly { id: string; displayName: string }[];
}

export type GroupDiff = FoundGroupDiff | MissingGroupDiff | AmbiguousGroupDiff;

export interface MembershipDiff {
  readonly source: string;
  readonly kind: DesiredMembership["kind"];
  readonly policy: RemovalPolicy;
  readonly groups: readonly GroupDiff[];
}

function member(view: GenesysView, id: string): Member {
  const u: UserInfo | undefined = view.users.get(id);
  return { id, ...(u?.userName ? { userName: u.userName } : {}), ...(u?.name ? { name: u.name } : {}) };
}

/** How a member sorts in reports: by userName, then id. */
function byUserName(a: Member, b: Member): number {
  return (a.userName ?? "").localeCompare(b.userName ?? "") || a.id.localeCompare(b.id);
}

interface Target {
  readonly displayName: string;
  readonly origin: Origin;
  /** Ids the group must have. */
  readonly want: ReadonlySet<string>;
  /** Ids the group must not have. */
  readonly refuse: ReadonlySet<string>;
  /** Full export only: every id the IdP knows (the rest are orphans). */
  readonly known?: ReadonlySet<string>;
  readonly unknown: UnknownRef[];
}

function resolveRefs(view: GenesysView, refs: readonly MemberRef[], origin: Origin, unknown?: UnknownRef[]): string[] {
  const ids: string[] = [];
  for (const ref of refs) {
    const u = view.refs.get(refKey(ref));
    if (u) ids.push(u.id);
    else unknown?.push({ ref: refText(ref), origin: ref.origin ?? origin });
  }
  return ids;
}

function targets(desired: DesiredMembership, view: GenesysView): Target[] {
  if (desired.kind === "delta") {
    return desired.groups.map((g) => {
      const unknown: UnknownRef[] = [];
      const want = new Set(resolveRefs(view, g.add, g.origin, unknown));
      return {
        displayName: g.displayName,
        origin: g.origin,
        want,
        refuse: new Set(resolveRefs(view, g.remove, g.origin)),
        unknown,
      };
    });
  }
  const known = new Set<string>();
  for (const u of desired.users) {
    const id = view.refs.get(refKey({ by: "userName", value: u.userName }))?.id;
    if (id) known.add(id);
  }
  const resolved = desired.groups.map((g) => {
    const unknown: UnknownRef[] = [];
    const want = new Set(resolveRefs(view, g.members, g.origin, unknown));
    for (const id of want) known.add(id);
    return { g, want, unknown };
  });
  return resolved.map(({ g, want, unknown }) => ({
    displayName: g.displayName,
    origin: g.origin,
    want,
    refuse: new Set<string>(),
    known,
    unknown,
  }));
}

/** The plan for one target under a policy: adds first, then removals, each in a stable order. */
function planner(target: Target, policy: RemovalPolicy): (current: ReadonlySet<string>) => MemberPlan {
  return (current) => {
    const add = [...target.want].filter((id) => !current.has(id)).sort();
    if (policy.noRemove) return { add, remove: [] };
    const remove = [...current]
      .filter((id) => {
        if (target.want.has(id)) return false;
        if (target.known === undefined) return target.refuse.has(id);
        return target.known.has(id) || !policy.keepOrphans;
      })
      .sort();
    return { add, remove };
  };
}

export function diffMembership(
  desired: DesiredMembership,
  view: GenesysView,
  policy: RemovalPolicy = DEFAULT_POLICY,
): MembershipDiff {
  const groups = targets(desired, view).map((t): GroupDiff => {
    const lookup = view.groups.get(t.displayName);
    const base = { displayName: t.displayName, origin: t.origin };
    if (!lookup || lookup.status === "missing") return { ...base, status: "missing", near: lookup?.near ?? [] };
    if (lookup.status === "ambiguous") return { ...base, status: "ambiguous", candidates: lookup.candidates };
    const { group } = lookup;
    const current = group.members;
    const add = [...t.want].filter((id) => !current.has(id));
    const extra = [...current].filter((id) => !t.want.has(id));
    const remove = t.known ? extra.filter((id) => t.known!.has(id)) : extra.filter((id) => t.refuse.has(id));
    const orphans = t.known ? extra.filter((id) => !t.known!.has(id)) : [];
    const correct = t.known
      ? [...t.want].filter((id) => current.has(id)).length
      : [...t.want].filter((id) => current.has(id)).length + [...t.refuse].filter((id) => !current.has(id)).length;
    return {
      ...base,
      status: "found",
      id: group.id,
      etag: group.etag,
      current,
      add: add.map((id) => member(view, id)).sort(byUserName),
      remove: remove.map((id) => member(view, id)).sort(byUserName),
      orphans: orphans.map((id) => member(view, id)).sort(byUserName),
      correct,
      unknown: t.unknown,
      queues: view.queuesByGroup.get(group.id) ?? [],
      planFor: planner(t, policy),
    };
  });
  return { source: desired.source, kind: desired.kind, policy, groups };
}

export interface DiffTotals {
  readonly groups: number;
  readonly drifted: number;
  readonly missing: number;
  readonly ambiguous: number;
  readonly add: number;
  readonly remove: number;
  readonly orphans: number;
  readonly unknown: number;
}

export function totals(diff: MembershipDiff): DiffTotals {
  let drifted = 0;
  let add = 0;
  let remove = 0;
  let orphans = 0;
  let unknown = 0;
  for (const g of diff.groups) {
    if (g.status !== "found") continue;
    if (g.add.length + g.remove.length + g.orphans.length > 0) drifted++;
    add += g.add.length;
    remove += g.remove.length;
    orphans += g.orphans.length;
    unknown += g.unknown.length;
  }
  return {
    groups: diff.groups.length,
    drifted,
    missing: diff.groups.filter((g) => g.status === "missing").length,
    ambiguous: diff.groups.filter((g) => g.status === "ambiguous").length,
    add,
    remove,
    orphans,
    unknown,
  };
}

/** Drift or anything unresolved is a finding (exit 1); a clean diff is 0. */
export function hasFindings(t: DiffTotals): boolean {
  return t.drifted + t.missing + t.ambiguous + t.unknown > 0;
}
