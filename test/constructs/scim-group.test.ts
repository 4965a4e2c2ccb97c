import { describe, expect, test } from "vitest";

import { ScimGroup } from "../../constructs";
import type { ScimGroupSettings } from "../../constructs";
import { renderedError, synthIn } from "../helpers";

describe("ScimGroup", () => {
  test("managed by default: creates the group with the exact IdP display name and never sets member_ids", () => {
    const json = synthIn((stack) => new ScimGroup(stack, "agents", { name: "GC-Sales-Agents" }));
    const group = json.resource?.genesyscloud_group?.agents;
    expect(group?.name).toBe("GC-Sales-Agents");
    expect(group).not.toHaveProperty("member_ids");
  });

  test("guards membership with lifecycle.ignore_changes = [member_ids], alongside prevent_destroy", () => {
    const json = synthIn((stack) => {
      new ScimGroup(stack, "a", { name: "A" });
      new ScimGroup(stack, "b", { name: "B", preventDestroy: true });
    });
    expect(json.resource?.genesyscloud_group?.a?.lifecycle).toEqual({ ignore_changes: ["member_ids"] });
    expect(json.resource?.genesyscloud_group?.b?.lifecycle).toEqual({
      ignore_changes: ["member_ids"],
      prevent_destroy: true,
    });
  });

  test("passes further group settings through to the provider resource", () => {
    const json = synthIn(
      (stack) =>
        new ScimGroup(stack, "g", {
          name: "G",
          description: "desc",
          settings: { visibility: "members", rolesEnabled: false, ownerIds: ["u1"] },
        }),
    );
    expect(json.resource?.genesyscloud_group?.g).toMatchObject({
      description: "desc",
      visibility: "members",
      roles_enabled: false,
      owner_ids: ["u1"],
    });
  });

  test("fails when settings try to set memberIds, even past the type system", () => {
    const settings = { memberIds: ["u1"] } as unknown as ScimGroupSettings;
    expect(renderedError(() => synthIn((stack) => new ScimGroup(stack, "g", { name: "G", settings })))).toMatch(
      /settings.memberIds is not allowed: the identity provider owns this group's membership/,
    );
  });

  test("lookup mode reads an existing group by name through the genesyscloud_group data source", () => {
    let group: ScimGroup | undefined;
    const json = synthIn((stack) => {
      group = new ScimGroup(stack, "tier1", { name: "GC-Support-Tier1", mode: "lookup" });
    });
    expect(json.data?.genesyscloud_group?.tier1).toEqual({ name: "GC-Support-Tier1" });
    expect(json.resource).toBeUndefined();
    expect(group?.address).toBe("data.genesyscloud_group.tier1");
  });

  test("adoptId emits an import block for the managed group", () => {
    const id = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    const json = synthIn((stack) => new ScimGroup(stack, "agents", { name: "Agents", adoptId: id }));
    expect(json.import).toEqual([{ to: "genesyscloud_group.agents", id }]);
  });

  test("fails when lookup mode is given settings that only a managed group has", () => {
    const text = renderedError(() =>
      synthIn(
        (stack) =>
          new ScimGroup(stack, "g", {
            name: "G",
            mode: "lookup",
            description: "x",
            adoptId: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
          }),
      ),
    );
    expect(text).toMatch(/description does not apply in mode "lookup"/);
    expect(text).toMatch(/adoptId does not apply in mode "lookup"/);
  });

  test("fails on an empty or padded display name, which the IdP could never match", () => {
    expect(renderedError(() => synthIn((stack) => new ScimGroup(stack, "g", { name: "" })))).toMatch(/name is empty/);
    expect(renderedError(() => synthIn((stack) => new ScimGroup(stack, "g", { name: " GC-X" })))).toMatch(
      /leading or trailing whitespace/,
    );
  });
});
