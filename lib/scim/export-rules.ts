/**
 * The rules every IdP export follows, whatever its format, and the builder that applies them while a reader walks
 * the file. Values are data, never interpreted: display names keep their exact case, because the IdP links groups
 * to Genesys by exact display name (docs/genesys-api.md §7.1); names that differ only in case or surrounding
 * whitespace are one object to Genesys (§9), so such pairs are errors, not merges.
 */
import path from "node:path";

import { InputError } from "../errors";
import { nameKey } from "../names";
import type { DesiredGroup, DesiredUser, IdpExport, MemberRef, Origin } from "./model";
import { refKey } from "./model";

/**
 * Where SCIM puts the enterprise attributes of a user (docs/genesys-api.md §7.4), accepted as an alternative
 * spelling.
 */
export const ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** A Genesys userName is the user's email (docs/genesys-api.md §7.4): `x@y`, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const MEMBER_KEYS = ["userName", "email", "externalId"] as const;
type MemberKey = (typeof MEMBER_KEYS)[number];

/**
 * A member reference from a value the IdP gave for `by`; `email` means userName (docs/genesys-api.md §7.4).
 * Returns the problem as a string when the value is unusable. `origin`, when given, is kept in the reference.
 */
export function memberRef(by: MemberKey, value: string, origin?: Origin): MemberRef | string {
  if (by === "externalId") return value.trim() === "" ? "externalId is blank" : ref(by, value, origin);
  return EMAIL.test(value) ? ref("userName", value, origin) : notAnEmail(by, value);
}

function ref(by: MemberRef["by"], value: string, origin: Origin | undefined): MemberRef {
  return origin === undefined ? { by, value } : { by, value, origin };
}

function notAnEmail(by: string, value: string): string {
  return `${by} ${JSON.stringify(value)} is not an email address; a Genesys userName is the user's email (x@y)`;
}

/**
 * A member as JSON gives it: a string (a userName) or an object with exactly one of userName, email, externalId.
 * Returns the problem as a string when the value is unusable.
 */
