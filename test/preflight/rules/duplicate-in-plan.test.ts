import { describe, expect, test } from "vitest";

import { duplicateInPlanRule as rule } from "../../../lib/preflight/rules";
import { check, create, noOp, plan, update } from "./fixtures";

describe("duplicate-in-plan (GCG102)", () => {
  test("fails once per name shared by planned creates of one kind, naming every address", () => {
    const result = check(
      rule,
      plan(
        create("genesyscloud_routing_queue.b", { name: "Billing " }),
        create("genesyscloud_routing_queue.a", { name: "billing" }),
        create("genesyscloud_routing_queue.c", { name: "BILLING" }),
        create("genesyscloud_routing_queue.d", { name: "Support" }),
      ),
    );
    expect(result.applicable).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.address).toBe("genesyscloud_routing_queue.a");
    expect(finding?.message).toBe(
      '3 queues in this stack are named "billing": genesyscloud_routing_queue.a, genesyscloud_routing_queue.b, ' +
        "genesyscloud_routing_queue.c",
    );
    expect(finding?.remediation).toContain("remove genesyscloud_routing_queue.b, genesyscloud_routing_queue.c");
  });

  test("fails when a rename lands on a name another resource creates", () => {
    const result = check(
      rule,
      plan(
        create("genesyscloud_group.new", { name: "Tier 1" }),
        update("genesyscloud_group.old", { id: "g-1", name: "Old" }, { name: "Tier 1" }),
      ),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.detail).toContain('genesyscloud_group.old (renamed from "Old")');
  });

  test("passes when the same name is used by different kinds", () => {
    const result = check(
      rule,
      plan(
        create("genesyscloud_group.sales", { name: "Sales" }),
        create("genesyscloud_routing_queue.sales", { name: "Sales" }),
        create("genesyscloud_auth_division.sales", { name: "Sales" }),
      ),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("does not count a resource that keeps its name", () => {
    const result = check(
      rule,
      plan(
        noOp("genesyscloud_group.old", { id: "g-1", name: "Tier 1" }),
        create("genesyscloud_group.new", { name: "Tier 2" }),
      ),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("is not applicable when the plan creates and renames nothing", () => {
    expect(check(rule, plan(noOp("genesyscloud_group.old", { id: "g-1", name: "Tier 1" })))).toEqual({
      applicable: false,
      findings: [],
    });
  });
});
