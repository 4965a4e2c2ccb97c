/**
 * Config in, Terraform JSON out: loads the org config and the adoption manifest, builds one stack per org and
 * synthesizes them with cdktf. Needs no terraform binary.
 */
import { existsSync } from "node:fs";
import path from "node:path";

import { App } from "cdktf";

import type { AdoptionManifest } from "../adoption/manifest";
import { MANIFEST_FILE, readManifest } from "../adoption/manifest";
import type { LoadedConfig } from "../config/load";
import { loadConfig } from "../config/load";
import { InputError } from "../errors";
import { OrgStack } from "./org-stack";

export const DEFAULT_CONFIG_FILE = "gcguard.config.yaml";
export const DEFAULT_OUTDIR = "cdktf.out";

export interface SynthOptions {
  /** Org config. @default - $GCGUARD_CONFIG, else gcguard.config.yaml in the working directory */
  readonly config?: string;
  /** Adoption manifest. @default - $GCGUARD_IMPORTS, else gcguard.imports.json beside the config (optional) */
  readonly imports?: string;
  /** Output directory. @default "cdktf.out" */
  readonly outdir?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface SynthesizedStack {
  readonly name: string;
  /** Path of the written cdk.tf.json. */
  readonly file: string;
  readonly adopted: OrgStack["adoptions"]["adopted"];
  readonly unmatched: readonly string[];
}

export interface SynthResult {
  readonly configFile: string;
  /** The manifest read, if any. */
  readonly importsFile?: string;
  readonly stacks: readonly SynthesizedStack[];
}

export function resolveInputs(options: SynthOptions): { config: string; imports: string; importsGiven: boolean } {
  const env = options.env ?? process.env;
  const config = options.config ?? env.GCGUARD_CONFIG ?? DEFAULT_CONFIG_FILE;
  const given = options.imports ?? env.GCGUARD_IMPORTS;
  return {
    config,
    imports: given ?? path.join(path.dirname(config), MANIFEST_FILE),
    importsGiven: given !== undefined,
  };
}

/** Builds the cdktf app for a loaded config; nothing is written until `app.synth()`. */
export function buildApp(
  config: LoadedConfig,
  manifest: AdoptionManifest | undefined,
  outdir: string,
): { app: App; stacks: OrgStack[] } {
  const app = new App({ outdir });
  const stacks = config.orgs.map((org) => new OrgStack(app, org, manifest?.stacks[org.name] ?? {}));
  return { app, stacks };
}

export function synthesize(options: SynthOptions = {}): SynthResult {
  const inputs = resolveInputs(options);
  if (!options.config && !existsSync(inputs.config)) {
    throw new InputError(
      `${inputs.config}: no org config here; pass --config <file>, set GCGUARD_CONFIG, or start from examples/gcguard.config.yaml`,
    );
  }
  const config = loadConfig(inputs.config);
  const manifest = readManifest(inputs.imports, { optional: !inputs.importsGiven });
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  const { app, stacks } = buildApp(config, manifest, outdir);
  app.synth();
  return {
    configFile: inputs.config,
    ...(manifest ? { importsFile: inputs.imports } : {}),
    stacks: stacks.map((s) => ({
      name: s.org.name,
      file: path.join(outdir, "stacks", s.org.name, "cdk.tf.json"),
      adopted: s.adoptions.adopted,
      unmatched: s.adoptions.unmatched,
    })),
  };
}
