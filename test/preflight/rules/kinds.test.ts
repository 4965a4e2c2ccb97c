import { describe, expect, test } from "vitest";

import type { KindSpec } from "../../../lib/org/kinds";
import { KINDS, LEGACY_KINDS } from "../../../lib/org/kinds";
import type { OrgObject } from "../../../lib/org/view";
import {
  ambiguousNameRule,
  deletedUserRule,
  duplicateInPlanRule,
  nameCollisionRule,
  nameUnknownRule,
} from "../../../lib/preflight/rules";
import { check, create, org, plan, update } from "./fixtures";

/** The table-driven kinds: every kind read by the generic reader. */
const TABLE_KINDS = KINDS.filter((k) => !LEGACY_KINDS.has(k.kind));

/** A planned create of the kind named `name` (and its scope, for flows). */
function createOf(spec: KindSpec, label: string, name: string, scope = "inboundcall") {
  const after = { [spec.name.attribute]: name, ...(spec.scope ? { [spec.scope.attribute]: scope } : {}) };
  return create(`${spec.type}.${label}`, after);
}

function existing(spec: KindSpec, id: string, name: string, extra: Partial<OrgObject> = {}): OrgObject {
  return { id, name, kind: spec.kind, ...(spec.scope ? { scope: "inboundcall" } : {}), ...extra };
}

describe.each(TABLE_KINDS.map((k) => [k.type, k] as const))("%s", (_, spec) => {
  test("a create whose name the org has (trimmed, any case) is a collision with the import id", () => {
    const view = org({ named: [existing(spec, "id-1", " SAME Name ")] });
    const { findings } = check(nameCollisionRule, plan(createOf(spec, "x", "same name")), view);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.adoption).toEqual({ address: `${spec.type}.x`, id: "id-1", name: " SAME Name " });
    expect(findings[0]?.message).toContain(spec.noun);
  });

  test("two namesakes are ambiguous (no import); a free name passes", () => {
    const view = org({ named: [existing(spec, "a", "Dup"), existing(spec, "b", "dup")] });
    expect(check(ambiguousNameRule, plan(createOf(spec, "x", "DUP")), view).findings).toHaveLength(1);
    expect(check(nameCollisionRule, plan(createOf(spec, "x", "DUP")), view).findings).toHaveLength(0);
    expect(check(nameCollisionRule, plan(createOf(spec, "x", "Fresh")), view).findings).toHaveLength(0);
  });

  test("two creates of one name in the plan are a duplicate", () => {
    const p = plan(createOf(spec, "a", "Twice"), createOf(spec, "b", " twice"));
    const { findings } = check(duplicateInPlanRule, p, org());
    expect(findings.map((f) => f.message)).toEqual([
      `2 ${spec.plural} in this stack are named "Twice": ${spec.type}.a, ${spec.type}.b`,
    ]);
  });

  test("a rename onto an existing name collides; the object's own name does not", () => {
    const attr = spec.name.attribute;
    const scope = spec.scope ? { [spec.scope.attribute]: "inboundcall" } : {};
    const rename = update(`${spec.type}.x`, { id: "own", [attr]: "Old", ...scope }, { [attr]: "Taken", ...scope });
    const view = org({ named: [existing(spec, "other", "Taken"), existing(spec, "own", "Old")] });
    expect(check(nameCollisionRule, plan(rename), view).findings[0]?.message).toContain("collides");
  });
});

describe("kinds with their own rules", () => {
  const flow = KINDS.find((k) => k.kind === "flow")!;
  const user = KINDS.find((k) => k.kind === "user")!;

  test("flows: names are unique per type; a collision says the publish takes the flow over", () => {
    const view = org({ named: [existing(flow, "f-1", "Main")] });
    expect(check(nameCollisionRule, plan(createOf(flow, "x", "Main", "inqueuecall")), view).findings).toEqual([]);
    const [finding] = check(nameCollisionRule, plan(createOf(flow, "x", "Main")), view).findings;
    expect(finding?.detail).toMatch(/takes the existing flow over/);
    const twoTypes = plan(createOf(flow, "a", "Main"), createOf(flow, "b", "Main", "workflow"));
    expect(check(duplicateInPlanRule, twoTypes, org()).findings).toEqual([]);
  });

  test("users: an active user's email collides; a deleted user's is restored (GCG106), not a collision", () => {
    const active = org({ named: [existing(user, "u-1", "Ann@Acme.example")] });
    const p = plan(createOf(user, "ann", "ann@acme.example"));
    expect(check(nameCollisionRule, p, active).findings[0]?.adoption?.id).toBe("u-1");
    const deleted = org({ named: [existing(user, "u-2", "ann@acme.example", { state: "deleted" })] });
    expect(check(nameCollisionRule, p, deleted).findings).toEqual([]);
    const [restore] = check(deletedUserRule, p, deleted).findings;
    expect(restore?.message).toBe(
      'the email "ann@acme.example" belongs to a deleted user, whom the apply would restore (id u-2)',
    );
  });

  test("a name known only at apply is GCG105, with the reason", () => {
    const derived = create("genesyscloud_routing_skill.d", {}, { unknown: { name: "known only after apply" } });
    const [finding] = check(nameUnknownRule, plan(derived), org()).findings;
    expect(finding?.message).toBe(
      "the skill name of genesyscloud_routing_skill.d cannot be checked: known only after apply",
    );
  });
});
