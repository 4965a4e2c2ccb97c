import { describe, expect, test } from "vitest";

import type { QueueSettings } from "../../constructs";
import { Division, QueueMapping, ScimGroup } from "../../constructs";
import { renderedError, synthIn } from "../helpers";

describe("QueueMapping", () => {
  test("creates a routing queue in the division, fed by the SCIM groups", () => {
    const json = synthIn((stack) => {
      const sales = new Division(stack, "sales", { name: "Sales" });
      const agents = new ScimGroup(stack, "agents", { name: "GC-Sales-Agents" });
      new QueueMapping(stack, "inbound", { name: "Sales Inbound", division: sales, groups: [agents] });
    });
    expect(json.resource?.genesyscloud_routing_queue?.inbound).toMatchObject({
      name: "Sales Inbound",
      division_id: "${genesyscloud_auth_division.sales.id}",
      groups: ["${genesyscloud_group.agents.id}"],
    });
  });

  test("sets ignore_members = true when no members are given, so direct members survive applies", () => {
    const json = synthIn((stack) => {
      const g = new ScimGroup(stack, "g", { name: "G" });
      new QueueMapping(stack, "q", { name: "Q", groups: [g] });
    });
    const queue = json.resource?.genesyscloud_routing_queue?.q;
    expect(queue?.ignore_members).toBe(true);
    expect(queue).not.toHaveProperty("members");
    expect(queue).not.toHaveProperty("division_id"); // the provider's default: the home division
  });

  test("explicit members take over direct membership: members block, no ignore_members", () => {
    const json = synthIn((stack) => {
      const g = new ScimGroup(stack, "g", { name: "G" });
      new QueueMapping(stack, "q", { name: "Q", groups: [g], members: [{ userId: "u1", ringNum: 2 }] });
      new QueueMapping(stack, "none", { name: "None", groups: [g], members: [] });
    });
    expect(json.resource?.genesyscloud_routing_queue?.q?.members).toEqual([{ user_id: "u1", ring_num: 2 }]);
    expect(json.resource?.genesyscloud_routing_queue?.q).not.toHaveProperty("ignore_members");
    expect(json.resource?.genesyscloud_routing_queue?.none).not.toHaveProperty("ignore_members");
  });

  test("passes queue settings through, blocks included", () => {
    const json = synthIn((stack) => {
      const g = new ScimGroup(stack, "g", { name: "G" });
      new QueueMapping(stack, "q", {
        name: "Q",
        groups: [g],
        settings: {
          acwWrapupPrompt: "OPTIONAL",
          mediaSettingsCall: { alertingTimeoutSec: 20, serviceLevelPercentage: 0.8, serviceLevelDurationMs: 20000 },
          routingRules: [{ operator: "MEETS_THRESHOLD", threshold: 9, waitSeconds: 300 }],
        },
      });
    });
    expect(json.resource?.genesyscloud_routing_queue?.q).toMatchObject({
      acw_wrapup_prompt: "OPTIONAL",
      media_settings_call: {
        alerting_timeout_sec: 20,
        service_level_percentage: 0.8,
        service_level_duration_ms: 20000,
      },
      routing_rules: [{ operator: "MEETS_THRESHOLD", threshold: 9, wait_seconds: 300 }],
    });
  });

  test("orders groups by construct path, so listing them in another order changes nothing", () => {
    const build = (order: "ab" | "ba") =>
      synthIn((stack) => {
        const a = new ScimGroup(stack, "a", { name: "A" });
        const b = new ScimGroup(stack, "b", { name: "B" });
        new QueueMapping(stack, "q", { name: "Q", groups: order === "ab" ? [a, b] : [b, a] });
      });
    expect(build("ba")).toEqual(build("ab"));
  });

  test("adoptId emits an import block for the queue", () => {
    const id = "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a";
    const json = synthIn((stack) => {
      const g = new ScimGroup(stack, "g", { name: "G" });
      new QueueMapping(stack, "q", { name: "Q", groups: [g], adoptId: id });
    });
    expect(json.import).toEqual([{ to: "genesyscloud_routing_queue.q", id }]);
  });

  test("fails on no groups, a repeated group, owned keys in settings and out-of-range rings, all at once", () => {
    const text = renderedError(() =>
      synthIn((stack) => {
        const g = new ScimGroup(stack, "g", { name: "G" });
        new QueueMapping(stack, "empty", { name: "Empty", groups: [] });
        void g;
      }),
    );
    expect(text).toMatch(/groups is empty/);

    const many = renderedError(() =>
      synthIn((stack) => {
        const g = new ScimGroup(stack, "g", { name: "G" });
        const settings = { ignoreMembers: false, groups: ["x"] } as unknown as QueueSettings;
        new QueueMapping(stack, "q", { name: "Q", groups: [g, g], settings, members: [{ userId: "u", ringNum: 7 }] });
      }),
    );
    expect(many).toMatch(/groups lists test\/g twice/);
    expect(many).toMatch(/settings.groups is not allowed/);
    expect(many).toMatch(/settings.ignoreMembers is not allowed: the mapping sets it \(use the members prop\)/);
    expect(many).toMatch(/members\[0\].ringNum 7 is out of range/);
  });
});
