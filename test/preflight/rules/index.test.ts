import { describe, expect, test } from "vitest";

import { RULES } from "../../../lib/preflight/rules";
import {
  adopt,
  check,
  create,
  dependents,
  division,
  group,
  HOME,
  lookup,
  org,
  plan,
  queue,
  remove,
  user,
} from "./fixtures";

describe("RULES", () => {
  test("lists every rule once, in code order", () => {
    expect(RULES.map((r) => `${r.code} ${r.id} ${r.level}`)).toEqual([
      "GCG101 name-collision error",
      "GCG102 duplicate-in-plan error",
      "GCG103 ambiguous-name error",
      "GCG104 type-not-checked unverified",
      "GCG105 name-unknown unverified",
      "GCG106 deleted-user-restored warning",
      "GCG201 non-empty-division error",
      "GCG202 home-division error",
      "GCG301 scim-group-missing error",
      "GCG302 membership-trap error",
      "GCG401 visibility unverified",
      "GCG901 waiver-expired error",
    ]);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.title.length).toBeGreaterThan(0);
      expect(r.description).toMatch(/\.$/);
    }
  });

  test("every finding has a one-line message, a detail and a remediation, and none suggests force", () => {
    const stackPlan = plan(
      create("genesyscloud_group.tier1", { name: "Tier\n1", member_ids: ["u-1"] }),
      create("genesyscloud_group.tier1b", { name: "tier\n1" }),
      create("genesyscloud_routing_queue.billing", { name: "Billing" }),
      create("genesyscloud_auth_division.home", { name: "Home" }),
      remove("genesyscloud_auth_division.legacy", { id: "d-legacy", name: "Legacy" }),
      adopt("genesyscloud_routing_queue.support", "q-2", { name: "Support" }),
      lookup("data.genesyscloud_group.missing", "Missing"),
      create("genesyscloud_journey_segment.vip", { display_name: "VIP" }),
      create("genesyscloud_routing_skill.derived", {}, { unknown: { name: "known only after apply" } }),
      create("genesyscloud_user.back", { name: "Back", email: "back@acme.example" }),
    );
    const view = org({
      divisions: [HOME, division("d-legacy", "Legacy", { objectCounts: { USER: 1 } })],
      groups: [group("g-1", "Tier\n1")],
      queues: [queue("q-1", "Billing"), queue("q-1b", "billing"), queue("q-2", "Support", { userMemberCount: 2 })],
      divisionDependents: { "d-legacy": dependents([user("u-1", "Ann")]) },
      hiddenDivisions: [division("d-x", "X")],
      missingPermissions: ["routing:queue:add"],
      named: [{ id: "u-old", name: "back@acme.example", kind: "user", state: "deleted" }],
    });
    // GCG901's findings come from waivers, not the plan (test/preflight/waivers.test.ts covers them).
    const planRules = RULES.filter((r) => r.id !== "waiver-expired");
    const findings = planRules.flatMap((r) => check(r, stackPlan, view).findings.map((f) => ({ rule: r.id, ...f })));
    expect(new Set(findings.map((f) => f.rule)).size).toBe(planRules.length);
    for (const f of findings) {
      expect(f.message, f.rule).not.toMatch(/\n/);
      expect(f.detail, f.rule).toBeTruthy();
      expect(f.remediation, f.rule).toBeTruthy();
      expect(f.remediation, f.rule).not.toMatch(/force/i);
    }
  });
});
