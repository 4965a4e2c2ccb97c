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
import type { CommandIo } from "../command-io";
import { useColor } from "../color";
import { ExitCode, InputError, isInputError } from "../errors";
import { createGenesysClient } from "../genesys/client";
import type { GenesysClient } from "../genesys/client";
import { resolveConnection } from "../genesys/config";

import { nameKey } from "../names";
import { KIND_OF_TYPE } from "../org/kinds";
import { readPlanFile } from "../plan/inputs/plan";
import { readJsonFile } from "../plan/inputs/common";
import { planFromStack } from "../plan/inputs/stack";
import type { StackPlan } from "../plan/model";
import type { WrittenImports } from "../adoption/write";
import { writeImports } from "../adoption/write";
import { parseAddress } from "../terraform/address";
import type { AppStacks, StackIdentity } from "../stack/identity";
import { findConfig, identifyByApp, identifyPlan, stackOfLayout, stackOfSynthJson } from "../stack/identity";
import { DEFAULT_CONFIG_FILE, resolveInputs } from "../stack/inputs";
import type { Attributed } from "./attribute";
import { attribute, PlannedIndex } from "./attribute";
import type { Diagnosis, OrgAccess, UnreachedCreate } from "./diagnose";
import { diagnose } from "./diagnose";
import type { ParseResult } from "./parse";
import { parseApplyLog } from "./parse";
import type { ResolveReport } from "./render";
import { renderResolveJson, renderResolveText } from "./render";

export type { ResolveReport } from "./render";

/** The label of adoptions whose stack could not be learned: they go to imports.tf and import.sh only. */
const UNNAMED = "terraform";

