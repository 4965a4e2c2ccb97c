/**
 * `gcguard resolve` as a function: a failed apply's log in, a diagnosis per failed resource out, and the
 * artifacts that fix what an adoption fixes (manifest entries, imports.tf, import.sh). With
 * `--fix move-objects --to <division> --apply` it empties a division whose delete was refused.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import { MANIFEST_FILE } from "../adoption/manifest";
import { InputError } from "../errors";
import { createGenesysClient } from "../genesys/client";
import type { GenesysClient } from "../genesys/client";
import { resolveConnection } from "../genesys/config";
import { nameKey } from "../genesys/limits";
import { plansFromConfig } from "../preflight/inputs/in-process";
import { readPlanFile } from "../preflight/inputs/plan";
import { readStackFile } from "../preflight/inputs/stack";
import type { StackPlan } from "../preflight/model";
import { writeImports } from "../preflight/write-imports";
import { DEFAULT_CONFIG_FILE, resolveInputs } from "../stack/synth";
import type { Diagnosis, PlannedResource } from "./diagnose";
import { diagnose } from "./diagnose";
import { parseApplyLog } from "./parse";
import { renderResolveJson, renderResolveText } from "./render";

export interface ResolveFlags {
  readonly plan?: string;
  readonly stack?: string;
  readonly config?: string;
  readonly stackName?: string;
  readonly imports?: string;
  readonly out?: string;
  readonly format?: string;
  readonly baseUrl?: string;
  readonly fix?: string;
  readonly to?: string;
  readonly apply?: boolean;
  readonly yes?: boolean;
  readonly write?: boolean;
}

export interface ResolveIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly stdinIsTty: boolean;
  /** Asks the user to type yes; only called when stdin is a TTY. */
  readonly confirm: (question: string) => Promise<boolean>;
}

/** What the project's plan says about each address: its name, construct path and stack. */
function plannedResources(flags: ResolveFlags): { planned: Map<string, PlannedResource>; stacks: string[] } {
  const plans: StackPlan[] = [];
  if (flags.plan) plans.push(readPlanFile(flags.plan, flags.stackName ?? "default"));
  else if (flags.stack)
    plans.push(readStackFile(flags.stack, flags.stackName ?? path.basename(path.dirname(flags.stack)), undefined));
  else if (flags.config || existsSync(DEFAULT_CONFIG_FILE)) {
    // The manifest is resolve's output too, so it may not exist yet: read it only when it does.
    const imports = flags.imports && existsSync(flags.imports) ? { imports: flags.imports } : {};
    plans.push(
      ...plansFromConfig({ ...(flags.config ? { config: flags.config } : {}), ...imports }).map((s) => s.plan),
    );
  }
  const planned = new Map<string, PlannedResource>();
  for (const p of plans) {
    for (const c of p.changes) {
      const name = typeof c.after?.name === "string" ? c.after.name : undefined;
      planned.set(c.address, {
        stack: p.stack,
        ...(name ? { name } : {}),
        ...(c.constructPath ? { constructPath: c.constructPath } : {}),
      });
    }
  }
  return { planned, stacks: plans.map((p) => p.stack) };
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

export async function resolveCommand(
  lines: AsyncIterable<string>,
  logName: string,
  flags: ResolveFlags,
  io: ResolveIo,
): Promise<number> {
  const format = flags.format ?? "text";
  if (format !== "text" && format !== "json") throw new InputError(`--format ${format}: use text or json`);
  if (flags.fix !== undefined && flags.fix !== "move-objects")
    throw new InputError(`--fix ${flags.fix}: the only fix is move-objects`);
  if (flags.fix && !flags.to)
    throw new InputError("--fix move-objects needs --to <division name or id>: where the objects go");
  if (flags.plan && flags.stack) throw new InputError("--plan and --stack both name the plan; give one");

  const { planned, stacks } = plannedResources(flags);
  const parsed = await parseApplyLog(lines, { secrets: secretsOf(io.env) });
  if (parsed.failures.length === 0) {
    io.stdout(
      format === "json"
        ? `${JSON.stringify({ log: logName, failures: [] }, null, 2)}\n`
        : `${logName}: no Genesys errors in this log; nothing to resolve.\n`,
    );
    return 0;
  }
  let client: GenesysClient | undefined;
  const getClient = (): GenesysClient => {
    client ??= createGenesysClient({
      connection: resolveConnection(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}, io.env),
      env: io.env,
    });
    return client;
  };
  const defaultStack = flags.stackName ?? (stacks.length === 1 ? stacks[0]! : "default");
  const diagnoses = await diagnose(parsed.failures, { client: getClient, planned, defaultStack });

  let written: ReturnType<typeof writeImports> | undefined;
  const adoptions = diagnoses.flatMap((d) =>
    d.adoption ? [{ stack: d.stack, ...d.adoption, source: "resolve" }] : [],
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
      stackDir: (stack) =>
        stacks.includes(stack) && !flags.plan ? path.join("cdktf.out", "stacks", stack) : undefined,
    });
  }

  let fixed = false;
  if (flags.fix === "move-objects") fixed = await moveObjects(diagnoses, flags, io, getClient);

  io.stdout(
    format === "json"
      ? renderResolveJson(logName, diagnoses, written, client?.stats())
      : renderResolveText(logName, diagnoses, written),
  );
  const unresolved = diagnoses.filter((d) => !(fixed && d.class.kind === "non-empty-division"));
  return unresolved.length === 0 ? 0 : 1;
}

async function moveObjects(
  diagnoses: readonly Diagnosis[],
  flags: ResolveFlags,
  io: ResolveIo,
  getClient: () => GenesysClient,
): Promise<boolean> {
  const blocked = diagnoses.flatMap((d) => (d.division ? [d.division] : []));
  if (blocked.length === 0) {
    io.stderr("resolve: --fix move-objects: the log has no refused division delete; nothing to move\n");
    return false;
  }
  const client = getClient();
  const to = flags.to ?? "";
  const byId = /^[0-9a-f-]{36}$/i.test(to) ? await client.divisions.get(to).catch(() => undefined) : undefined;
  const matches = byId ? [byId] : (await client.divisions.list()).filter((d) => nameKey(d.name) === nameKey(to));
  if (matches.length !== 1)
    throw new InputError(
      `--to ${to}: ${matches.length === 0 ? "no such division" : "several divisions have that name; give its id"}`,
    );
  const target = matches[0]!;
  const plan = blocked
    .map(
      (b) =>
        `  ${b.users.length} user(s) and ${b.queues.length} queue(s) from ${JSON.stringify(b.name)} to ${JSON.stringify(target.name)}:\n${[...b.users, ...b.queues].map((o) => `    ${o.kind} ${JSON.stringify(o.name)} ${o.id}\n`).join("")}`,
    )
    .join("");
  if (!flags.apply) {
    io.stderr(`resolve: dry run; with --apply gcguard would move:\n${plan}`);
    return false;
  }
  if (!flags.yes) {
    if (!io.stdinIsTty)
      throw new InputError("--apply moves objects in Genesys; without a terminal to confirm, add --yes");
    if (!(await io.confirm(`Move these objects?\n${plan}Type yes to continue: `))) {
      io.stderr("resolve: nothing moved\n");
      return false;
    }
  }
  for (const b of blocked) {
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
    io.stderr(
      `resolve: moved ${b.users.length} user(s) and ${b.queues.length} queue(s) from ${JSON.stringify(b.name)} to ${JSON.stringify(target.name)}; run the apply again\n`,
    );
  }
  return true;
}
