/**
 * Every string the config carries into cdk.tf.json is a literal, at any depth of `settings`: a property test fills
 * every string field of genesyscloud_routing_queue and genesyscloud_group (from the provider schema, nested blocks,
 * lists and maps included) with text Terraform would otherwise evaluate or choke on, synthesizes, and checks that each
 * value reads back exactly (Terraform's own template escapes undone) and that `terraform validate` accepts the stack.
 */
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { createRandom } from "../../lib/emulator/ids";
import { bindingName } from "../../lib/config/binding-names";
import { resourceBlock } from "../../lib/config/provider-settings";
import { terraformLiteral } from "../../lib/plan/inputs/common";
import { synthesize } from "../../lib/stack/synth";
import { installProvider } from "../../lib/tfprovider/cli-config";
import { TERRAFORM_VERSION } from "../e2e/harness";
import { tempDir } from "../helpers";

const HOSTILE = [
  "Ops ${var.env}",
  "%{if x}yes%{endif}",
  'say "hi" \\ bye',
  "two\nlines",
  "tab\there",
  "Équipe ☃ 😀",
  "$${already escaped}",
  "100% {braces} $",
  "${",
  "%{",
  "ends with $",
  "\\${not a template}",
];

type Cty = string | [string, Cty];
interface Block {
  attributes?: Record<string, { type?: Cty; optional?: boolean; required?: boolean }>;
  block_types?: Record<string, { nesting_mode: string; max_items?: number; block: Block }>;
}

/** Settings for a block with a hostile string in every string field, recording each value put in. */
function fill(block: Block, omit: readonly string[], pick: () => string, values: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const str = () => {
    const v = pick();
    values.push(v);
    return v;
  };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (omit.includes(name) || name === "id" || !(attr.optional || attr.required) || attr.type === undefined) continue;
    const t = attr.type;
    if (t === "string") out[bindingName(name)] = str();
    else if (Array.isArray(t) && (t[0] === "list" || t[0] === "set") && t[1] === "string")
      out[bindingName(name)] = [str(), str()];
    else if (Array.isArray(t) && t[0] === "map" && t[1] === "string") out[bindingName(name)] = { CALL: str() };
    else if (attr.required && t === "number") out[bindingName(name)] = 1;
    else if (attr.required && t === "bool") out[bindingName(name)] = true;
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    if (omit.includes(name)) continue;
    const inner = fill(bt.block, [], pick, values);
    out[bindingName(name)] = bt.nesting_mode === "single" || bt.max_items === 1 ? inner : [inner];
  }
  return out;
}

/** Every string in a JSON value, keys of maps included where they are data. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) if (k !== "//") strings(v, out);
  return out;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe("terraformLiteral reads a JSON string as Terraform does", () => {
  // Each pair was read back with `terraform console` on a JSON locals block (Terraform 1.11).
  test.each([
    ["a$${x}", "a${x}"],
    ["$$${x}", "$${x}"],
    ["$$$${x}", "$$${x}"],
    ["%%%{x}", "%%{x}"],
    ["$$$$", "$$$$"],
    ["100% {x} $", "100% {x} $"],
  ])("%j reads as %j", (json, value) => expect(terraformLiteral(json)).toBe(value));

  test.each(["${x}", "a ${x}", "%{if x}y%{endif}", "$$ ${x}"])("%j is an expression", (json) =>
    expect(terraformLiteral(json)).toBeUndefined(),
  );
});

describe("every string from the config reaches cdk.tf.json as a literal", () => {
  test.each(SEEDS)(
    "seed %i",
    async (seed) => {
      const rnd = createRandom(seed); // seeded, so a failure names a seed that reproduces it
      const pick = () => HOSTILE[Math.floor(rnd() * HOSTILE.length)]!;
      const values: string[] = [];
      const groupName = `G ${pick()}`;
      const divisionName = `D ${pick()}`;
      const queueName = `Q ${pick()}`;
      values.push(groupName, divisionName, queueName);
      const config = {
        version: 1,
        orgs: [
          {
            name: "prop",
            divisions: [{ name: divisionName, key: "d", description: pick() }],
            scimGroups: [
              {
                name: groupName,
                key: "g",
                description: pick(),
                settings: fill(
                  resourceBlock("genesyscloud_group") as Block,
                  ["name", "description", "member_ids", "type", "visibility"],
                  pick,
                  values,
                ),
              },
            ],
            queues: [
              {
                name: queueName,
                key: "q",
                division: divisionName,
                groups: [groupName],
                settings: fill(
                  resourceBlock("genesyscloud_routing_queue") as Block,
                  ["name", "division_id", "groups", "members", "ignore_members"],
                  pick,
                  values,
                ),
              },
            ],
          },
        ],
      };
      const dir = tempDir("gcguard-escape-");
      writeFileSync(path.join(dir, "gcguard.config.yaml"), JSON.stringify(config));
      const result = synthesize({
        config: path.join(dir, "gcguard.config.yaml"),
        outdir: path.join(dir, "cdktf.out"),
        env: {},
      });
      const file = result.stacks[0]!.file;
      const json = JSON.parse(readFileSync(file, "utf8")) as { resource: Record<string, Record<string, unknown>> };
      const resources = [
        json.resource.genesyscloud_group?.g,
        json.resource.genesyscloud_routing_queue?.q,
        json.resource.genesyscloud_auth_division?.d,
      ];
      const read = strings(resources);
      // References the constructs make themselves (division_id, groups) are the only templates left.
      const literals = read.filter((s) => !/^\$\{(?:genesyscloud_|data\.)[\w.]+\}$/.test(s)).map(terraformLiteral);
      expect(literals, "a string holds an unescaped template").not.toContain(undefined);
      for (const v of values) expect(literals, `seed ${seed}: ${JSON.stringify(v)}`).toContain(v);

      if (TERRAFORM_VERSION === undefined || seed > 2) return; // validate twice; the round trip above covers every seed
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CHECKPOINT_DISABLE: "1",
        TF_CLI_CONFIG_FILE: installProvider(path.join(dir, ".gcguard")).configFile,
      };
      const stackDir = path.dirname(file);
      const init = await run("terraform", ["init", "-input=false", "-backend=false", "-no-color"], stackDir, env);
      expect(init.code, init.out).toBe(0);
      const validate = await run("terraform", ["validate", "-no-color"], stackDir, env);
      expect(validate.code, validate.out).toBe(0);
    },
    60_000,
  );
});