export interface ResolveFlags {
  readonly plan?: string;
  readonly stack?: string;
  readonly config?: string;
  readonly stackName?: string;
  readonly imports?: string;
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

interface ProjectView {
  /** What the plan says about each address. */
  readonly planned: PlannedIndex;
  /** The stack of every address the plan names, when it could be learned (lib/stack/identity.ts). */
  readonly planStack?: StackIdentity;
  /** The app's stacks, from its config, when there is one. */
  readonly app?: AppStacks;
  /** Where terraform runs for the plan's stack, for import.sh's -chdir. */
  readonly stackDirs: ReadonlyMap<string, string>;
}

/** What the project says about the failed apply: the plan (--plan, --stack, or the config synthesized in memory). */
async function projectView(flags: ResolveFlags, env: NodeJS.ProcessEnv): Promise<ProjectView> {
  const configFile = findConfig(flags.config, env);
  // A config means a cdktf app, so the CDK library is there; without one (plain Terraform) nothing of it is loaded.
  const synth = configFile === undefined ? undefined : await import("../stack/synth");
  const inProcess = configFile === undefined ? undefined : await import("../plan/inputs/in-process");
  let app: AppStacks | undefined;
  const appOnce = () => (app ??= configFile === undefined ? undefined : synth?.appStacksOf(configFile));
  const plans: StackPlan[] = [];
  let planStack: StackIdentity | undefined;
  const stackDirs = new Map<string, string>();
  if (flags.plan) {
    const plan = readPlanFile(flags.plan, flags.stackName ?? path.basename(flags.plan));
    const managed = plan.changes.filter((c) => c.mode === "managed").map((c) => c.address);
    planStack = identifyPlan(flags.plan, managed, appOnce(), flags.stackName);
    const named = planStack ? { ...plan, stack: planStack.name } : { ...plan, unnamed: true };
    plans.push(named);
    // `terraform show -json plan.out > plan.json` runs where terraform runs, as preflight assumes too.
    stackDirs.set(named.stack, path.dirname(flags.plan));
  } else if (flags.stack) {
    const raw = readJsonFile(flags.stack, "synthesized stack (cdk.tf.json)");
    const name = flags.stackName ?? stackOfSynthJson(raw) ?? stackOfLayout(flags.stack);
    if (name === undefined)
      throw new InputError(
        `--stack ${flags.stack}: the file names no stack (no cdktf metadata); add --stack-name <stack>`,
      );
    planStack = { name, source: flags.stackName ? "explicit" : "stack metadata" };
    plans.push(planFromStack(raw, flags.stack, name, undefined));
    stackDirs.set(name, path.dirname(flags.stack));
  } else if (configFile !== undefined) {
    // The manifest resolve writes to is the one the apply's synth read (--imports, else the one beside the config);
    // it may not exist yet.
    const imports = flags.imports ? { imports: flags.imports } : {};
    for (const s of inProcess!.plansFromConfig({ config: configFile, ...imports, manifestOptional: true })) {
      plans.push(s.plan);
      stackDirs.set(s.plan.stack, path.join("cdktf.out", "stacks", s.plan.stack));
    }
  }
  const planned = new PlannedIndex();
  for (const p of plans) {
    for (const c of p.changes) {
      const name =
        typeof c.after?.name === "string"
          ? c.after.name
          : typeof c.before?.name === "string"
            ? c.before.name
            : undefined;
      const id = typeof c.before?.id === "string" ? c.before.id : undefined;
      planned.add(c.address, {
        ...(p.unnamed ? {} : { stack: p.stack }),
        action: c.action,
        ...(name ? { name } : {}),
        ...(id ? { id } : {}),
        ...(c.constructPath ? { constructPath: c.constructPath } : {}),
      });
    }
  }
  const appView = appOnce();
  return { planned, ...(planStack ? { planStack } : {}), ...(appView ? { app: appView } : {}), stackDirs };
}

function secretsOf(env: NodeJS.ProcessEnv): string[] {
  return (
    [
      "GENESYSCLOUD_OAUTHCLIENT_SECRET",
      "GENESYSCLOUD_ACCESS_TOKEN",
      "PURECLOUD_CLIENT_SECRET",
      "PURECLOUD_ACCESS_TOKEN",
    ]
      .map((k) => env[k])
      // Very short values would garble ordinary words when masked; real secrets and tokens are long.
      .filter((v): v is string => typeof v === "string" && v.length >= 8)
  );
}

function checkFlags(flags: ResolveFlags): "text" | "json" {
  const format = flags.format ?? "text";
  if (flags.fix !== undefined && flags.fix !== "move-objects")
    throw new InputError(`--fix ${flags.fix}: the only fix is move-objects`);
  if (flags.fix && !flags.to)
    throw new InputError("--fix move-objects needs --to <division name or id>: where the objects go");
  if (flags.fix && flags.offline) throw new InputError("--fix move-objects needs the Genesys API; drop --offline");
  if (flags.plan && flags.stack) throw new InputError("--plan and --stack both name the plan; give one");
  return format;
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
  const parsed = await parseApplyLog(lines, { secrets: secretsOf(io.env) });
  const { failures, unattributed } = attribute(parsed, planned);
  if (parsed.format === "unknown" && failures.length === 0 && unattributed.length === 0) {
    const { embedded } = parsed;
    throw new InputError(
      embedded
        ? `${logName}: Terraform's output is there, but behind a prefix gcguard does not read (line ${embedded.line} starts ${JSON.stringify(embedded.prefix)}); strip that prefix from every line or save the step's plain output, and run resolve again`
        : `${logName}: no Terraform or cdktf output in this input; give resolve the output of the failed 'terraform apply' (human or -json) or 'cdktf deploy'`,
    );
  }

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
      return { unavailable: err.message };
    }
  };
  // Each failure's stack: cdktf's output names it; else --stack-name, the plan's stack, or the one stack of the app
  // that declares the address. Otherwise it stays unknown, and its adoption never reaches the manifest.
  const stackOf = (f: Attributed): string | undefined =>
    f.stack ??
    flags.stackName ??
    project.planStack?.name ??
    (f.address ? planned.get(f.address, f.stack)?.stack : undefined) ??
    identifyByApp(f.address ? [f.address] : [], project.app)?.name;
  const genesys = failures
    .filter((f) => f.owner === "genesys")
    .map((f) => {
      const stack = stackOf(f);
      return stack === undefined ? f : { ...f, stack };
    });
  const unreached = genesys.length > 0 ? unreachedCreates(planned, parsed, genesys) : [];
  const { diagnoses, ahead } = await diagnose(genesys, { org, planned, unreached });

  let written: WrittenImports | undefined;
  const adoptions = [...diagnoses, ...ahead].flatMap((d) =>
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
  if (adoptions.length > 0 && flags.write !== false) {
    const dir = flags.out ?? ".";
    const manifestFile =
      flags.imports ??
      (flags.config || existsSync(DEFAULT_CONFIG_FILE)
        ? resolveInputs(flags.config ? { config: flags.config } : {}).imports
        : path.join(dir, MANIFEST_FILE));
    written = writeImports(adoptions, {
      manifestFile,
      dir,
      stacks: [...new Set(adoptions.map((a) => a.stack))],
      stackDir: (stack) => project.stackDirs.get(stack),
    });
  }

  const move = flags.fix === "move-objects" ? await moveObjects(diagnoses, flags, io, () => org()) : undefined;
  const fixed = move?.applied === true;

  const report: ResolveReport = {
    log: logName,
    format: parsed.format,
    runners: parsed.shape.runners,
    stacks: parsed.shape.stacks,
    diagnoses: fixed ? diagnoses.map(afterMove) : diagnoses,
    ahead,
    foreign: failures.filter((f) => f.owner === "foreign"),
    unattributed,
    ...(written ? { written } : {}),
    ...(move ? { move } : {}),
  };
  io.stdout(
    format === "json"
      ? renderResolveJson(report, client?.stats())
      : renderResolveText(report, { color: useColor(io.stdoutIsTty === true, io.env) }),
  );
  const lookupFailed = diagnoses.find((d) => d.lookupFailed !== undefined)?.lookupFailed;
  if (lookupFailed !== undefined && !flags.offline) {
    io.stderr(`resolve: could not look the objects up in Genesys: ${lookupFailed}\n`);
    return ExitCode.Unverified;
  }
  const open = diagnoses.filter((d) => !(fixed && d.class.kind === "non-empty-division"));
  return open.length + report.foreign.length + unattributed.length === 0 ? ExitCode.Clean : ExitCode.Findings;
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
    if (p.action !== "create" || p.name === undefined || kind === undefined) return [];
    if (reached.has(key(p.stack, p.address)) || reached.has(key(undefined, p.address))) return [];
    return [
      {
        address: p.address,
        kind,
        name: p.name,
        ...(p.stack ? { stack: p.stack } : {}),
        ...(p.constructPath ? { constructPath: p.constructPath } : {}),
      },
    ];
  });
}

