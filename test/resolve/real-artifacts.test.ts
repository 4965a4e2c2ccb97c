/**
 * What resolve writes for the real logs is what the next command accepts: for every captured log with name
 * conflicts, against an emulator holding the existing objects, the manifest reads back and re-synthesizes, imports.tf
 * passes `terraform fmt -check` and `terraform validate` in a stack that declares the addresses (and plans the
 * imports against the emulator), and import.sh passes `sh -n` and hands a stand-in terraform the exact arguments.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { readManifest } from "../../lib/adoption/manifest";
import type { RunningEmulator } from "../../lib/emulator";
import { startEmulator } from "../../lib/emulator";
import { hclString } from "../../lib/escape/hcl";
import { logLines } from "../../lib/logs/input";
import { terraform } from "../../lib/rehearse/terraform";
import { resolveCommand } from "../../lib/resolve/command";
import { synthesize } from "../../lib/stack/synth";
import type { ResourceAddress } from "../../lib/terraform/address";
import { formatAddress, parseAddress, quoteKey } from "../../lib/terraform/address";
import { writeRehearsalConfig } from "../../lib/tfprovider/cli-config";
import { tempDir } from "../helpers";
import { collidingOrg } from "./fixtures/real/org";

const REAL = path.join(__dirname, "fixtures", "real");
const ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

const terraformOk = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;
if (!terraformOk) {
  process.stderr.write("[real-artifacts] SKIPPED the terraform checks of imports.tf: no working `terraform` on PATH\n");
}

/**
 * Fixtures with name conflicts, the stacks they write for, and how many adoptions each must yield. cdktf logs name
 * their stacks, so the adoptions reach the manifest; a plain Terraform log names none (`null`), so they go to
 * imports.tf and import.sh only (docs/stack-identity.md).
 */
const CASES: readonly { file: string; stacks: Record<string, number>; config?: string }[] = [
  { file: "cdktf/deploy-piped.log", stacks: { "globex-eu": 2 }, config: "cdktf-one" },
  { file: "cdktf/deploy-ci.log", stacks: { "globex-eu": 2 }, config: "cdktf-one" },
  { file: "cdktf/deploy-tty.log", stacks: { "globex-eu": 2 }, config: "cdktf-one" },
  { file: "cdktf/deploy-no-color.log", stacks: { "globex-eu": 2 }, config: "cdktf-one" },
  { file: "cdktf/deploy-two-stacks-piped.log", stacks: { "globex-eu": 2, "globex-us": 2 }, config: "cdktf-two" },
  { file: "ci/github-actions-cdktf-deploy.log", stacks: { "globex-eu": 2, "globex-us": 2 }, config: "cdktf-two" },
  { file: "terraform/keys-human-color.log", stacks: { null: 7 } },
  { file: "terraform/keys-json.log", stacks: { null: 7 } },
  { file: "ci/gitlab-terraform-apply.log", stacks: { null: 7 } },
  { file: "ci/azure-pipelines-terraform-apply-json.log", stacks: { null: 7 } },
];

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: collidingOrg("f1000000") });
});
afterAll(async () => {
  await emulator.close();
});

async function resolveInto(file: string, dir: string): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await resolveCommand(
    logLines(createReadStream(path.join(REAL, file)) as AsyncIterable<Uint8Array>, file),
    file,
    { baseUrl: emulator.url, out: dir, imports: path.join(dir, "gcguard.imports.json"), format: "json" },
    { stdout: (t) => (out += t), stderr: () => {}, env: ENV, stdinIsTty: false, confirm: () => Promise.resolve(false) },
  );
  return { code, out };
}

/**
 * A Terraform configuration declaring exactly the resources (and modules) the addresses name, count and for_each
 * included.
 */
