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
  /** Median over `runs`. */
  readonly ms: number;
  readonly runs: number;
  /**
   * The process RSS right after the read less before it (the most of any run), MB: what the read took that the
   * garbage collector had not yet given back; RSS is process-wide, so it is a rough measure.
   */
  readonly rssMb: number;
}

/** One 10x step of a kind: its time ratio against its size ratio. */
export interface GrowthStep {
  readonly kind: string;
  readonly from: number;
  readonly to: number;
  readonly timeRatio: number;
  readonly superlinear: boolean;
}

/** The growth between consecutive sizes of each kind; `points` are grouped by kind, sizes ascending. */
export function growth(points: readonly ParsePoint[]): GrowthStep[] {
  const steps: GrowthStep[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (a.kind !== b.kind) continue;
    const timeRatio = a.ms > 0 ? b.ms / a.ms : 0;
    const superlinear = timeRatio > SUPERLINEAR_FACTOR * (b.items / a.items);
    steps.push({ kind: b.kind, from: a.items, to: b.items, timeRatio, superlinear });
  }
  return steps;
}

const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(0)} kB`);

/** The parse table in Markdown: each size's time and RSS growth, and the growth of each step ("superlinear" flagged). */
export function renderParse(points: readonly ParsePoint[]): string {
  const steps = growth(points);
  const lines = [
    `| Input | Items | File | Read time (median, runs) | Time x per 10x items (flag above ${SUPERLINEAR_FACTOR * 10}x) | RSS growth MB |`,
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const p of points) {
    const step = steps.find((s) => s.kind === p.kind && s.to === p.items);
    const ratio = step ? `${step.timeRatio.toFixed(1)}x${step.superlinear ? " **superlinear**" : ""}` : "-";
    lines.push(
      `| ${p.kind} | ${p.items.toLocaleString("en-US")} ${p.unit} | ${size(p.bytes)} | ${p.ms.toFixed(0)} ms (${p.runs}) | ${ratio} | ${p.rssMb} |`,
    );
  }
  return lines.join("\n");
}
