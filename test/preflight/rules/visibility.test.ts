import { describe, expect, test } from "vitest";

import { RULES, visibilityRule as rule } from "../../../lib/preflight/rules";
import { check, create, division, org, plan } from "./fixtures";

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
});