function declare(addresses: readonly ResourceAddress[], dir: string): void {
  interface Node {
    resources: Map<string, { type: string; name: string; keys: (number | string)[] }>;
    modules: Map<string, { keys: (number | string)[]; node: Node }>;
  }
  const root: Node = { resources: new Map(), modules: new Map() };
  for (const a of addresses) {
    let node = root;
    for (const step of a.module) {
      const m: { keys: (number | string)[]; node: Node } = node.modules.get(step.name) ?? {
        keys: [],
        node: { resources: new Map(), modules: new Map() },
      };
      if (step.key !== undefined) m.keys.push(step.key);
      node.modules.set(step.name, m);
      node = m.node;
    }
    const key = `${a.type}.${a.name}`;
    const r = node.resources.get(key) ?? { type: a.type, name: a.name, keys: [] };
    if (a.key !== undefined) r.keys.push(a.key);
    node.resources.set(key, r);
  }
  const repetition = (keys: (number | string)[]): string => {
    if (keys.length === 0) return "";
    if (typeof keys[0] === "number") return `  count = ${Math.max(...(keys as number[])) + 1}\n`;
    return `  for_each = toset([${[...new Set(keys as string[])].map((k) => hclString(k)).join(", ")}])\n`;
  };
  const write = (node: Node, at: string): void => {
    mkdirSync(at, { recursive: true });
    let text =
      'terraform {\n  required_providers {\n    genesyscloud = { source = "mypurecloud/genesyscloud" }\n  }\n}\n';
    for (const r of node.resources.values()) {
      text += `\nresource "${r.type}" "${r.name}" {\n${repetition(r.keys)}  name = "declared by the test"\n}\n`;
    }
    for (const [name, m] of node.modules) {
      text += `\nmodule "${name}" {\n  source = "./modules/${name}"\n${repetition(m.keys)}}\n`;
      write(m.node, path.join(at, "modules", name));
    }
    writeFileSync(path.join(at, "main.tf"), text);
  };
  write(root, dir);
}

/** The `to` and `id` of each import block of an imports.tf gcguard wrote. */
function blocksOf(text: string): Record<string, string> {
  return Object.fromEntries(
    [...text.matchAll(/^ {2}to = (.+)\n {2}id = "([^"]+)"$/gm)].map((m) => [m[1] ?? "", m[2] ?? ""]),
  );
}

