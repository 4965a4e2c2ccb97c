/**
 * The floor of each benchmark scenario: the fewest requests any client needs for the information the gcguard command
 * uses, given the largest page sizes and search batch limits the API allows (lib/genesys/limits.ts, which the
 * emulator's defaults match), and the least wall time those requests can take under gcguard's pacing. Pure functions
 * of the scenario's inputs; scripts/bench.ts compares gcguard and the naive baseline against them.
 *
 * Each scenario is a small dependency graph of steps (`RequestDag`): a step is a number of requests that can all go
 * once the steps it needs are answered (a listing's later pages need its first page, which gives the page count; a
 * lookup needs the ids another read returns). Its request floor is the sum of the steps; its wall floor
 * (`wallFloor`) is the larger of the dependency chain and the throughput the pacer and the rate limit allow.
 *
 * Every floor counts 1 login (POST /oauth/token, which the emulator counts like any request).
 */
import type { ClientLimits } from "../genesys/limits";
import { defaultLimits } from "../genesys/limits";
import { OBJECT_KINDS } from "../snapshot/objects";

/** Pages needed to read `items` at `pageSize` a page; an empty listing still costs its one page. */
export function pages(items: number, pageSize: number): number {
  return Math.max(1, Math.ceil(items / pageSize));
}

export const batches = (items: number, size: number): number => Math.ceil(items / size);

/** One step of a scenario's reads. */
export interface Step {
  readonly name: string;
  /** Requests in the step. */
  readonly requests: number;
  /** Steps whose answers this one needs; none: it can go as soon as the process starts. */
  readonly after?: readonly string[];
  /**
   * The requests follow one another, each needing the one before (a search's q64 next-page links); otherwise they
   * can all go at once.
   */
  readonly chain?: boolean;
  /** The OAuth login: not an API request, so neither paced nor counted by the org's rate limit. */
  readonly login?: boolean;
}

/** A scenario's minimum requests and what each must wait for; steps come after the steps they name. */
export type RequestDag = readonly Step[];

/** The login every other request waits for. */
export const LOGIN: Step = { name: "login", requests: 1, login: true };

/**
 * A listing of `count` pages: the first, then the rest at once (the first page gives the page count). An empty
 * `after` means it needs only the login.
 */
export function listing(name: string, count: number, after: readonly string[] = ["login"]): Step[] {
  return [
    { name, requests: 1, after },
    ...(count > 1 ? [{ name: `${name} +`, requests: count - 1, after: [name] }] : []),
  ];
}

/** The steps of a listing, to wait for all of its pages. */
export const all = (name: string, count: number): string[] => (count > 1 ? [name, `${name} +`] : [name]);

/** Requests in a graph: its request floor. */
export function dagRequests(dag: RequestDag): number {
  return dag.reduce((n, s) => n + s.requests, 0);
}

/** A scenario's request floor, from the function that builds its graph (the limits default to the client's). */
function requestFloor<I>(dagOf: (inputs: I, limits: ClientLimits) => RequestDag) {
  return (inputs: I, limits: ClientLimits = defaultLimits): number => dagRequests(dagOf(inputs, limits));
}

/** Each step's depth: the requests one after another on the longest chain that ends with it. */
function depths(dag: RequestDag): Map<string, number> {
  const depth = new Map<string, number>();
  for (const step of dag) {
    let before = 0;
    for (const name of step.after ?? []) {
      const d = depth.get(name);
      if (d === undefined) throw new Error(`step ${step.name} waits for ${name}, which does not come before it`);
      before = Math.max(before, d);
    }
    const own = step.requests === 0 ? 0 : step.chain ? step.requests : 1;
    depth.set(step.name, before + own);
  }
  return depth;
}

/** The requests on the longest dependency chain, each of which must wait for the one before it. */
export function criticalPath(dag: RequestDag): number {
  return Math.max(0, ...depths(dag).values());
}

/** How fast requests may go: the emulator's latency, gcguard's pacer (lib/genesys/pacing.ts) and the rate limit. */
export interface Pace {
  /** Time from sending a request to its answer (the emulator's added latency). */
  readonly latencyMs: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** The pacer's spacing between two sends; 0 for none. */
  readonly requestsPerSecond: number;
  /** Requests a token may send per window (300), and the window. */
  readonly requestsPerWindow: number;
  readonly windowMs: number;
  /** Requests of each window the pacer leaves unused. */
  readonly headroom: number;
}

export interface WallFloor {
  readonly ms: number;
  /** The critical path: its requests times the latency. */
  readonly dependencyMs: number;
  /** The end of the API requests at the allowed throughput, from the first one's earliest start. */
  readonly throughputMs: number;
  /** What sets the floor. */
  readonly boundBy: "dependencies" | "concurrency" | "pacing" | "rate limit";
}

