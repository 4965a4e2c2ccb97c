/**
 * The loop with the real tools users run: cdktf-cli 0.21's `cdktf deploy` (and plain `terraform apply`, human and
 * -json, on a configuration with for_each, count and a module), against the emulator through the emulator-backed
 * provider. A deploy that collides fails; its output goes into `gcguard resolve -`; the next deploy succeeds; the
 * diff after it is empty.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterEach, describe, expect, test } from "vitest";

import type { RunningEmulator } from "../../lib/emulator";
import { startEmulator } from "../../lib/emulator";
import { installProvider } from "../../lib/tfprovider/cli-config";
import type { HostedProvider } from "../../lib/tfprovider/hosted";
import { hostProvider, REATTACH_ENV } from "../../lib/tfprovider/hosted";
import { tempDir } from "../helpers";
import { collidingOrg } from "../resolve/fixtures/real/org";
import { TERRAFORM_VERSION } from "./harness";

const ROOT = path.join(__dirname, "..", "..");
const REAL = path.join(ROOT, "test", "resolve", "fixtures", "real");
const CDKTF = path.join(ROOT, "node_modules", ".bin", "cdktf");
const GCGUARD = path.join(ROOT, "scripts", "gcguard.cjs");
const TSX = require.resolve("tsx/cli");

let emulator: RunningEmulator | undefined;
let provider: HostedProvider | undefined;
afterEach(async () => {
  await provider?.close();
  await emulator?.close();
  provider = undefined;
  emulator = undefined;
});

/** Runs a command asynchronously (the emulator answers from this process); stdout and stderr together, as `2>&1`. */
function sh(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stdin?: string },
): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
    child.stdin.end(options.stdin ?? "");
  });
}

function environment(dir: string, url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  const home = path.join(dir, "home");
  mkdirSync(home, { recursive: true });
  return {
    PATH: process.env.PATH,
    HOME: home, // cdktf writes ~/.cdktf
    CI: "1",
    CHECKPOINT_DISABLE: "1",
    CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
    TF_IN_AUTOMATION: "1",
    TF_CLI_CONFIG_FILE: installProvider(path.join(dir, ".gcguard")).configFile,
    GENESYSCLOUD_GATEWAY_PROTOCOL: "http",
    GENESYSCLOUD_GATEWAY_HOST: u.hostname,
    GENESYSCLOUD_GATEWAY_PORT: u.port,
    GENESYSCLOUD_REGION: "us-east-1",
    GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci",
    GCGUARD_TFPROVIDER_FAST_RETRY: "1",
  };
}

/** A cdktf project whose app is this repo's main.ts, as a user's cdktf.json would run it. */
function writeCdktfJson(dir: string): void {
  writeFileSync(
    path.join(dir, "cdktf.json"),
    JSON.stringify({
      language: "typescript",
      app: `${JSON.stringify(process.execPath)} ${JSON.stringify(TSX)} ${JSON.stringify(path.join(ROOT, "main.ts"))}`,
      projectId: "00000000-0000-4000-8000-00000000e2e0",
      sendCrashReports: "false",
      terraformProviders: [],
      terraformModules: [],
      context: {},
    }),
  );
}

