import { AuthDivision } from "@cdktf/provider-genesyscloud/lib/auth-division";
import { describe, expect, test } from "vitest";

import { Division } from "../../constructs";
import { renderedError, synthIn } from "../helpers";

describe("Division", () => {
  test("creates a genesyscloud_auth_division addressed by its construct id", () => {
    const json = synthIn((stack) => new Division(stack, "sales", { name: "Sales", description: "Sales team" }));
    expect(json.resource?.genesyscloud_auth_division?.sales).toEqual({ name: "Sales", description: "Sales team" });
  });

  test("address reports the Terraform address, and terraformName pins it", () => {
    synthIn((stack) => {
      expect(new Division(stack, "sales", { name: "Sales" }).address).toBe("genesyscloud_auth_division.sales");
      const pinned = new Division(stack, "other", { name: "Other", terraformName: "legacy_other" });
      expect(pinned.address).toBe("genesyscloud_auth_division.legacy_other");
    });
  });

  test("preventDestroy renders lifecycle.prevent_destroy, and is off by default", () => {
    const json = synthIn((stack) => {
      new Division(stack, "kept", { name: "Kept", preventDestroy: true });
      new Division(stack, "plain", { name: "Plain" });
    });
    expect(json.resource?.genesyscloud_auth_division?.kept?.lifecycle).toEqual({ prevent_destroy: true });
    expect(json.resource?.genesyscloud_auth_division?.plain).not.toHaveProperty("lifecycle");
  });

  test("adoptId emits an import block for the division's address and keeps the resource", () => {
    const id = "3f2c1b0a-9d8e-4f7a-8b6c-5d4e3f2a1b0c";
    const json = synthIn((stack) => new Division(stack, "sales", { name: "Sales", adoptId: id }));
    expect(json.import).toEqual([{ to: "genesyscloud_auth_division.sales", id }]);
    expect(json.resource?.genesyscloud_auth_division?.sales?.name).toBe("Sales");
  });

  test("home() reads the home division through genesyscloud_auth_division_home", () => {
    let divisionId = "";
    const json = synthIn((stack) => {
      divisionId = Division.home(stack, "home").divisionId;
    });
    expect(json.data?.genesyscloud_auth_division_home).toHaveProperty("home");
    expect(json.resource).toBeUndefined();
    expect(divisionId).toMatch(/^\$\{TfToken/);
  });

  test("fromName() reads an existing division by name, and feeds its id to references", () => {
    const json = synthIn((stack) => {
      const legacy = Division.fromName(stack, "legacy", "Legacy Support");
      new AuthDivision(stack, "probe", { name: "probe", description: legacy.divisionId });
    });
    expect(json.data?.genesyscloud_auth_division?.legacy).toEqual({ name: "Legacy Support" });
    expect(json.resource?.genesyscloud_auth_division?.probe?.description).toBe(
      "${data.genesyscloud_auth_division.legacy.id}",
    );
  });

  test("fails with every problem at once: empty name, bad terraformName, bad adoptId", () => {
    const text = renderedError(() =>
      synthIn((stack) => new Division(stack, "bad", { name: " ", terraformName: "9lives", adoptId: "not an id" })),
    );
    expect(text).toMatch(/^Division test\/bad: invalid props/);
    expect(text).toMatch(/name is empty/);
    expect(text).toMatch(/terraformName "9lives" is not a Terraform identifier/);
    expect(text).toMatch(/adoptId "not an id" is not a Genesys ID/);
  });

  test("fails on a name with surrounding whitespace, naming the trimmed fix", () => {
    expect(renderedError(() => synthIn((stack) => new Division(stack, "d", { name: "Sales " })))).toMatch(
      /name "Sales " has leading or trailing whitespace; Genesys trims names, so use "Sales"/,
    );
    expect(renderedError(() => synthIn((stack) => Division.fromName(stack, "d", "")))).toMatch(/name is empty/);
  });

  test("escapes template sequences so Terraform reads the name literally", () => {
    const json = synthIn(
      (stack) => new Division(stack, "d", { name: 'Ops ${var.x} %{if y} "EU"', description: "100%{" }),
    );
    expect(json.resource?.genesyscloud_auth_division?.d).toEqual({
      name: 'Ops $${var.x} %%{if y} "EU"',
      description: "100%%{",
    });
  });
});
