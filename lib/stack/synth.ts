/**
 * Config in, Terraform JSON out: loads the org config and the adoption manifest, builds one stack per org and
 * synthesizes them with cdktf. Needs no terraform binary.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { App, TerraformResource } from "cdktf";

import { resourceAddress } from "../adoption/imports";
import type { AdoptionManifest } from "../adoption/manifest";
import { readManifest } from "../adoption/manifest";
import type { LoadedConfig } from "../config/load";
import { loadConfig } from "../config/load";
import { InputError, isInputError } from "../errors";
import { discardTemp } from "../temp-files";
import type { AppStacks } from "./identity";
import type { SynthOptions } from "./inputs";
import { DEFAULT_OUTDIR, resolveInputs } from "./inputs";
import { nearest } from "./identity";
import { OrgStack } from "./org-stack";
import { publishStaged, stagingFolder } from "./staging";

export { DEFAULT_CONFIG_FILE, DEFAULT_OUTDIR, resolveInputs } from "./inputs";
export type { SynthOptions } from "./inputs";

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
  /**
   * What in the manifest matches nothing in the app, one line each, with the nearest match and the fix: entries
   * under a stack the config does not have, and addresses no resource of their stack has.
   */
  readonly problems: readonly string[];
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

/** The config and manifest a synth reads, read and checked (InputError, exit 2) before anything is written. */
export interface SynthInputs {
  readonly inputs: ReturnType<typeof resolveInputs>;
  readonly config: ReturnType<typeof loadConfig>;
  readonly manifest: ReturnType<typeof readManifest>;
}

export function readSynthInputs(options: SynthOptions = {}): SynthInputs {
  const inputs = resolveInputs(options);
  if (!options.config && !existsSync(inputs.config)) {
    throw new InputError(
      `${inputs.config}: no org config here; pass --config <file>, set GCGUARD_CONFIG, or start from examples/gcguard.config.yaml`,
    );
  }
  const env = options.env ?? process.env;
  const config = fromVariable(options.config === undefined ? env.GCGUARD_CONFIG : undefined, "GCGUARD_CONFIG", () =>
    loadConfig(inputs.config),
  );
  const manifest = fromVariable(
    options.imports === undefined ? env.GCGUARD_IMPORTS : undefined,
    "GCGUARD_IMPORTS",
    () => readManifest(inputs.imports, { optional: !inputs.importsGiven }),
  );
  return { inputs, config, manifest };
}

/** Reads a file whose path may come from an environment variable: its errors then say so, since no flag named it. */
function fromVariable<T>(value: string | undefined, variable: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (value === undefined || !isInputError(err)) throw err;
    throw new InputError(`${err.message} (the path comes from ${variable})`, { problems: err.problems });
  }
}

/** Synthesizes the config's stacks into `outdir`; `read` is the inputs when the caller read them first. */
export function synthesize(options: SynthOptions = {}, read: SynthInputs = readSynthInputs(options)): SynthResult {
  const { inputs, config, manifest } = read;
  const outdir = options.outdir ?? DEFAULT_OUTDIR;
  // cdktf writes into a staging folder, published whole once the synth is done (lib/stack/staging.ts).
  const staging = stagingFolder(outdir);
  try {
    const { app, stacks, problems } = checkedApp(config, manifest, inputs.imports, { outdir, staging }, options);
    app.synth();
    publishStaged(staging, outdir);
    return {
      configFile: inputs.config,
      ...(manifest ? { importsFile: inputs.imports } : {}),
      stacks: stacks.map((s) => ({
        name: s.org.name,
        file: path.join(outdir, "stacks", s.org.name, "cdk.tf.json"),
        adopted: s.adoptions.adopted,
        unmatched: s.adoptions.unmatched,
      })),
      problems,
    };
  } finally {
    discardTemp(staging);
  }
}

/**
 * The app built in `staging`, with what in the manifest or the output folder it cannot use; with --strict, any such
 * problem is refused before anything is synthesized.
 */
