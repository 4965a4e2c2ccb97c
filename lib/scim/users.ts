/**
 * `gcguard scim users`: creates the export's users through SCIM and merges the export into the users that exist,
 * one request at a time under the client's pacing (it waits out 429s itself).
 *
 * A user is found by userName, which in Genesys is the email (docs/genesys-api.md §7.4), first with the platform
 * search (50 emails a request), then read over SCIM for its ETag (§7.2). A merge is a PUT, a full replace (RFC 7644
 * §3.5.1), so it starts from the whole existing representation and overwrites only what the export sets. Lost races
 * are expected: a create that meets a taken userName (409 `uniqueness`, §7.5) becomes a merge, and a PUT that meets
 * a newer version (409, 412 or 400 `invalidVers`, §7.2) is re-read, re-merged and retried a bounded number of times
 * (converge.ts).
 *
 * Without `apply` nothing is written: the result says what would be created and merged, with the values.
 */
import { ExitCode } from "../errors";
import { singleLine } from "../escape/hcl";
import type { GenesysClient } from "../genesys/client";
import { isGenesysApiError, isUniquenessConflict, isVersionConflict, stopsTheRun } from "../genesys/errors";
import type { ScimUserBody } from "../genesys/operations/scim";
import type { ScimUserResource } from "../genesys/schemas";
import { nameKey, sameName } from "../names";
import { convergeWithIfMatch } from "./converge";
import type { DesiredUser, Origin } from "./model";

// §7.4: schema URNs.
const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
/** §7.4: "Always includes an immutable SCIM authority prefixed with x-pc:scimv2:v1". */
const IMMUTABLE_AUTHORITY = "x-pc:scimv2:v1";
/** Never sent back in a PUT: read-only (`id`, `meta`; `groups` change through Groups, §7.4) or write-only. */
const NOT_SENT = ["id", "meta", "groups", "password"];

/** Re-reads after version conflicts before a user is given up. */
const DEFAULT_MAX_CONFLICTS = 3;

/** The user attributes gcguard writes: core ones, then the enterprise extension's. */
export type ManagedAttribute =
  "displayName" | "active" | "title" | "externalId" | "department" | "division" | "employeeNumber";

const CORE_ATTRIBUTES = ["displayName", "active", "title", "externalId"] as const;
const ENTERPRISE_ATTRIBUTES = ["department", "division", "employeeNumber"] as const;
const MANAGED: readonly ManagedAttribute[] = [...CORE_ATTRIBUTES, ...ENTERPRISE_ATTRIBUTES];

/** An attribute's value in a report; null when the user has none. */
export type AttributeValue = string | boolean | null;

/** One attribute the export changes (or, for a created user, sets). */
export interface AttributeChange {
  readonly attribute: ManagedAttribute;
  readonly from: AttributeValue;
  readonly to: AttributeValue;
}

/** What happened to one user of the export. */
export interface UserEntry {
  readonly userName: string;
  readonly origin: Origin;
  /** The Genesys user id, when there is one (not for a dry run's creates, nor some failures). */
  readonly id?: string;
  readonly changes: readonly AttributeChange[];
  /** Why the user failed. */
  readonly error?: string;
}

/** The outcome of a run, each list in export order. In a dry run, `created` and `merged` are what would happen. */
export interface UsersResult {
  readonly apply: boolean;
  readonly created: readonly UserEntry[];
  readonly merged: readonly UserEntry[];
  readonly unchanged: readonly UserEntry[];
  readonly failed: readonly UserEntry[];
}

