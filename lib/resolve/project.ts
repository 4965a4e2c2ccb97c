/**
 * What the project says about a failed apply: the plan (`--plan`, `--stack`, or the config synthesized in
 * memory), the stack each address belongs to, and where terraform runs for each stack. Resolve reads it to name
 * the addresses and stacks the log leaves out, and to write its adoptions where the next synth or apply reads them.
 */
import path from "node:path";

import { unnamedStackInput } from "../messages";
import { readJsonFile, RUN_SYNTH } from "../plan/inputs/common";
import { readPlanFile } from "../plan/inputs/plan";
import { planFromStack } from "../plan/inputs/stack";
import { specOfType } from "../org/kinds";
import { known, nameIn, scopeOf } from "../org/planned";
import type { PlannedChange, StackPlan } from "../plan/model";
import type { AppStacks, StackIdentity } from "../stack/identity";
import { findConfig, identifyPlan, stackOfLayout, stackOfSynthJson } from "../stack/identity";
import { PlannedIndex } from "./attribute";

/** The flags that say where the plan is (the rest of resolve's flags do not matter here). */
export interface ProjectFlags {
  readonly plan?: string;
  readonly stack?: string;
  readonly config?: string;
  readonly stackName?: string;
  readonly imports?: string;
}

export interface ProjectView {
  /** What the plan says about each address. */
  readonly planned: PlannedIndex;
  /** The stack of every address the plan names, when it could be learned (lib/stack/identity.ts). */
  readonly planStack?: StackIdentity;
  /** The app's stacks, from its config, when there is one. */
  readonly app?: AppStacks;
  /** Where terraform runs for the plan's stack, for import.sh's -chdir. */
  readonly stackDirs: ReadonlyMap<string, string>;
}

/** The plans read, the stack a single plan belongs to, and where terraform runs for each. */
interface PlansRead {
  readonly plans: readonly StackPlan[];
  readonly planStack?: StackIdentity;
  readonly stackDirs: Map<string, string>;
}

/** `--plan`: the plan's stack is the flag's, the cdktf layout's, or the app's that declares its addresses. */
function fromPlanFile(file: string, stackName: string | undefined, app: () => AppStacks | undefined): PlansRead {
  const plan = readPlanFile(file, stackName ?? path.basename(file));
  const managed = plan.changes.filter((c) => c.mode === "managed").map((c) => c.address);
  const planStack = identifyPlan(file, managed, app(), stackName);
  const named = planStack ? { ...plan, stack: planStack.name } : { ...plan, unnamed: true };
  // `terraform show -json plan.out > plan.json` runs where terraform runs, as preflight assumes too.
  return {
    plans: [named],
    ...(planStack ? { planStack } : {}),
    stackDirs: new Map([[named.stack, path.dirname(file)]]),
  };
}

/** `--stack`: a synthesized stack, which must name its stack (cdktf metadata) unless --stack-name does. */
function fromStackFile(file: string, stackName: string | undefined): PlansRead {
  const raw = readJsonFile(file, "synthesized stack (cdk.tf.json)", RUN_SYNTH);
  const name = stackName ?? stackOfSynthJson(raw) ?? stackOfLayout(file);
  if (name === undefined) throw unnamedStackInput(file, "add --stack-name <stack>");
  return {
    plans: [planFromStack(raw, file, name, undefined)],
    planStack: { name, source: stackName ? "explicit" : "stack metadata" },
    stackDirs: new Map([[name, path.dirname(file)]]),
  };
}

/**
 * The name a change's object has after it (else before it): the kind's name attribute (a user's `email`, a script's
 * `script_name`, lib/org/kinds.ts), `name` for types gcguard does not check; and its scope (a flow's type).
 */
function namedIn(c: PlannedChange): { name?: string; scope?: string } {
  const spec = specOfType(c.type);
  if (spec === undefined) {
    const name = [c.after?.name, c.before?.name].find((n): n is string => typeof n === "string");
    return name === undefined ? {} : { name };
  }
  // A role with default_role_id takes the built-in role over by design: it claims no name (lib/org/kind-spec.ts).
  if (spec.adoptsWhenSet && known(c.after?.[spec.adoptsWhenSet])) return {};
  const name = nameIn(spec, c.after) ?? nameIn(spec, c.before);
  const scope = scopeOf(spec, c);
  return { ...(name !== undefined ? { name } : {}), ...(scope !== undefined ? { scope } : {}) };
}

/** What the plans say about each address, by stack (an unnamed plan's addresses have none). */
function plannedIndex(plans: readonly StackPlan[]): PlannedIndex {
  const planned = new PlannedIndex();
  for (const p of plans) {
    for (const c of p.changes) {
      const { name, scope } = namedIn(c);
      const id = typeof c.before?.id === "string" ? c.before.id : undefined;
      planned.add(c.address, {
        ...(p.unnamed ? {} : { stack: p.stack }),
        action: c.action,
        ...(name ? { name } : {}),
        ...(scope ? { scope } : {}),
        ...(id ? { id } : {}),
        ...(c.constructPath ? { constructPath: c.constructPath } : {}),
      });
    }
  }
  return planned;
}

/** What the project says about the failed apply: the plan (--plan, --stack, or the config synthesized in memory). */
export async function projectView(flags: ProjectFlags, env: NodeJS.ProcessEnv): Promise<ProjectView> {
  const configFile = findConfig(flags.config, env);
  // A config means a cdktf app, so the CDK library is there; without one (plain Terraform) nothing of it is loaded.
  const synth = configFile === undefined ? undefined : await import("../stack/synth");
  let app: AppStacks | undefined;
  const appOnce = () => (app ??= configFile === undefined ? undefined : synth?.appStacksOf(configFile));
  let read: PlansRead = { plans: [], stackDirs: new Map() };
  if (flags.plan) read = fromPlanFile(flags.plan, flags.stackName, appOnce);
  else if (flags.stack) read = fromStackFile(flags.stack, flags.stackName);
  else if (configFile !== undefined) {
    // The manifest resolve writes to is the one the apply's synth read (--imports, else the one beside the config);
    // it may not exist yet.
    const { plansFromConfig } = await import("../plan/inputs/in-process");
    const imports = flags.imports ? { imports: flags.imports } : {};
    const plans = plansFromConfig({ config: configFile, ...imports, manifestOptional: true }).map((s) => s.plan);
    read = { plans, stackDirs: new Map(plans.map((p) => [p.stack, path.join("cdktf.out", "stacks", p.stack)])) };
  }
  const appView = appOnce();
  return {
    planned: plannedIndex(read.plans),
    ...(read.planStack ? { planStack: read.planStack } : {}),
    ...(appView ? { app: appView } : {}),
    stackDirs: read.stackDirs,
  };
}
