/**
 * The parse bench's timing of one input kind at one size, in this process: lib/bench/parse-child.ts runs it in a
 * fresh process per size (lib/bench/parse.ts), so no size inherits the heap of another, and tests run it here.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import { runInNewContext } from "node:vm";

import type { ParseKind } from "./parse-kinds";
import { median } from "./startup";

/** Reads of one size: at least the runs asked for, more while they are quick, for a steadier median. */
export const MAX_RUNS = 9;
export const QUICK_BUDGET_MS = 2_000;
/** The input whose read time is a kind's fixed cost, subtracted before the growth is computed. */
const FIXED_ITEMS = 1;

/** Where the timing reads wall and CPU time (ms) from, and how it collects garbage; tests pass a fake one. */
export interface Probe {
  now(): number;
  cpuMs(): number;
  /** A full garbage collection, run before each timed read so no read pays for the garbage of the one before. */
  gc(): void;
  /** The process's peak RSS so far, MB. */
  peakRssMb(): number;
}

/** The process's clocks and V8's collector (with `--expose-gc`, or the flag set now). */
export function processProbe(): Probe {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  return { now: () => performance.now(), cpuMs, gc, peakRssMb: () => process.resourceUsage().maxRSS / 1024 };
}

/** What the reads of one size took. */
export interface SizeReads {
  readonly bytes: number;
  /** Wall time of each read. */
  readonly ms: readonly number[];
  /** CPU time of each read (user and system, the garbage collector's threads included). */
  readonly cpuMs: readonly number[];
  /** The median CPU time of reading a one-item input: the kind's fixed cost. */
  readonly fixedCpuMs: number;
  readonly peakRssMb: number;
}

/** Times reads of `file` (each after a full GC); throws when the reader reads nothing. */
async function timeReads(kind: ParseKind, file: string, runs: number, probe: Probe) {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let spent = 0;
  while (ms.length < runs || (ms.length < MAX_RUNS && spent < QUICK_BUDGET_MS)) {
    probe.gc();
    const cpuBefore = probe.cpuMs();
    const started = probe.now();
    const count = await kind.read(file);
    ms.push(probe.now() - started);
    cpuMs.push(probe.cpuMs() - cpuBefore);
    spent += ms.at(-1)!;
    if (count === 0) throw new Error(`${kind.name}: the reader read nothing from ${file}`);
  }
  return { ms, cpuMs };
}

/** The input of `items` written to `dir`; its size in bytes. */
function writeInput(kind: ParseKind, dir: string, items: number): { file: string; bytes: number } {
  const file = path.join(dir, kind.file);
  writeFileSync(file, kind.generate(items));
  return { file, bytes: statSync(file).size };
}

/**
 * One untimed read of a one-item input (what is paid once, module loading and JIT, is in no time), the fixed cost's
 * reads, then the reads of `items`. Source maps are off, as in the built CLI (scripts/build.ts): tsx turns them on,
 * and with them each of the stack traces cdktf captures (one per token and per nested block of a resource) is
 * mapped, a cost the shipped synth does not pay.
 */
export async function measureInProcess(kind: ParseKind, items: number, runs: number, probe: Probe): Promise<SizeReads> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcguard-bench-parse-"));
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    const one = writeInput(kind, dir, FIXED_ITEMS);
    await kind.read(one.file);
    const fixed = await timeReads(kind, one.file, runs, probe);
    rmSync(one.file);
    const { file, bytes } = writeInput(kind, dir, items);
    const reads = await timeReads(kind, file, runs, probe);
    return { bytes, ...reads, fixedCpuMs: median(fixed.cpuMs), peakRssMb: probe.peakRssMb() };
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
    rmSync(dir, { recursive: true, force: true });
  }
}
