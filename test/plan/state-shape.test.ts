/**
 * The state reader checks a state's shape in place (no copy, lib/plan/inputs/state.ts isRawState) and falls back to
 * zod only for a state it rejects: both must agree, so every shape zod refuses is refused, and a valid state reads
 * the same resources.
 */
import { describe, expect, test } from "vitest";

import { parseState } from "../../lib/plan/inputs/state";

const resource = (over: Record<string, unknown> = {}, instance: Record<string, unknown> = {}) => ({
  mode: "managed",
  type: "genesyscloud_group",
  name: "sales",
  instances: [{ attributes: { id: "g1", name: "Sales" }, ...instance }],
  ...over,
});
const state = (resources: unknown) => ({ version: 4, terraform_version: "1.11.4", resources });

describe("the state's shape", () => {
  test("a valid state: addresses with module, data mode and index keys", () => {
    const read = parseState(
      state([
        resource({ module: "module.org" }, { index_key: "eu" }),
        resource({ mode: "data", name: "home" }, { index_key: 0 }),
        resource({ type: "aws_s3_bucket" }),
      ]),
      "s.tfstate",
    );
    expect(read.map((r) => r.address)).toEqual([
      'module.org.genesyscloud_group.sales["eu"]',
      "data.genesyscloud_group.home[0]",
    ]);
    expect(read[0]?.attributes).toEqual({ id: "g1", name: "Sales" });
  });

  test("a state with no resources key has none", () => {
    expect(parseState({ version: 4 }, "s.tfstate")).toEqual([]);
  });

  test.each([
    ["resources not a list", state({})],
    ["a resource that is not an object", state([1])],
    ["a mode that is neither managed nor data", state([resource({ mode: "other" })])],
    ["a type that is not a string", state([resource({ type: 1 })])],
    ["a module that is not a string", state([resource({ module: 1 })])],
    ["instances not a list", state([resource({ instances: {} })])],
    ["attributes that are a list", state([resource({}, { attributes: [] })])],
    ["an index key that is a boolean", state([resource({}, { index_key: true })])],
    ["a version that is not a number", { version: "4", resources: [] }],
  ])("%s: refused as not a state", (_what, raw) => {
    expect(() => parseState(raw, "s.tfstate")).toThrow(/^s\.tfstate: not a Terraform state/);
  });
});
