/**
 * `gcguard preflight` as a function: flags in, exit code out. Reads the plans (one input style per run), builds a
 * client per stack from that stack's credentials, runs the rules, renders the report, and optionally writes the
 * adoptions. scripts/preflight.ts only parses argv.
 */
import path from "node:path";

import { MANIFEST_FILE } from "../adoption/manifest";
import type { AdoptionToWrite } from "../adoption/write";
import { writeImports } from "../adoption/write";
import type { VersionedIo } from "../command-io";
import { realClock } from "../clock";
import { useColor } from "../color";
import { ExitCode, InputError } from "../errors";
import { writeFilesAtomic } from "../fs";
import { createGenesysClient } from "../genesys/client";
import type { GenesysClient } from "../genesys/client";
import { resolveConnection } from "../genesys/config";
import type { WaitReason } from "../genesys/pacing";
import type { StackPlan } from "../plan/model";
import type { Progress } from "../progress";
import { createProgress, waitText } from "../progress";
import { redactorFor } from "../redact";
import { resolveInputs } from "../stack/inputs";
import { stackEnv, stackEnvPrefix } from "./credentials";
import type { Finding } from "./model";
import type { Format } from "./output";
import { FORMAT_EXTENSIONS, FORMATS, renderReport } from "./output";
import type { AzurePipelineRun } from "./output/azure-pipeline";
import { detectAzurePipeline } from "./output/azure-pipeline";
import type { PlanFlags, Planned } from "./plans";
import { readPlans } from "./plans";
import type { PreflightReport } from "./report";
import { runPreflight } from "./run";
import { renderKinds } from "./list-kinds";
import { loadWaivers, utcDay } from "./waivers";

/** The adoptions a preflight's findings carry; those of `unnamed` stacks are marked so. */
export function adoptionsOf(findings: readonly Finding[], unnamed: ReadonlySet<string> = new Set()): AdoptionToWrite[] {
  return findings.flatMap((f) =>
    f.adoption
      ? [{ stack: f.stack, ...f.adoption, source: "preflight", ...(unnamed.has(f.stack) ? { unnamed: true } : {}) }]
      : [],
  );
}

/** Preflight's flags: where the plans are (lib/preflight/plans.ts), and what to make of them. */
export interface PreflightFlags extends PlanFlags {
  /** `FMT` or `FMT=FILE`, one or several (`--format sarif=gcguard.sarif --format github`). */
  readonly format?: string | readonly string[];
  readonly output?: string;
  readonly failOn?: string;
  readonly allowUnverified?: boolean;
  /** true: the current directory; a string: that directory. */
  readonly writeImports?: boolean | string;
  readonly baseUrl?: string;
  readonly progress?: boolean;
  /** A waiver file (lib/preflight/waivers.ts). @default .gcguard-waivers.yaml when it exists */
  readonly waivers?: string;
  /** Fail closed (exit 3) on planned Genesys types gcguard cannot check (GCG104). */
  readonly requireCoverage?: boolean;
  /** Print the kinds gcguard checks and stop. */
  readonly listKinds?: boolean;
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

/** Two inputs of one stack would mix their findings and adoptions: each stack is checked once. */
function checkStacks(planned: readonly Planned[]): void {
  if (planned.length === 0) throw new InputError("nothing to check: the config has no orgs");
  const names = planned.map((p) => p.plan.stack);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined)
    throw new InputError(
      `two inputs are stack ${twice}; name each one: --plan <stack>=<file> (or --stack <stack>=<file>) with distinct stacks`,
    );
}

/** Where the run's progress lines go, and the terminal's status line when there is one. */
interface ProgressOut {
  readonly status?: Progress;
  readonly line: (line: string) => void;
}

/**
 * On a terminal, the progress lines scroll above a status line that says what the run waits on (lib/progress.ts);
 * elsewhere they are plain `preflight: ` lines, a wait one of them.
 */
function progressOut(flags: PreflightFlags, io: VersionedIo): ProgressOut {
  if (flags.progress === false) return { line: () => {} };
  if (io.isTty !== true) return { line: (line) => io.stderr(`preflight: ${line}\n`) };
  const status = createProgress({ write: io.stderr, tty: true, label: "preflight" });
  return { status, line: (line) => status.line(line) };
}

/** A client per stack, from that stack's credentials; a region set in the stack applies unless the env sets one. */
function clientsFor(
  planned: readonly Planned[],
  flags: PreflightFlags,
  io: VersionedIo,
  progress: ProgressOut,
): { plan: StackPlan; client: GenesysClient }[] {
  return planned.map((p) => {
    const { env, prefixed } = stackEnv(p.plan.stack, io.env);
    const connection = resolveConnection(
      {
        ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
        ...(p.region && !env.GENESYSCLOUD_REGION && !env.PURECLOUD_REGION ? { region: p.region } : {}),
        ...(prefixed ? { variablePrefix: stackEnvPrefix(p.plan.stack) } : {}),
      },
      env,
    );
    const onWait = (ms: number, reason: WaitReason) =>
      progress.status
        ? progress.status.wait(ms, reason)
        : progress.line(`stack ${p.plan.stack}: ${waitText(ms, reason)}`);
    const clock = io.clock ? { clock: io.clock } : {};
    return { plan: p.plan, client: createGenesysClient({ connection, env, onWait, ...clock }) };
  });
}

/**
 * Every rendering asked for. Files first, all or none: one that cannot be written stops the run (exit 2) before
 * anything reaches stdout. Without a text rendering on stdout, the text report goes to stderr.
 */
function emitReports(report: PreflightReport, outputs: readonly OutputTarget[], io: VersionedIo): void {
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
  const redact = redactorFor(io.env);
  writeReports(
    rendered.flatMap(({ target, text }) => (target.file === undefined ? [] : [{ target, text: redact(text) }])),
  );
  for (const { target, text } of rendered) if (target.file === undefined) io.stdout(text);
  if (!outputs.some((t) => t.format === "text" && t.file === undefined))
    io.stderr(renderReport(report, "text", { color: useColor(io.isTty === true, io.env) }));
}

export async function preflightCommand(flags: PreflightFlags, io: VersionedIo): Promise<number> {
  if (flags.listKinds) {
    io.stdout(renderKinds(flags.format));
    return 0;
  }
  const outputs = parseOutputs(flags.format, flags.output);
  const failOn = flags.failOn ?? "error";
  if (failOn !== "error" && failOn !== "warning") throw new InputError(`--fail-on ${failOn}: use error or warning`);
  const waivers = loadWaivers(flags, io.env);
  const planned = await readPlans(flags, io.env);
  checkStacks(planned);
  const progress = progressOut(flags, io);
  const targets = clientsFor(planned, flags, io, progress);
  let report: PreflightReport;
  try {
    report = await runPreflight(targets, {
      version: io.version,
      failOn,
      allowUnverified: flags.allowUnverified ?? false,
      requireCoverage: flags.requireCoverage ?? false,
      progress: progress.line,
      waivers,
      today: utcDay((io.clock ?? realClock).now()),
    });
  } finally {
    progress.status?.end(); // the report and any error start on a clean line
  }
  emitReports(report, outputs, io);
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
    redact: redactorFor(io.env),
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
  return `preflight: ${verdict}: ${s.errors} error(s), ${s.warnings} warning(s), ${s.unverified} unverified${s.suppressed === undefined ? "" : `, ${s.suppressed} suppressed`}; ${report.apiCalls.totalRequests} API requests; exit ${s.exitCode}\n`;
}