export function parseMemberInput(raw: unknown, origin?: Origin): MemberRef | string {
  if (typeof raw === "string") return memberRef("userName", raw, origin);
  const shape = "a member is a userName string or an object with exactly one of userName, email, externalId";
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return shape;
  const keys = Object.keys(raw);
  const unknown = keys.filter((k) => !(MEMBER_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) return `unknown key${unknown.length === 1 ? "" : "s"} ${quoteList(unknown)}; ${shape}`;
  if (keys.length !== 1) return `${shape}; got ${keys.length === 0 ? "an empty object" : quoteList(keys)}`;
  const key = keys[0] as MemberKey;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === "string" ? memberRef(key, value, origin) : `${key} must be a string`;
}

/** Why a group display name is unusable, or undefined when it is fine. */
export function groupNameProblem(name: string): string | undefined {
  if (name.trim() === "") return "the group displayName is blank; give the group's exact display name";
  if (name !== name.trim()) {
    return `group ${JSON.stringify(name)} has leading or trailing whitespace, which Genesys trims; remove it`;
  }
  return undefined;
}

/** The problem of a group name that differs only in case from one seen earlier (Genesys names: §9). */
export function caseClash(name: string, earlier: { displayName: string; origin: Origin }): string {
  return (
    `group ${JSON.stringify(name)} differs only in case from ${JSON.stringify(earlier.displayName)} at ` +
    `${earlier.origin}; Genesys treats both as one group and the IdP links groups by exact name, so use one spelling`
  );
}

export function quoteList(items: readonly string[]): string {
  return items.map((i) => JSON.stringify(i)).join(", ");
}

export interface GroupDraft {
  readonly displayName: string;
  readonly origin: Origin;
  readonly members: Map<string, MemberRef>;
}

/**
 * How many problems an export's message lists; past it they are only counted, so a wrong file of millions of bad
 * rows neither fills memory with messages nor floods the terminal.
 */
export const MAX_LISTED_PROBLEMS = 1000;

/** Collects groups, users and problems from either format, and applies the rules both share. */
export class ExportBuilder {
  /** Prefix of every origin: the file's base name. */
  readonly label: string;
  private readonly problems: string[] = [];
  private problemCount = 0;
  private readonly groups = new Map<string, GroupDraft>();
  private readonly users: DesiredUser[] = [];
  private readonly userOrigins = new Map<string, Origin>();

  constructor(readonly source: string) {
    this.label = path.basename(source) || source;
  }

  problem(origin: Origin, message: string): void {
    this.add(`${origin}: ${message}`);
  }

  /** Problems already prefixed with where they are. */
  located(lines: readonly string[]): void {
    for (const line of lines) this.add(line);
  }

  private add(line: string): void {
    this.problemCount++;
    if (this.problems.length < MAX_LISTED_PROBLEMS) this.problems.push(line);
  }

  /**
   * The group to add members to, or undefined when it cannot be used (the problem is recorded). With `merge`, a
   * name seen before adds to the earlier entry (CSV rows); without, it is a duplicate (JSON lists each group once).
   */
  group(displayName: string, origin: Origin, merge: boolean): GroupDraft | undefined {
    const bad = groupNameProblem(displayName);
    if (bad !== undefined) {
      this.problem(origin, bad);
      return undefined;
    }
    const id = nameKey(displayName);
    const earlier = this.groups.get(id);
    if (earlier === undefined) {
      const draft: GroupDraft = { displayName, origin, members: new Map() };
      this.groups.set(id, draft);
      return draft;
    }
    if (earlier.displayName !== displayName) {
      this.problem(origin, caseClash(displayName, earlier));
      return undefined;
    }
    if (merge) return earlier;
    this.problem(
      origin,
      `group ${JSON.stringify(displayName)} is listed twice (also at ${earlier.origin}); list it once`,
    );
    return undefined;
  }

  /**
   * Adds a member, which keeps its own origin when it has one (readers give it, to spare a copy per member); the
   * same member twice (userNames compared case-insensitively) is kept once.
   */
  member(group: GroupDraft | undefined, ref: MemberRef | string, origin: Origin): void {
    if (typeof ref === "string") return this.problem(origin, ref);
    if (group === undefined) return;
    const key = refKey(ref);
    if (!group.members.has(key)) group.members.set(key, ref.origin === undefined ? { ...ref, origin } : ref);
  }

  user(fields: Omit<DesiredUser, "origin">, origin: Origin): void {
    const before = this.problemCount;
    if (fields.userName.trim() === "") this.problem(origin, "userName is blank; give the user's email");
    else if (!EMAIL.test(fields.userName)) this.problem(origin, notAnEmail("userName", fields.userName));
    if (fields.displayName.trim() === "") {
      this.problem(origin, `user ${JSON.stringify(fields.userName)} has a blank displayName; give the user's name`);
    }
    const key = fields.userName.toLowerCase();
    // Blank userNames are reported above and never stored, so they are not duplicates of each other.
    const earlier = this.userOrigins.get(key);
    if (earlier !== undefined) {
      this.problem(
        origin,
        `user ${JSON.stringify(fields.userName)} is listed twice (also at ${earlier}; userNames compare ignoring case); list each user once`,
      );
    } else if (key.trim() !== "") {
      this.userOrigins.set(key, origin);
    }
    if (this.problemCount > before) return;
    const user = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    this.users.push({ ...(user as Omit<DesiredUser, "origin">), origin });
  }

  /** Throws the problems listed, saying how many there are in all (`total`) when some were only counted. */
  fail(problems: readonly string[], total = problems.length): never {
    const unlisted = total - problems.length;
    const listed = unlisted > 0 ? [...problems, `... and ${unlisted} more, not listed`] : problems;
    throw new InputError(
      `${this.source}: ${total} problem${total === 1 ? "" : "s"} in the IdP export; fix ${total === 1 ? "it" : "them"} and run again`,
      { problems: listed },
    );
  }

  /** Returns the export, or throws every problem found. */
  result(): IdpExport {
    if (this.problemCount > 0) this.fail(this.problems, this.problemCount);
    const groups: DesiredGroup[] = [...this.groups.values()].map((g) => ({
      displayName: g.displayName,
      members: [...g.members.values()],
      origin: g.origin,
    }));
    return { kind: "export", source: this.source, groups, users: this.users };
  }
}