/** A refused division delete once its objects are moved: what is left is to run the apply again. */
function afterMove(d: Diagnosis): Diagnosis {
  if (d.class.kind !== "non-empty-division" || d.division === undefined) return d;
  const { name, users, queues } = d.division;
  return {
    ...d,
    headline: `${d.address ?? name}: division ${JSON.stringify(name)} held ${users.length} user(s) and ${queues.length} queue(s); gcguard moved them out`,
    remediation: "Run the apply again: the division is empty now, so its delete goes through.",
  };
}

/**
 * Moves the objects out of each refused division (or, without --apply, lists what it would move); undefined when
 * there is nothing to move.
 */
async function moveObjects(
  diagnoses: readonly Diagnosis[],
  flags: ResolveFlags,
  io: CommandIo,
  org: () => OrgAccess,
): Promise<ResolveReport["move"]> {
  const blocked = diagnoses.flatMap((d) => (d.division ? [d.division] : []));
  if (blocked.length === 0) {
    io.stderr("resolve: --fix move-objects: the log has no refused division delete whose objects gcguard could list\n");
    return undefined;
  }
  const access = org();
  if (!("client" in access)) throw new InputError(`--fix move-objects: ${access.unavailable}`);
  const client = access.client;
  const to = flags.to ?? "";
  const byId = /^[0-9a-f-]{36}$/i.test(to) ? await client.divisions.get(to).catch(() => undefined) : undefined;
  const matches = byId ? [byId] : (await client.divisions.list()).filter((d) => nameKey(d.name) === nameKey(to));
  if (matches.length !== 1)
    throw new InputError(
      `--to ${to}: ${matches.length === 0 ? "no such division" : "several divisions have that name; give its id"}`,
    );
  const target = matches[0]!;
  const lines = (verb: string) =>
    blocked.flatMap((b) => [
      `${verb} ${b.users.length} user(s) and ${b.queues.length} queue(s) from ${JSON.stringify(b.name)} to ${JSON.stringify(target.name)}`,
      ...[...b.users, ...b.queues].map((o) => `  ${o.kind} ${JSON.stringify(o.name)} ${o.id}`),
    ]);
  if (!flags.apply) return { applied: false, lines: lines("would move") };
  if (!flags.yes) {
    if (!io.stdinIsTty)
      throw new InputError("--apply moves objects in Genesys; without a terminal to confirm, add --yes");
    if (!(await io.confirm?.(`Move these objects?\n${lines("move").join("\n")}\nType yes to continue: `))) {
      io.stderr("resolve: nothing moved\n");
      return { applied: false, lines: lines("would move") };
    }
  }
  for (const b of blocked) {
    io.stderr(`resolve: moving the objects of ${JSON.stringify(b.name)} to ${JSON.stringify(target.name)}\n`);
    await client.divisions.moveObjects(
      target.id,
      "USER",
      b.users.map((u) => u.id),
    );
    await client.divisions.moveObjects(
      target.id,
      "QUEUE",
      b.queues.map((q) => q.id),
    );
  }
  return { applied: true, lines: lines("moved") };
}
