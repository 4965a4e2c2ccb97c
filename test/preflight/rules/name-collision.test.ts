import { describe, expect, test } from "vitest";

import { nameCollisionRule as rule } from "../../../lib/preflight/rules";
import {
  adopt,
  check,
  create,
  division,
  group,
  HOME,
  noOp,
  org,
  plan,
  queue,
  remove,
  replace,
  SALES,
  update,
} from "./fixtures";

const tier1 = group("g-1", "Tier 1");

describe("name-collision (GCG101)", () => {
  test("fails when a planned group takes an existing group's name, and offers its adoption", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_group.tier1", { name: "  tier 1 " })),
      org({ groups: [tier1] }),
    );
    expect(result.applicable).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.address).toBe("genesyscloud_group.tier1");
    expect(finding?.message).toContain('a group named "  tier 1 " already exists in the org (id g-1)');
    expect(finding?.detail).toContain("SCIM also matches groups by display name");
    expect(finding?.remediation).toContain("import id g-1 into genesyscloud_group.tier1");
    expect(finding?.objects).toEqual([{ id: "g-1", name: "Tier 1", kind: "group" }]);
    expect(finding?.adoption).toEqual({ address: "genesyscloud_group.tier1", id: "g-1", name: "Tier 1" });
  });

  test("fails for divisions and queues too, naming the queue's division from the divisions list", () => {
    const billing = queue("q-1", "Billing", { division: { id: "d-sales", name: "" } });
    const result = check(
      rule,
      plan(
        create("genesyscloud_auth_division.sales", { name: "Sales" }),
        create("genesyscloud_routing_queue.billing", { name: "BILLING" }),
      ),
      org({ divisions: [HOME, SALES], queues: [billing] }),
    );
    expect(result.findings.map((f) => f.adoption)).toEqual([
      { address: "genesyscloud_auth_division.sales", id: "d-sales", name: "Sales" },
      { address: "genesyscloud_routing_queue.billing", id: "q-1", name: "Billing" },
    ]);
    expect(result.findings[1]?.objects).toEqual([{ id: "q-1", name: "Billing", kind: "queue", divisionName: "Sales" }]);
    expect(result.findings[1]?.detail).toContain('"Billing" (id q-1, division "Sales")');
  });

  test("passes when the planned names are free", () => {
    const result = check(rule, plan(create("genesyscloud_group.tier2", { name: "Tier 2" })), org({ groups: [tier1] }));
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("an import of the colliding object is the fix, not a collision", () => {
    const result = check(
      rule,
      plan(adopt("genesyscloud_group.tier1", "g-1", { name: "Tier 1" })),
      org({ groups: [tier1] }),
    );
    expect(result).toEqual({ applicable: false, findings: [] });
  });

  test("an update that keeps the name (even re-cased) is not a collision", () => {
    const result = check(
      rule,
      plan(update("genesyscloud_group.tier1", { id: "g-1", name: "tier 1" }, { name: "Tier 1", description: "new" })),
      org({ groups: [tier1] }),
    );
    expect(result).toEqual({ applicable: false, findings: [] });
  });

  test("fails on a rename onto an existing name, without offering adoption", () => {
    const result = check(
      rule,
      plan(update("genesyscloud_group.old", { id: "g-9", name: "Old" }, { name: "Tier 1" })),
      org({ groups: [tier1] }),
    );
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.message).toBe('renaming the group "Old" to "Tier 1" collides with an existing group');
    expect(finding?.remediation).toContain("Choose a name no other group uses");
    expect(finding?.adoption).toBeUndefined();
    expect(finding?.objects).toEqual([{ id: "g-1", name: "Tier 1", kind: "group" }]);
  });

  test("an import that also renames the adopted object onto a taken name collides", () => {
    const result = check(
      rule,
      plan(adopt("genesyscloud_group.g5", "g-5", { name: "Tier 1" }, { before: { id: "g-5", name: "G5" } })),
      org({ groups: [tier1, group("g-5", "G5")] }),
    );
    expect(result.findings.map((f) => f.message)).toEqual([
      'renaming the group "G5" to "Tier 1" collides with an existing group',
    ]);
    expect(result.findings[0]?.detail).toContain("renames with a plain PUT");
  });

  test("a replace that keeps the name does not collide with itself", () => {
    const result = check(
      rule,
      plan(replace("genesyscloud_routing_queue.billing", { id: "q-1", name: "Billing" }, { name: "Billing" })),
      org({ queues: [queue("q-1", "Billing")] }),
    );
    expect(result.findings).toEqual([]);
  });

  test("leaves two or more namesakes to ambiguous-name", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_group.tier1", { name: "Tier 1" })),
      org({ groups: [tier1, group("g-2", "tier 1")] }),
    );
    expect(result.findings).toEqual([]);
  });

  test("leaves the home division's name to home-division", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_auth_division.home", { name: "home" })),
      org({ divisions: [HOME] }),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("fails without adoption when another address of the stack manages the object, suggesting a moved block", () => {
    const result = check(
      rule,
      plan(
        remove("genesyscloud_auth_division.legacy", { id: "d-sales", name: "Sales" }),
        create("genesyscloud_auth_division.sales", { name: "Sales" }),
      ),
      org({ divisions: [SALES] }),
    );
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.message).toContain("already used by genesyscloud_auth_division.legacy, in this stack");
    expect(finding?.detail).toContain("which this plan deletes");
    expect(finding?.remediation).toContain(
      "a moved block from genesyscloud_auth_division.legacy to genesyscloud_auth_division.sales",
    );
    expect(finding?.adoption).toBeUndefined();
  });

  test("fails without adoption when a resource in state keeps the name", () => {
    const result = check(
      rule,
      plan(
        noOp("genesyscloud_group.first", { id: "g-1", name: "Tier 1" }),
        create("genesyscloud_group.second", { name: "Tier 1" }),
      ),
      org({ groups: [tier1] }),
    );
    expect(result.findings[0]?.remediation).toContain(
      "Keep one resource for this group: remove genesyscloud_group.second or genesyscloud_group.first",
    );
    expect(result.findings[0]?.adoption).toBeUndefined();
  });

  test("skips names only known at apply time (the inputs leave them out)", () => {
    const result = check(rule, plan(create("genesyscloud_group.x", {})), org({ groups: [group("g-3", "Anything")] }));
    expect(result).toEqual({ applicable: false, findings: [] });
  });

  test("ignores kinds whose names need not be unique, and data sources", () => {
    const result = check(
      rule,
      plan(
        create("genesyscloud_user.ann", { name: "Tier 1" }),
        create("data.genesyscloud_group.tier1", { name: "Tier 1" }),
      ),
      org({ groups: [tier1], divisions: [division("d-1", "Tier 1")] }),
    );
    expect(result).toEqual({ applicable: false, findings: [] });
  });
});
