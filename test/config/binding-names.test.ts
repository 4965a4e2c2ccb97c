/**
 * Our binding names against the cdktf provider generator's own (a devDependency, so the oracle is the real thing):
 * every attribute and block name in the checked-in provider schema, plus the awkward inputs a config key can be.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { escapeAttributeName } from "@cdktf/provider-generator/lib/get/generator/models/attribute-model.js";
import { toCamelCase as generatorCamelCase } from "codemaker";
import { describe, expect, it } from "vitest";

import { bindingName, toCamelCase } from "../../lib/config/binding-names";

interface Block {
  attributes?: Record<string, unknown>;
  block_types?: Record<string, { block: Block }>;
}

function namesIn(block: Block, into: Set<string>): Set<string> {
  for (const name of Object.keys(block.attributes ?? {})) into.add(name);
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    into.add(name);
    namesIn(nested.block, into);
  }
  return into;
}

const schemaFile = path.join(__dirname, "..", "..", "lib", "provider-genesyscloud", "schema.json");
const schemas = (
  JSON.parse(readFileSync(schemaFile, "utf8")) as {
    provider_schemas: Record<string, { resource_schemas: Record<string, { block: Block }> }>;
  }
).provider_schemas;

describe("binding names", () => {
  const names = new Set<string>();
  for (const provider of Object.values(schemas))
    for (const resource of Object.values(provider.resource_schemas)) namesIn(resource.block, names);

  it("match the generator for every name in the provider schema", () => {
    expect(names.size).toBeGreaterThan(100);
    const differ = [...names].filter((n) => bindingName(n) !== escapeAttributeName(generatorCamelCase(n)));
    expect(differ).toEqual([]);
  });

  it.each([
    "acw_wrapup_prompt",
    "enable_2fa",
    "sip_2fa_code",
    "_leading",
    "trailing_",
    "double__underscore",
    "kebab-case-key",
    "dotted.key",
    "  padded  ",
    "camelCase",
    "HTTPServer",
    "XMLHttpRequest",
    "A",
    "",
    "get_members",
    "self",
    "node",
    "system",
    "move_to",
    "import_from",
    "tf_resource_type",
    "équipe_ventes",
  ])("match the generator for %j", (name) => {
    expect(toCamelCase(name)).toBe(generatorCamelCase(name));
    expect(bindingName(name)).toBe(escapeAttributeName(generatorCamelCase(name)));
  });
});
