import { describe, expect, test } from "vitest";

import { kindRequests, mixedPlanDag, mixedPlanFloor } from "../../lib/bench/floor-mixed";

describe("the mixed plan's floor", () => {
  test("each kind costs what its API allows: one query for one name, batches for searches, listings without filter", () => {
    expect(kindRequests({ kind: "skill", names: 1, objects: 10_000 })).toBe(1);
    // Pages of 500: 3 pages; 5 names would cost 6 requests with the first page, so the listing wins.
    expect(kindRequests({ kind: "skill", names: 5, objects: 1_200 })).toBe(3);
    // 20 pages: the first page, then a query per name.
    expect(kindRequests({ kind: "skill", names: 5, objects: 10_000 })).toBe(6);
    expect(kindRequests({ kind: "user", names: 120, objects: 50_000 })).toBe(3);
    expect(kindRequests({ kind: "group", names: 51, objects: 3_000 })).toBe(2);
    expect(kindRequests({ kind: "webdeployment", names: 1, objects: 700 })).toBe(3);
    expect(kindRequests({ kind: "team", names: 4, objects: 50 })).toBe(1);
    expect(kindRequests({ kind: "team", names: 4, objects: 500 })).toBe(5);
    expect(kindRequests({ kind: "division", names: 9, objects: 10 })).toBe(0); // the division listing reads them
  });

  test("the graph: login, the division listing, each kind, queue visibility when queues are named, permissions", () => {
    const inputs = {
      divisions: 250,
      kinds: [
        { kind: "skill", names: 1, objects: 5 },
        { kind: "queue", names: 2, objects: 2_000 },
      ],
      permissions: 3,
    } as const;
    const dag = mixedPlanDag(inputs);
    expect(dag.map((s) => [s.name, s.requests])).toEqual([
      ["login", 1],
      ["divisions", 1],
      ["divisions +", 2],
      ["skill", 1],
      ["queue", 1],
      ["queue +", 2],
      ["queue visibility", 1],
      ["queue visibility +", 2],
      ["permissions", 3],
    ]);
    expect(mixedPlanFloor(inputs)).toBe(14);
  });
});
