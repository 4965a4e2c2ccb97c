import { describe, expect, test } from "vitest";

import { homeDivisionRule as rule, RULES } from "../../../lib/preflight/rules";
import type { OrgView } from "../../../lib/org/view";
import type { StackPlan } from "../../../lib/plan/model";
import { check, create, dependents, division, HOME, org, plan, remove, replace, SALES, update, user } from "./fixtures";

/** Every rule's findings, with the rule id. */
function allFindings(stackPlan: StackPlan, view: OrgView): { rule: string; message: string }[] {
  return RULES.flatMap((r) => check(r, stackPlan, view).findings.map((f) => ({ rule: r.id, message: f.message })));
}

describe("home-division (GCG202)", () => {
  test("fails when the plan deletes the home division (before.home)", () => {
    const result = check(
      rule,
      plan(remove("genesyscloud_auth_division.home", { id: "d-home", name: "Home", home: true })),
      org(),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.message).toBe('the plan deletes the home division "Home"');
    expect(result.findings[0]?.remediation).toContain(
      "removed { from = genesyscloud_auth_division.home lifecycle { destroy = false } }",
    );
    expect(result.findings[0]?.remediation).toContain("Division.home()");
  });

  test("fails when the plan replaces the division the org says is home", () => {
    const result = check(
      rule,
      plan(replace("genesyscloud_auth_division.main", { id: "d-home", name: "Home" }, { name: "Home" })),
      org({ divisions: [HOME] }),
    );
    expect(result.findings[0]?.message).toBe('the plan replaces the home division "Home"');
    expect(result.findings[0]?.detail).toContain("the create that follows collides with its name");
  });

  test("fails when the plan creates a division named like the home division", () => {
    const result = check(
      rule,
      plan(create("genesyscloud_auth_division.home", { name: " HOME" })),
      org({ divisions: [HOME] }),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.message).toBe('" HOME" is the name of the org\'s home division');
    expect(result.findings[0]?.remediation).toContain("mode: home");
    expect(result.findings[0]?.adoption).toBeUndefined();
  });

  test("fails on a rename onto the home division's name", () => {
    const result = check(
      rule,
      plan(update("genesyscloud_auth_division.sales", { id: "d-sales", name: "Sales" }, { name: "Home" })),
      org({ home: HOME, divisions: [SALES] }),
    );
    expect(result.findings[0]?.detail).toContain('renames the division "Sales" to "Home"');
  });

  test("a create named like the home division is reported once, by this rule only", () => {
    const findings = allFindings(
      plan(create("genesyscloud_auth_division.home", { name: "Home" })),
      org({ divisions: [HOME] }),
    );
    expect(findings.map((f) => f.rule)).toEqual(["home-division"]);
  });

  test("a delete of a populated home division is reported once, by this rule only", () => {
    const home = division("d-home", "Home", { homeDivision: true, objectCounts: { USER: 2 } });
    const findings = allFindings(
      plan(remove("genesyscloud_auth_division.home", { id: "d-home", name: "Home" })),
      org({ divisions: [home], divisionDependents: { "d-home": dependents([user("u-1", "Ann")]) } }),
    );
    expect(findings.map((f) => f.rule)).toEqual(["home-division"]);
  });

  test("passes when the plan manages other divisions only", () => {
    const result = check(
      rule,
      plan(
        create("genesyscloud_auth_division.ops", { name: "Ops" }),
        remove("genesyscloud_auth_division.sales", { id: "d-sales", name: "Sales" }),
      ),
      org({ divisions: [HOME, SALES] }),
    );
    expect(result).toEqual({ applicable: true, findings: [] });
  });

  test("is not applicable when the plan changes no division", () => {
    expect(check(rule, plan(create("genesyscloud_group.x", { name: "Home" })), org({ divisions: [HOME] }))).toEqual({
      applicable: false,
      findings: [],
    });
  });
});