/**
 * The least wall time the graph's requests can take at `pace`: the larger of
 *
 *   dependencies   critical path × latency
 *   concurrency    start + ⌈n / concurrency⌉ × latency
 *   pacing         max(start, (n − 1) / requestsPerSecond) + latency
 *   rate limit     start + (⌈n / (requestsPerWindow − headroom)⌉ − 1) × window + latency   (past one window)
 *
 * where n is the API requests (the login is neither paced nor rate-limited) and start the earliest moment any of
 * them can go (after the login). Each is a bound no schedule can beat: a chain of answers one after another; n
 * requests through `concurrency` slots of one latency each; admissions spaced by the pacer (its clock runs from the
 * first admission, which may come before the login is done: the pacer admits a request, then it fetches the
 * token); and a fixed window that admits so many requests, the rest waiting for the next. It is not the best
 * schedule (that would interleave the terms), so it is a floor: gcguard/floor near 1 is as fast as its pacing and
 * the API allow.
 */
export function wallFloor(dag: RequestDag, pace: Pace): WallFloor {
  const depth = depths(dag);
  const dependencyMs = criticalPath(dag) * pace.latencyMs;
  const api = dag.filter((s) => !s.login && s.requests > 0);
  const n = dagRequests(api);
  if (n === 0) return { ms: dependencyMs, dependencyMs, throughputMs: 0, boundBy: "dependencies" };
  // The earliest an API request can go: after the chain before its step.
  const start =
    Math.min(...api.map((s) => Math.max(0, ...(s.after ?? []).map((a) => depth.get(a) ?? 0)))) * pace.latencyMs;
  const windows = Math.ceil(n / Math.max(1, pace.requestsPerWindow - pace.headroom));
  const terms = {
    concurrency: start + Math.ceil(n / Math.max(1, pace.concurrency)) * pace.latencyMs,
    pacing:
      pace.requestsPerSecond > 0 ? Math.max(start, ((n - 1) * 1000) / pace.requestsPerSecond) + pace.latencyMs : 0,
    "rate limit": windows > 1 ? start + (windows - 1) * pace.windowMs + pace.latencyMs : 0,
  } as const;
  let boundBy: keyof typeof terms = "concurrency";
  for (const k of ["pacing", "rate limit"] as const) if (terms[k] > terms[boundBy]) boundBy = k;
  const throughputMs = terms[boundBy];
  return dependencyMs >= throughputMs
    ? { ms: dependencyMs, dependencyMs, throughputMs, boundBy: "dependencies" }
    : { ms: throughputMs, dependencyMs, throughputMs, boundBy };
}

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
 * The preflight's graph: the division listing (page 1, then the rest), the permission checks at once after the
 * login, and the destroyed divisions' contents (the user searches and the queue listing) once the division listing
 * says which planned ids exist and hold objects.
 *
 * preflight = 1 login
 *   + pages(divisions, 100)            every division with object counts: names for collisions and renames, totals
 *                                      for non-empty destroys (no name filter is exact, docs/genesys-api.md
 *                                      §3.2, so a listing it is)
 *   + ceil(destroys / 50)              one user search page per 50 destroyed divisions (the sample; 50 values per
 *                                      criterion)
 *   + pages(queuesInDestroyed, 500)    the destroyed divisions' queues (the emulator takes any number of divisionIds)
 *   + permissions                      one request per distinct permission the planned actions need
 */
export function preflightDag(i: PreflightInputs, limits: ClientLimits = defaultLimits): RequestDag {
  const permissions = new Set<string>();
  if (i.creates > 0) ["authorization:division:add", "authorization:grant:add"].forEach((p) => permissions.add(p));
  if (i.renames > 0) permissions.add("authorization:division:edit");
  if (i.destroys > 0) permissions.add("authorization:division:delete");
  const divisionPages = pages(i.divisions, limits.divisionsPageSize);
  const divisions = all("divisions", divisionPages);
  return [
    LOGIN,
    ...listing("divisions", divisionPages),
    { name: "permissions", requests: permissions.size, after: ["login"] },
    ...(i.destroys > 0
      ? [
          { name: "user samples", requests: batches(i.destroys, limits.searchValuesPerCriterion), after: divisions },
          ...listing("destroyed divisions' queues", pages(i.queuesInDestroyed, limits.queuesPageSize), divisions),
        ]
      : []),
  ];
}

export const preflightFloor = requestFloor(preflightDag);

/** An apply log whose failures are 409 name conflicts, by kind. */
export interface ResolveInputs {
  readonly divisions: number;
  readonly queues: number;
  readonly divisionConflicts: number;
  readonly groupConflicts: number;
  readonly queueConflicts: number;
}

/** A listing (page 1, then the rest) or one query per name at once, whichever is fewer requests. */
function listingOrNames(name: string, listingPages: number, names: number): Step[] {
  if (names === 0) return [];
  return listingPages <= names ? listing(name, listingPages) : [{ name, requests: names, after: ["login"] }];
}

