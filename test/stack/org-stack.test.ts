import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";

import type { AdoptionManifest } from "../../lib/adoption/manifest";
import { parseConfig } from "../../lib/config/load";
import { bindingName } from "../../lib/config/binding-names";
import { resourceBlock } from "../../lib/config/provider-settings";
import { entryAddresses } from "../../lib/stack/entry-addresses";
import { OrgStack } from "../../lib/stack/org-stack";
import type { StackJson } from "../helpers";
import { synthStack, testApp } from "../helpers";

const EXAMPLE = path.join(__dirname, "..", "..", "examples", "gcguard.config.yaml");
const exampleText = readFileSync(EXAMPLE, "utf8");

function stackFrom(yamlText: string, adoptions: AdoptionManifest["stacks"][string] = {}): OrgStack {
  const config = parseConfig(yamlText, "test.yaml");
  return new OrgStack(testApp(), config.orgs[0]!, adoptions);
}

/** Every Terraform address in a synthesized stack. */
function addresses(json: StackJson): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {}))
    for (const name of Object.keys(byName)) out.push(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {}))
    for (const name of Object.keys(byName)) out.push(`data.${type}.${name}`);
  return out.sort();
}

describe("OrgStack", () => {
  test("entryAddresses names exactly the addresses the stack synthesizes, each with its entry's name line", () => {
    const config = parseConfig(exampleText, "examples/gcguard.config.yaml");
    const org = config.orgs[0]!;
    const entries = entryAddresses(org);
    expect(entries.map((e) => e.address).sort()).toEqual(addresses(synthStack(new OrgStack(testApp(), org))));
    const lines = exampleText.split("\n");
    const names = [...org.divisions, ...org.scimGroups, ...org.queues].map((e) => e.name);
    entries.forEach((e, i) => expect(lines[e.line! - 1]).toContain(`name: ${names[i]}`));
  });

  test("the example org synthesizes to the reviewed Terraform JSON", () => {
    expect(synthStack(stackFrom(exampleText))).toMatchSnapshot();
  });

  test("addresses derive from keys: reversing every list in the config changes no address", () => {
    const doc = parse(exampleText) as { orgs: Record<string, unknown[]>[] };
    for (const kind of ["divisions", "scimGroups", "queues"]) doc.orgs[0]![kind]!.reverse();
    for (const q of doc.orgs[0]!.queues as { groups: string[] }[]) q.groups.reverse();
    const original = synthStack(stackFrom(exampleText));
    const reordered = synthStack(stackFrom(stringify(doc)));
    expect(addresses(reordered)).toEqual(addresses(original));
    expect(addresses(original)).toContain("genesyscloud_routing_queue.support_general");
    expect(reordered).toEqual(original); // and nothing else moves either
  });

  test("manifest entries become import blocks for exactly the matching resources", () => {
    const stack = stackFrom(exampleText, {
      "genesyscloud_routing_queue.sales_inbound": { id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" },
      "genesyscloud_group.sales_agents": { id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", name: "GC-Sales-Agents" },
      "genesyscloud_group.gone": { id: "7d6c5b4a-3f2e-4d1c-8b0a-9f8e7d6c5b4a" },
    });
    expect(synthStack(stack).import).toEqual([
      { to: "genesyscloud_group.sales_agents", id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" },
      { to: "genesyscloud_routing_queue.sales_inbound", id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" },
    ]);
    expect(stack.adoptions.unmatched).toEqual(["genesyscloud_group.gone"]);
    expect(stack.adoptions.adopted.map((a) => a.address)).toEqual([
      "genesyscloud_group.sales_agents",
      "genesyscloud_routing_queue.sales_inbound",
    ]);
  });

  test("a lookup group or division is a data source and can never be the target of an import", () => {
    const stack = stackFrom(
      `version: 1
orgs:
  - name: acme
    divisions: [{ name: Legacy, mode: lookup }]
    scimGroups: [{ name: G, mode: lookup }]
    queues: [{ name: Q, division: Legacy, groups: [G] }]
`,
      { "genesyscloud_group.g": { id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" } },
    );
    const json = synthStack(stack);
    expect(json.import).toBeUndefined();
    expect(stack.adoptions.unmatched).toEqual(["genesyscloud_group.g"]);
    expect(json.resource?.genesyscloud_routing_queue?.q).toMatchObject({
      division_id: "${data.genesyscloud_auth_division.legacy.id}",
      groups: ["${data.genesyscloud_group.g.id}"],
    });
  });

  test("the provider block carries the region, and credentials never appear in the stack", () => {
    const json = synthStack(stackFrom(exampleText));
    expect(json.provider?.genesyscloud).toEqual([{ aws_region: "eu-west-1" }]);
    const noRegion = synthStack(stackFrom("version: 1\norgs: [{ name: acme }]\n"));
    expect(noRegion.provider?.genesyscloud).toEqual([{}]);
  });
});

type Cty = string | [string, Cty] | ["object", Record<string, Cty>];
interface Block {
  attributes?: Record<string, { type?: Cty; required?: boolean; optional?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; max_items?: number; block: Block }>;
}

/** A sample value for a type, as config input (camelCase keys) and as Terraform JSON (schema keys). */
function sample(type: Cty): [unknown, unknown] {
  if (type === "string") return ["x", "x"];
  if (type === "number") return [7, 7];
  if (type === "bool") return [true, true];
  if (Array.isArray(type) && (type[0] === "list" || type[0] === "set")) {
    const [c, t] = sample(type[1]);
    return [[c], [t]];
  }
  if (Array.isArray(type) && type[0] === "map") {
    const [c, t] = sample(type[1]);
    return [{ k: c }, { k: t }];
  }
  throw new Error(`no sample for ${JSON.stringify(type)}`);
}

function sampleBlock(block: Block, omit: string[] = []): [Record<string, unknown>, Record<string, unknown>] {
  const config: Record<string, unknown> = {};
  const tf: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (name === "id" || omit.includes(name) || !(attr.required || attr.optional) || !attr.type) continue;
    [config[bindingName(name)], tf[name]] = sample(attr.type);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    if (omit.includes(name)) continue;
    const [c, t] = sampleBlock(bt.block);
    const single = bt.nesting_mode === "single" || bt.max_items === 1;
    config[bindingName(name)] = single ? c : [c];
    tf[name] = single ? t : [t];
  }
  return [config, tf];
}

describe("config settings pass-through", () => {
  test.each([
    ["genesyscloud_routing_queue", "queues", ["name", "division_id", "groups", "members", "ignore_members"]],
    ["genesyscloud_group", "scimGroups", ["name", "description", "member_ids"]],
  ])(
    "every settable %s attribute and block in the provider schema reaches the synthesized resource",
    (type, kind, owned) => {
      const [settings, expected] = sampleBlock(resourceBlock(type), owned);
      expect(Object.keys(expected).length).toBeGreaterThanOrEqual(type === "genesyscloud_group" ? 8 : 40);
      const entry = { name: "X", key: "x", settings, ...(kind === "queues" ? { groups: ["G"] } : {}) };
      const config = {
        version: 1,
        orgs: [
          {
            name: "acme",
            scimGroups: kind === "queues" ? [{ name: "G" }] : [entry],
            ...(kind === "queues" ? { queues: [entry] } : {}),
          },
        ],
      };
      const json = synthStack(stackFrom(JSON.stringify(config)));
      expect(json.resource?.[type]?.x).toMatchObject(expected);
    },
  );
});
