/**
 * CLI start-up: the median wall time of the compiled `gcguard` for commands that do no work (`--version`,
 * `preflight --help`), against `node -e 0` measured in the same run, so the ratio says what gcguard adds to Node's
 * own start. The runs are interleaved, so a machine that slows down mid-run slows every command alike.
 */

export interface StartupCommand {
  readonly name: string;
  readonly args: readonly string[];
}

export interface StartupResult {
  readonly name: string;
  readonly medianMs: number;
  readonly runs: number;
  /** medianMs over the baseline's; the baseline's own is 1. */
  readonly ratio: number;
}

/** Runs `command` once and returns its wall time in milliseconds; throws when it fails. */
export type TimeOnce = (args: readonly string[]) => number;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The baseline first, then each command; `runs` timed runs of each after one untimed warm-up of each. */
export function measureStartup(
  baseline: StartupCommand,
  commands: readonly StartupCommand[],
  runs: number,
  time: TimeOnce,
): StartupResult[] {
  const all = [baseline, ...commands];
  for (const c of all) time(c.args);
  const samples = all.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) all.forEach((c, j) => samples[j]!.push(time(c.args)));
  const base = median(samples[0]!);
  return all.map((c, j) => {
    const medianMs = median(samples[j]!);
    return { name: c.name, medianMs, runs, ratio: base > 0 ? medianMs / base : 0 };
  });
}

/** The start-up table in Markdown. */
export function renderStartup(results: readonly StartupResult[], goal: number): string {
  const lines = [
    `| CLI start-up (compiled, dist/) | Median wall (runs) | vs \`node -e 0\` (goal <= ${goal}x) |`,
    "| --- | --- | --- |",
  ];
  for (const r of results)
    lines.push(`| \`${r.name}\` | ${r.medianMs.toFixed(0)} ms (${r.runs}) | ${r.ratio.toFixed(2)}x |`);
  return lines.join("\n");
}
