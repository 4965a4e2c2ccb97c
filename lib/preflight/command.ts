/**
 * `gcguard preflight` as a function: flags in, exit code out. Reads the plans (one input style per run), builds a
 * client per stack from that stack's credentials, runs the rules, renders the report, and optionally writes the
 * adoptions. scripts/preflight.ts only parses argv.
 */
import path from "node:path";

import { MANIFEST_FILE } from "../adoption/manifest";
import type { LoadedConfig } from "../config/load";
import { loadConfig } from "../config/load";
import type { VersionedIo } from "../command-io";
import { useColor } from "../color";
import type { WaitReason } from "../genesys/pacing";
import type { Progress } from "../progress";
import { createProgress, waitText } from "../progress";
import { ExitCode, InputError } from "../errors";
import { writeFilesAtomic } from "../fs";
import { createGenesysClient } from "../genesys/client";
import { resolveConnection } from "../genesys/config";
import type { AppStacks } from "../stack/identity";
import { findConfig, identifyPlan, stackOfLayout, stackOfSynthJson } from "../stack/identity";
import { resolveInputs } from "../stack/inputs";
import { stackEnv } from "./credentials";
import { readJsonFile } from "../plan/inputs/common";
import { readPlanFile } from "../plan/inputs/plan";
import { planFromStack, stackRegion } from "../plan/inputs/stack";
import { readStateFile } from "../plan/inputs/state";
import type { Locator } from "../plan/locations";
import { configLocator, constructLocator, fileLocator, terraformLocator } from "../plan/locations";
import type { StackPlan } from "../plan/model";
import type { Format } from "./output";
import { FORMAT_EXTENSIONS, FORMATS, renderReport } from "./output";
import type { AzurePipelineRun } from "./output/azure-pipeline";
import { detectAzurePipeline } from "./output/azure-pipeline";
import type { PreflightReport } from "./report";
import { runPreflight } from "./run";
import type { Finding } from "./model";
import type { AdoptionToWrite } from "../adoption/write";
import { writeImports } from "../adoption/write";

/** The adoptions a preflight's findings carry; those of `unnamed` stacks are marked so. */
export function adoptionsOf(findings: readonly Finding[], unnamed: ReadonlySet<string> = new Set()): AdoptionToWrite[] {
  return findings.flatMap((f) =>
    f.adoption
      ? [{ stack: f.stack, ...f.adoption, source: "preflight", ...(unnamed.has(f.stack) ? { unnamed: true } : {}) }]
      : [],
  );
}

export interface PreflightFlags {
  readonly plan?: readonly string[];
  readonly stack?: readonly string[];
  readonly state?: readonly string[];
  readonly config?: string;
  readonly imports?: string;
  /** `FMT` or `FMT=FILE`, one or several (`--format sarif=gcguard.sarif --format github`). */
  readonly format?: string | readonly string[];
  readonly output?: string;
  readonly failOn?: string;
  readonly allowUnverified?: boolean;
  /** true: the current directory; a string: that directory. */
  readonly writeImports?: boolean | string;
  readonly baseUrl?: string;
  readonly progress?: boolean;
}

interface Planned {
  readonly plan: StackPlan;
  readonly region?: string;
  /** Where terraform runs for this stack, for import commands. */
  readonly stackDir?: string;
}

/** `name=file` or `file`: the name only when given explicitly (lib/stack/identity.ts never guesses one). */
function splitNamed(value: string): { name?: string; file: string } {
  const eq = value.indexOf("=");
  if (eq > 0 && !value.slice(0, eq).includes(path.sep)) return { name: value.slice(0, eq), file: value.slice(eq + 1) };
  return { file: value };
}

/** A plan file's stack: explicit, the cdktf layout, or the app's config; else the file's name as a label only. */
function namePlan(
  plan: StackPlan,
  file: string,
  explicit: string | undefined,
  app: () => AppStacks | undefined,
): StackPlan {
  const managed = plan.changes.filter((c) => c.mode === "managed").map((c) => c.address);
  const identity = identifyPlan(
    file,
    managed,
    explicit === undefined && stackOfLayout(file) === undefined ? app() : undefined,
    explicit,
  );
  return identity ? { ...plan, stack: identity.name } : { ...plan, stack: path.basename(file), unnamed: true };
}

