import { describe, expect, test } from "vitest";

import { pages, preflightFloor, resolveFloor, scimDiffFloor, wallFloorMs } from "../../lib/bench/floor";
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

  test("wall time is the larger of transfer time and whole rate-limit windows", () => {
    const w = { latencyMs: 40, concurrency: 4, requestsPerWindow: 300, windowMs: 60_000 };
    expect(wallFloorMs(20, w)).toBe(200);
    expect(wallFloorMs(300, w)).toBe(3_000);
    expect(wallFloorMs(301, w)).toBe(60_000);
    expect(wallFloorMs(900, w)).toBe(120_000);
  });
});
