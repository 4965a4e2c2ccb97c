/**
 * `gcguard rehearse`: the apply, for real, against a copy of the org. It starts the emulator (the demo org, a seed,
 * or `gcguard snapshot` output), synthesizes the stacks, and runs the real terraform init, plan and apply in each
 * stack directory with gcguard's emulator-backed provider. It reports what the apply hit and hands a failed
 * apply's log to `resolve`, which writes the import blocks and adoption entries that fix it. The real org is never
 * touched: the caller's credential variables are dropped for terraform (lib/rehearse/terraform.ts `rehearsalEnv`).
 * What it prints and the files it writes in the workdir go through the redaction pass (lib/redact.ts) with the
 * rehearsal client's secret added to the caller's credentials (docs/emulator-provider.md, "Secrets in a rehearsal").
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { VersionedIo } from "../command-io";
import { InputError } from "../errors";
import type { RunningEmulator } from "../emulator";
import { DEMO_SEED_FILE, startEmulator } from "../emulator";
import { loadSeedFile } from "../emulator/seed";
import { writeFileAtomic } from "../fs";
import { preflightCommand } from "../preflight/command";
import type { Progress } from "../progress";
import { createProgress } from "../progress";
import { redactJsonText, redactText, secretValues } from "../redact";
import { resolveCommand } from "../resolve/command";
import type { SynthInputs } from "../stack/synth";
import { readSynthInputs, synthesize } from "../stack/synth";
import { writeRehearsalConfig } from "../tfprovider/cli-config";
import type { HostedProvider } from "../tfprovider/hosted";
import type { TerraformResult } from "./terraform";
import { hostedRehearsal, terraform, terraformVersion } from "./terraform";

export interface RehearseFlags {
  readonly config?: string;
  readonly imports?: string;
  /** Emulator seed (YAML/JSON), e.g. `gcguard snapshot` output. @default the demo org */
  readonly seed?: string;
  /** Where the stacks, plans, logs and resolve's artifacts go. @default a new temporary directory */
  readonly workdir?: string;
}

/** Terraform is needed and missing: the rehearsal could not run, which is "could not verify" (exit 3). */
export class TerraformMissingError extends Error {
  readonly exitCode = 3;
  constructor() {
    super(
      "gcguard rehearse runs the real terraform, and there is no working `terraform` on PATH; install Terraform 1.5 or newer (https://developer.hashicorp.com/terraform/install) and run it again",
    );
    this.name = "TerraformMissingError";
  }
}

interface PlanJson {
  resource_changes?: { address: string; change: { actions: string[] } }[];
}

function planSummary(plan: PlanJson): string {
  const counts = { import: 0, create: 0, update: 0, delete: 0, replace: 0 };
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions.join(",");
    if (a === "create") counts.create++;
    else if (a === "update") counts.update++;
    else if (a === "delete") counts.delete++;
    else if (a.includes("create") && a.includes("delete")) counts.replace++;
  }
  counts.import = (plan.resource_changes ?? []).filter((rc) => "importing" in (rc.change as object)).length;
  return `${counts.create} to add, ${counts.update} to change, ${counts.delete} to destroy, ${counts.replace} to replace, ${counts.import} to import`;
}

/**
 * How many `apply_complete`/`apply_errored` messages the apply of `plan` sends: one per resource change that is not
 * a no-op, two for a replace (the destroy and the create finish separately).
 */
function applySteps(plan: PlanJson): number {
  let steps = 0;
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change.actions;
    if (actions.length === 0 || actions.every((a) => a === "no-op")) continue;
    steps += actions.includes("create") && actions.includes("delete") ? 2 : 1;
  }
  return steps;
}

/** A client of the emulator that only the rehearsal knows, with every permission. */
function rehearsalClient(): { id: string; secret: string } {
  return { id: "gcguard-rehearse", secret: randomBytes(18).toString("base64url") };
}

async function* linesOf(text: string): AsyncIterable<string> {
  for (const line of text.split("\n")) yield line;
}

/** A --workdir that is a file is refused first, so the user learns it before waiting on terraform. */
function checkWorkdir(workdir: string | undefined): void {
  if (workdir !== undefined && existsSync(workdir) && !statSync(workdir).isDirectory()) {
    throw new InputError(`--workdir ${workdir}: is a file; pass a directory (a new one is created)`);
  }
}

