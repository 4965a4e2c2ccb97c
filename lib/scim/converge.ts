/**
 * The one "write with If-Match, re-read on a version conflict, try again" loop that SCIM writers share (user PUTs
 * in users.ts, group PATCHes in sync.ts). A version conflict (409, 412, or 400 `invalidVers`,
 * docs/genesys-api.md §7.2) means another writer got there first, so the attempt starts again from a fresh read
 * rather than re-sending a stale body; it gives up after a bounded number of re-reads so two writers fighting
 * over one resource cannot keep a run going forever.
 */
import { isGenesysApiError, isVersionConflict } from "../genesys/errors";

/** Re-reads after version conflicts before a user or group is given up (`--max-conflicts`). */
export const DEFAULT_MAX_CONFLICTS = 3;

export interface IfMatchLoop<S, R> {
  /** Re-reads allowed; the conflict after the last of them gives up. */
  readonly maxConflicts: number;
  /** One write from `state` (the resource as last read, with its ETag); a version conflict is thrown. */
  readonly attempt: (state: S) => Promise<R>;
  /** Reads the resource again after conflict number `conflicts` (1-based, never more than maxConflicts). */
  readonly reread: (conflicts: number) => Promise<S>;
  /** The result once conflict number `conflicts` (maxConflicts + 1) is met; `state` is what the attempt used. */
  readonly giveUp: (state: S, conflicts: number) => R;
}

/**
 * Whether a failed write may still have landed, so the run cannot say what Genesys now holds: no answer (a reset, a
 * timeout), an answer gcguard cannot read, a 5xx (the client never re-sends a POST or PATCH after one, lib/genesys/
 * retry.ts), or a 429 the client gave up waiting for. Such a write is "could not verify" (exit 3). A refusal (any
 * other 4xx) or a version conflict still standing after the re-reads is an answer: a finding (exit 1).
 */
export function writeOutcomeUnknown(err: unknown): boolean {
  if (!isGenesysApiError(err)) return true;
  return err.status >= 500 || err.status === 429;
}

/** Runs `loop.attempt` until it returns; errors other than a version conflict pass through to the caller. */
export async function convergeWithIfMatch<S, R>(first: S, loop: IfMatchLoop<S, R>): Promise<R> {
  let state = first;
  for (let conflicts = 1; ; conflicts++) {
    try {
      return await loop.attempt(state);
    } catch (err) {
      if (!isVersionConflict(err)) throw err;
      if (conflicts > loop.maxConflicts) return loop.giveUp(state, conflicts);
      state = await loop.reread(conflicts);
    }
  }
}
