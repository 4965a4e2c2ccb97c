/**
 * `gcguard resolve` as a function: a failed apply's log in, a diagnosis per failed resource out, and the artifacts
 * that fix what an adoption fixes (manifest entries, imports.tf, import.sh). With `--fix move-objects --to <division>
 * --apply` it empties a division whose delete was refused.
 *
 * It fails closed (docs/log-formats.md, "Never fail open"): an error it cannot attribute, a run that did not finish,
 * another provider's failure, all exit 1; only a Terraform log with no error in it exits 0.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import { MANIFEST_FILE } from "../adoption/manifest";
import type { WrittenImports } from "../adoption/write";
import { writeImports } from "../adoption/write";
import type { CommandIo } from "../command-io";
import { useColor } from "../color";
import { ExitCode, InputError, isInputError } from "../errors";
import { createGenesysClient } from "../genesys/client";
import type { GenesysClient } from "../genesys/client";
import { CONNECTION_ENV, CONNECTION_ENV_ALIASES, resolveConnection } from "../genesys/config";
import { bothFlagsGiven } from "../messages";
import { KIND_OF_TYPE, kindSpec } from "../org/kinds";
import { redactorFor, secretValues } from "../redact";
import { DEFAULT_CONFIG_FILE, resolveInputs } from "../stack/inputs";
import { identifyByApp } from "../stack/identity";
import { parseAddress } from "../terraform/address";
import type { Attributed, PlannedIndex } from "./attribute";
import { attribute } from "./attribute";
import type { CollisionAhead, Diagnosis, OrgAccess, UnreachedCreate } from "./diagnose";
import { diagnose } from "./diagnose";
import { afterMove, emptied, moveObjects } from "./move-objects";
import type { ParseResult } from "./parse";
import { parseApplyLog } from "./parse";
import type { ProjectFlags, ProjectView } from "./project";
import { projectView } from "./project";
import type { ResolveReport } from "./render";
import { renderResolveJson, renderResolveText } from "./render";

/** The label of adoptions whose stack could not be learned: they go to imports.tf and import.sh only. */
const UNNAMED = "terraform";

/** Resolve's flags: where the plan is (lib/resolve/project.ts), what to write, and the fix. */
export interface ResolveFlags extends ProjectFlags {
  readonly out?: string;
  /** @default "text" */
  readonly format?: "text" | "json";
  readonly baseUrl?: string;
  readonly fix?: string;
  readonly to?: string;
  readonly apply?: boolean;
  readonly yes?: boolean;
  readonly write?: boolean;
  /** Diagnose from the log alone: no Genesys lookups (and so no ids to import). */
  readonly offline?: boolean;
}

function checkFlags(flags: ResolveFlags): "text" | "json" {
  const format = flags.format ?? "text";
  if (flags.fix !== undefined && flags.fix !== "move-objects")
    throw new InputError(`--fix ${flags.fix}: the only fix is move-objects`);
  if (flags.fix && !flags.to)
    throw new InputError("--fix move-objects needs --to <division name or id>: where the objects go");
  if (flags.fix && flags.offline) throw new InputError("--fix move-objects needs the Genesys API; drop --offline");
  if (flags.plan && flags.stack) throw bothFlagsGiven("--plan", "--stack", "ways to give the plan");
  return format;
}

/** The input holds no Terraform output gcguard reads: say what it found instead, and what to give. */
function noTerraformOutput(parsed: ParseResult, logName: string): InputError {
  const { embedded } = parsed;
  return new InputError(
    embedded
      ? `${logName}: Terraform's output is there, but behind a prefix gcguard does not read (line ${embedded.line} starts ${JSON.stringify(embedded.prefix)}); strip that prefix from every line or save the step's plain output, and run resolve again`
      : `${logName}: no Terraform or cdktf output in this input; give resolve the output of the failed 'terraform apply' (human or -json) or 'cdktf deploy'`,
  );
}

/**
 * A log cut inside its last `-json` message, with no error before the cut: the run's end is missing, so "no errors"
 * cannot be told from "the errors were cut off". Bad input rather than a clean exit (docs/log-formats.md).
 */
function cutLog(line: number, logName: string): InputError {
  return new InputError(
    `${logName}: the log ends in a cut-off -json line (line ${line}), so how the run ended is not in it; pass the whole output of 'terraform apply -json'`,
  );
}

