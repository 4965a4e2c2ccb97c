/**
 * The input kinds of the parse bench (lib/bench/parse.ts): how each is generated at a size, and gcguard's own reader
 * of it.
 */
import { createReadStream, readFileSync, rmSync } from "node:fs";
import path from "node:path";

import { readManifest } from "../adoption/manifest";
import { loadConfig } from "../config/load";
import { loadSeedFile } from "../emulator/seed";
import { logLines } from "../logs/input";
import { readPlanFile } from "../plan/inputs/plan";
import { readStateFile } from "../plan/inputs/state";
import { parseApplyLog } from "../resolve/parse";
import { readIdpExport } from "../scim/export";
import { synthesize } from "../stack/synth";
import * as gen from "./parse-inputs";

/** One input kind: how to generate it at `items`, and gcguard's reader of the file (it returns what it read). */
export interface ParseKind {
  readonly name: string;
  /** What an item is, for the table. */
  readonly unit: string;
  readonly file: string;
  readonly sizes: readonly number[];
  generate(items: number): string;
  read(file: string): number | Promise<number>;
}

async function readLog(file: string): Promise<number> {
  const result = await parseApplyLog(logLines(createReadStream(file) as AsyncIterable<Uint8Array>, file));
  return result.failures.length;
}

/** Synth reads a config and writes cdk.tf.json beside it: its time includes the config's reading. */
function synthOf(file: string): number {
  const outdir = path.join(path.dirname(file), "out");
  const r = synthesize({ config: file, outdir, env: {} });
  rmSync(outdir, { recursive: true, force: true });
  return r.stacks.length;
}

const DECADES = [1_000, 10_000, 100_000] as const;

/** Every kind, with sizes that keep the largest input under ~100 MB and the bench to a few minutes. */
export const PARSE_KINDS: readonly ParseKind[] = [
  {
    name: "apply log (human)",
    unit: "resources",
    file: "apply.log",
    sizes: DECADES,
    generate: gen.humanApplyLog,
    read: readLog,
  },
  {
    name: "apply log (-json)",
    unit: "resources",
    file: "apply.json.log",
    sizes: DECADES,
    generate: gen.jsonApplyLog,
    read: readLog,
  },
  {
    name: "plan JSON",
    unit: "changes",
    file: "plan.json",
    sizes: DECADES,
    generate: gen.planJson,
    read: (f) => readPlanFile(f, "bench").changes.length,
  },
  {
    name: "state JSON",
    unit: "resources",
    file: "terraform.tfstate",
    sizes: DECADES,
    generate: gen.stateJson,
    read: (f) => readStateFile(f).length,
  },
  {
    // A reference, not a gcguard reader: V8's own JSON.parse of the same file. Where it grows past 10x per 10x, so
    // does every JSON reader built on it (state, plan, seed, manifest); the growth is the runtime's, not gcguard's.
    name: "JSON.parse alone (state)",
    unit: "resources",
    file: "terraform.tfstate",
    sizes: DECADES,
    generate: gen.stateJson,
    read: (f) => (JSON.parse(readFileSync(f, "utf8")) as { resources: unknown[] }).resources.length,
  },
  {
    name: "config",
    unit: "entries",
    file: "gcguard.config.yaml",
    sizes: [300, 3_000, 30_000],
    generate: gen.configText,
    read: (f) => loadConfig(f).orgs.length,
  },
  {
    name: "IdP export (CSV)",
    unit: "rows",
    file: "idp.csv",
    sizes: DECADES,
    generate: gen.idpCsv,
    read: (f) => readIdpExport(f).groups.length,
  },
  {
    name: "IdP export (JSON)",
    unit: "members",
    file: "idp.json",
    sizes: DECADES,
    generate: gen.idpJson,
    read: (f) => readIdpExport(f).groups.length,
  },
  {
    name: "emulator seed",
    unit: "users",
    file: "seed.json",
    sizes: [500, 5_000, 50_000],
    generate: gen.seedJson,
    read: (f) => loadSeedFile(f).users.length,
  },
  {
    name: "JSON.parse alone (seed)",
    unit: "users",
    file: "seed.json",
    sizes: [500, 5_000, 50_000],
    generate: gen.seedJson,
    read: (f) => (JSON.parse(readFileSync(f, "utf8")) as { users: unknown[] }).users.length,
  },
  {
    name: "adoption manifest",
    unit: "entries",
    file: "gcguard.imports.json",
    sizes: DECADES,
    generate: gen.manifestJson,
    read: (f) => Object.keys(readManifest(f)?.stacks["bench"] ?? {}).length,
  },
  {
    name: "synth",
    unit: "entries",
    file: "gcguard.config.yaml",
    sizes: [100, 1_000, 10_000],
    generate: gen.configText,
    read: synthOf,
  },
  {
    name: "synth (divisions)",
    unit: "divisions",
    file: "gcguard.config.yaml",
    sizes: [200, 2_000, 20_000],
    generate: gen.divisionsConfigText,
    read: synthOf,
  },
];
