/**
 * gcguard as a platform team installs it: `npm pack` of this repo (which builds it), a new app in a temp folder,
 * `npm install` of the tarball with cdktf (or CDK Terrain's cdktn) and constructs from the registry, the README's
 * `main.ts` word for word, synthesized under ts-node (cdktf init's runner, with its own tsconfig.json) and tsx, the
 * result validated by real terraform with gcguard's emulator-backed provider, and the `gcguard` command run from
 * that app with tsx removed, so nothing of the repo or of tsx is needed at run time.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

import { tempDir } from "../helpers";
import { TERRAFORM_VERSION } from "./harness";

const ROOT = path.join(__dirname, "..", "..");
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");
const GCGUARD_VERSION = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string })
  .version;

/** The ts block of the README's section on using the constructs in your own app. */
function readmeApp(): string {
  const section = README.split("\n## Use the constructs in your own cdktf app\n")[1]?.split("\n## ")[0] ?? "";
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error("README has no ts block under 'Use the constructs in your own cdktf app'");
  return code;
}

function versionOf(pkg: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function sh(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", NO_COLOR: "1", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run, what: string): Run {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

interface PackedFile {
  readonly path: string;
  readonly mode: number;
}

let tarball: string;
let packed: PackedFile[];

beforeAll(() => {
  const dest = tempDir("gcguard-pack-");
  // `npm pack` runs `prepare` (generate the bindings, compile), as it would from a fresh clone.
  const r = ok(sh(ROOT, "npm", ["pack", "--json", "--silent", "--pack-destination", dest]), "npm pack");
  const [info] = JSON.parse(r.stdout) as { filename: string; files: PackedFile[] }[];
  tarball = path.join(dest, info!.filename);
  packed = info!.files;
}, 240_000);

describe("the packed tarball", () => {
  it("holds the compiled package, its declarations and docs, and nothing of the tests, fixtures or benchmarks", () => {
    const paths = packed.map((f) => f.path);
    const outside = paths.filter((p) => !/^(dist|docs)\//.test(p) && p !== "package.json" && p !== "README.md");
    expect(outside).toEqual([]);
    expect(paths.filter((p) => /(^|\/)(test|__snapshots__|bench|fixtures|examples)\//.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith(".ts") && !p.endsWith(".d.ts"))).toEqual([]);
    for (const needed of [
      "dist/scripts/bin.js",
      "dist/lib/index.js",
      "dist/lib/index.d.ts",
      "dist/lib/cdk.js",
      "dist/constructs/index.js",
      "dist/constructs/index.d.ts",
      "dist/lib/provider-genesyscloud/lib/index.js",
      "dist/lib/provider-genesyscloud/lib/index.d.ts",
      "dist/lib/provider-genesyscloud/lib/routing-queue/index.js",
      "dist/lib/provider-genesyscloud/schema.json",
      "dist/lib/emulator/seeds/demo.yaml",
      "dist/lib/tfprovider/proto/tfplugin5.proto",
      "dist/lib/tfprovider/main.js",
    ])
      expect(paths).toContain(needed);
    const launcher = packed.find((f) => f.path === "dist/lib/tfprovider/bin/terraform-provider-genesyscloud");
    expect(launcher && launcher.mode & 0o111).toBeTruthy();
  });

  it("declares cdktf, cdktn and constructs as peers, not dependencies", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.private).toBeUndefined();
    expect(Object.keys(pkg.dependencies as object)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(cdktf|cdktn|constructs|tsx|@cdktf\/)/)]),
    );
    expect(pkg.peerDependencies).toEqual({ cdktf: "^0.21.0", cdktn: "^0.24.0", constructs: "^10.4.2" });
  });
});

const VARIANTS = [
  { lib: "cdktf", version: "0.21.0", constructs: "10.4.2" },
  { lib: "cdktn", version: "0.24.0", constructs: "10.7.2" },
] as const;