/**
 * A log with no error that never says how its run ended (no `Apply complete!`, `No changes.`, plan summary or
 * `-json` change summary): cut before the end, where the errors would be, or not a run's output at all. Bad input
 * rather than a clean exit (docs/log-formats.md, "Cut lines").
 */
function unendedLog(logName: string, format: ParseResult["format"]): InputError {
  const what = format === "json" ? "a change summary" : "'Apply complete!', 'No changes.' or a 'Plan:' line";
  return new InputError(
    `${logName}: the log ends before Terraform says how the run ended (no ${what} in it), so errors may have been cut off; pass the whole output of 'terraform apply' or 'cdktf deploy'`,
  );
}

/** The org, asked for only when a diagnosis needs it, and the client once made (for its request counts). */
function orgAccess(
  flags: ResolveFlags,
  io: CommandIo,
): { org: () => OrgAccess; client: () => GenesysClient | undefined } {
  let client: GenesysClient | undefined;
  const org = (): OrgAccess => {
    if (flags.offline) return { unavailable: "--offline: gcguard did not ask the Genesys API" };
    try {
      client ??= createGenesysClient({
        connection: resolveConnection(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}, io.env),
        env: io.env,
        ...(io.clock ? { clock: io.clock } : {}),
      });
      return { client };
    } catch (err) {
      if (!isInputError(err)) throw err;
      // No credentials at all: the diagnosis from the log is still printed, and the lookups are unverified (exit 3,
      // README "Exit codes"). Settings that are there but wrong are bad input (exit 2), refused before anything is
      // written, like every command that talks to Genesys.
      if (noCredentials(io.env)) return { unavailable: err.message };
      throw new InputError(`${err.message} (or pass --offline to diagnose from the log alone)`, {
        problems: err.problems,
      });
    }
  };
  return { org, client: () => client };
}

/** Whether no credential variable is set at all, under its GENESYSCLOUD_ name or its older PURECLOUD_ one. */
function noCredentials(env: NodeJS.ProcessEnv): boolean {
  return (["clientId", "clientSecret", "accessToken"] as const).every(
    (k) => env[CONNECTION_ENV[k]] === undefined && env[CONNECTION_ENV_ALIASES[k]] === undefined,
  );
}

/**
 * The Genesys failures, each with its stack: cdktf's output names it; else --stack-name, the plan's stack, or the
 * one stack of the app that declares the address. Otherwise it stays unknown, and its adoption never reaches the
 * manifest.
 */
function genesysFailures(failures: readonly Attributed[], flags: ResolveFlags, project: ProjectView): Attributed[] {
  const { planned } = project;
  const stackOf = (f: Attributed): string | undefined =>
    f.stack ??
    flags.stackName ??
    project.planStack?.name ??
    (f.address ? planned.get(f.address, f.stack)?.stack : undefined) ??
    identifyByApp(f.address ? [f.address] : [], project.app)?.name;
  return failures
    .filter((f) => f.owner === "genesys")
    .map((f) => {
      const stack = stackOf(f);
      return stack === undefined ? f : { ...f, stack };
    });
}

/** Writes the adoptions the diagnoses found (unless --no-write): to the manifest the next synth reads, and beside. */
function writeAdoptions(
  found: readonly (Diagnosis | CollisionAhead)[],
  flags: ResolveFlags,
  project: ProjectView,
  env: NodeJS.ProcessEnv,
): WrittenImports | undefined {
  const adoptions = found.flatMap((d) =>
    d.adoption
      ? [
          {
            stack: d.stack ?? UNNAMED,
            ...d.adoption,
            source: "resolve",
            ...(d.stack === undefined ? { unnamed: true } : {}),
          },
        ]
      : [],
  );
  if (adoptions.length === 0 || flags.write === false) return undefined;
  const dir = flags.out ?? ".";
  const manifestFile =
    flags.imports ??
    (flags.config || existsSync(DEFAULT_CONFIG_FILE)
      ? resolveInputs(flags.config ? { config: flags.config } : {}).imports
      : path.join(dir, MANIFEST_FILE));
  return writeImports(adoptions, {
    manifestFile,
    dir,
    stacks: [...new Set(adoptions.map((a) => a.stack))],
    stackDir: (stack) => project.stackDirs.get(stack),
    redact: redactorFor(env),
  });
}

