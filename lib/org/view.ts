/** What the org holds, as far as the rules need it, read once in bulk (lib/org/read.ts) before they run. */
import type { Division, Group, Queue, User } from "../genesys/schemas";
import type { Kind } from "./kinds";

/** Dependents of a division, as totals plus a bounded sample. */
export interface Dependents {
  readonly users: { readonly total: number; readonly sample: readonly User[] };
  readonly queues: { readonly total: number; readonly sample: readonly Queue[] };
}

/** What the org holds, as far as the rules need it. Name maps are keyed by `nameKey` (trimmed, lower case). */
export interface OrgView {
  /** A one-line description of the org and credentials (never a secret). */
  readonly description: string;
  readonly divisions: readonly Division[];
  readonly home?: Division;
  readonly groupsByName: ReadonlyMap<string, readonly Group[]>;
  readonly queuesByName: ReadonlyMap<string, readonly Queue[]>;
  /** Queues fetched by id (adopted or in state), for their direct-member counts. */
  readonly queuesById: ReadonlyMap<string, Queue>;
  /**
   * Objects of the table-driven kinds (lib/org/named.ts) carrying the plan's names: by kind, then by scoped name
   * key (lib/org/planned.ts `scopedKey`). A kind the plan names nothing of is absent.
   */
  readonly named: ReadonlyMap<Kind, ReadonlyMap<string, readonly OrgObject[]>>;
  /** Direct members of groups whose membership the plan would set (by group id). */
  readonly groupMembers: ReadonlyMap<string, readonly User[]>;
  /** Users and queues in divisions the plan deletes or replaces (by division id). */
  readonly divisionDependents: ReadonlyMap<string, Dependents>;
  /** Divisions whose queues the credentials cannot see: a queue name collision could hide there. */
  readonly hiddenDivisions: readonly Division[];
  /** Permissions the apply needs that the credentials lack. */
  readonly missingPermissions: readonly string[];
}

/** An object in the org a finding is about. */
export interface OrgObject {
  readonly id: string;
  readonly name: string;
  readonly kind: Kind;
  readonly divisionName?: string;
  /** The scope its name is unique in (a flow's type), for kinds that have one. */
  readonly scope?: string;
  /** Set for a soft-deleted object that still matters (a deleted user, whom a create restores). */
  readonly state?: "deleted";
}
