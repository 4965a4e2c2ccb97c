import { describe, expect, test } from "vitest";

import { nonEmptyDivisionRule as rule } from "../../../lib/preflight/rules";
import { check, create, dependents, division, HOME, org, plan, queue, remove, replace, user } from "./fixtures";

const legacy = division("d-legacy", "Legacy", { objectCounts: { USER: 40, QUEUE: 1, FLOW: 0 } });

describe("non-empty-division (GCG201)", () => {
  test("fails when a deleted division holds objects, with counts, a bounded sample and the API's error", () => {
    const users = Array.from({ length: 8 }, (_, i) => user(`u-${i}`, `User ${i}`, { division: { id: "d-legacy" } }));
    const result = check(
      rule,
      plan(remove("genesyscloud_auth_division.legacy", { id: "d-legacy", name: "Legacy" })),
      org({
        divisions: [HOME, legacy],
        divisionDependents: { "d-legacy": dependents(users, [queue("q-1", "Old queue")], { users: 40 }) },
      }),
    );
    expect(result.applicable).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.address).toBe("genesyscloud_auth_division.legacy");
    expect(finding?.message).toBe('the division "Legacy" still holds objects; deleting it will fail');
    expect(finding?.detail).toContain("Object counts: QUEUE 1, USER 40.");
    expect(finding?.detail).toContain('40 users: "User 0" (id u-0, division "Legacy")');
    expect(finding?.detail).toContain("and 35 more.");
    expect(finding?.detail).toContain('1 queue: "Old queue" (id q-1).');
    expect(finding?.detail).toContain("Scope 'd-legacy' may not be deleted because it has objects in it.");
    expect(finding?.remediation).toContain("POST /api/v2/authorization/divisions/{target}/objects/USER");
    expect(finding?.remediation).toContain("…/objects/QUEUE");
    expect(finding?.remediation).toContain(
      "removed { from = genesyscloud_auth_division.legacy lifecycle { destroy = false } }",
    );
    expect(finding?.objects).toHaveLength(6);
    expect(finding?.objects?.[5]).toEqual({ id: "q-1", name: "Old queue", kind: "queue" });
  });

  test("fails from object counts alone, and never suggests force", () => {
    const result = check(
      rule,
      plan(remove("genesyscloud_auth_division.legacy", { id: "d-legacy", name: "Legacy" })),
      org({ divisions: [legacy] }),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.objects).toEqual([]);
    expect(`${result.findings[0]?.remediation}`).not.toMatch(/force/i);
  });

  test("fails on a replace, which deletes the division first", () => {
    const result = check(
      rule,
      plan(replace("genesyscloud_auth_division.legacy", { id: "d-legacy", name: "Legacy" }, { name: "Legacy" })),
      org({ divisions: [legacy] }),
    );
    expect(result.findings[0]?.detail).toContain("The plan replaces (deletes, then recreates) division");
    expect(result.findings[0]?.remediation).toContain("avoid it");
    expect(result.findings[0]?.remediation).not.toContain("removed {");
  });

  test("passes when the deleted division is empty", () => {
    const empty = division("d-empty", "Empty", { objectCounts: { USER: 0, QUEUE: 0 } });
    const result = check(
      rule,
      plan(remove("genesyscloud_auth_division.empty", { id: "d-empty", name: "Empty" })),
      org({ divisions: [empty], divisionDependents: { "d-empty": dependents([]) } }),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("leaves the home division to home-division", () => {
    const home = division("d-home", "Home", { homeDivision: true, objectCounts: { USER: 3 } });
    const result = check(
      rule,
      plan(remove("genesyscloud_auth_division.home", { id: "d-home", name: "Home" })),
      org({ divisions: [home] }),
    );
    expect(result).toEqual({ applicable: false, findings: [] });
  });

  test("is not applicable when no division is deleted", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_auth_division.x", { name: "X" })),
      org({ divisions: [legacy] }),
    );
    expect(result).toEqual({ applicable: false, findings: [] });
  });
});