/** 3 when the org could not be asked (and --offline did not say so), 1 while anything is left to fix, else 0. */
function exitCode(report: ResolveReport, flags: ResolveFlags, io: CommandIo): ExitCode {
  const lookupFailed = report.diagnoses.find((d) => d.lookupFailed !== undefined)?.lookupFailed;
  if (lookupFailed !== undefined && !flags.offline) {
    io.stderr(`resolve: could not look the objects up in Genesys: ${lookupFailed}\n`);
    return ExitCode.Unverified;
  }
  const unverified = report.move?.after?.unverified;
  if (unverified !== undefined) {
    io.stderr(`resolve: --fix move-objects: ${unverified}; check the division before running the apply again\n`);
    return ExitCode.Unverified;
  }
  const open = report.diagnoses.filter((d) => !(d.class.kind === "non-empty-division" && emptied(report.move, d)));
  return open.length + report.foreign.length + report.unattributed.length === 0 ? ExitCode.Clean : ExitCode.Findings;
}

export async function resolveCommand(
  lines: AsyncIterable<string>,
  logName: string,
  flags: ResolveFlags,
  io: CommandIo,
): Promise<number> {
  const format = checkFlags(flags);
  const project = await projectView(flags, io.env);
  const { planned } = project;
  const parsed = await parseApplyLog(lines, { secrets: secretValues(io.env) });
  const { failures, unattributed } = attribute(parsed, planned);
  if (failures.length === 0 && unattributed.length === 0) {
    if (parsed.format === "unknown") throw noTerraformOutput(parsed, logName);
    if (parsed.cutAt !== undefined) throw cutLog(parsed.cutAt, logName);
    if (!parsed.runEnded) throw unendedLog(logName, parsed.format);
  }

  const { org, client } = orgAccess(flags, io);
  const genesys = genesysFailures(failures, flags, project);
  const unreached = genesys.length > 0 ? unreachedCreates(planned, parsed, genesys) : [];
  const { diagnoses, ahead } = await diagnose(genesys, { org, planned, unreached });
  const written = writeAdoptions([...diagnoses, ...ahead], flags, project, io.env);
  const move = flags.fix === "move-objects" ? await moveObjects(diagnoses, flags, io, org) : undefined;

  const report: ResolveReport = {
    log: logName,
    format: parsed.format,
    runners: parsed.shape.runners,
    stacks: parsed.shape.stacks,
    diagnoses: move?.applied === true ? diagnoses.map((d) => afterMove(d, move)) : diagnoses,
    ahead,
    foreign: failures.filter((f) => f.owner === "foreign"),
    unattributed,
    ...(written ? { written } : {}),
    ...(move ? { move } : {}),
  };
  io.stdout(
    format === "json"
      ? renderResolveJson(report, client()?.stats())
      : renderResolveText(report, { color: useColor(io.stdoutIsTty === true, io.env) }),
  );
  return exitCode(report, flags, io);
}

/**
 * The plan's creates that the failed apply never reached (no progress line, hook or error names them): a name
 * taken in the org would fail the next apply, so resolve checks them with the failures' names.
 */
function unreachedCreates(
  planned: PlannedIndex,
  parsed: ParseResult,
  failed: readonly Attributed[],
): UnreachedCreate[] {
  const key = (stack: string | undefined, address: string) => `${stack ?? ""}\u0000${address}`;
  const reached = new Set<string>();
  for (const a of parsed.activity) reached.add(key(a.stack, a.address)).add(key(undefined, a.address));
  for (const f of failed) if (f.address) reached.add(key(f.stack, f.address)).add(key(undefined, f.address));
  return planned.all().flatMap((p) => {
    const parsedAddress = parseAddress(p.address);
    const kind = parsedAddress.ok ? KIND_OF_TYPE[parsedAddress.value.type] : undefined;
    // A kind whose create takes an existing name over (a flow) fails on no name, so it is not checked ahead.
    if (p.action !== "create" || p.name === undefined || kind === undefined || kindSpec(kind).takenOver) return [];
    if (reached.has(key(p.stack, p.address)) || reached.has(key(undefined, p.address))) return [];
    return [
      {
        address: p.address,
        kind,
        name: p.name,
        ...(p.scope ? { scope: p.scope } : {}),
        ...(p.stack ? { stack: p.stack } : {}),
        ...(p.constructPath ? { constructPath: p.constructPath } : {}),
      },
    ];
  });
}