describe.each(VARIANTS)("a new app on $lib $version", ({ lib, version, constructs }) => {
  let app: string;

  beforeAll(() => {
    app = tempDir(`gcguard-consumer-${lib}-`);
    writeFileSync(
      path.join(app, "package.json"),
      `${JSON.stringify({ name: `consumer-${lib}`, version: "1.0.0", private: true }, null, 2)}\n`,
    );
    // cdktf init's own tsconfig.json (module CommonJS, node10 resolution, skipLibCheck), from the installed cdktf-cli.
    copyFileSync(
      path.join(ROOT, "node_modules", "cdktf-cli", "bundle", "templates", "typescript", "tsconfig.json"),
      path.join(app, "tsconfig.json"),
    );
    const code = lib === "cdktf" ? readmeApp() : readmeApp().replace('from "cdktf"', 'from "cdktn"');
    writeFileSync(path.join(app, "main.ts"), code);
    ok(
      sh(app, "npm", [
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        tarball,
        `${lib}@${version}`,
        `constructs@${constructs}`,
        "ts-node@10.9.2",
        `typescript@${versionOf("typescript")}`,
        `tsx@${versionOf("tsx")}`,
        `@types/node@${versionOf("@types/node")}`,
      ]),
      "npm install",
    );
  }, 300_000);

  function synthesized(): {
    "//": { metadata: { version: string } };
    resource: Record<string, Record<string, unknown>>;
    import: unknown[];
  } {
    const file = path.join(app, "cdktf.out", "stacks", "acme-prod", "cdk.tf.json");
    return JSON.parse(readFileSync(file, "utf8")) as ReturnType<typeof synthesized>;
  }

  it("synthesizes the README's main.ts under ts-node and tsx, with the app's own library", () => {
    if (lib === "cdktn") expect(existsSync(path.join(app, "node_modules", "cdktf"))).toBe(false);
    ok(sh(app, "npx", ["ts-node", "main.ts"]), "ts-node main.ts");
    const underTsNode = synthesized();
    expect(underTsNode["//"].metadata.version).toBe(version);
    expect(Object.keys(underTsNode.resource).sort()).toEqual([
      "genesyscloud_auth_division",
      "genesyscloud_group",
      "genesyscloud_routing_queue",
    ]);
    expect(Object.keys(underTsNode.resource.genesyscloud_routing_queue!).sort()).toEqual([
      "billing_inbound",
      "sales_inbound",
    ]);
    expect(underTsNode.import).toEqual([
      { id: "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f", to: "genesyscloud_auth_division.billing" },
    ]);

    rmSync(path.join(app, "cdktf.out"), { recursive: true, force: true });
    ok(sh(app, "npx", ["tsx", "main.ts"]), "tsx main.ts");
    expect(synthesized()).toEqual(underTsNode);
  }, 120_000);

  it("runs gcguard from the app with no tsx installed", () => {
    rmSync(path.join(app, "node_modules", "tsx"), { recursive: true, force: true });
    rmSync(path.join(app, "node_modules", ".bin", "tsx"), { force: true });

    expect(ok(sh(app, "npx", ["gcguard", "--version"]), "gcguard --version").stdout).toBe(`${GCGUARD_VERSION}\n`);
    expect(ok(sh(app, "npx", ["gcguard", "preflight", "--help"]), "preflight --help").stdout).toContain(
      "Usage: gcguard preflight [options]",
    );
    const api = sh(app, process.execPath, [
      "-e",
      'require("gcguard").run(["--version"], { stdout: (t) => process.stdout.write("api " + t), stderr: () => {} }).then((c) => { process.exitCode = c; })',
    ]);
    expect(ok(api, "run() from the programmatic API").stdout).toBe(`api ${GCGUARD_VERSION}\n`);
    if (lib === "cdktn") {
      // Asked for the library the app does not have: a setup error naming the fix, exit 2, nothing written.
      const wrong = sh(app, "npx", ["gcguard", "synth", "--out", "wrong.out"], { GCGUARD_CDK: "cdktf" });
      expect({ status: wrong.status, stderr: wrong.stderr }).toEqual({
        status: 2,
        stderr: "gcguard: GCGUARD_CDK=cdktf, but cdktf is not installed; npm install cdktf constructs\n",
      });
      expect(existsSync(path.join(app, "wrong.out"))).toBe(false);
    }
  }, 180_000);

  it.runIf(TERRAFORM_VERSION !== undefined)(
    "terraform validates the stack with gcguard's provider",
    () => {
      if (!existsSync(path.join(app, "cdktf.out"))) ok(sh(app, "npx", ["ts-node", "main.ts"]), "ts-node main.ts");
      const install = ok(sh(app, "npx", ["gcguard", "provider", "install", ".gcguard"]), "gcguard provider install");
      expect(install.stdout).toBe(
        `export TF_CLI_CONFIG_FILE=${JSON.stringify(path.join(app, ".gcguard", "terraform.rc"))}\n`,
      );
      const tfEnv = { TF_CLI_CONFIG_FILE: path.join(app, ".gcguard", "terraform.rc"), TF_IN_AUTOMATION: "1" };
      const stack = path.join("cdktf.out", "stacks", "acme-prod");
      ok(sh(app, "terraform", [`-chdir=${stack}`, "init", "-input=false", "-no-color"], tfEnv), "terraform init");
      const validate = ok(sh(app, "terraform", [`-chdir=${stack}`, "validate", "-no-color"], tfEnv), "validate");
      expect(validate.stdout).toContain("Success! The configuration is valid.");
    },
    180_000,
  );
});

describe("a plain Terraform project: gcguard installed alone, no cdktf, no cdktn", () => {
  let project: string;

  beforeAll(() => {
    project = tempDir("gcguard-consumer-plain-");
    writeFileSync(
      path.join(project, "package.json"),
      '{ "name": "plain-terraform", "version": "1.0.0", "private": true }\n',
    );
    ok(sh(project, "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball]), "npm install");
    for (const lib of ["cdktf", "cdktn"]) expect(existsSync(path.join(project, "node_modules", lib))).toBe(false);
  }, 300_000);

  it("resolves a failed apply's log and runs the gate on a plan, with no CDK library anywhere", () => {
    const log = path.join(project, "apply.log");
    copyFileSync(path.join(ROOT, "test/resolve/fixtures/real/terraform/delete-refused-human-no-color.log"), log);
    const resolved = sh(project, "npx", ["gcguard", "resolve", "apply.log", "--offline", "--no-write"]);
    expect(resolved.status, resolved.stderr).toBe(1);
    expect(resolved.stdout).toContain("[non-empty-division] genesyscloud_auth_division.regional");

    copyFileSync(
      path.join(ROOT, "test/resolve/fixtures/real/terraform/delete-plan.json"),
      path.join(project, "plan.json"),
    );
    // No credentials: the gate stops at them (exit 2, naming the variables), not at a missing CDK library.
    const env = { GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_OAUTHCLIENT_SECRET: "", GENESYSCLOUD_ACCESS_TOKEN: "" };
    const gate = sh(project, "npx", ["gcguard", "preflight", "--plan", "prod=plan.json", "--no-progress"], env);
    expect(gate.status).toBe(2);
    expect(gate.stderr).toContain("GENESYSCLOUD_OAUTHCLIENT_ID");
    expect(gate.stderr).not.toContain("cdktf");
  }, 120_000);
});
