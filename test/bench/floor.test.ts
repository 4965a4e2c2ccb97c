import { describe, expect, test } from "vitest";

import type { Pace, RequestDag } from "../../lib/bench/floor";
import {
  criticalPath,
  dagRequests,
  pages,
  preflightDag,
  preflightFloor,
  resolveFloor,
  scimDiffDag,
  scimDiffFloor,
  snapshotDag,
  snapshotFloor,
  wallFloor,
} from "../../lib/bench/floor";
import { planMix } from "../../lib/bench/scenarios";

describe("bench floors", () => {
  test("an empty listing still costs its one page", () => {
    expect(pages(0, 100)).toBe(1);
    expect(pages(1_000, 100)).toBe(10);
    expect(pages(1_001, 100)).toBe(11);
  });

  test("preflight: login, division pages, a search and a queue page per 50 destroys, one request per permission", () => {
    const full = { divisions: 1_000, ...planMix(300), queuesInDestroyed: 375 };
    // 1 + 10 + ceil(75 / 50) + 1 + 4 permissions
    expect(preflightFloor(full)).toBe(18);
    expect(preflightFloor({ divisions: 200, creates: 15, renames: 0, destroys: 0, queuesInDestroyed: 0 })).toBe(
      1 + 2 + 2,
    );
    expect(preflightFloor({ divisions: 200, creates: 0, renames: 0, destroys: 101, queuesInDestroyed: 501 })).toBe(
      1 + 2 + 3 + 2 + 1,
    );
  });

  test("resolve: the cheaper of a listing and per-name queries for divisions and queues; group searches of 50", () => {
    const i = { divisions: 1_000, queues: 5_000, divisionConflicts: 100, groupConflicts: 100, queueConflicts: 100 };
    expect(resolveFloor(i)).toBe(1 + 10 + 2 + 10);
    expect(resolveFloor({ ...i, divisionConflicts: 3, queueConflicts: 0, groupConflicts: 0 })).toBe(1 + 3);
  });

  test("scim diff: groups, current members by id, new userNames by search, the queue listing", () => {
    const i = { groups: 3_000, queues: 5_000, namedGroups: 50, currentMembers: 1_234, newUserNames: 1_001 };
    expect(scimDiffFloor(i)).toBe(1 + 30 + 13 + 21 + 10);
    expect(scimDiffFloor({ ...i, groups: 60_000 })).toBe(1 + 50 + 13 + 21 + 10);
  });

  test("snapshot: every listing, the user search pages, SCIM users apart, and one member read per queue", () => {
    const i = {
      divisions: 1_000,
      activeUsers: 48_488,
      inactiveUsers: 1_512,
      groups: 3_000,
      queues: 5_000,
      queueMembers: [1, 4, 100, 101],
    };
    // login, org, 10 division pages, 500 search pages, 485 + 16 SCIM user pages, 6 + 30 group pages, 10 queue
    // pages, 1 + 1 + 1 + 2 member pages, one page for each of the 28 other kinds
    expect(snapshotFloor(i)).toBe(1 + 1 + 10 + 500 + 485 + 16 + 6 + 30 + 10 + 5 + 28);
    // Other kinds' listings in their own page sizes: 2,500 skills in pages of 500, 5,000 wrap-up codes of 100.
    const withObjects = { ...i, objects: { skill: 2_500, wrapupcode: 5_000 } };
    expect(snapshotFloor(withObjects)).toBe(snapshotFloor(i) + 4 + 49);
    // The search pages follow one another: the longest chain is the login and 500 pages.
    expect(criticalPath(snapshotDag(i))).toBe(501);
  });
});

/** No pacer spacing and no rate limit: latency and concurrency only. */
const open = (latencyMs: number, concurrency: number): Pace => ({
  latencyMs,
  concurrency,
  requestsPerSecond: 0,
  requestsPerWindow: 1_000_000,
  windowMs: 60_000,
  headroom: 0,
});

