import { describe, expect, test } from "vitest";

import { ambiguousNameRule as rule } from "../../../lib/preflight/rules";
import { check, create, division, group, HOME, org, plan, queue, update } from "./fixtures";

describe("ambiguous-name (GCG103)", () => {
  test("fails when the planned name matches several existing queues, listing them all without adoption", () => {
    const a = queue("q-1", "Billing", { division: { id: "d-1", name: "" } });
    const b = queue("q-2", "billing ", { division: { id: "d-2", name: "Support" } });
    const result = check(
      rule,
      plan(create("genesyscloud_routing_queue.billing", { name: "Billing" })),
      org({ divisions: [division("d-1", "Sales"), division("d-2", "Support")], queues: [a, b] }),
    );
    expect(result.applicable).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.message).toBe('2 existing queues are already named "Billing"');
    expect(finding?.detail).toContain('"Billing" (id q-1, division "Sales"), "billing " (id q-2, division "Support")');
    expect(finding?.remediation).toContain("Decide which queue this resource is");
    expect(finding?.adoption).toBeUndefined();
    expect(finding?.objects).toEqual([
      { id: "q-1", name: "Billing", kind: "queue", divisionName: "Sales" },
      { id: "q-2", name: "billing ", kind: "queue", divisionName: "Support" },
    ]);
  });

  test("fails on a rename onto a shared name", () => {
    const result = check(
      rule,
      plan(update("genesyscloud_group.old", { id: "g-9", name: "Old" }, { name: "Tier 1" })),
      org({ groups: [group("g-1", "Tier 1"), group("g-2", "TIER 1")] }),
    );
    expect(result.findings[0]?.detail).toContain('renaming the group "Old" to "Tier 1"');
  });

  test("passes when at most one object has the name (one is name-collision's business)", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_group.tier1", { name: "Tier 1" })),
      org({ groups: [group("g-1", "Tier 1")] }),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("leaves the home division's name to home-division", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_auth_division.home", { name: "Home" })),
      org({ divisions: [HOME, division("d-2", "home")] }),
    );
    expect(result.findings).toEqual([]);
  });

  test("is not applicable when the plan creates and renames nothing", () => {
    expect(check(rule, plan()).applicable).toBe(false);
  });
});
