/**
 * The parse bench's results (lib/bench/parse.ts) as data, the growth of each 10x step, and their Markdown table.
 * Pure, so the verdict is tested without reading anything.
 */

/**
 * A step is superlinear when its time grows by more than this times its size (a 10x step: over 15x). Linear
 * growth with noise stays well under it; O(n log n) over one decade is about 11x; O(n^2) is 100x.
 */
export const SUPERLINEAR_FACTOR = 1.5;

/** One kind at one size. */
export interface ParsePoint {
  readonly kind: string;
  readonly unit: string;
  readonly items: number;
  readonly bytes: number;
  /** Wall time, median over `runs`. */
  readonly ms: number;
  /**
   * CPU time of the process (user and system, garbage collector threads included), median over `runs`: the work
   * the read did, which other processes on a shared machine do not inflate as they do the wall time.
   */
  readonly cpuMs: number;
  /** The kind's fixed cost: the CPU time of reading a one-item input (median), the same for each of its sizes. */
  readonly fixedCpuMs: number;
  readonly runs: number;
  /** The peak RSS of the process that read this size (lib/bench/parse-child.ts), MB, the runtime's own included. */
  readonly peakRssMb: number;
}

/** One step between two sizes of a kind: its CPU time ratio, the fixed cost taken off both, against its size ratio. */
export interface GrowthStep {
  readonly kind: string;
  readonly from: number;
  readonly to: number;
  /** Undefined when the smaller size's time is within its fixed cost, so no ratio says anything. */
  readonly timeRatio: number | undefined;
  readonly superlinear: boolean;
}

/**
 * The growth between consecutive sizes of each kind; `points` are grouped by kind, sizes ascending. The fixed cost
 * (one item's read) is subtracted first: a step from a size the fixed cost dominates would otherwise look flat.
 */
export function growth(points: readonly ParsePoint[]): GrowthStep[] {
  const steps: GrowthStep[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.kind !== b.kind) continue;
    const from = a.cpuMs - a.fixedCpuMs;
    const timeRatio = from > 0 ? Math.max(0, b.cpuMs - b.fixedCpuMs) / from : undefined;
    const superlinear = timeRatio !== undefined && timeRatio > SUPERLINEAR_FACTOR * (b.items / a.items);
    steps.push({ kind: b.kind, from: a.items, to: b.items, timeRatio, superlinear });
  }
  return steps;
}

const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} kB`);

/** One row: a size's times and peak RSS, the kind's fixed cost on its first row, the growth of the step to it. */
function row(p: ParsePoint, first: boolean, step: GrowthStep | undefined): string {
  const ratio =
    step?.timeRatio === undefined ? "-" : `${step.timeRatio.toFixed(1)}x${step.superlinear ? " **superlinear**" : ""}`;
  const fixed = first ? `${p.fixedCpuMs.toFixed(0)} ms` : "";
  const items = `${p.items.toLocaleString("en-US")} ${p.unit}`;
  return `| ${p.kind} | ${items} | ${size(p.bytes)} | ${p.ms.toFixed(0)} ms | ${p.cpuMs.toFixed(0)} ms (${p.runs}) | ${fixed} | ${ratio} | ${p.peakRssMb} |`;
}

/** The parse table in Markdown: each size's times and peak RSS, and the growth of each step ("superlinear" flagged). */
export function renderParse(points: readonly ParsePoint[]): string {
  const steps = growth(points);
  const lines = [
    "| Input | Items | File | Wall (median) | CPU (median, runs) | Fixed CPU (1 item) | " +
      `CPU x per 10x items, less the fixed cost (flag above ${SUPERLINEAR_FACTOR * 10}x) | Peak RSS MB |`,
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  points.forEach((p, i) => {
    const step = steps.find((s) => s.kind === p.kind && s.to === p.items);
    lines.push(row(p, i === 0 || points[i - 1]!.kind !== p.kind, step));
  });
  return lines.join("\n");
}
