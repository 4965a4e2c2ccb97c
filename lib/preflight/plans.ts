/**
 * The plans preflight checks, from one input style per run: `--plan` files (`terraform show -json`), `--stack`
 * files (synthesized cdktf stacks, with `--state`), or the gcguard config synthesized in memory. Each plan gets its
 * stack's name (lib/stack/identity.ts), where its findings point (lib/plan/locations.ts), and where terraform runs.
 *
 * The CDK library is loaded only where a cdktf app is involved (a config to synthesize or to name a plan's stack),
 * so preflight on a plain Terraform plan runs without cdktf installed.
 */
import path from "node:path";

import type { LoadedConfig } from "../config/load";
import { loadConfig } from "../config/load";
import { InputError } from "../errors";
import { bothFlagsGiven, unnamedStackInput } from "../messages";
import { readJsonFile, RUN_SYNTH } from "../plan/inputs/common";
import { readPlanFile } from "../plan/inputs/plan";
import { planFromStack, stackRegion } from "../plan/inputs/stack";
import { readStateFile } from "../plan/inputs/state";
import type { Locator } from "../plan/locations";
import { configLocator, constructLocator, fileLocator, terraformLocator } from "../plan/locations";
import type { StackPlan } from "../plan/model";
import type { AppStacks } from "../stack/identity";
import { findConfig, identifyPlan, stackOfLayout, stackOfSynthJson } from "../stack/identity";
import { resolveInputs } from "../stack/inputs";

/** The flags that say where the plans are. */
export interface PlanFlags {
  readonly plan?: readonly string[];
  readonly stack?: readonly string[];
  readonly state?: readonly string[];
  readonly config?: string;
  readonly imports?: string;
}

export interface Planned {
  readonly plan: StackPlan;
  readonly region?: string;
  /** Where terraform runs for this stack, for import commands. */
  readonly stackDir?: string;
}

const SYNTHESIZED_STACK = "synthesized stack (cdk.tf.json)";

/** `name=file` or `file`: the name only when given explicitly (lib/stack/identity.ts never guesses one). */
function splitNamed(value: string, flag: "--plan" | "--stack" | "--state"): { name?: string; file: string } {
  const eq = value.indexOf("=");
  if (eq > 0 && !value.slice(0, eq).includes(path.sep)) {
    const file = value.slice(eq + 1);
    if (file.trim() === "") throw new InputError(`${flag} ${value}: no file after "="; give ${flag} <stack>=<file>`);
    return { name: value.slice(0, eq), file };
  }
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
  const named = states.map((s) => splitNamed(s, "--state"));
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
function configForLocations(flags: PlanFlags, env: NodeJS.ProcessEnv): () => LoadedConfig | undefined {
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

/** `--plan` files; the app's stacks name a plan only when neither the flag nor the cdktf layout does. */
async function fromPlanFiles(
  plans: readonly string[],
  flags: PlanFlags,
  env: NodeJS.ProcessEnv,
  config: () => LoadedConfig | undefined,
): Promise<Planned[]> {
  if (flags.state?.length)
    throw new InputError("--state goes with --stack (a plan already knows its state); remove it");
  const unnamed = plans.some((p) => {
    const { name, file } = splitNamed(p, "--plan");
    return name === undefined && stackOfLayout(file) === undefined;
  });
  const appConfig = unnamed ? findConfig(flags.config, env) : undefined;
  const app: AppStacks | undefined =
    appConfig === undefined ? undefined : (await import("../stack/synth")).appStacksOf(appConfig);
  return plans.map((p) => {
    const { name, file } = splitNamed(p, "--plan");
    const plan = namePlan(readPlanFile(file, name ?? path.basename(file)), file, name, () => app);
    return { plan: { ...plan, locator: locatorFor(plan.stack, file, config) }, stackDir: path.dirname(file) };
  });
}

/** `--stack` files, each naming its stack (explicitly or in its cdktf metadata), with `--state` per stack. */
function fromStackFiles(
  stacks: readonly string[],
  flags: PlanFlags,
  config: () => LoadedConfig | undefined,
): Planned[] {
  const named = stacks.map((s) => {
    const { name, file } = splitNamed(s, "--stack");
    const known = name ?? stackOfSynthJson(readJsonFile(file, SYNTHESIZED_STACK, RUN_SYNTH)) ?? stackOfLayout(file);
    if (known === undefined) throw unnamedStackInput(file, `give --stack <stack>=${file}`);
    return { name: known, file };
  });
  const stateFor = statesByStack(
    flags.state ?? [],
    named.map((n) => n.name),
  );
  return named.map(({ name, file }) => {
    const raw = readJsonFile(file, SYNTHESIZED_STACK, RUN_SYNTH);
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

/** The config's orgs, synthesized in memory, with `--state` per stack. */
async function fromConfig(flags: PlanFlags): Promise<Planned[]> {
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

/** The plans to check, from the one input style the flags give. */
export async function readPlans(flags: PlanFlags, env: NodeJS.ProcessEnv): Promise<Planned[]> {
  const config = configForLocations(flags, env);
  if (flags.plan?.length && flags.stack?.length)
    throw bothFlagsGiven("--plan", "--stack", "input styles", "neither, to synthesize the config");
  if (flags.plan?.length) return fromPlanFiles(flags.plan, flags, env, config);
  if (flags.stack?.length) return fromStackFiles(flags.stack, flags, config);
  return fromConfig(flags);
}
