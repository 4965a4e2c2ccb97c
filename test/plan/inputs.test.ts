/** Reading `terraform show -json`: which attributes the configuration sets, for every address form. */
import { describe, expect, test } from "vitest";

import { parsePlan } from "../../lib/plan/inputs/plan";
import { planFromStack } from "../../lib/plan/inputs/stack";

const change = (address: string, after: Record<string, unknown>) => ({
  address,
  mode: "managed",
  type: "genesyscloud_group",
  name: "g",
  provider_name: "registry.terraform.io/mypurecloud/genesyscloud",
  change: { actions: ["update"], before: { ...after, member_ids: ["u-1"] }, after: { ...after, member_ids: ["u-1"] } },
});

describe("parsePlan", () => {
  test("keeps member_ids only where the configuration sets them, whatever the instance key holds", () => {
    const plan = parsePlan(
      {
        format_version: "1.2",
        resource_changes: [
          change('genesyscloud_group.by_name["a]b"]', { name: "a]b" }),
          change('genesyscloud_group.owned["x"]', { name: "x" }),
        ],
        configuration: {
          root_module: {
            resources: [
              {
                address: "genesyscloud_group.by_name",
                mode: "managed",
                type: "genesyscloud_group",
                expressions: { name: {} },
              },
              {
                address: "genesyscloud_group.owned",
                mode: "managed",
                type: "genesyscloud_group",
                expressions: { name: {}, member_ids: {} },
              },
            ],
          },
        },
      },
      "plan.json",
      "acme",
    );
    expect(plan.changes.map((c) => [c.address, c.after?.member_ids])).toEqual([
      ['genesyscloud_group.by_name["a]b"]', undefined],
      ['genesyscloud_group.owned["x"]', ["u-1"]],
    ]);
  });
});

describe("planFromStack", () => {
  test.each([
    ["an empty object", {}, /s\.json: not a synthesized cdktf stack \(cdk\.tf\.json\); run the synth first/],
    ["a key that is not Terraform's", { resource: {}, stacks: 1 }, /\(stacks: not Terraform configuration\)/],
  ])("fails on %s (exit 2) instead of checking nothing", (_what, raw, message) => {
    expect(() => planFromStack(raw, "s.json", "acme", undefined)).toThrow(message);
  });

  test("reads a stack with no resources but cdktf's own keys", () => {
    const raw = { "//": { metadata: { stackName: "acme" } }, terraform: { required_providers: {} } };
    expect(planFromStack(raw, "s.json", "acme", undefined).changes).toEqual([]);
  });
});