export async function rehearseCommand(flags: RehearseFlags, io: VersionedIo): Promise<number> {
  // Every input is read before terraform is looked for or the workdir made: a wrong path is exit 2, nothing left.
  checkWorkdir(flags.workdir);
  const inputs: RehearsalInputs = {
    seed: loadSeedFile(flags.seed ?? DEMO_SEED_FILE),
    synth: readSynthInputs({ ...synthFlags(flags), env: io.env }),
  };
  const version = await terraformVersion(io.env);
  if (!version) throw new TerraformMissingError();
  const temporary = flags.workdir === undefined;
  const workdir = path.resolve(flags.workdir ?? mkdtempSync(path.join(tmpdir(), "gcguard-rehearse-")));
  try {
    return await rehearse(flags, io, { version, workdir, ...inputs });
  } catch (err) {
    // A rehearsal that could not run leaves nothing behind: its own temporary folder goes (a --workdir stays).
    if (temporary) rmSync(workdir, { recursive: true, force: true });
    throw err;
  }
}

/** What every stack's rehearsal shares: where it runs, what it talks to, and how it reports. */
interface Rehearsal {
  readonly io: VersionedIo;
  readonly workdir: string;
  /** The emulator's URL, for gcguard's own preflight and resolve. */
  readonly emulatorUrl: string;
  /** terraform's environment: the hosted provider, pointed at the emulator as the rehearsal client. */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly status?: Progress;
  /** The credential values the redaction pass replaces wherever they appear: the caller's and the rehearsal's. */
  readonly literals: readonly string[];
}

/**
 * The caller's io with everything written to it redacted again, now knowing the rehearsal client's secret too, and
 * the secret values to redact the workdir's files with.
 */
function redactingIo(io: VersionedIo, secret: string): { io: VersionedIo; literals: readonly string[] } {
  const literals = [...secretValues(io.env), secret];
  const redact = (text: string) => redactText(text, literals);
  return {
    io: { ...io, stdout: (text) => io.stdout(redact(text)), stderr: (text) => io.stderr(redact(text)) },
    literals,
  };
}

/**
 * The rehearsal's progress lines on stderr, with the time since the start; on a terminal the apply also gets a
 * status line (resources done of the plan's, rate, ETA) under the lines.
 */
function progressLog(io: VersionedIo): { log: (line: string) => void; status?: Progress } {
  const started = Date.now();
  const status = io.isTty === true ? createProgress({ write: io.stderr, tty: true, label: "rehearse" }) : undefined;
  const log = (line: string) => {
    const text = `[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`;
    if (status) status.line(text);
    else io.stderr(`rehearse: ${text}\n`);
  };
  return { log, ...(status ? { status } : {}) };
}

/** What the rehearsal starts from: its inputs, read first, terraform's version and the folder it works in. */
interface RehearsalInputs {
  readonly seed: ReturnType<typeof loadSeedFile>;
  readonly synth: SynthInputs;
}

const synthFlags = (flags: RehearseFlags) => ({
  ...(flags.config ? { config: flags.config } : {}),
  ...(flags.imports ? { imports: flags.imports } : {}),
});

async function rehearse(
  flags: RehearseFlags,
  caller: VersionedIo,
  start: RehearsalInputs & { readonly version: string; readonly workdir: string },
): Promise<number> {
  const { version, workdir, seed } = start;
  mkdirSync(workdir, { recursive: true });
  const client = rehearsalClient();
  const { io, literals } = redactingIo(caller, client.secret);
  const { log, status } = progressLog(io);
  log(`terraform ${version}; working in ${workdir}`);

  seed.clients.push({ ...client, name: "gcguard rehearse", permissions: "*", divisions: "*" });
  const synth = synthesize({ ...synthFlags(flags), outdir: path.join(workdir, "cdktf.out"), env: io.env }, start.synth);
  if (synth.stacks.length === 0) throw new InputError(`${synth.configFile}: no orgs to rehearse`);

  let emulator: RunningEmulator | undefined;
  let provider: HostedProvider | undefined;
  let failed = false;
  try {
    emulator = await startEmulator({ seed });
    log(`emulator on ${emulator.url} (${flags.seed ?? "the demo org"})`);
    const settings = {
      cliConfigFile: writeRehearsalConfig(workdir),
      emulatorUrl: emulator.url,
      clientId: client.id,
      clientSecret: client.secret,
    };
    // The provider runs here, beside the emulator, and terraform reattaches to it rather than starting one per
    // command (lib/tfprovider/hosted.ts). Its env already points GENESYSCLOUD_* at the emulator as the rehearsal
    // client: gcguard uses it too.
    const hosted = await hostedRehearsal(io.env, settings, (m) => log(`provider: ${m}`));
    provider = hosted.provider;
    const run: Rehearsal = {
      io,
      workdir,
      emulatorUrl: emulator.url,
      env: hosted.env,
      log,
      ...(status ? { status } : {}),
      literals,
    };
    for (const stack of synth.stacks) if (!(await rehearseStack(run, stack))) failed = true;
  } finally {
    await provider?.close();
    await emulator?.close();
  }
  io.stdout(
    failed
      ? `\nThe real apply would fail. Artifacts: ${workdir}\n`
      : `\nThe apply ran clean against a copy of the org. Artifacts: ${workdir}\n`,
  );
  return failed ? 1 : 0;
}

