import { describe, expect, test } from "vitest";

import { scimGroupMissingRule as rule } from "../../../lib/preflight/rules";
import { check, create, group, lookup, org, plan, remove } from "./fixtures";

describe("scim-group-missing (GCG301)", () => {
  test("fails when a looked-up group does not exist and the stack does not create it", () => {
    const result = check(
      rule,
      plan(lookup("data.genesyscloud_group.tier1", "Tier 1")),
      org({ groups: [group("g-2", "Tier 2")] }),
    );
    expect(result.applicable).toBe(true);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding?.address).toBe("data.genesyscloud_group.tier1");
    expect(finding?.message).toBe('no group named "Tier 1" exists in the org, and this stack does not create one');
    expect(finding?.detail).toContain("SCIM cannot create groups");
    expect(finding?.remediation).toContain("ScimGroup in mode managed");
    expect(finding?.remediation).toContain("exact display name");
  });

  test("passes when the group exists under the same name, trimmed and case-insensitive", () => {
    const result = check(
      rule,
      plan(lookup("data.genesyscloud_group.tier1", " tier 1")),
      org({ groups: [group("g-1", "Tier 1")] }),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("passes when the stack creates the group", () => {
    const result = check(
      rule,
      plan(lookup("data.genesyscloud_group.tier1", "Tier 1"), create("genesyscloud_group.tier1", { name: "TIER 1" })),
    );
    expect(result.findings).toEqual([]);
  });

  test("fails when the only resource with that name is being deleted", () => {
    const result = check(
      rule,
      plan(
        lookup("data.genesyscloud_group.tier1", "Tier 1"),
        remove("genesyscloud_group.tier1", { id: "g-1", name: "Tier 1" }),
      ),
    );
    expect(result.findings).toHaveLength(1);
  });

  test("skips a lookup whose name is resolved at apply time", () => {
    const unknown = { ...lookup("data.genesyscloud_group.x", "x"), after: {} }; // the inputs drop expressions
    const result = check(rule, plan(unknown));
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("is not applicable without group lookups", () => {
    expect(
      check(
        rule,
        plan(create("genesyscloud_group.x", { name: "X" }), lookup("data.genesyscloud_auth_division.x", "X")),
      ),
    ).toEqual({
      applicable: false,
      findings: [],
    });
  });
});
