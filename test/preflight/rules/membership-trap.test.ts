import { describe, expect, test } from "vitest";

import { membershipTrapRule as rule } from "../../../lib/preflight/rules";
import { adopt, check, create, group, noOp, org, plan, queue, update, user } from "./fixtures";

const ann = user("u-ann", "Ann");
const bob = user("u-bob", "Bob");
const cy = user("u-cy", "Cy");

describe("membership-trap (GCG302), groups", () => {
  test("fails with the count of members an adopted group's member_ids would remove", () => {
    const result = check(
      rule,
      plan(adopt("genesyscloud_group.tier1", "g-1", { name: "Tier 1", member_ids: ["u-ann"] })),
      org({ groups: [group("g-1", "Tier 1")], groupMembers: { "g-1": [ann, bob, cy] } }),
    );
    expect(result.applicable).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.message).toBe('the apply removes 2 members from the group "Tier 1"');
    expect(finding?.detail).toContain('"Bob" (u-bob), "Cy" (u-cy)');
    expect(finding?.remediation).toContain("ignore_changes = [member_ids]");
    expect(finding?.objects).toEqual([
      { id: "u-bob", name: "Bob", kind: "user" },
      { id: "u-cy", name: "Cy", kind: "user" },
    ]);
  });

  test("counts from member_ids in state when the org view has no members for the group", () => {
    const result = check(
      rule,
      plan(
        update(
          "genesyscloud_group.tier1",
          { id: "g-1", name: "Tier 1", member_ids: ["u-ann", "u-bob"] },
          { name: "Tier 1", member_ids: ["u-ann", undefined] }, // a reference, unknown until apply
        ),
      ),
    );
    expect(result.findings[0]?.message).toBe('the apply removes up to 1 member from the group "Tier 1"');
    expect(result.findings[0]?.detail).toContain("u-bob");
  });

  test("fails on a new group with member_ids: Terraform will own membership", () => {
    const result = check(rule, plan(create("genesyscloud_group.tier1", { name: "Tier 1", member_ids: ["u-ann"] })));
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.message).toBe(
      'Terraform will own membership of the group "Tier 1"; SCIM changes will be reverted at every apply',
    );
    expect(result.findings[0]?.detail).toContain("provider issue #2139");
  });

  test("ignore_changes on member_ids (or all) silences it", () => {
    for (const ignoreChanges of [["member_ids"], "all"] as const) {
      const result = check(
        rule,
        plan(adopt("genesyscloud_group.tier1", "g-1", { name: "Tier 1", member_ids: ["u-ann"] }, { ignoreChanges })),
        org({ groupMembers: { "g-1": [ann, bob] } }),
      );
      expect(result).toEqual({ applicable: true, findings: [] });
    }
  });

  test("passes when member_ids is unset or empty", () => {
    const result = check(
      rule,
      plan(
        create("genesyscloud_group.a", { name: "A" }),
        create("genesyscloud_group.b", { name: "B", member_ids: [] }),
      ),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });
});

describe("membership-trap (GCG302), queues", () => {
  test("fails when an adopted queue has direct members and neither members nor ignore_members", () => {
    const result = check(
      rule,
      plan(adopt("genesyscloud_routing_queue.billing", "q-1", { name: "Billing", groups: ["g-1"] })),
      org({ queues: [queue("q-1", "Billing", { userMemberCount: 4, memberCount: 9 })] }),
    );
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.message).toBe('the apply removes all 4 direct members of the queue "Billing"');
    expect(finding?.detail).toContain("provider issue #1705");
    expect(finding?.remediation).toContain("ignore_members = true");
    expect(finding?.objects).toEqual([{ id: "q-1", name: "Billing", kind: "queue" }]);
  });

  test("fails on an update of a queue in state whose direct members the config drops", () => {
    const result = check(
      rule,
      plan(
        update(
          "genesyscloud_routing_queue.billing",
          { id: "q-1", name: "Billing", members: [{ user_id: "u-ann" }] },
          { name: "Billing" },
        ),
      ),
    );
    expect(result.findings[0]?.message).toBe('the apply removes the only direct member of the queue "Billing"');
  });

  test("passes with ignore_members, with listed members, or when the queue has no direct members", () => {
    const view = org({
      queues: [queue("q-1", "Billing", { userMemberCount: 4 }), queue("q-2", "Empty", { userMemberCount: 0 })],
    });
    const result = check(
      rule,
      plan(
        adopt("genesyscloud_routing_queue.a", "q-1", { name: "Billing", ignore_members: true }),
        adopt("genesyscloud_routing_queue.b", "q-1", { name: "Billing", members: [{ user_id: "u-ann" }] }),
        adopt("genesyscloud_routing_queue.c", "q-2", { name: "Empty" }),
      ),
      view,
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("is not applicable to creates of queues or unchanged resources", () => {
    const result = check(
      rule,
      plan(
        create("genesyscloud_routing_queue.new", { name: "New" }),
        noOp("genesyscloud_group.g", { id: "g-1", name: "G" }),
      ),
    );
    expect(result).toEqual({ applicable: false, findings: [] });
  });
});