function statesByStack(states: readonly string[], stacks: readonly string[]): (stack: string) => string | undefined {
  const named = states.map(splitNamed);
  if (named.length === 1 && stacks.length === 1) return () => named[0]!.file;
  const byName = new Map(
    named.map((n) => {
      const name = n.name ?? stackOfLayout(n.file);
      if (name === undefined)
        throw new InputError(`--state ${n.file}: which stack is this state of? give --state <stack>=${n.file}`);
      return [name, n.file] as const;
    }),
  );
  for (const name of byName.keys()) {
    if (!stacks.includes(name))
      throw new InputError(
        `--state ${name}=...: no stack named ${name} (stacks: ${stacks.join(", ")}); use --state <stack>=<file>`,
      );
  }
  return (stack) => byName.get(stack);
}

/**
 * Where a stack's findings point (lib/plan/locations.ts): its org's entries when the gcguard config has that
 * stack, else the app's lines that created gcguard's constructs (recorded in the synthesized stack), else the .tf
 * blocks beside the input, else the input file itself.
 */
function locatorFor(stack: string, inputFile: string, config: () => LoadedConfig | undefined): Locator {
  const loaded = config();
  const org = loaded?.orgs.find((o) => o.name === stack);
  if (loaded && org) return configLocator(org, loaded.file);
  const fallback = fileLocator(inputFile);
  const rest = terraformLocator(path.dirname(inputFile), fallback.stack) ?? fallback;
  return constructLocator(inputFile, rest) ?? rest;
}

/** The gcguard config, read once, for locations only: a config that is missing or broken just means none. */
function configForLocations(flags: PreflightFlags, env: NodeJS.ProcessEnv): () => LoadedConfig | undefined {
  let loaded: LoadedConfig | undefined | null = null;
  return () => {
    if (loaded === null) {
      const file = findConfig(flags.config, env);
      try {
        loaded = file === undefined ? undefined : loadConfig(file);
      } catch {
        loaded = undefined;
      }
    }
    return loaded;
  };
}

/**
 * The plans to check. The CDK library is loaded only where a cdktf app is involved (a config to synthesize or to
 * name a plan's stack), so preflight on a plain Terraform plan runs without cdktf installed.
 */
async function readPlans(flags: PreflightFlags, env: NodeJS.ProcessEnv): Promise<Planned[]> {
  const config = configForLocations(flags, env);
  const given = [flags.plan?.length ? "--plan" : "", flags.stack?.length ? "--stack" : ""].filter(Boolean);
  if (given.length > 1)
    throw new InputError(
      "--plan and --stack are two input styles; give one of them (or neither, to synthesize the config)",
    );
  if (flags.plan?.length) {
    if (flags.state?.length)
      throw new InputError("--state goes with --stack (a plan already knows its state); remove it");
    // The app's stacks name a plan only when neither the flag nor the cdktf layout does.
    const unnamed = flags.plan.some((p) => {
      const { name, file } = splitNamed(p);
      return name === undefined && stackOfLayout(file) === undefined;
    });
    const appConfig = unnamed ? findConfig(flags.config, env) : undefined;
    const app: AppStacks | undefined =
      appConfig === undefined ? undefined : (await import("../stack/synth")).appStacksOf(appConfig);
    const appOnce = () => app;
    return flags.plan.map((p) => {
      const { name, file } = splitNamed(p);
      const plan = namePlan(readPlanFile(file, name ?? path.basename(file)), file, name, appOnce);
      return { plan: { ...plan, locator: locatorFor(plan.stack, file, config) }, stackDir: path.dirname(file) };
    });
  }
  if (flags.stack?.length) {
    const named = flags.stack.map((s) => {
      const { name, file } = splitNamed(s);
      const known =
        name ?? stackOfSynthJson(readJsonFile(file, "synthesized stack (cdk.tf.json)")) ?? stackOfLayout(file);
      if (known === undefined)
        throw new InputError(
          `--stack ${file}: the file names no stack (no cdktf metadata); give --stack <stack>=${file}`,
        );
      return { name: known, file };
    });
    const stateFor = statesByStack(
      flags.state ?? [],
      named.map((n) => n.name),
    );
    return named.map(({ name, file }) => {
      const raw = readJsonFile(file, "synthesized stack (cdk.tf.json)");
      const stateFile = stateFor(name);
      const region = stackRegion(raw);
      const plan = planFromStack(raw, file, name, stateFile ? readStateFile(stateFile) : undefined);
      return {
        plan: { ...plan, locator: locatorFor(name, file, config) },
        ...(region ? { region } : {}),
        stackDir: path.dirname(file),
      };
    });
  }
  const inputs = resolveInputs({
    ...(flags.config ? { config: flags.config } : {}),
    ...(flags.imports ? { imports: flags.imports } : {}),
  });
  const loaded = loadConfig(inputs.config);
  const stateFor = statesByStack(
    flags.state ?? [],
    loaded.orgs.map((o) => o.name),
  );
  const { plansFromConfig } = await import("../plan/inputs/in-process");
  return plansFromConfig({
    config: inputs.config,
    ...(flags.imports ? { imports: flags.imports } : {}),
    stateFor,
    stateDir: ".",
  }).map((s) => ({
    plan: { ...s.plan, locator: locatorFor(s.plan.stack, inputs.config, () => loaded) },
    ...(s.region ? { region: s.region } : {}),
    stackDir: path.join("cdktf.out", "stacks", s.plan.stack),
  }));
}