describe("the wall-time floor", () => {
  /** A chain of 3 requests, each needing the one before, and 10 that need nothing. */
  const chainAndTen: RequestDag = [
    { name: "a", requests: 1 },
    { name: "b", requests: 1, after: ["a"] },
    { name: "c", requests: 1, after: ["b"] },
    { name: "independent", requests: 10 },
  ];

  test("a chain of 3 and 10 independent requests at 50 ms, 4 at a time: 4 rounds of 50 ms", () => {
    expect(dagRequests(chainAndTen)).toBe(13);
    expect(criticalPath(chainAndTen)).toBe(3);
    // The chain alone takes 150 ms; 13 requests through 4 slots need ceil(13 / 4) = 4 rounds.
    expect(wallFloor(chainAndTen, open(50, 4))).toEqual({
      ms: 200,
      dependencyMs: 150,
      throughputMs: 200,
      boundBy: "concurrency",
    });
    // With 16 slots the chain decides.
    expect(wallFloor(chainAndTen, open(50, 16))).toMatchObject({ ms: 150, boundBy: "dependencies" });
    // The pacer's 20 requests a second: 12 gaps of 50 ms, then the last answer.
    expect(wallFloor(chainAndTen, { ...open(50, 4), requestsPerSecond: 20 })).toMatchObject({
      ms: 650,
      boundBy: "pacing",
    });
  });

  test("a chain of requests one after another counts each of them", () => {
    const dag: RequestDag = [
      { name: "login", requests: 1, login: true },
      { name: "search", requests: 5, after: ["login"], chain: true },
      { name: "listing", requests: 2, after: ["login"] },
    ];
    expect(criticalPath(dag)).toBe(6);
    expect(wallFloor(dag, open(40, 4)).ms).toBe(240);
  });

  test("the login is neither paced nor rate-limited; the pacer's clock may start while it runs", () => {
    const dag = (n: number): RequestDag => [
      { name: "login", requests: 1, login: true },
      { name: "reads", requests: n, after: ["login"] },
    ];
    const pace = { ...open(40, 4), requestsPerSecond: 20 };
    // 21 API requests admitted 50 ms apart from the start (the first one's token comes at 40 ms): the last is
    // admitted at 1,000 ms and answered 40 ms later.
    expect(wallFloor(dag(21), pace).ms).toBe(1_000 + 40);
    // 2 requests: the second is admitted at 50 ms, but none goes before the login is done at 40 ms.
    expect(wallFloor(dag(2), pace).ms).toBe(50 + 40);
    expect(wallFloor(dag(1), pace).ms).toBe(40 + 40);
  });

  test("past a window's budget (less the pacer's headroom), each further block waits for the next window", () => {
    const pace: Pace = { ...open(40, 4), requestsPerSecond: 20, requestsPerWindow: 300, headroom: 3 };
    const reads = (n: number): RequestDag => [
      { name: "login", requests: 1, login: true },
      { name: "reads", requests: n, after: ["login"] },
    ];
    expect(wallFloor(reads(297), pace)).toMatchObject({ ms: 296 * 50 + 40, boundBy: "pacing" });
    expect(wallFloor(reads(298), pace)).toMatchObject({ ms: 40 + 60_000 + 40, boundBy: "rate limit" });
    expect(wallFloor(reads(5_053), pace)).toMatchObject({ ms: 40 + 17 * 60_000 + 40, boundBy: "rate limit" });
  });

  test("the preflight's contents wait for the division listing; the permissions only for the login", () => {
    const dag = preflightDag({ divisions: 1_000, creates: 150, renames: 75, destroys: 75, queuesInDestroyed: 375 });
    // login, division page 1, the other 9 pages, the searches and the queue listing
    expect(criticalPath(dag)).toBe(4);
    const pace: Pace = { ...open(40, 4), requestsPerSecond: 20, requestsPerWindow: 300, headroom: 3 };
    // 17 API requests: the last admitted 16 × 50 ms after the first, then its answer.
    expect(wallFloor(dag, pace)).toMatchObject({ ms: 800 + 40, dependencyMs: 160, boundBy: "pacing" });
  });

  test("scim diff: groups, then members by id, then the searches for the others", () => {
    const dag = scimDiffDag({
      groups: 3_000,
      queues: 5_000,
      namedGroups: 50,
      currentMembers: 1_234,
      newUserNames: 1_001,
    });
    expect(criticalPath(dag)).toBe(5);
    // Per-name filters when they are fewer than the listing's pages: one step.
    const few = scimDiffDag({ groups: 3_000, queues: 5_000, namedGroups: 3, currentMembers: 10, newUserNames: 1 });
    expect(criticalPath(few)).toBe(4);
    expect(dagRequests(few)).toBe(1 + 3 + 1 + 1 + 10);
  });

  test("a step may only wait for steps before it", () => {
    expect(() => criticalPath([{ name: "b", requests: 1, after: ["a"] }])).toThrow(/waits for a/);
  });
});