function tf(dir: string, env: NodeJS.ProcessEnv, ...args: string[]): { code: number; out: string } {
  const r = spawnSync("terraform", args, { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

/** Every file below `dir`, by path and content: two folders with the same key are the same configuration. */
function contentKey(dir: string): string {
  const hash = createHash("sha256");
  for (const rel of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const file = path.join(dir, rel);
    if (statSync(file).isFile()) hash.update(`${rel}\0${readFileSync(file, "utf8")}\0`);
  }
  return hash.digest("hex");
}

/**
 * `terraform init` and `validate` in a stack folder, once per configuration: terraform's verdict is a function of the
 * files, and the logs of one deploy in other framings (piped, CI, TTY, no colour; human or JSON) give the same
 * imports.tf, so the 12 stacks are 3 configurations. Each validate starts the provider twice (about 2 s).
 */
const verdicts = new Map<string, { init: { code: number; out: string }; validate?: { code: number; out: string } }>();
function initAndValidate(
  stack: string,
  env: NodeJS.ProcessEnv,
): { init: { code: number; out: string }; validate?: { code: number; out: string } } {
  const key = contentKey(stack);
  let verdict = verdicts.get(key);
  if (!verdict) {
    const init = tf(stack, env, "init", "-backend=false", "-input=false", "-no-color");
    verdict = init.code === 0 ? { init, validate: tf(stack, env, "validate", "-no-color") } : { init };
    verdicts.set(key, verdict);
  }
  return verdict;
}

describe.each(CASES)("resolve's artifacts for $file", ({ file, stacks, config }) => {
  let dir: string;
  /** Adoptions per stack as written: the manifest's, or (no stack name) imports.tf's. */
  let written: Record<string, Record<string, string>>;
  beforeAll(async () => {
    dir = tempDir("gcguard-artifacts-");
    const { code, out } = await resolveInto(file, dir);
    expect(code, out).toBe(1);
    const manifestFile = path.join(dir, "gcguard.imports.json");
    if (stacks.null !== undefined) {
      expect(existsSync(manifestFile)).toBe(false);
      written = { null: blocksOf(readFileSync(path.join(dir, "imports.tf"), "utf8")) };
    } else {
      const manifest = readManifest(manifestFile);
      written = Object.fromEntries(
        Object.entries(manifest?.stacks ?? {}).map(([stack, entries]) => [
          stack,
          Object.fromEntries(Object.entries(entries).map(([a, e]) => [a, e.id])),
        ]),
      );
    }
  });

  test("one adoption per conflict in each stack, in the manifest when the stack is known", () => {
    for (const [stack, count] of Object.entries(stacks)) {
      expect(Object.keys(written[stack] ?? {}), stack).toHaveLength(count);
    }
  });

  if (config !== undefined)
    test("the next synth adopts every entry and warns of none", () => {
      const cfg = path.join(dir, "gcguard.config.yaml");
      writeFileSync(cfg, readFileSync(path.join(REAL, "sources", config, "gcguard.config.yaml")));
      const result = synthesize({
        config: cfg,
        imports: path.join(dir, "gcguard.imports.json"),
        outdir: path.join(dir, "cdktf.out"),
        env: {},
      });
      for (const s of result.stacks) {
        expect(s.unmatched, s.name).toEqual([]);
        expect(s.adopted.length, s.name).toBe(stacks[s.name] ?? 0);
      }
    });

  test("import.sh passes sh -n and hands terraform exactly each address and id", () => {
    const scripts = readdirSync(dir).filter((f) => /^import(\..+)?\.sh$/.test(f));
    expect(scripts.length).toBe(Object.keys(stacks).length);
    const bin = path.join(dir, "bin");
    mkdirSync(bin, { recursive: true });
    const argsFile = path.join(dir, "args");
    writeFileSync(
      path.join(bin, "terraform"),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\037' "$a"; done >> "${argsFile}"\nprintf '\\036' >> "${argsFile}"\n`,
    );
    chmodSync(path.join(bin, "terraform"), 0o755);
    for (const script of scripts) {
      expect(spawnSync("sh", ["-n", path.join(dir, script)]).status).toBe(0);
      const run = spawnSync("sh", [path.join(dir, script)], {
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ""}` },
      });
      expect(run.status, String(run.stderr)).toBe(0);
    }
    const calls = readFileSync(argsFile, "utf8")
      .split("\u001e")
      .filter((c) => c !== "")
      .map((c) => c.split("\u001f").filter((a) => a !== ""));
    const expected = Object.values(written).flatMap((entries) => Object.entries(entries));
    expect(calls.map((c) => c.slice(-2)).sort()).toEqual(expected.sort());
    for (const c of calls) expect(c.filter((a) => !a.startsWith("-chdir="))[0]).toBe("import");
  });

  test.runIf(terraformOk)(
    "imports.tf passes terraform fmt -check and validate in a stack declaring the addresses",
    () => {
      const files = readdirSync(dir).filter((f) => /^imports(\..+)?\.tf$/.test(f));
      expect(files.length).toBe(Object.keys(stacks).length);
      const env = {
        ...process.env,
        TF_CLI_CONFIG_FILE: writeRehearsalConfig(dir),
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
      };
      for (const f of files) {
        const stack = path.join(dir, `stack-${f}`);
        const addresses = Object.keys(written[f === "imports.tf" ? Object.keys(stacks)[0]! : f.slice(8, -3)] ?? {});
        declare(
          addresses.map((a) => {
            const p = parseAddress(a);
            if (!p.ok) throw new Error(p.error);
            expect(formatAddress(p.value)).toBe(a);
            return p.value;
          }),
          stack,
        );
        writeFileSync(path.join(stack, "imports.tf"), readFileSync(path.join(dir, f)));
        expect(tf(stack, env, "fmt", "-check", "-no-color", "imports.tf")).toMatchObject({ code: 0 });
        const { init, validate } = initAndValidate(stack, env);
        expect(init.code, init.out).toBe(0);
        expect(validate?.code, validate?.out).toBe(0);
      }
    },
  );
});

test.runIf(terraformOk)("the imports for every address form plan against the org: 7 to import, no create", async () => {
  const dir = tempDir("gcguard-artifacts-plan-");
  await resolveInto("terraform/keys-json.log", dir);
  const addresses = Object.keys(blocksOf(readFileSync(path.join(dir, "imports.tf"), "utf8")));
  const stack = path.join(dir, "stack");
  declare(
    addresses.map((a) => {
      const p = parseAddress(a);
      if (!p.ok) throw new Error(p.error);
      return p.value;
    }),
    stack,
  );
  writeFileSync(path.join(stack, "imports.tf"), readFileSync(path.join(dir, "imports.tf")));
  const url = new URL(emulator.url);
  const env = {
    ...process.env,
    ...ENV,
    TF_CLI_CONFIG_FILE: writeRehearsalConfig(dir),
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    GENESYSCLOUD_GATEWAY_HOST: url.hostname,
    GENESYSCLOUD_GATEWAY_PORT: url.port,
    GENESYSCLOUD_GATEWAY_PROTOCOL: "http",
    GENESYSCLOUD_REGION: "us-east-1",
    GCGUARD_TFPROVIDER_FAST_RETRY: "1",
  };
  // Asynchronously: the emulator answers from this process, so a blocking spawn would deadlock it.
  expect((await terraform(["init", "-input=false", "-no-color"], { cwd: stack, env })).code).toBe(0);
  const plan = await terraform(["plan", "-input=false", "-no-color"], { cwd: stack, env });
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toMatch(/Plan: 7 to import, 0 to add, \d+ to change, 0 to destroy\./);
  expect(existsSync(path.join(dir, "import.sh"))).toBe(true);
  expect(quoteKey("Ops ${var.env}")).toBe('"Ops $${var.env}"');
});
