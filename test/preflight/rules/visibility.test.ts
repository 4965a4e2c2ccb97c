import { describe, expect, test } from "vitest";

import { RULES, visibilityRule as rule } from "../../../lib/preflight/rules";
import { adopt, check, create, division, org, plan, queue, update } from "./fixtures";

const hidden = Array.from({ length: 12 }, (_, i) => division(`d-${i}`, `Hidden ${i}`));

describe("visibility (GCG401)", () => {
  test("reports hidden divisions when the plan creates queues, naming at most ten", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_routing_queue.billing", { name: "Billing" })),
      org({ hiddenDivisions: hidden }),
    );
    expect(RULES.find((r) => r.id === rule.id)?.level).toBe("unverified");
    expect(result.applicable).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.message).toBe(
      "12 divisions hidden from these credentials could hold a queue named like a planned one",
    );
    expect(finding?.detail).toContain('"Hidden 9" (id d-9) and 2 more');
    expect(finding?.detail).not.toContain("Hidden 10");
    expect(finding?.detail).toContain('1 queue ("Billing")');
    expect(finding?.remediation).toContain("routing:queue:view");
  });

  test("reports permissions the apply needs and the credentials lack", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_group.g", { name: "G" })),
      org({ missingPermissions: ["routing:queue:add", "authorization:division:delete"] }),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.message).toBe(
      "the credentials lack 2 permissions the apply needs: authorization:division:delete, routing:queue:add",
    );
  });

  test("is not applicable when divisions are hidden but the plan creates no queue", () => {
    const result = check(rule, plan(create("genesyscloud_group.g", { name: "G" })), org({ hiddenDivisions: hidden }));
    expect(result).toEqual({ applicable: false, findings: [] });
  });

  test("is not applicable when everything is visible", () => {
    expect(check(rule, plan(create("genesyscloud_routing_queue.q", { name: "Q" })))).toEqual({
      applicable: false,
      findings: [],
    });
  });

  test("names the hidden division of a queue the plan adopts that did not come back when read by id", () => {
    const bpo = division("d-bpo", "Partner BPO");
    const result = check(
      rule,
      plan(adopt("genesyscloud_routing_queue.overflow", "q-1", { name: "Overflow", division_id: "d-bpo" })),
      org({ divisions: [bpo], hiddenDivisions: [bpo] }),
    );
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.address).toBe("genesyscloud_routing_queue.overflow");
    expect(finding?.message).toBe(
      "genesyscloud_routing_queue.overflow adopts the queue q-1, which these credentials cannot read: it is in the " +
        'division "Partner BPO" (id d-bpo), which these credentials cannot see',
    );
    expect(finding?.objects).toEqual([{ id: "d-bpo", name: "Partner BPO", kind: "division" }]);
  });

  test("reports a queue the plan updates that did not come back, hidden division or no such queue", () => {
    const result = check(
      rule,
      plan(update("genesyscloud_routing_queue.q", { id: "q-2", name: "Q", division_id: "d-x" }, { name: "Q2" })),
    );
    expect(result.findings.map((f) => f.message)).toEqual([
      "genesyscloud_routing_queue.q updates the queue q-2, which these credentials cannot read: it is in a " +
        "division these credentials cannot see (the plan says division id d-x), or it does not exist",
    ]);
  });

  test("passes queues the plan adopts or updates once they were read", () => {
    const result = check(
      rule,
      plan(
        adopt("genesyscloud_routing_queue.a", "q-1", { name: "A" }),
        update("genesyscloud_routing_queue.b", { id: "q-2", name: "B" }, { name: "B" }),
      ),
      org({ queues: [queue("q-1", "A"), queue("q-2", "B")] }),
    );
    expect(result).toEqual({ applicable: false, findings: [] });
  });
});
