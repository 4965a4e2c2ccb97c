/**
 * The end-to-end harness: a real terraform, gcguard's emulator-backed provider and an emulator, both in this
 * process, and a stack synthesized from a gcguard config in a temporary directory. Terraform runs asynchronously
 * (the emulator and the provider answer from this process). Without terraform on PATH every e2e test is skipped,
 * and says so on stderr.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

import type { RunningEmulator } from "../../lib/emulator";
import { DEMO_SEED_FILE, startEmulator } from "../../lib/emulator";
import type { Seed } from "../../lib/emulator/seed";
import { loadSeedFile } from "../../lib/emulator/seed";
import type { PreflightReport } from "../../lib/preflight/report";
import { preflightCommand } from "../../lib/preflight/command";
import type { ResolveFlags } from "../../lib/resolve/command";
import { resolveCommand } from "../../lib/resolve/command";
import type { TerraformResult } from "../../lib/rehearse/terraform";
import { hostedRehearsal, terraform } from "../../lib/rehearse/terraform";
import { synthesize } from "../../lib/stack/synth";
import { writeRehearsalConfig } from "../../lib/tfprovider/cli-config";
import type { Api } from "../emulator/helpers";
import { apiFor } from "../emulator/helpers";
import { tempDir } from "../helpers";

function probeTerraform(): string | undefined {
  const r = spawnSync("terraform", ["version", "-json"], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  try {
    return (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/** The terraform version on PATH, or undefined (then the e2e tests skip, loudly). */
export const TERRAFORM_VERSION = probeTerraform();
process.stderr.write(
  TERRAFORM_VERSION
    ? `[e2e] real terraform ${TERRAFORM_VERSION} with gcguard's emulator-backed provider\n`
    : "[e2e] SKIPPED every end-to-end test: no working `terraform` on PATH; install Terraform 1.5+ to run them\n",
);

export const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

/** The demo org (lib/emulator/seeds/demo.yaml), to adjust per scenario. */
export function demoSeed(): Seed {
  return loadSeedFile(DEMO_SEED_FILE);
}

/**
 * The demo org without the objects the example config collides with: Home and Billing (which the example adopts
 * by id through its manifest), the users in them, and the CI client.
 */
export function cleanSeed(): Seed {
  const seed = demoSeed();
  const keep = new Set<string>(["d0000000-0000-4000-8000-000000000001", "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f"]);
  seed.clients = seed.clients.filter((c) => c.id === "gcguard-ci");
  seed.divisions = seed.divisions.filter((d) => keep.has(d.id));
  seed.users = seed.users.filter((u) => keep.has(u.divisionId));
  seed.groups = [];
  seed.queues = [];
  // The other kinds' objects stay, minus those in the divisions left out.
  seed.objects = Object.fromEntries(
    Object.entries(seed.objects).map(([kind, objects]) => [
      kind,
      (objects ?? []).filter((o) => o.divisionId === undefined || keep.has(o.divisionId)),
    ]),
  );
  return seed;
}

export interface Workspace {
  readonly dir: string;
  readonly stack: string;
  readonly stackDir: string;
  readonly api: Api;
  readonly emulator: RunningEmulator;
  /** Writes the config (and manifest) and synthesizes the stack; the state file stays beside them. */
  synth(config: string, manifest?: unknown): void;
  tf(...args: string[]): Promise<TerraformResult>;
  /** plan -out plan.out, then show -json into plan.json; returns the plan file and terraform's exit code. */
  plan(...extra: string[]): Promise<{ file: string; code: number; stdout: string; stderr: string }>;
  /** apply -json of plan.out; the log goes to apply.log. */
  apply(): Promise<{ code: number; log: string; file: string }>;
  preflight(planFile: string): Promise<{ code: number; report: PreflightReport }>;
  resolve(logFile: string, log: string, flags: ResolveFlags): Promise<{ code: number; out: string; err: string }>;
  close(): Promise<void>;
}

