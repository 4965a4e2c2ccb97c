/**
 * What the identity provider wants (the desired state) and what gcguard found in Genesys, shared by the export and
 * delta readers, the diff, the sync and user provisioning. The IdP links groups by exact display name
 * (docs/genesys-api.md §7.1) and users by userName, which in Genesys is the user's email (§7.4).
 */

/** How the IdP names a member: by userName (the Genesys email; an `email` column means the same) or externalId. */
export interface MemberRef {
  readonly by: "userName" | "externalId";
  readonly value: string;
  /** Where this member is named (its own CSV row, its JSON entry), when known: messages point there. */
  readonly origin?: Origin;
}

/** Where an entry came from, for messages: `export.csv:12`, `delta page 2`. */
export type Origin = string;

/** A group as the IdP export lists it: its whole membership. */
export interface DesiredGroup {
  readonly displayName: string;
  readonly members: readonly MemberRef[];
  readonly origin: Origin;
}

/**
 * A user as the IdP export describes it, for `gcguard scim users`. Only the attributes gcguard writes through SCIM
 * (ScimV2CreateUser: userName and displayName are required, §7.4); absent means "leave as it is" on a merge.
 */
export interface DesiredUser {
  readonly userName: string;
  readonly displayName: string;
  readonly active?: boolean;
  readonly title?: string;
  readonly externalId?: string;
  /** Enterprise extension: department. */
  readonly department?: string;
  /** Enterprise extension: the division by NAME (§7.3). */
  readonly division?: string;
  /** Enterprise extension: employeeNumber. */
  readonly employeeNumber?: string;
  readonly origin: Origin;
}

/** A full IdP export: every SCIM-owned group with its whole membership, and optionally the users. */
export interface IdpExport {
  readonly kind: "export";
  /** The file it was read from, as the user named it. */
  readonly source: string;
  readonly groups: readonly DesiredGroup[];
  readonly users: readonly DesiredUser[];
}

/** One group's changes since the last cursor, from the delta endpoint. */
export interface GroupDelta {
  readonly displayName: string;
  readonly add: readonly MemberRef[];
  readonly remove: readonly MemberRef[];
  readonly origin: Origin;
}

/** Changes since a cursor, from the IdP delta endpoint (all pages merged, in order). */
export interface IdpDelta {
  readonly kind: "delta";
  /** The endpoint, without query or credentials. */
  readonly source: string;
  /** The cursor the changes start from; undefined on a first (full) load. */
  readonly since: string | undefined;
  /** The cursor to store once the changes are applied. */
  readonly cursor: string;
  readonly groups: readonly GroupDelta[];
}

export type DesiredMembership = IdpExport | IdpDelta;

/** Renders a member reference for reports: the userName as is, an external id as `externalId:E1002`. */
export function refText(ref: MemberRef): string {
  return ref.by === "userName" ? ref.value : `externalId:${ref.value}`;
}

/** A stable map key for a reference: userNames compare case-insensitively (RFC 7643 §4.1.1), externalIds exactly. */
export function refKey(ref: MemberRef): string {
  return ref.by === "userName" ? `u:${ref.value.toLowerCase()}` : `x:${ref.value}`;
}
