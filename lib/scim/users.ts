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
 * Without `apply` nothing is written: the result says what would be created and merged, with the values. The
 * bodies themselves are built in user-body.ts.
 */
import { ExitCode } from "../errors";
import { singleLine } from "../escape/hcl";
import type { GenesysClient } from "../genesys/client";
import { isGenesysApiError, isUniquenessConflict, isVersionConflict, stopsTheRun } from "../genesys/errors";
import type { ScimUserResource } from "../genesys/schemas";
import { nameKey } from "../names";
import { convergeWithIfMatch, DEFAULT_MAX_CONFLICTS, writeOutcomeUnknown } from "./converge";
import type { DesiredUser, Origin } from "./model";
import type { AttributeChange } from "./user-body";
import { createUserBody, mergeUser } from "./user-body";

/** What happened to one user of the export. */
export interface UserEntry {
  readonly userName: string;
  readonly origin: Origin;
  /** The Genesys user id, when there is one (not for a dry run's creates, nor some failures). */
  readonly id?: string;
  readonly changes: readonly AttributeChange[];
  /** Why the user failed. */
  readonly error?: string;
  /**
   * The failure left the user's state unknown: a write (or the read before it) failed with a 5xx, so the write may
   * have landed (converge.ts writeOutcomeUnknown). Could not verify, exit 3; other failures are findings, exit 1.
   */
  readonly unverified?: true;
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

/**
 * 0 when Genesys matches the export (or an apply made it so); 1 when a user failed, or a dry run found drift; 3 when
 * a user's state is unknown (UserEntry.unverified), whatever else failed.
 */
export function usersExitCode(result: UsersResult): ExitCode {
  if (result.failed.some((e) => e.unverified)) return ExitCode.Unverified;
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

/**
 * One user failed with an API error, refused or (writeOutcomeUnknown) with its state unknown; anything fatal (see
 * stopsTheRun) is rethrown instead.
 */
function failure(run: Run, err: unknown, entry: UserEntry, hint = ""): [Outcome, UserEntry] {
  if (stopsTheRun(err)) throw err;
  const unknown = writeOutcomeUnknown(err);
  const why = hint || (unknown ? "its state is unknown: run again to converge" : "");
  const error = `${(err as Error).message}${why ? `; ${why}` : ""}`;
  run.log(`failed ${entry.userName}: ${error}`);
  return ["failed", { ...entry, error, ...(unknown ? { unverified: true as const } : {}) }];
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
