/**
 * Measuring one benchmark scenario at one org size: gcguard's runs, the naive baseline's runs, each in a fresh
 * rate-limit window, summarised next to the scenario's floor (lib/bench/floor.ts). scripts/bench.ts drives it.
 */
import type { RequestCounts } from "../emulator/requests";
import type { RequestDag } from "./floor";
import type { NaiveResult } from "./naive";
import type { Measured, ScenarioResult } from "./render";
import { median } from "./startup";

/** One org size under test: its emulator's counters and the bench's settings for it. */
export interface OrgBench {
  /** Fraction of the full org. */
  readonly fraction: number;
  readonly gcguardRuns: number;
  readonly naiveRuns: number;
  /** Starts a fresh rate-limit window and request count, as if the client had been idle for a minute. */
  fresh(): void;
  counts(): RequestCounts;
  floorOf(dag: RequestDag): ScenarioResult["floor"];
  log(line: string): void;
}

/** One run: requests the emulator counted, wall time, 429s; `capped` when the naive cap cut it short. */
interface Run {
  readonly requests: number;
  readonly wallMs: number;
  readonly rateLimited: number;
  readonly capped?: boolean;
}

export const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);

/** Samples the process RSS every 20 ms while `fn` runs (the emulator shares the process, so it is included). */
export async function sampled<T>(fn: () => Promise<T>): Promise<{ value: T; peakRss: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const value = await fn();
    return { value, peakRss: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

/** Runs summarised: the most requests and 429s of any run, the median wall time, the peak RSS. */
function summarize(runs: readonly Run[], peakRss: number): Measured {
  return {
    requests: Math.max(...runs.map((x) => x.requests)),
    wallMs: median(runs.map((x) => x.wallMs)),
    runs: runs.length,
    rateLimited: Math.max(...runs.map((x) => x.rateLimited)),
    peakRssMb: mb(peakRss),
    ...(runs.some((x) => x.capped) ? { capped: true } : {}),
  };
}

/** `runs` gcguard runs; an exit code above 1 (not "findings") fails the bench. */
async function gcguardRuns(org: OrgBench, scenario: string, gcguard: () => Promise<number>, runs: number) {
  const g: Run[] = [];
  const { peakRss } = await sampled(async () => {
    for (let i = 0; i < runs; i++) {
      org.fresh();
      const t = Date.now();
      const code = await gcguard();
      const wallMs = Date.now() - t;
      const counts = org.counts();
      if (code > 1) throw new Error(`${scenario}: gcguard exited ${code}`);
      g.push({ requests: counts.total, wallMs, rateLimited: counts.byStatus["429"] ?? 0 });
    }
  });
  return summarize(g, peakRss);
}

/** The naive baseline's runs, fewer when one is capped or rate-limit bound; undefined without a baseline. */
async function naiveRuns(org: OrgBench, naive: (() => Promise<NaiveResult>) | undefined) {
  const n: NaiveResult[] = [];
  const { peakRss } = await sampled(async () => {
    for (let i = 0; naive && i < org.naiveRuns; i++) {
      org.fresh();
      const r = await naive();
      n.push(r);
      // A run of a minute or more is rate-limit bound: its repetition would show the same window arithmetic.
      if (r.capped || r.wallMs >= 60_000) break;
    }
  });
  return n.length === 0 ? undefined : summarize(n, peakRss);
}

/** The progress line for a measured scenario. */
function describe(row: ScenarioResult): string {
  const { gcguard, naive, floor } = row;
  const naiveText = naive
    ? `naive ${naive.capped ? ">=" : ""}${naive.requests} req ${naive.wallMs} ms (${naive.rateLimited} x 429), `
    : "";
  return (
    `${row.scenario} @ ${Math.round(row.orgFraction * 100)}%: gcguard ${gcguard.requests} req ${gcguard.wallMs} ms ` +
    `(${gcguard.rateLimited} x 429), ${naiveText}floor ${floor.requests} req ${floor.wallMs.toFixed(0)} ms ` +
    `(${floor.wallBoundBy}): gcguard/floor ${(gcguard.requests / floor.requests).toFixed(2)} requests, ` +
    `${(gcguard.wallMs / floor.wallMs).toFixed(2)} wall`
  );
}

/** Measures one scenario: gcguard `runs` times, then the naive baseline (if any), against the floor of `dag`. */
export async function measureScenario(
  org: OrgBench,
  scenario: string,
  dag: RequestDag,
  gcguard: () => Promise<number>,
  naive: (() => Promise<NaiveResult>) | undefined,
  runs = org.gcguardRuns,
): Promise<ScenarioResult> {
  const gcguardM = await gcguardRuns(org, scenario, gcguard, runs);
  const naiveM = await naiveRuns(org, naive);
  const row: ScenarioResult = {
    scenario,
    orgFraction: org.fraction,
    gcguard: gcguardM,
    ...(naiveM ? { naive: naiveM } : {}),
    floor: org.floorOf(dag),
  };
  org.log(describe(row));
  return row;
}
