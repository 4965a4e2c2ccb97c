import { describe, expect, test } from "vitest";

import { coverageOf, uncovered } from "../../lib/org/coverage";
import { create, plan, remove, update } from "../preflight/rules/fixtures";

describe("coverageOf", () => {
  test("counts each type's creates, updates, replaces and imports as checked, nothing to check, or not checked", () => {
    const p = plan(
      create("genesyscloud_routing_skill.a", { name: "A" }),
      create("genesyscloud_routing_skill.b", { name: "B" }),
      update("genesyscloud_routing_wrapupcode.w", { id: "w", name: "W" }, { name: "W2" }),
      create("genesyscloud_user_roles.r", { user_id: "u" }),
      create("genesyscloud_journey_segment.vip", { display_name: "VIP" }),
      create("genesyscloud_journey_segment.gold", { display_name: "Gold" }),
      remove("genesyscloud_journey_outcome.gone", { id: "o" }),
    );
    const coverage = coverageOf(p);
    expect(coverage.checked).toEqual([
      { type: "genesyscloud_routing_skill", kind: "skill", changes: 2 },
      { type: "genesyscloud_routing_wrapupcode", kind: "wrapupcode", changes: 1 },
    ]);
    expect(coverage.notChecked).toEqual([
      { type: "genesyscloud_journey_segment", changes: 2, reason: "unknown-type" },
      { type: "genesyscloud_user_roles", changes: 1, reason: "no-unique-name" },
    ]);
    // A delete names nothing: the outcome type is not listed at all.
    expect(uncovered(coverage).map((t) => t.type)).toEqual(["genesyscloud_journey_segment"]);
  });

  test("a plan of checked kinds only has nothing uncovered", () => {
    expect(uncovered(coverageOf(plan(create("genesyscloud_group.g", { name: "G" }))))).toEqual([]);
  });
});