describe.runIf(TERRAFORM_VERSION !== undefined)("the loop with real cdktf and terraform", () => {
  test("cdktf deploy fails on collisions, resolve - fixes them, the next deploy succeeds, cdktf diff is empty", async () => {
    emulator = await startEmulator();
    const dir = tempDir("gcguard-cdktf-");
    writeFileSync(
      path.join(dir, "gcguard.config.yaml"),
      readFileSync(path.join(REAL, "sources", "cdktf-one", "gcguard.config.yaml")),
    );
    writeCdktfJson(dir);
    const env = environment(dir, emulator.url);

    const first = await sh(CDKTF, ["deploy", "--auto-approve", "--skip-provider-lock"], { cwd: dir, env });
    expect(first.code, first.out.slice(-3000)).toBe(1);
    expect(first.out).toContain("globex-eu  ");

    const resolved = await sh(process.execPath, [GCGUARD, "resolve", "-"], { cwd: dir, env, stdin: first.out });
    expect(resolved.code, resolved.out).toBe(1);
    const manifest = JSON.parse(readFileSync(path.join(dir, "gcguard.imports.json"), "utf8")) as {
      stacks: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(manifest.stacks["globex-eu"] ?? {}).sort()).toEqual([
      "genesyscloud_auth_division.support",
      "genesyscloud_group.sales_agents",
      "genesyscloud_routing_queue.sales_callback",
    ]);

    const second = await sh(CDKTF, ["deploy", "--auto-approve", "--skip-provider-lock"], { cwd: dir, env });
    expect(second.code, second.out.slice(-3000)).toBe(0);
    expect(second.out).toMatch(/Apply complete! Resources: 3 imported/);
    // A pipeline that always runs resolve: the successful deploy's output is clean (test/resolve/clean-only.test.ts
    // cuts a capture of it at every line).
    const clean = await sh(process.execPath, [GCGUARD, "resolve", "-"], { cwd: dir, env, stdin: second.out });
    expect(clean.code, clean.out).toBe(0);

    const diff = await sh(CDKTF, ["diff", "--skip-provider-lock"], { cwd: dir, env });
    expect(diff.code, diff.out.slice(-3000)).toBe(0);
    expect(diff.out).toContain("No changes.");
  }, 240_000);

  test("cdktf synth --output writes where the CLI looks for it", async () => {
    const dir = tempDir("gcguard-cdktf-out-");
    writeFileSync(
      path.join(dir, "gcguard.config.yaml"),
      readFileSync(path.join(REAL, "sources", "cdktf-one", "gcguard.config.yaml")),
    );
    writeCdktfJson(dir);
    const env = environment(dir, "http://127.0.0.1:9");
    const r = await sh(CDKTF, ["synth", "--output", "elsewhere"], { cwd: dir, env });
    expect(r.code, r.out.slice(-3000)).toBe(0);
    expect(existsSync(path.join(dir, "elsewhere", "manifest.json"))).toBe(true);
    expect(existsSync(path.join(dir, "elsewhere", "stacks", "globex-eu", "cdk.tf.json"))).toBe(true);
    expect(existsSync(path.join(dir, "cdktf.out"))).toBe(false);
  }, 120_000);

  test.each([
    ["human", []],
    ["-json", ["-json"]],
  ])(
    "plain terraform apply (%s) of for_each, count and module resources: resolve writes imports.tf, the next apply adopts, the plan is empty",
    async (_, flags) => {
      emulator = await startEmulator({ seed: collidingOrg("f2000000") });
      const dir = tempDir("gcguard-tf-");
      const work = path.join(dir, "work");
      cpSync(path.join(REAL, "sources", "tf-keys"), work, { recursive: true });
      // The provider hosted here (lib/tfprovider/hosted.ts): these runs are about resolve on terraform's own
      // output; the cdktf deploy above runs the provider terraform launches.
      provider = await hostProvider({ env: environment(dir, emulator.url) });
      const env = { ...environment(dir, emulator.url), [REATTACH_ENV]: provider.reattach };
      const tf = (...args: string[]) => sh("terraform", args, { cwd: work, env });
      expect((await tf("init", "-input=false")).code).toBe(0);
      const failed = await tf("apply", "-auto-approve", "-input=false", ...flags);
      expect(failed.code).toBe(1);
      writeFileSync(path.join(work, "apply.log"), failed.out);

      const resolved = await sh(process.execPath, [GCGUARD, "resolve", "apply.log"], { cwd: work, env });
      expect(resolved.code, resolved.out).toBe(1);
      const imports = readFileSync(path.join(work, "imports.tf"), "utf8");
      for (const address of [
        'genesyscloud_group.by_name["Ops $${var.env}"]',
        'genesyscloud_group.by_name["Équipe \\"Nuit\\""]',
        "genesyscloud_auth_division.numbered[0]",
        "genesyscloud_auth_division.numbered[1]",
        "module.team.genesyscloud_routing_queue.q[0]",
      ]) {
        expect(imports).toContain(`to = ${address}\n`);
      }

      const adopted = await tf("apply", "-auto-approve", "-input=false", ...flags);
      expect(adopted.code, adopted.out.slice(-3000)).toBe(0);
      const last = await tf("plan", "-input=false", "-detailed-exitcode");
      expect(last.code, last.out.slice(-3000)).toBe(0);
    },
    240_000,
  );
});