function checkedApp(
  config: LoadedConfig,
  manifest: AdoptionManifest | undefined,
  importsFile: string,
  dirs: { readonly outdir: string; readonly staging: string },
  options: SynthOptions,
): { app: App; stacks: OrgStack[]; problems: string[] } {
  const { app, stacks } = buildApp(config, manifest, dirs.staging);
  const problems = [
    ...(manifest ? manifestProblems(importsFile, manifest, stacks) : []),
    ...duplicateImports(dirs.outdir, stacks),
  ];
  if (options.strict && problems.length > 0) {
    throw new InputError(
      `${importsFile}: ${problems.length} adoption(s) match nothing in the app (--strict); fix the entries below, nothing was synthesized`,
      { problems },
    );
  }
  return { app, stacks, problems };
}

/** Manifest entries the app cannot use: a stack it does not have, an address none of a stack's resources has. */
function manifestProblems(file: string, manifest: AdoptionManifest, stacks: readonly OrgStack[]): string[] {
  const byName = new Map(stacks.map((s) => [s.org.name, s]));
  const problems: string[] = [];
  for (const [stack, entries] of Object.entries(manifest.stacks)) {
    const count = Object.keys(entries).length;
    if (count === 0 || byName.has(stack)) continue;
    const near = nearest(stack, byName.keys());
    const only = byName.size === 1 ? [...byName.keys()][0] : undefined;
    const suggestion = near ?? only;
    problems.push(
      `stack ${JSON.stringify(stack)} (${count} adoption(s)) is not a stack of this app (stacks: ${[...byName.keys()].join(", ") || "none"})` +
        (suggestion
          ? `; move its entries under ${JSON.stringify(suggestion)} in ${file}, or run resolve/preflight again with the stack named (--stack-name ${suggestion}, --plan ${suggestion}=<plan>)`
          : `; move its entries under the right stack in ${file}`),
    );
  }
  for (const s of stacks) {
    const declared = s.node
      .findAll()
      .filter((n): n is TerraformResource => TerraformResource.isTerraformResource(n))
      .map(resourceAddress);
    for (const address of s.adoptions.unmatched) {
      const near = nearest(address, declared);
      problems.push(
        `${address} in stack ${JSON.stringify(s.org.name)} matches no resource of that stack` +
          (near
            ? `; did you mean ${near}? Fix the address in ${file}`
            : `; remove the entry from ${file}, or fix its address`),
      );
    }
  }
  return problems;
}

/**
 * `.tf` files in a stack's output folder that import an address the manifest already adopts: Terraform would
 * fail with "Duplicate import configuration" (docs/stack-identity.md, "One adoption path per stack").
 */
function duplicateImports(outdir: string, stacks: readonly OrgStack[]): string[] {
  const problems: string[] = [];
  for (const s of stacks) {
    const dir = path.join(outdir, "stacks", s.org.name);
    if (!existsSync(dir) || s.adoptions.adopted.length === 0) continue;
    const adopted = new Set(s.adoptions.adopted.map((a) => a.address));
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".tf"))) {
      const text = readFileSync(path.join(dir, file), "utf8");
      const twice = [...text.matchAll(/^\s*to\s*=\s*(\S.*?)\s*$/gm)]
        .map((m) => m[1] ?? "")
        .filter((to) => adopted.has(to));
      if (twice.length > 0) {
        problems.push(
          `${path.join(dir, file)} imports ${twice.join(", ")}, which the manifest adopts too: terraform would fail with "Duplicate import configuration"; delete ${file} (for a cdktf stack the manifest is the adoption path; imports.tf is for plain Terraform)`,
        );
      }
    }
  }
  return problems;
}

/** The app's stacks and the managed addresses each declares, from the config alone (nothing is written). */
export function appStacksOf(configFile: string): AppStacks {
  const config = loadConfig(configFile);
  const scratch = mkdtempSync(path.join(tmpdir(), "gcguard-app-"));
  try {
    const { stacks } = buildApp(config, undefined, scratch);
    const byStack = new Map<string, ReadonlySet<string>>();
    for (const s of stacks) {
      const declared = s.node
        .findAll()
        .filter((n): n is TerraformResource => TerraformResource.isTerraformResource(n))
        .map(resourceAddress);
      byStack.set(s.org.name, new Set(declared));
    }
    return { configFile, stacks: byStack };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
