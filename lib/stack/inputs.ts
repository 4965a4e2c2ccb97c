/**
 * Which config and manifest a synth reads, and its defaults: no cdktf here, so commands that only need the file
 * names (preflight and resolve on a plain Terraform plan) load without the CDK library (docs/npm-package.md).
 */
import path from "node:path";

import { MANIFEST_FILE } from "../adoption/manifest";

export const DEFAULT_CONFIG_FILE = "gcguard.config.yaml";
export const DEFAULT_OUTDIR = "cdktf.out";

export interface SynthOptions {
  /** Refuse (exit 2, nothing written) when the manifest holds an entry that matches nothing in the app. */
  readonly strict?: boolean;
  /** Org config. @default - $GCGUARD_CONFIG, else gcguard.config.yaml in the working directory */
  readonly config?: string;
  /** Adoption manifest. @default - $GCGUARD_IMPORTS, else gcguard.imports.json beside the config (optional) */
  readonly imports?: string;
  /** Output directory. @default "cdktf.out" */
  readonly outdir?: string;
  readonly env?: NodeJS.ProcessEnv;
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
