/**
 * The parse bench: gcguard's own reader of every input kind (lib/bench/parse-kinds.ts), and synth, timed at three
 * sizes 10x apart, to show that each grows linearly with its input; lib/bench/parse-growth.ts flags a step that
 * grows faster. Each size is timed in a fresh process (lib/bench/parse-child.ts): a size read after a larger one
 * would inherit its grown heap. scripts/bench.ts drives it (`--parse-only` runs just this).
 */
import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { format, resolveConfig } from "prettier";

import { writeFileAtomic } from "../fs";
import type { ParsePoint } from "./parse-growth";
import { renderParse } from "./parse-growth";
import type { ParseKind } from "./parse-kinds";
import type { SizeReads } from "./parse-time";
import { MAX_RUNS, QUICK_BUDGET_MS } from "./parse-time";
import { median } from "./startup";

export { PARSE_KINDS } from "./parse-kinds";
export type { ParseKind } from "./parse-kinds";

/** Times one kind at one size, at least `runs` reads. */
export type SizeRunner = (kind: ParseKind, items: number, runs: number) => Promise<SizeReads>;

const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
const CHILD = path.join(__dirname, "parse-child.ts");

/** Runs lib/bench/parse-child.ts under tsx with the collector exposed; its stderr only shows when it fails. */
export const childRunner: SizeRunner = async (kind, items, runs) => {
  const args = ["--expose-gc", "--import", "tsx", CHILD, kind.name, String(items), String(runs)];
  try {
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      cwd: PACKAGE_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as SizeReads;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? "";
    throw new Error(`parse bench: ${kind.name} at ${items} failed: ${stderr.trim() || String(err)}`);
  }
};

/** Measures every kind at its sizes, at least `runs` reads each; progress goes to `log`. */
export async function measureParse(
  kinds: readonly ParseKind[],
  runs: number,
  log: (line: string) => void,
  runSize: SizeRunner = childRunner,
): Promise<ParsePoint[]> {
  const points: ParsePoint[] = [];
  for (const kind of kinds) {
    for (const items of kind.sizes) {
      const r = await runSize(kind, items, runs);
      const point = {
        kind: kind.name,
        unit: kind.unit,
        items,
        bytes: r.bytes,
        ms: median(r.ms),
        cpuMs: median(r.cpuMs),
        fixedCpuMs: r.fixedCpuMs,
        runs: r.ms.length,
        peakRssMb: Math.round(r.peakRssMb),
      };
      log(
        `parse ${kind.name} ${items} ${kind.unit} (${(r.bytes / 1e6).toFixed(1)} MB): ${point.ms.toFixed(0)} ms, ` +
          `CPU ${point.cpuMs.toFixed(0)} ms (${point.runs} runs; fixed ${r.fixedCpuMs.toFixed(0)} ms), ` +
          `peak RSS ${point.peakRssMb} MB`,
      );
      points.push(point);
    }
  }
  return points;
}

/**
 * `--parse-only`: writes `outDir`/parse.md (the parse table alone, under the machine it ran on, formatted as the
 * repo's Prettier config wants) and prints it; a full run renders the same table into results.md instead.
 */
export async function writeParseReport(points: readonly ParsePoint[], machine: string, outDir: string): Promise<void> {
  const file = path.join(outDir, "parse.md");
  const [, , load15] = os.loadavg();
  const runs = Math.min(...points.map((p) => p.runs));
  const text = [
    "# Parse time per input kind",
    "",
    `\`npm run bench -- --parse-only\` on ${machine}, ${new Date().toISOString()},`,
    `load average over the last 15 minutes ${load15!.toFixed(1)}.`,
    "",
    "Each input is generated at three sizes 10x apart and read by gcguard's own reader (synth: read the config, build",
    "the app, write cdk.tf.json), with source maps off as in the built CLI. Each size is read in a fresh process (its",
    "peak RSS is the last column), after one untimed read of a one-item input (module loading, JIT), at least",
    `${runs} times (up to ${MAX_RUNS} while the reads take under ${QUICK_BUDGET_MS / 1000} s in all), each read after a full garbage collection. The`,
    "growth is that of the median CPU time less the kind's fixed cost (the read of a one-item input): CPU time is the",
    "work done, which other processes on a shared machine do not inflate as they do the wall time, and the fixed cost",
    "would hide a small size's growth.",
    "",
    renderParse(points),
    "",
  ].join("\n");
  const markdown = await format(text, { ...(await resolveConfig(file)), parser: "markdown" });
  writeFileAtomic(file, markdown);
  process.stdout.write(markdown);
}
