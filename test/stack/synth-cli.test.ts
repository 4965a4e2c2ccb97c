/**
 * The synth as users run it, real files on disk: the cdktf app (main.ts) and `gcguard synth`. One real process of
 * each (the app with a PATH without terraform, the bin's exit code and streams); the rest in-process, through
 * the app's own function (lib/stack/app-main.ts) and `run(argv, io)`, which give the same exit code and output.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { beforeAll, describe, expect, test } from "vitest";

import { appMain } from "../../lib/stack/app-main";
import { run as gcguard } from "../../scripts/cli";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const TSX = require.resolve("tsx/cli");
const EXAMPLE = path.join("examples", "gcguard.config.yaml");
/** Only node's own directory: no terraform, whatever the machine has. */
const PATH_WITHOUT_TERRAFORM = path.dirname(process.execPath);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A real process, from the repo's root, with a PATH without terraform. */
function spawned(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    env: { PATH: PATH_WITHOUT_TERRAFORM, HOME: process.env.HOME, TMPDIR: tmpdir(), ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `tsx main.ts ...`, in-process (vitest's working directory is the repo's root, as the spawned runs'). */
function app(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  let stdout = "";
  let stderr = "";
  const status = appMain(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
  return { status, stdout, stderr };
}

/** `gcguard ...`, in-process. */
async function bin(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await gcguard(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

const synthTo = (outdir: string, ...extra: string[]): Run => app(["--config", EXAMPLE, "--out", outdir, ...extra]);

/** Every file below `dir` (cdktf's App makes the empty folders when built; what matters is that nothing is written). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe("synth (tsx main.ts)", () => {
  /** The example synthesized by a real `tsx main.ts` process with no terraform on PATH. */
  let real: { out: string; run: Run };
  beforeAll(() => {
    const out = tempDir("gcguard-synth-");
    real = { out, run: spawned([TSX, "main.ts", "--config", EXAMPLE, "--out", out]) };
  });

  test("writes cdktf.out/stacks/<org>/cdk.tf.json for the example with no terraform on PATH", () => {
    expect(spawnSync("terraform", ["version"], { env: { PATH: PATH_WITHOUT_TERRAFORM } }).error).toBeDefined();
    const r = real.run;
    // Information on stdout: cdktf shows an app's stderr as errors.
    expect(r.stdout).toContain("synthesized");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const file = path.join(real.out, "stacks", "acme-prod", "cdk.tf.json");
    const text = readFileSync(file, "utf8");
    const json = JSON.parse(text) as {
      import: unknown[];
      terraform: { backend: { local: { path: string } }; required_providers: unknown };
    };
    expect(json.terraform.required_providers).toEqual({
      genesyscloud: { source: "mypurecloud/genesyscloud", version: "~> 1.84" },
    });
    expect(json.import).toEqual([
      { id: "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f", to: "genesyscloud_auth_division.billing" },
    ]);
    expect(json.terraform.backend.local.path).toBe("../../../terraform.acme-prod.tfstate");
  });

  test("in-process, the app prints what the process printed, with the same exit code", () => {
    const out = tempDir("gcguard-synth-");
    expect(synthTo(out)).toEqual({ ...real.run, stdout: real.run.stdout.split(real.out).join(out) });
  });

  test("the synthesized JSON carries no absolute path of the build machine", () => {
    const out = tempDir("gcguard-synth-");
    expect(synthTo(out).status).toBe(0);
    for (const [dir, rel] of [real.out, out].flatMap((d) =>
      ["manifest.json", "stacks/acme-prod/cdk.tf.json"].map((r) => [d, r] as const),
    )) {
      const text = readFileSync(path.join(dir, rel), "utf8");
      for (const machinePath of [ROOT, dir, tmpdir(), process.env.HOME ?? "/root"])
        expect(text).not.toContain(machinePath);
      expect(text).not.toMatch(/"\/[a-z]+\//); // no string starting with an absolute path
    }
  });

  test("two synths (the process's and one in-process) are byte-identical, and match the reviewed stack JSON", async () => {
    const [a, b] = [real.out, tempDir("gcguard-synth-")];
    expect(synthTo(b).status).toBe(0);
    const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
    expect(files(b)).toEqual(files(a));
    for (const rel of ["manifest.json", "stacks/acme-prod/cdk.tf.json"]) {
      expect(readFileSync(path.join(b, rel))).toEqual(readFileSync(path.join(a, rel)));
    }
    await expect(readFileSync(path.join(a, "stacks/acme-prod/cdk.tf.json"), "utf8")).toMatchFileSnapshot(
      path.join(ROOT, "__snapshots__", "examples", "acme-prod.cdk.tf.json"),
    );
  });

  test("fails with exit 2 on a division name differing only in case, naming both entries, writing nothing", () => {
    const dir = tempDir("gcguard-synth-");
    const config = path.join(dir, "org.yaml");
    writeFileSync(
      config,
      "version: 1\norgs:\n  - name: acme\n    divisions:\n      - name: Sales\n      - name: sales\n",
    );
    const out = path.join(dir, "out");
    const r = app(["--config", config, "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`error: ${config}: 1 problem in the org config`);
    expect(r.stderr).toContain('orgs[0].divisions[1].name: division "sales" duplicates orgs[0].divisions[0] "Sales"');
    expect(filesUnder(out)).toEqual([]);
  });

  test("fails with exit 2 on a queue naming a missing group, naming the queue and the group", () => {
    const dir = tempDir("gcguard-synth-");
    const config = path.join(dir, "org.yaml");
    writeFileSync(
      config,
      "version: 1\norgs:\n  - name: acme\n    queues:\n      - name: Sales Inbound\n        groups: [GC-Ghosts]\n",
    );
    const r = app(["--config", config, "--out", path.join(dir, "out")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      'queue "Sales Inbound" names SCIM group "GC-Ghosts", which is not in orgs[0].scimGroups',
    );
  });

  test("fails with exit 2 on a missing config file, an invalid manifest and an unknown flag", () => {
    const dir = tempDir("gcguard-synth-");
    const missing = app(["--config", path.join(dir, "nope.yaml"), "--out", path.join(dir, "o")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/nope.yaml: cannot read the org config \(ENOENT\); pass --config <file>/);

    const manifest = path.join(dir, "m.json");
    writeFileSync(manifest, '{"version":1,"stacks":{"acme-prod":{"genesyscloud_group.x":{"id":"42"}}}}');
    const bad = synthTo(path.join(dir, "o2"), "--imports", manifest);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("stacks.acme-prod.genesyscloud_group.x.id: is not a Genesys ID");

    const flag = app(["--confg", EXAMPLE]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--confg'.*usage: tsx main.ts/);
  });
});

describe("gcguard bin", () => {
  const BIN = path.join("scripts", "gcguard.cjs");

  test("the real process: --version prints the package version and exits 0; an unknown command exits 2", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(spawned([BIN, "--version"])).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
    const unknown = spawned([BIN, "frobnicate"]);
    expect(unknown).toMatchObject({ status: 2, stdout: "" });
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });

  test("--help lists the commands and exit codes", async () => {
    const help = await bin("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: gcguard [options] [command]");
    expect(help.stdout).toContain("synth [options]");
    expect(help.stdout).toContain(
      "Exit codes: 0 clean, 1 findings or unresolved conflicts, 2 bad usage or input, 3 could not verify.",
    );
  });

  test("unknown commands and options, and no command at all, exit 2 with usage on stderr", async () => {
    for (const args of [["frobnicate"], ["synth", "--bogus"], []]) {
      const r = await bin(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).not.toBe("");
    }
  });

  test("synth prints a summary on stdout and warns on stderr about manifest entries that match nothing", async () => {
    const dir = tempDir("gcguard-synth-");
    const manifest = path.join(dir, "m.json");
    writeFileSync(
      manifest,
      JSON.stringify({
        version: 1,
        stacks: { "acme-prod": { "genesyscloud_group.retired": { id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" } } },
      }),
    );
    const r = await bin("synth", "--config", EXAMPLE, "--imports", manifest, "--out", path.join(dir, "out"));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Synthesized 1 stack from ${EXAMPLE} with adoption manifest ${manifest}`);
    expect(r.stdout).toMatch(
      /resources +12 +genesyscloud_auth_division 3, genesyscloud_group 4, genesyscloud_routing_queue 5/,
    );
    expect(r.stderr).toContain(
      `warning: ${manifest}: genesyscloud_group.retired in stack "acme-prod" matches no resource of that stack; remove the entry from ${manifest}, or fix its address (ignored; --strict refuses it)`,
    );
  });

  test("synth names a manifest stack the app does not have, with the stack it probably meant", async () => {
    const dir = tempDir("gcguard-synth-");
    const manifest = path.join(dir, "m.json");
    const entry = { "genesyscloud_auth_division.sales": { id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" } };
    writeFileSync(manifest, JSON.stringify({ version: 1, stacks: { default: entry, "acme-prd": entry } }));
    const r = await bin("synth", "--config", EXAMPLE, "--imports", manifest, "--out", path.join(dir, "out"));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${manifest}: stack "default" (1 adoption(s)) is not a stack of this app (stacks: acme-prod); move its entries under "acme-prod"`,
    );
    expect(r.stderr).toContain(
      'stack "acme-prd" (1 adoption(s)) is not a stack of this app (stacks: acme-prod); move its entries under "acme-prod"',
    );
  });

  test("synth says which file to delete when imports.tf and the manifest adopt the same address in one stack", async () => {
    const dir = tempDir("gcguard-synth-");
    const out = path.join(dir, "out");
    const first = await bin("synth", "--config", EXAMPLE, "--out", out);
    expect(first.status).toBe(0);
    const stackDir = path.join(out, "stacks", "acme-prod");
    writeFileSync(
      path.join(stackDir, "imports.tf"),
      'import {\n  to = genesyscloud_auth_division.billing\n  id = "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f"\n}\n',
    );
    const again = await bin("synth", "--config", EXAMPLE, "--out", out);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain(
      `${path.join(stackDir, "imports.tf")} imports genesyscloud_auth_division.billing, which the manifest adopts too: terraform would fail with "Duplicate import configuration"; delete imports.tf`,
    );
    expect((await bin("synth", "--strict", "--config", EXAMPLE, "--out", out)).status).toBe(2);
  });

  test("fails with --strict (and GCGUARD_STRICT=1 for cdktf's app) on an adoption that matches nothing, writing nothing", async () => {
    const dir = tempDir("gcguard-synth-");
    const manifest = path.join(dir, "m.json");
    writeFileSync(
      manifest,
      JSON.stringify({
        version: 1,
        stacks: { default: { "genesyscloud_auth_division.sales": { id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" } } },
      }),
    );
    const out = path.join(dir, "out");
    const r = await bin("synth", "--strict", "--config", EXAMPLE, "--imports", manifest, "--out", out);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(
      `${manifest}: 1 adoption(s) match nothing in the app (--strict); fix the entries below, nothing was synthesized`,
    );
    expect(filesUnder(out)).toEqual([]);
    const strictApp = app(["--config", EXAMPLE, "--imports", manifest, "--out", out], { GCGUARD_STRICT: "1" });
    expect(strictApp.status).toBe(2);
    expect(filesUnder(out)).toEqual([]);
  });
});