export async function workspace(seed: Seed, stack = "acme-prod"): Promise<Workspace> {
  const dir = tempDir("gcguard-e2e-");
  const emulator = await startEmulator({ seed });
  const settings = {
    cliConfigFile: writeRehearsalConfig(dir),
    emulatorUrl: emulator.url,
    clientId: CI_ENV.GENESYSCLOUD_OAUTHCLIENT_ID,
    clientSecret: CI_ENV.GENESYSCLOUD_OAUTHCLIENT_SECRET,
  };
  // Hosted here, as gcguard rehearse hosts it: terraform reattaches instead of starting it for every command. The
  // launched provider is covered by readme-loop, cdktf-deploy and test/tfprovider/terraform.test.ts.
  const { env, provider } = await hostedRehearsal(process.env, settings);
  const stackDir = path.join(dir, "cdktf.out", "stacks", stack);
  let initialised = false;
  const ws: Workspace = {
    dir,
    stack,
    stackDir,
    emulator,
    api: apiFor(emulator),
    synth(config, manifest) {
      writeFileSync(path.join(dir, "gcguard.config.yaml"), config);
      if (manifest !== undefined) writeFileSync(path.join(dir, "gcguard.imports.json"), JSON.stringify(manifest));
      synthesize({ config: path.join(dir, "gcguard.config.yaml"), outdir: path.join(dir, "cdktf.out"), env: {} });
    },
    async tf(...args) {
      if (!initialised && args[0] !== "init") {
        const init = await terraform(["init", "-input=false", "-no-color"], { cwd: stackDir, env });
        if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stderr}${init.stdout}`);
        initialised = true;
      }
      return terraform(args, { cwd: stackDir, env });
    },
    async plan(...extra) {
      const r = await ws.tf("plan", "-input=false", "-no-color", "-out=plan.out", ...extra);
      if (r.code !== 0 && r.code !== 2) throw new Error(`terraform plan failed (${r.code}):\n${r.stderr}${r.stdout}`);
      const show = await ws.tf("show", "-json", "plan.out");
      const file = path.join(stackDir, "plan.json");
      writeFileSync(file, show.stdout);
      return { file, code: r.code, stdout: r.stdout, stderr: r.stderr };
    },
    async apply() {
      const r = await ws.tf("apply", "-json", "-input=false", "-auto-approve", "plan.out");
      const file = path.join(stackDir, "apply.log");
      writeFileSync(file, r.stdout);
      return { code: r.code, log: r.stdout, file };
    },
    async preflight(planFile) {
      let out = "";
      const code = await preflightCommand(
        { plan: [`${stack}=${planFile}`], baseUrl: emulator.url, format: "json", progress: false },
        { stdout: (t) => (out += t), stderr: () => {}, env: { ...CI_ENV }, isTty: false, version: "e2e" },
      );
      return { code, report: JSON.parse(out) as PreflightReport };
    },
    async resolve(logFile, log, flags) {
      let out = "";
      let err = "";
      async function* lines() {
        for (const line of log.split("\n")) yield line;
      }
      const code = await resolveCommand(
        lines(),
        logFile,
        { baseUrl: emulator.url, stackName: stack, ...flags },
        {
          stdout: (t) => (out += t),
          stderr: (t) => (err += t),
          env: { ...CI_ENV },
          stdinIsTty: false,
          confirm: () => Promise.resolve(false),
        },
      );
      return { code, out, err };
    },
    async close() {
      await provider.close();
      await emulator.close();
    },
  };
  return ws;
}

/** The error diagnostics of an `apply -json` log. */
export function errorDiagnostics(log: string): { summary: string; detail: string; address?: string }[] {
  const out: { summary: string; detail: string; address?: string }[] = [];
  for (const line of log.split("\n")) {
    if (!line.startsWith("{")) continue;
    const msg = JSON.parse(line) as {
      type?: string;
      diagnostic?: { severity: string; summary: string; detail: string; address?: string };
    };
    if (msg.type === "diagnostic" && msg.diagnostic?.severity === "error") out.push(msg.diagnostic);
  }
  return out;
}
