/** Reading `terraform show -json`: which attributes the configuration sets, for every address form. */
import { describe, expect, test } from "vitest";

import { parsePlan } from "../../lib/plan/inputs/plan";

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