/**
 * The resolve's graph: the three kinds at once after the login, each a listing or per-name queries.
 *
 * resolve = 1 login
 *   + min(pages(divisions, 100), divisionConflicts)   all divisions, or one name query per conflicting name
 *   + ceil(groupConflicts / 50)                       EXACT name searches, 50 names each (no name filter on /groups)
 *   + min(pages(queues, 500), queueConflicts)         all queues, or one name query per conflicting name
 */
export function resolveDag(i: ResolveInputs, limits: ClientLimits = defaultLimits): RequestDag {
  return [
    LOGIN,
    ...listingOrNames("divisions", pages(i.divisions, limits.divisionsPageSize), i.divisionConflicts),
    { name: "group searches", requests: batches(i.groupConflicts, limits.searchValuesPerCriterion), after: ["login"] },
    ...listingOrNames("queues", pages(i.queues, limits.queuesPageSize), i.queueConflicts),
  ];
}

export const resolveFloor = requestFloor(resolveDag);

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
 * The scim diff's graph: the groups (a listing or one filter each), then their current members by id, then the
 * search for the userNames no member has (a member's userName needs no search); the queue listing after the login.
 *
 * scim diff = 1 login
 *   + min(pages(groups, 100), namedGroups)   SCIM groups with members and versions: a listing or one filter each
 *   + ceil(currentMembers / 100)             current members by id
 *   + ceil(newUserNames / 50)                EXACT email searches for the other references
 *   + pages(queues, 500)                     the queues that route to each group (no per-group query exists)
 */
export function scimDiffDag(i: ScimDiffInputs, limits: ClientLimits = defaultLimits): RequestDag {
  const groupPages = pages(i.groups, limits.scimPageSize);
  const groups = listingOrNames("groups", groupPages, i.namedGroups);
  const groupsDone = groupPages <= i.namedGroups ? all("groups", groupPages) : ["groups"];
  return [
    LOGIN,
    ...groups,
    { name: "members by id", requests: batches(i.currentMembers, limits.userIdsPerRequest), after: groupsDone },
    {
      name: "userName searches",
      requests: batches(i.newUserNames, limits.searchValuesPerCriterion),
      after: ["members by id"],
    },
    ...(i.namedGroups > 0 ? listing("queues", pages(i.queues, limits.queuesPageSize)) : []),
  ];
}

export const scimDiffFloor = requestFloor(scimDiffDag);

/** The org a snapshot reads. */
export interface SnapshotInputs {
  readonly divisions: number;
  readonly activeUsers: number;
  readonly inactiveUsers: number;
  readonly groups: number;
  readonly queues: number;
  /** Direct members of each queue that has any (each read on its own: no bulk listing exists). */
  readonly queueMembers: readonly number[];
  /** Objects of each other kind (lib/snapshot/objects.ts), by kind id; a kind absent has none (still one page). */
  readonly objects?: Readonly<Record<string, number>>;
}

/**
 * The snapshot's graph: every listing at once after the login, each page 1 then the rest, except the user search,
 * whose pages follow q64 next-page links one after another; the queue members after the queue listing's first page
 * (a queue's page says whether it has direct members).
 *
 * snapshot = 1 login + 1 organization
 *   + pages(divisions, 100)                                  every division (the home one is flagged)
 *   + pages(active + inactive, 100)                          every user, by search pages
 *   + pages(active, 100) + pages(inactive, 100)              SCIM external ids (the listing is active or inactive)
 *   + pages(groups, 500) + pages(groups, 100)                groups, and their members from SCIM
 *   + pages(queues, 500) + Σ pages(direct members, 100)      queues, and the direct members of each that has any
 *   + Σ pages(objects of the kind, the kind's page size)     one full listing of every other kind (28)
 */
export function snapshotDag(i: SnapshotInputs, limits: ClientLimits = defaultLimits): RequestDag {
  return [
    LOGIN,
    { name: "organization", requests: 1, after: ["login"] },
    ...listing("divisions", pages(i.divisions, limits.divisionsPageSize)),
    {
      name: "user search",
      requests: pages(i.activeUsers + i.inactiveUsers, limits.searchPageSize),
      after: ["login"],
      chain: true,
    },
    ...listing("SCIM active users", pages(i.activeUsers, limits.scimPageSize)),
    ...listing("SCIM inactive users", pages(i.inactiveUsers, limits.scimPageSize)),
    ...listing("groups", pages(i.groups, limits.groupsPageSize)),
    ...listing("SCIM groups", pages(i.groups, limits.scimPageSize)),
    ...listing("queues", pages(i.queues, limits.queuesPageSize)),
    {
      name: "queue members",
      requests: i.queueMembers.reduce((n, m) => n + pages(m, limits.queueMembersPageSize), 0),
      after: ["queues"],
    },
    ...OBJECT_KINDS.flatMap((k) => listing(k.kind, pages(i.objects?.[k.kind] ?? 0, (k.listAll ?? k.list).pageSize))),
  ];
}

export const snapshotFloor = requestFloor(snapshotDag);
