/**
 * The floor of each benchmark scenario: the fewest requests any client needs for the information the gcguard command
 * uses, given the emulator's largest page sizes and search batch limits, and the least wall time that count implies.
 * Pure functions of the scenario's inputs; scripts/bench.ts compares gcguard and the naive baseline against them.
 *
 * Every floor counts 1 login (POST /oauth/token, which the emulator counts like any request).
 */

/** The API limits a floor depends on (the emulator's defaults: lib/emulator/settings.ts). */
export interface ApiLimits {
  readonly divisionsPageSize: number;
  readonly groupsPageSize: number;
  readonly queuesPageSize: number;
  readonly searchPageSize: number;
  readonly scimPageSize: number;
  /** Values per search criterion (genesys-api.md §4.2: 50). */
  readonly searchValuesPerCriterion: number;
  /** Ids per GET /users?id= (genesys-api.md §4.1: 100). */
  readonly userIdsPerRequest: number;
}

export const emulatorLimits: ApiLimits = {
  divisionsPageSize: 100,
  groupsPageSize: 500,
  queuesPageSize: 500,
  searchPageSize: 100,
  scimPageSize: 100,
  searchValuesPerCriterion: 50,
  userIdsPerRequest: 100,
};

/** Pages needed to read `items` at `pageSize` a page; an empty listing still costs its one page. */
export function pages(items: number, pageSize: number): number {
  return Math.max(1, Math.ceil(items / pageSize));
}

const batches = (items: number, size: number): number => Math.ceil(items / size);

/** A division-only plan: creates (some colliding), renames and destroys of non-empty divisions. */
export interface PreflightInputs {
  /** Divisions in the org, the home one included. */
  readonly divisions: number;
  readonly creates: number;
  readonly renames: number;
  readonly destroys: number;
  /** Queues in the divisions planned for destroy (their listing is the queue sample). */
  readonly queuesInDestroyed: number;
}

/**
 * preflight = 1 login
 *   + pages(divisions, 100)            every division with object counts: names for collisions and renames, totals
 *                                      for non-empty destroys (no name filter is exact, §3.2, so a listing it is)
 *   + ceil(destroys / 50)              one user search page per 50 destroyed divisions (the sample; 50 values per
 *                                      criterion)
 *   + pages(queuesInDestroyed, 500)    the destroyed divisions' queues (the emulator takes any number of divisionIds)
 *   + permissions                      one request per distinct permission the planned actions need
 */
export function preflightFloor(i: PreflightInputs, limits: ApiLimits = emulatorLimits): number {
  const permissions = new Set<string>();
  if (i.creates > 0) ["authorization:division:add", "authorization:grant:add"].forEach((p) => permissions.add(p));
  if (i.renames > 0) permissions.add("authorization:division:edit");
  if (i.destroys > 0) permissions.add("authorization:division:delete");
  const contents =
    i.destroys > 0
      ? batches(i.destroys, limits.searchValuesPerCriterion) + pages(i.queuesInDestroyed, limits.queuesPageSize)
      : 0;
  return 1 + pages(i.divisions, limits.divisionsPageSize) + contents + permissions.size;
}

/** An apply log whose failures are 409 name conflicts, by kind. */
export interface ResolveInputs {
  readonly divisions: number;
  readonly queues: number;
  readonly divisionConflicts: number;
  readonly groupConflicts: number;
  readonly queueConflicts: number;
}

/**
 * resolve = 1 login
 *   + min(pages(divisions, 100), divisionConflicts)   all divisions, or one name query per conflicting name
 *   + ceil(groupConflicts / 50)                       EXACT name searches, 50 names each (no name filter on /groups)
 *   + min(pages(queues, 500), queueConflicts)         all queues, or one name query per conflicting name
 */
export function resolveFloor(i: ResolveInputs, limits: ApiLimits = emulatorLimits): number {
  const divisions =
    i.divisionConflicts > 0 ? Math.min(pages(i.divisions, limits.divisionsPageSize), i.divisionConflicts) : 0;
  const groups = batches(i.groupConflicts, limits.searchValuesPerCriterion);
  const queues = i.queueConflicts > 0 ? Math.min(pages(i.queues, limits.queuesPageSize), i.queueConflicts) : 0;
  return 1 + divisions + groups + queues;
}

/** A SCIM export against the org: which groups it names and whom it references. */
export interface ScimDiffInputs {
  /** SCIM groups in the org. */
  readonly groups: number;
  readonly queues: number;
  /** Groups the export names. */
  readonly namedGroups: number;
  /** Distinct current members of the named groups (read by id, for their names and userNames). */
  readonly currentMembers: number;
  /** Distinct userNames the export references that are not current members (resolved by search). */
  readonly newUserNames: number;
}

/**
 * scim diff = 1 login
 *   + min(pages(groups, 100), namedGroups)   SCIM groups with members and versions: a listing or one filter each
 *   + ceil(currentMembers / 100)             current members by id
 *   + ceil(newUserNames / 50)                EXACT email searches for the other references
 *   + pages(queues, 500)                     the queues that route to each group (no per-group query exists)
 */
export function scimDiffFloor(i: ScimDiffInputs, limits: ApiLimits = emulatorLimits): number {
  return (
    1 +
    Math.min(pages(i.groups, limits.scimPageSize), i.namedGroups) +
    batches(i.currentMembers, limits.userIdsPerRequest) +
    batches(i.newUserNames, limits.searchValuesPerCriterion) +
    (i.namedGroups > 0 ? pages(i.queues, limits.queuesPageSize) : 0)
  );
}

export interface WallInputs {
  readonly latencyMs: number;
  readonly concurrency: number;
  /** Requests a token may send per window (300). */
  readonly requestsPerWindow: number;
  readonly windowMs: number;
}

/**
 * The least wall time `requests` can take: max(requests × latency / concurrency, rate-limit time), where the
 * rate-limit time is (ceil(requests / requestsPerWindow) - 1) whole windows: a fixed window admits
 * `requestsPerWindow` requests, and each further block of that many waits for the next window.
 */
export function wallFloorMs(requests: number, w: WallInputs): number {
  const transfer = (requests * w.latencyMs) / Math.max(1, w.concurrency);
  const rateLimited = Math.max(0, Math.ceil(requests / w.requestsPerWindow) - 1) * w.windowMs;
  return Math.max(transfer, rateLimited);
}
