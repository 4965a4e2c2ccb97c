/**
 * The project's own stacks, synthesized in memory from the org config (nothing is written), each with its local
 * state when there is one: `terraform.<stack>.tfstate` next to cdktf.out, where the stacks' backend puts it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { readManifest } from "../../adoption/manifest";
import { loadConfig } from "../../config/load";
import { buildApp, resolveInputs } from "../../stack/synth";
import type { SynthOptions } from "../../stack/synth";
import type { StackPlan } from "../model";
import { planFromStack } from "./stack";
import { readStateFile } from "./state";

export interface InProcessStack {
  readonly plan: StackPlan;
  /** The provider region the stack sets, if any. */
  readonly region?: string;
  /** The stack's Terraform JSON, as a synth would write it. */
  readonly json: Record<string, unknown>;
}

export function plansFromConfig(
  options: SynthOptions & {
    readonly stateFor?: (stack: string) => string | undefined;
    readonly stateDir?: string;
    /** A missing manifest is no manifest, even when named (resolve's own output may not exist yet). */
    readonly manifestOptional?: boolean;
  },
): InProcessStack[] {
  const inputs = resolveInputs(options);
  const config = loadConfig(inputs.config);
  const manifest = readManifest(inputs.imports, {
    optional: options.manifestOptional === true || !inputs.importsGiven,
  });
  const scratch = mkdtempSync(path.join(tmpdir(), "gcguard-preflight-"));
  try {
    const { stacks } = buildApp(config, manifest, scratch);
    return stacks.map((stack) => {
      const json = stack.toTerraform() as Record<string, unknown>;
      const explicit = options.stateFor?.(stack.org.name);
      const conventional = path.join(options.stateDir ?? ".", `terraform.${stack.org.name}.tfstate`);
      const stateFile = explicit ?? (existsSync(conventional) ? conventional : undefined);
      const state = stateFile ? readStateFile(stateFile) : undefined;
      const source = `${inputs.config} (synthesized in-process${stateFile ? `, state ${stateFile}` : ", no state"})`;
      return {
        plan: planFromStack(json, source, stack.org.name, state),
        ...(stack.org.region ? { region: stack.org.region } : {}),
        json,
      };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