/** One rendering of the report: a format, and the file it goes to (stdout when absent). */
export interface OutputTarget {
  readonly format: Format;
  readonly file?: string;
}

/**
 * The renderings asked for: each `--format FMT[=FILE]`, with `-o FILE` as the file of a single format given without
 * one. At most one goes to stdout, and no file is named twice; no flag at all means text on stdout.
 */
export function parseOutputs(
  formats: string | readonly string[] | undefined,
  output: string | undefined,
): OutputTarget[] {
  const given = formats === undefined ? [] : typeof formats === "string" ? [formats] : [...formats];
  const targets = (given.length > 0 ? given : ["text"]).map((value): OutputTarget => {
    const eq = value.indexOf("=");
    const name = eq < 0 ? value : value.slice(0, eq);
    const file = eq < 0 ? undefined : value.slice(eq + 1);
    if (!(FORMATS as readonly string[]).includes(name))
      throw new InputError(`--format ${value}: not a format; use one of ${FORMATS.join(", ")}, as FMT or FMT=FILE`);
    if (file === "") throw new InputError(`--format ${value}: no file after "="; give ${name}=FILE, or just ${name}`);
    return file === undefined ? { format: name as Format } : { format: name as Format, file };
  });
  if (output !== undefined) {
    const unnamed = targets.filter((t) => t.file === undefined);
    if (targets.length !== 1 || unnamed.length !== 1)
      throw new InputError(
        `-o ${output} goes with one --format; with several, name each file: --format ${targets[0]!.format}=${output}`,
      );
    return [{ format: targets[0]!.format, file: output }];
  }
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1)
    throw new InputError(
      `--format ${toStdout.map((t) => t.format).join(", ")}: only one format can go to stdout; give the others a file, e.g. --format ${toStdout[1]!.format}=gcguard.${FORMAT_EXTENSIONS[toStdout[1]!.format]}`,
    );
  const files = targets.flatMap((t) => (t.file === undefined ? [] : [path.resolve(t.file)]));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice !== undefined) throw new InputError(`--format: ${twice} is named twice; give each format its own file`);
  return targets;
}

export async function preflightCommand(flags: PreflightFlags, io: VersionedIo): Promise<number> {
  const outputs = parseOutputs(flags.format, flags.output);
  const failOn = flags.failOn ?? "error";
  if (failOn !== "error" && failOn !== "warning") throw new InputError(`--fail-on ${failOn}: use error or warning`);
  const planned = await readPlans(flags, io.env);
  if (planned.length === 0) throw new InputError("nothing to check: the config has no orgs");
  const names = planned.map((p) => p.plan.stack);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new InputError(
      `two inputs are stack ${twice}; name each one: --plan <stack>=<file> (or --stack <stack>=<file>) with distinct stacks`,
    );
  // On a terminal, the progress lines scroll above a status line that says what the run waits on (lib/progress.ts);
  // elsewhere they are plain `preflight: ` lines, a wait one of them.
  const status: Progress | undefined =
    flags.progress !== false && io.isTty === true
      ? createProgress({ write: io.stderr, tty: true, label: "preflight" })
      : undefined;
  const progress =
    flags.progress === false
      ? () => {}
      : status
        ? (line: string) => status.line(line)
        : (line: string) => io.stderr(`preflight: ${line}\n`);

  const targets = planned.map((p) => {
    const { env } = stackEnv(p.plan.stack, io.env);
    const connection = resolveConnection(
      {
        ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
        ...(p.region && !env.GENESYSCLOUD_REGION && !env.PURECLOUD_REGION ? { region: p.region } : {}),
      },
      env,
    );
    const onWait = (ms: number, reason: WaitReason) =>
      status ? status.wait(ms, reason) : progress(`stack ${p.plan.stack}: ${waitText(ms, reason)}`);
    const clock = io.clock ? { clock: io.clock } : {};
    return { plan: p.plan, client: createGenesysClient({ connection, env, onWait, ...clock }) };
  });
  let report: PreflightReport;
  try {
    report = await runPreflight(targets, {
      version: io.version,
      failOn,
      allowUnverified: flags.allowUnverified ?? false,
      progress,
    });
  } finally {
    status?.end(); // the report and any error start on a clean line
  }

  const stdoutColor = useColor(io.stdoutIsTty === true, io.env);
  const azurePipeline = outputs.some((t) => t.format === "sarif") ? azurePipelineOf(io) : undefined;
  const rendered = outputs.map((target) => ({
    target,
    text: renderReport(report, target.format, {
      color: stdoutColor && target.file === undefined && target.format === "text",
      ...(io.env.GITHUB_STEP_SUMMARY ? { stepSummaryFile: io.env.GITHUB_STEP_SUMMARY } : {}),
      ...(azurePipeline ? { azurePipeline } : {}),
    }),
  }));
  // Files first, all or none: one that cannot be written stops the run (exit 2) before anything reaches stdout.
  writeReports(rendered.flatMap(({ target, text }) => (target.file === undefined ? [] : [{ target, text }])));
  for (const { target, text } of rendered) if (target.file === undefined) io.stdout(text);
  if (!outputs.some((t) => t.format === "text" && t.file === undefined))
    io.stderr(renderReport(report, "text", { color: useColor(io.isTty === true, io.env) }));

  if (flags.writeImports) writeAdoptions(report, planned, flags, io);
  io.stderr(summaryLine(report));
  return report.summary.exitCode;
}

