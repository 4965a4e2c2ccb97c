/**
 * The parse bench: gcguard's own reader of every input kind, and synth, timed at three sizes 10x apart, to show
 * that each grows linearly with its input; lib/bench/parse-growth.ts flags a step that grows faster. scripts/bench.ts
 * drives it (`--parse-only` runs just this).
 */
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { format, resolveConfig } from "prettier";

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
import { writeFileAtomic } from "../fs";
import type { ParsePoint } from "./parse-growth";
import { renderParse } from "./parse-growth";
import { median } from "./startup";

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

/** Every kind, with sizes that keep the largest input under ~100 MB and the bench to a couple of minutes. */
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
];

/** Times `runs` reads of `file` (a run past 5 s is not repeated); throws when the reader reads nothing. */
async function timeReads(kind: ParseKind, file: string, runs: number): Promise<{ ms: number[]; rssMb: number }> {
  const ms: number[] = [];
  let rssMb = 0;
  for (let i = 0; i < runs; i++) {
    const rssBefore = process.memoryUsage.rss();
    const started = performance.now();
    const count = await kind.read(file);
    ms.push(performance.now() - started);
    rssMb = Math.max(rssMb, (process.memoryUsage.rss() - rssBefore) / 1024 / 1024);
    if (count === 0) throw new Error(`${kind.name}: the reader read nothing from ${file}`);
    if (ms[i]! > 5_000) break;
  }
  return { ms, rssMb };
}

/** Measures every kind at its sizes, `runs` reads each; progress goes to `log`. */
export async function measureParse(
  kinds: readonly ParseKind[],
  runs: number,
  log: (line: string) => void,
): Promise<ParsePoint[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcguard-bench-parse-"));
  const points: ParsePoint[] = [];
  try {
    for (const kind of kinds) {
      for (const items of kind.sizes) {
        const file = path.join(dir, kind.file);
        writeFileSync(file, kind.generate(items));
        const bytes = statSync(file).size;
        const r = await timeReads(kind, file, runs);
        rmSync(file);
        const point = {
          kind: kind.name,
          unit: kind.unit,
          items,
          bytes,
          ms: median(r.ms),
          runs: r.ms.length,
          rssMb: Math.round(r.rssMb),
        };
        log(`parse ${kind.name} ${items} ${kind.unit} (${(bytes / 1e6).toFixed(1)} MB): ${point.ms.toFixed(0)} ms`);
        points.push(point);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return points;
}

/**
 * `--parse-only`: writes `outDir`/parse.md (the parse table alone, under the machine it ran on, formatted as the
 * repo's Prettier config wants) and prints it; a full run renders the same table into results.md instead.
 */
export async function writeParseReport(points: readonly ParsePoint[], machine: string, outDir: string): Promise<void> {
  const file = path.join(outDir, "parse.md");
  const text = [
    "# Parse time per input kind",
    "",
    `\`npm run bench -- --parse-only\` on ${machine}, ${new Date().toISOString()}. Each input is generated at three`,
    "sizes 10x apart and read by gcguard's own reader (synth: read the config, build the app, write cdk.tf.json).",
    "",
    renderParse(points),
    "",
  ].join("\n");
  const markdown = await format(text, { ...(await resolveConfig(file)), parser: "markdown" });
  writeFileAtomic(file, markdown);
  process.stdout.write(markdown);
}
