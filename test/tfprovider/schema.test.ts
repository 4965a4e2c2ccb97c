/** schema.json -> tfplugin5 Schema messages, the cty types blocks imply, and the generic plan over them. */
import { describe, expect, test } from "vitest";

import { genericPlan, planResourceChange } from "../../lib/tfprovider/plan";
import type { JsonBlock } from "../../lib/tfprovider/schema";
import { findSchema, impliedType, loadProviderSchema, toProtoSchema } from "../../lib/tfprovider/schema";
import type { ResourceImpl } from "../../lib/tfprovider/types";
import { Unknown } from "../../lib/tfprovider/types";

const BLOCK: JsonBlock = {
  description: "A queue",
  description_kind: "markdown",
  deprecated: true,
  attributes: {
    id: { type: "string", optional: true, computed: true, description_kind: "plain" },
    name: { type: "string", required: true, description: "Queue name.", description_kind: "markdown" },
    secret: { type: "string", optional: true, sensitive: true },
    tags: { type: ["set", "string"], optional: true, deprecated: true },
  },
  block_types: {
    settings: {
      nesting_mode: "list",
      min_items: 1,
      max_items: 1,
      block: { attributes: { timeout: { type: "number", optional: true, computed: true } } },
    },
    members: { nesting_mode: "set", block: { attributes: { user_id: { type: "string", required: true } } } },
    only: { nesting_mode: "single", block: { attributes: { x: { type: "bool", computed: true } } } },
  },
};

describe("toProtoSchema", () => {
  test("converts attributes, nested blocks, flags, descriptions and the version", () => {
    const proto = toProtoSchema({ version: 3, block: BLOCK });
    expect(proto.version).toBe(3);
    expect(proto.block).toMatchObject({ version: 3, description: "A queue", description_kind: 1, deprecated: true });
    const attrs = Object.fromEntries(proto.block.attributes.map((a) => [a.name, a]));
    expect(attrs.name).toMatchObject({ required: true, optional: false, computed: false, description_kind: 1 });
    expect(attrs.id).toMatchObject({ required: false, optional: true, computed: true, description_kind: 0 });
    expect(attrs.secret?.sensitive).toBe(true);
    expect(attrs.tags?.deprecated).toBe(true);
    expect(attrs.tags?.type.toString()).toBe('["set","string"]');
    const blocks = Object.fromEntries(proto.block.block_types.map((b) => [b.type_name, b]));
    // tfplugin5 NestingMode: SINGLE = 1, LIST = 2, SET = 3.
    expect(blocks.settings).toMatchObject({ nesting: 2, min_items: 1, max_items: 1 });
    expect(blocks.members).toMatchObject({ nesting: 3, min_items: 0, max_items: 0 });
    expect(blocks.only?.nesting).toBe(1);
    expect(blocks.settings?.block.attributes[0]).toMatchObject({ name: "timeout", computed: true });
  });

  test("converts every schema in schema.json", () => {
    const schema = loadProviderSchema();
    expect(toProtoSchema(schema.provider).block.attributes.length).toBeGreaterThan(0);
    for (const s of Object.values(schema.resource_schemas ?? {})) expect(toProtoSchema(s).block).toBeDefined();
    expect(findSchema(schema, "resource", "genesyscloud_auth_division")?.version).toBe(1);
    expect(findSchema(schema, "resource", "toString")).toBeUndefined();
  });
});

describe("impliedType", () => {
  test("is an object of the attributes and one attribute per block, by nesting mode", () => {
    expect(impliedType(BLOCK)).toEqual([
      "object",
      {
        id: "string",
        name: "string",
        secret: "string",
        tags: ["set", "string"],
        settings: ["list", ["object", { timeout: "number" }]],
        members: ["set", ["object", { user_id: "string" }]],
        only: ["object", { x: "bool" }],
      },
    ]);
  });
});

describe("genericPlan", () => {
  const proposed = {
    id: null,
    name: "Q",
    secret: null,
    tags: null,
    settings: [{ timeout: null }],
    members: [],
    only: { x: null },
  };

  test("create: computed attributes that are null become Unknown, in nested blocks too", () => {
    expect(genericPlan({ prior: null, proposed, config: proposed }, BLOCK).planned).toEqual({
      ...proposed,
      id: Unknown,
      settings: [{ timeout: Unknown }],
      only: { x: Unknown },
    });
  });

  test("update keeps the proposed state; destroy plans null", () => {
    const prior = { ...proposed, id: "q1" };
    expect(genericPlan({ prior, proposed: prior, config: proposed }, BLOCK).planned).toEqual(prior);
    expect(genericPlan({ prior, proposed: null, config: null }, BLOCK).planned).toBeNull();
  });

  test("plans an SDKv2 Default where the config leaves the attribute null, and keeps a configured value", () => {
    const prior = { ...proposed, id: "q1" };
    const defaults = { description: "default text", name: "ignored: configured" };
    const planned = genericPlan({ prior, proposed: prior, config: proposed }, BLOCK, defaults).planned;
    expect(planned).toMatchObject({ name: proposed.name, description: "default text" });
  });

  test("runs the resource's hook after the generic plan", () => {
    const impl = {
      typeName: "x",
      plan: (_req, generic) => ({ ...generic, requiresReplace: [["name"]] }),
    } as Pick<ResourceImpl, "typeName" | "plan"> as ResourceImpl;
    const result = planResourceChange({ prior: null, proposed, config: proposed }, BLOCK, impl);
    expect(result.requiresReplace).toEqual([["name"]]);
    expect(result.planned?.id).toBe(Unknown);
  });
});