/**
 * In Azure Pipelines, the build SARIF runs are filed under (output/azure-pipeline.ts). A pipeline whose variables are
 * incomplete gets the plain categories and a note: GHAzDO would drop a run with half an identity.
 */
function azurePipelineOf(io: VersionedIo): AzurePipelineRun | undefined {
  const detected = detectAzurePipeline(io.env);
  if (detected.state === "partial")
    io.stderr(
      `preflight: note: Azure Pipelines variables incomplete (${detected.problems.join("; ")}); the SARIF runs ` +
        `carry gcguard's own categories, which GitHub Advanced Security for Azure DevOps does not file\n`,
    );
  return detected.state === "complete" ? detected.run : undefined;
}

function writeReports(reports: readonly { readonly target: OutputTarget; readonly text: string }[]): void {
  try {
    writeFilesAtomic(reports.map(({ target, text }) => ({ file: target.file!, data: text })));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unwritable";
    const files = reports.map(({ target }) => `${target.format}=${target.file}`).join(", ");
    throw new InputError(
      `--format ${files}: cannot write the reports (${code}); none was written. Name files gcguard can create (not a folder, not under a file, a writable place)`,
    );
  }
}

function writeAdoptions(
  report: PreflightReport,
  planned: readonly Planned[],
  flags: PreflightFlags,
  io: VersionedIo,
): void {
  const dir = typeof flags.writeImports === "string" ? flags.writeImports : ".";
  const manifestFile =
    flags.imports ??
    (flags.plan?.length || flags.stack?.length
      ? path.join(dir, MANIFEST_FILE)
      : resolveInputs(flags.config ? { config: flags.config } : {}).imports);
  const unnamed = new Set(planned.filter((p) => p.plan.unnamed).map((p) => p.plan.stack));
  const written = writeImports(adoptionsOf(report.findings, unnamed), {
    manifestFile,
    dir,
    stacks: planned.map((p) => p.plan.stack),
    stackDir: (stack) => planned.find((p) => p.plan.stack === stack)?.stackDir,
  });
  io.stderr(
    `preflight: wrote ${written.added} new adoption(s) to ${written.manifest}${written.files.length ? `, ${written.files.join(", ")}` : ""}\n`,
  );
  if (written.notInManifest > 0) {
    const files = planned.filter((p) => p.plan.unnamed).map((p) => p.plan.source);
    io.stderr(
      `preflight: ${written.notInManifest} adoption(s) went to the import files only, not the manifest: which stack ${files.join(", ")} is cannot be told; give --plan <stack>=<file> if gcguard synthesizes that stack\n`,
    );
  }
  for (const c of written.conflicts) io.stderr(`preflight: warning: not adopted, ${c}\n`);
  if (written.added > 0) {
    io.stderr(
      "preflight: cdktf: synthesize again so the manifest adopts them; imports.tf/import.sh are the plain-Terraform path, never both in one stack (docs/stack-identity.md)\n",
    );
  }
}

function summaryLine(report: PreflightReport): string {
  const s = report.summary;
  const verdict =
    s.exitCode === ExitCode.Clean
      ? "clean"
      : s.exitCode === ExitCode.Unverified
        ? "could not verify everything"
        : "findings";
  return `preflight: ${verdict}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.unverified} unverified; ${report.apiCalls.totalRequests} API requests; exit ${s.exitCode}\n`;
}
