/**
 * `gcguard snapshot --redact`: personal data replaced by stable pseudonyms, ids and structure kept.
 *
 * What changes, per user only:
 * - `name` becomes `User <h>` and `email` `user-<h>@example.invalid`, where `<h>` is a hash of the user id:
 *   the same user gets the same pseudonym in every run, and no two users share one.
 * - `externalId` (the IdP's id for the person, often an employee number) becomes `ext-<h>`. It is derived from the
 *   user id, not from the external id: a hash of a short employee number could be reversed by trying them all.
 * - `title` is dropped: a job title often names one person ("Head of Billing").
 *
 * What stays: every id; `department` (org structure shared by many people); division, group and queue names and
 * descriptions, group external ids (org structure, needed to rehearse name collisions and IdP matching); group
 * members and owners and queue members (ids only); the objects of the other kinds (skills, flows, ...: names,
 * divisions and fields, org configuration like group and queue names). The user ids themselves are kept: they
 * are opaque GUIDs, and everything else refers to them.
 */
import { createHash } from "node:crypto";

import type { Seed } from "../emulator/seed";

type SeedUser = Seed["users"][number];

/** Hex digits of a pseudonym; longer only for the users whose first digits collide (about 1 in 10^6 at 50,000). */
const DIGITS = 10;

export const REDACTED_EMAIL_DOMAIN = "example.invalid";

function digest(userId: string): string {
  return createHash("sha256").update(`gcguard-redact:user:${userId}`).digest("hex");
}

/**
 * Pseudonym hashes for the given user ids: `DIGITS` hex digits of a hash of the id, or more for ids whose first
 * digits collide with another's, so every id gets a distinct one. Depends only on the set of ids.
 */
export function pseudonymHashes(userIds: readonly string[]): Map<string, string> {
  const full = new Map(userIds.map((id) => [id, digest(id)]));
  const out = new Map<string, string>();
  let length = DIGITS;
  let pending = [...full.keys()];
  while (pending.length > 0) {
    const byPrefix = new Map<string, string[]>();
    for (const id of pending) {
      const prefix = (full.get(id) ?? "").slice(0, length);
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), id]);
    }
    pending = [];
    for (const [prefix, ids] of byPrefix) {
      // Distinct ids whose whole digests collide cannot happen in practice; the id itself ends the loop if so.
      if (ids.length === 1 || length >= 64) ids.forEach((id) => out.set(id, ids.length === 1 ? prefix : id));
      else pending.push(...ids);
    }
    length += 4;
  }
  return out;
}

/** The user with name, email, external id and title replaced or removed (see the header). */
function redactUser(user: SeedUser, hash: string): SeedUser {
  return {
    id: user.id,
    name: `User ${hash}`,
    email: `user-${hash}@${REDACTED_EMAIL_DOMAIN}`,
    divisionId: user.divisionId,
    state: user.state,
    ...(user.department === undefined ? {} : { department: user.department }),
    ...(user.externalId === undefined ? {} : { externalId: `ext-${hash}` }),
    version: user.version,
  };
}

/** The seed with every user's personal data pseudonymised; everything else as it was. */
export function redactSeed(seed: Seed): Seed {
  const hashes = pseudonymHashes(seed.users.map((u) => u.id));
  return { ...seed, users: seed.users.map((u) => redactUser(u, hashes.get(u.id) ?? u.id)) };
}