export interface ProvisionOptions {
  /** Write to Genesys; otherwise only report. */
  readonly apply: boolean;
  /**
   * Re-reads after version conflicts on one user's PUT before it is reported failed (0: none).
   * @default 3
   */
  readonly maxConflicts?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** The key spelling `name` has in `obj` (attribute names are case-insensitive, RFC 7643 §2.1). */
function keyOf(obj: Json, name: string): string | undefined {
  if (Object.hasOwn(obj, name)) return name;
  return Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
}

function get(obj: Json, name: string): unknown {
  const key = keyOf(obj, name);
  return key === undefined ? undefined : obj[key];
}

function remove(obj: Json, name: string): void {
  const key = keyOf(obj, name);
  if (key !== undefined) delete obj[key];
}

function put(obj: Json, name: string, value: unknown): void {
  obj[keyOf(obj, name) ?? name] = value;
}

/**
 * The value the export sets, or undefined when it leaves the attribute alone. Strings are trimmed (Genesys keeps
 * them trimmed, so an untrimmed value would never converge); an empty optional string clears the attribute.
 */
function desiredValue(user: DesiredUser, attribute: ManagedAttribute): AttributeValue | undefined {
  const value = user[attribute];
  if (value === undefined || typeof value === "boolean") return value;
  const trimmed = value.trim();
  return trimmed === "" && attribute !== "displayName" ? null : trimmed;
}

function currentValue(user: Json, attribute: ManagedAttribute): AttributeValue {
  const owner = (ENTERPRISE_ATTRIBUTES as readonly string[]).includes(attribute) ? get(user, ENTERPRISE) : user;
  const value = isObject(owner) ? get(owner, attribute) : undefined;
  return typeof value === "string" || typeof value === "boolean" ? value : null;
}

/** Division names compare as Genesys compares them (docs/names.md), so "Billing" is "billing". */
function same(attribute: ManagedAttribute, a: AttributeValue, b: AttributeValue): boolean {
  if (attribute === "division" && typeof a === "string" && typeof b === "string") {
    return sameName(a, b);
  }
  return a === b;
}

function withSchema(body: Json, schema: string): void {
  const schemas = Array.isArray(body.schemas) ? (body.schemas as unknown[]) : [];
  body.schemas = schemas.includes(schema) ? schemas : [...schemas, schema];
}

/**
 * The PUT body that merges `desired` into `existing`, and what it changes. It starts from the whole existing
 * representation (a PUT clears what it omits, RFC 7644 §3.5.1) and overwrites only the attributes the export sets.
 * Left out: `id`, `meta`, `groups` (read-only; memberships change through Groups, §7.4), `password` (write-only),
 * the enterprise manager's `displayName` (read-only, RFC 7643 §4.3), and in the Genesys extension the
 * `externalIds` of the immutable `x-pc:scimv2:v1` authority (§7.4). Everything else is kept as it is, routing
 * skills and languages included. `changes` names the attributes that differ; none means no PUT is needed.
 */
export function mergeUser(
  existing: ScimUserResource,
  desired: DesiredUser,
): { body: ScimUserBody; changes: ManagedAttribute[]; diff: AttributeChange[] } {
  const body = structuredClone(existing) as Json;
  for (const name of NOT_SENT) remove(body, name);
  if (!Array.isArray(body.schemas)) body.schemas = [USER_SCHEMA];

  const genesysKey = keyOf(body, GENESYS);
  const genesys = genesysKey === undefined ? undefined : body[genesysKey];
  if (isObject(genesys)) {
    const ids = get(genesys, "externalIds");
    if (Array.isArray(ids)) {
      const writable = ids.filter((e) => {
        const authority = isObject(e) ? get(e, "authority") : undefined;
        return !(typeof authority === "string" && authority.startsWith(IMMUTABLE_AUTHORITY));
      });
      if (writable.length > 0) put(genesys, "externalIds", writable);
      else remove(genesys, "externalIds");
    }
  }
  const enterpriseKey = keyOf(body, ENTERPRISE);
  const enterprise = enterpriseKey === undefined ? undefined : body[enterpriseKey];
  const manager = isObject(enterprise) ? get(enterprise, "manager") : undefined;
  if (isObject(manager)) remove(manager, "displayName");

  const diff: AttributeChange[] = [];
  for (const attribute of MANAGED) {
    const to = desiredValue(desired, attribute);
    if (to === undefined) continue;
    const from = currentValue(existing, attribute);
    if (same(attribute, from, to)) continue;
    diff.push({ attribute, from, to });
    if ((CORE_ATTRIBUTES as readonly string[]).includes(attribute)) {
      if (to === null) remove(body, attribute);
      else put(body, attribute, to);
      continue;
    }
    const target = get(body, ENTERPRISE);
    if (isObject(target)) {
      if (to === null) remove(target, attribute);
      else put(target, attribute, to);
    } else if (to !== null) {
      body[ENTERPRISE] = { [attribute]: to };
    }
    if (to !== null) withSchema(body, ENTERPRISE);
  }
  return { body: body as ScimUserBody, changes: diff.map((c) => c.attribute), diff };
}

/**
 * The POST body for a new user (ScimV2CreateUser, §7.4): userName and displayName, the userName as the primary
 * work email, the attributes the export sets, and the enterprise extension when it sets any of its attributes.
 * `diff` lists every attribute set, from null.
 */
export function createUserBody(desired: DesiredUser): { body: ScimUserBody; diff: AttributeChange[] } {
  const userName = desired.userName.trim();
  const body: Json = {
    schemas: [USER_SCHEMA],
    userName,
    displayName: desired.displayName.trim(),
    emails: [{ value: userName, type: "work", primary: true }],
  };
  const enterprise: Json = {};
  const diff: AttributeChange[] = [];
  for (const attribute of MANAGED) {
    const to = desiredValue(desired, attribute);
    if (to === undefined || to === null) continue;
    diff.push({ attribute, from: null, to });
    if ((CORE_ATTRIBUTES as readonly string[]).includes(attribute)) body[attribute] = to;
    else enterprise[attribute] = to;
  }
  if (Object.keys(enterprise).length > 0) {
    body[ENTERPRISE] = enterprise;
    withSchema(body, ENTERPRISE);
  }
  return { body: body as ScimUserBody, diff };
}

/** 0 when Genesys matches the export (or an apply made it so); 1 when a user failed, or a dry run found drift. */
export function usersExitCode(result: UsersResult): ExitCode {
  if (result.failed.length > 0) return ExitCode.Findings;
  if (!result.apply && result.created.length + result.merged.length > 0) return ExitCode.Findings;
  return ExitCode.Clean;
}

type Outcome = "created" | "merged" | "unchanged" | "failed";

/** What every step of one provisioning run shares. */
interface Run {
  readonly client: GenesysClient;
  readonly apply: boolean;
  readonly maxConflicts: number;
  readonly log: (line: string) => void;
}

/** Provisions the export's users; see the top of this file. Rethrows what ends the run (see stopsTheRun). */
export async function provisionUsers(
  client: GenesysClient,
  users: readonly DesiredUser[],
  options: ProvisionOptions,
): Promise<UsersResult> {
  const { apply } = options;
  const log = (line: string): void => options.log?.(singleLine(line));
  const run: Run = { client, apply, maxConflicts: options.maxConflicts ?? DEFAULT_MAX_CONFLICTS, log };
  const result: Record<Outcome, UserEntry[]> = { created: [], merged: [], unchanged: [], failed: [] };

  const copiesOf = copiesByUserName(users);
  const existingIds = await existingUserIds(
    run,
    users.filter((user) => copiesOf(user).length === 1),
  );
  for (const user of users) {
    const copies = copiesOf(user);
    if (copies.length > 1) {
      const where = copies.map((c) => c.origin).join(", ");
      const error = `userName appears ${copies.length} times in the export (${where}); keep one`;
      result.failed.push({ userName: user.userName, origin: user.origin, changes: [], error });
      continue;
    }
    const id = existingIds.get(nameKey(user.userName));
    try {
      const [outcome, entry] = await provision(run, user, id);
      result[outcome].push(entry);
    } catch (err) {
      const [, entry] = failure(run, err, {
        userName: user.userName,
        origin: user.origin,
        ...(id ? { id } : {}),
        changes: [],
      });
      result.failed.push(entry);
    }
  }
  return { apply, ...result };
}

/**
 * The export's users that share a userName with `user`, itself included. userNames compare case-insensitively
 * (RFC 7643 §4.1.1), and a userName twice is a failure: no guessing which copy is right.
 */
function copiesByUserName(users: readonly DesiredUser[]): (user: DesiredUser) => DesiredUser[] {
  const byKey = new Map<string, DesiredUser[]>();
  for (const user of users) {
    const key = nameKey(user.userName);
    byKey.set(key, [...(byKey.get(key) ?? []), user]);
  }
  return (user) => byKey.get(nameKey(user.userName)) ?? [];
}

/**
 * The ids of the users that exist, by lower-cased userName. §7.4: userName is the email, so the platform search
 * finds existing users 50 at a time. A deleted user does not hold its userName (§7.1: "in use by non-deleted user").
 */
async function existingUserIds(run: Run, unique: readonly DesiredUser[]): Promise<Map<string, string>> {
  const found = await run.client.users.byEmails(unique.map((u) => u.userName.trim()));
  const existingIds = new Map<string, string>();
  for (const u of found) if (u.email && u.state !== "deleted") existingIds.set(u.email.toLowerCase(), u.id);
  run.log(`${existingIds.size} of ${unique.length} user(s) exist; ${run.apply ? "applying" : "dry run"}`);
  return existingIds;
}

/** One user failed with an API error; anything fatal (see stopsTheRun) is rethrown instead. */
function failure(run: Run, err: unknown, entry: UserEntry, hint = ""): [Outcome, UserEntry] {
  if (stopsTheRun(err)) throw err;
  const error = `${(err as Error).message}${hint ? `; ${hint}` : ""}`;
  run.log(`failed ${entry.userName}: ${error}`);
  return ["failed", { ...entry, error }];
}

/** Merges into the user with `id` when there is one (and it still exists), else creates it. */
async function provision(run: Run, user: DesiredUser, id: string | undefined): Promise<[Outcome, UserEntry]> {
  if (id === undefined) return create(run, user);
  let first: { user: ScimUserResource; etag: string };
  try {
    first = await run.client.scim.getUser(id);
  } catch (err) {
    // Deleted since the search: it no longer holds the userName.
    if (isGenesysApiError(err) && err.status === 404) return create(run, user);
    throw err;
  }
  return converge(run, user, id, first);
}

/** PUTs the merge with If-Match; a version conflict re-reads and re-merges, up to maxConflicts times. */
function converge(
  run: Run,
  user: DesiredUser,
  id: string,
  first: { user: ScimUserResource; etag: string },
): Promise<[Outcome, UserEntry]> {
  const entryFor = (merge: { diff: AttributeChange[] }): UserEntry => ({
    userName: user.userName,
    origin: user.origin,
    id,
    changes: merge.diff,
  });
  return convergeWithIfMatch<{ user: ScimUserResource; etag: string }, [Outcome, UserEntry]>(first, {
    maxConflicts: run.maxConflicts,
    attempt: async (current) => {
      const merge = mergeUser(current.user, user);
      const entry = entryFor(merge);
      if (merge.changes.length === 0) return ["unchanged", entry];
      if (!run.apply) return ["merged", entry];
      try {
        await run.client.scim.replaceUser(id, merge.body, current.etag);
      } catch (err) {
        if (isVersionConflict(err)) throw err;
        return failure(run, err, entry);
      }
      run.log(`merged ${user.userName}: ${merge.changes.join(", ")}`);
      return ["merged", entry];
    },
    reread: () => {
      run.log(`${user.userName}: changed meanwhile (version conflict); re-reading`);
      return run.client.scim.getUser(id);
    },
    giveUp: (current) => {
      const error = `still a version conflict after ${run.maxConflicts} re-read(s); another writer keeps changing it`;
      return ["failed", { ...entryFor(mergeUser(current.user, user)), error: `${error}; run again` }];
    },
  });
}

/** POSTs a new user; a taken userName (created meanwhile, or a user the search missed) becomes a merge. */
async function create(run: Run, user: DesiredUser): Promise<[Outcome, UserEntry]> {
  const { body, diff } = createUserBody(user);
  const entry: UserEntry = { userName: user.userName, origin: user.origin, changes: diff };
  if (!run.apply) return ["created", entry];
  try {
    const created = await run.client.scim.createUser(body);
    run.log(`created ${user.userName}`);
    return ["created", { ...entry, id: created.user.id }];
  } catch (err) {
    // retry.ts never repeats a POST after a 5xx: it may have created the user anyway.
    const hint = isGenesysApiError(err) && err.status >= 500 ? "the user may exist now; run again to converge" : "";
    if (!isUniquenessConflict(err)) return failure(run, err, entry, hint);
  }
  run.log(`${user.userName}: userName taken meanwhile (409 uniqueness); merging into the existing user`);
  const existing = await run.client.scim.fullUserByUserName(body.userName);
  if (!existing) {
    const error =
      "POST answered 409 uniqueness, but no user with this userName is visible over SCIM; check the user in Genesys";
    return ["failed", { ...entry, error }];
  }
  const version = existing.meta?.version;
  const first = version ? { user: existing, etag: version } : await run.client.scim.getUser(existing.id);
  return converge(run, user, existing.id, first);
}