/** One stack: terraform init, plan and show, gcguard's preflight on that plan, the apply; false when it failed. */
async function rehearseStack(
  run: Rehearsal,
  stack: { readonly name: string; readonly file: string },
): Promise<boolean> {
  const { io, log } = run;
  const dir = path.dirname(path.resolve(stack.file));
  io.stdout(`\n== Stack ${stack.name} (${path.relative(run.workdir, dir)})\n`);
  const step = async (args: string[]) => {
    log(`${stack.name}: terraform ${args[0]}`);
    const r = await terraform(args, { cwd: dir, env: run.env });
    if (r.code !== 0) {
      const output = redactText(r.stderr || r.stdout, run.literals);
      throw new Error(`terraform ${args[0]} failed in ${dir} (exit ${r.code}):\n${output}`);
    }
    return r;
  };
  // init sets up the local backend; the provider is the hosted one, so init installs nothing.
  await step(["init", "-input=false", "-no-color"]);
  await step(["plan", "-input=false", "-no-color", "-out=plan.out"]);
  const show = await step(["show", "-json", "plan.out"]);
  const planFile = path.join(dir, "plan.json");
  // Preflight and resolve read the plan from this file: redacted as JSON, so it stays a plan they can read.
  const planText = redactJsonText(show.stdout, run.literals);
  writeFileAtomic(planFile, planText);
  const plan = JSON.parse(planText) as PlanJson;
  io.stdout(`Plan: ${planSummary(plan)}.\n`);

  log(`${stack.name}: preflight`);
  io.stdout("\nPreflight on the real plan:\n");
  const gate = await preflightCommand(
    { plan: [`${stack.name}=${planFile}`], baseUrl: run.emulatorUrl, progress: false },
    { stdout: io.stdout, stderr: () => {}, env: run.env, isTty: false, version: io.version },
  );

  const apply = await applyPlan(run, stack.name, dir, plan);
  const applyLog = path.join(dir, "apply.json.log");
  const applyText = redactJsonText(apply.stdout, run.literals);
  writeFileAtomic(applyLog, applyText);
  if (apply.code === 0) {
    io.stdout(`\nApply: succeeded against the emulator (preflight exit ${gate}).\n`);
    return true;
  }
  io.stdout(`\nApply: FAILED (terraform exit ${apply.code}); what it hit, and the fix:\n\n`);
  await resolveFailure(run, stack.name, { log: applyLog, text: applyText, planFile });
  return false;
}

/** terraform apply, each resource logged as it finishes (a long apply is never silent), counted on a terminal. */
async function applyPlan(run: Rehearsal, stack: string, dir: string, plan: PlanJson): Promise<TerraformResult> {
  const { log, status } = run;
  log(`${stack}: terraform apply`);
  const steps = applySteps(plan);
  const resources = `${stack}: resources`;
  let done = 0;
  status?.count(resources, done, steps);
  try {
    return await terraform(["apply", "-json", "-input=false", "-auto-approve", "plan.out"], {
      cwd: dir,
      env: run.env,
      onLine: (line) => {
        const message = /"@message":"((?:[^"\\]|\\.)*)"[^]*"type":"apply_(?:complete|errored)"/.exec(line)?.[1];
        if (message === undefined) return;
        status?.count(resources, ++done, steps); // first: the line below draws the status anew under it
        log(`${stack}: ${JSON.parse(`"${message}"`) as string}`);
      },
    });
  } finally {
    status?.end(); // before anything else reaches the terminal (stdout too)
  }
}

/** The failed apply's log through resolve, and the import blocks it wrote, which fix it. */
async function resolveFailure(
  run: Rehearsal,
  stack: string,
  apply: { readonly log: string; readonly text: string; readonly planFile: string },
): Promise<void> {
  const { io } = run;
  const out = path.join(run.workdir, "resolve", stack);
  await resolveCommand(
    linesOf(apply.text),
    apply.log,
    { plan: apply.planFile, stackName: stack, baseUrl: run.emulatorUrl, out },
    { stdout: io.stdout, stderr: io.stderr, env: run.env, stdinIsTty: false },
  );
  const importsTf = path.join(out, "imports.tf");
  if (existsSync(importsTf)) {
    io.stdout(`\nThe import blocks that fix it (${importsTf}):\n\n${readFileSync(importsTf, "utf8")}`);
  }
}
