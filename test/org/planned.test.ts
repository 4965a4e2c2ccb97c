import { describe, expect, test } from "vitest";

import { namesToLookUp, plannedName, scopedKey, unknownNames } from "../../lib/org/planned";
import { adopt, create, lookup, plan, update } from "../preflight/rules/fixtures";

describe("plannedName", () => {
  test("reads each kind's own name attribute: a user's email, a script's script_name", () => {
    expect(plannedName(create("genesyscloud_user.ann", { name: "Ann", email: "ann@acme.example" }))?.name).toBe(
      "ann@acme.example",
    );
    expect(plannedName(create("genesyscloud_script.s", { script_name: "Greeting" }))?.name).toBe("Greeting");
    expect(plannedName(create("genesyscloud_routing_skill.s", { name: "Spanish" }))).toMatchObject({
      kind: "skill",
      name: "Spanish",
    });
  });

  test("a rename is an update or import whose name changes; a same-name update names nothing", () => {
    const renamed = update("genesyscloud_routing_wrapupcode.w", { id: "w1", name: "Sale" }, { name: "Sold" });
    expect(plannedName(renamed)).toMatchObject({ name: "Sold", renamedFrom: "Sale" });
    expect(plannedName(update("genesyscloud_team.t", { id: "t", name: "Ops" }, { name: " ops " }))).toBeUndefined();
    expect(plannedName(adopt("genesyscloud_team.t", "t-1", { name: "Ops" }))).toBeUndefined();
  });

  test("a role with default_role_id takes over a built-in role: it names nothing new", () => {
    const role = create("genesyscloud_auth_role.employee", { name: "employee", default_role_id: "employee" });
    expect(plannedName(role)).toBeUndefined();
    expect(plannedName(create("genesyscloud_auth_role.r", { name: "Supervisors" }))?.name).toBe("Supervisors");
  });

  test("a flow's scope is its type; scoped keys keep two types' same name apart", () => {
    const flow = create("genesyscloud_flow.main", { name: "Main", type: "inboundcall" });
    expect(plannedName(flow)).toMatchObject({ kind: "flow", name: "Main", scope: "inboundcall" });
    expect(scopedKey(" Main ", "INBOUNDCALL")).toBe(scopedKey("main", "inboundcall"));
    expect(scopedKey("Main", "inboundcall")).not.toBe(scopedKey("Main", "inqueuecall"));
  });

  test("a name known only after apply is not a planned name but an unknown one, with why", () => {
    const derived = create("genesyscloud_routing_skill.d", {}, { unknown: { name: "known only after apply" } });
    expect(plannedName(derived)).toBeUndefined();
    expect(unknownNames(plan(derived)).map((u) => [u.change.address, u.why])).toEqual([
      ["genesyscloud_routing_skill.d", "known only after apply"],
    ]);
    // Other attributes unknown: the name is still checked.
    const other = create("genesyscloud_routing_skill.o", { name: "O" }, { unknown: { description: "x" } });
    expect(unknownNames(plan(other))).toEqual([]);
  });

  test("names to look up: creates, renames and data source queries of the kind, once each", () => {
    const p = plan(
      create("genesyscloud_routing_skill.a", { name: "A" }),
      create("genesyscloud_routing_skill.a2", { name: "A" }),
      lookup("data.genesyscloud_group.g", "G"),
      create("genesyscloud_group.h", { name: "H" }),
    );
    expect(namesToLookUp(p, "skill")).toEqual(["A"]);
    expect(namesToLookUp(p, "group").sort()).toEqual(["G", "H"]);
  });
});
