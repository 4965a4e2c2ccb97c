/** The bench's results as data, and their renderings: a Markdown table and an SVG chart (deterministic text). */
import type { ParsePoint } from "./parse-growth";
import { renderParse } from "./parse-growth";
import type { StartupResult } from "./startup";
import { renderStartup } from "./startup";

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly totalMemoryGb: number;
  readonly platform: string;
}

export interface Measured {
  readonly requests: number;
  /** Median over `runs`. */
  readonly wallMs: number;
  readonly runs: number;
  readonly rateLimited: number;
  /** Peak RSS of the bench process sampled during the runs (emulator included), MB. */
  readonly peakRssMb: number;
  /** true: stopped at the cap; requests and wallMs are lower bounds. */
  readonly capped?: boolean;
}

export interface ScenarioResult {
  /** e.g. "preflight 300". */
  readonly scenario: string;
  /** Fraction of the full org (1,000 divisions / 50,000 users / 5,000 queues / 3,000 groups). */
  readonly orgFraction: number;
  readonly gcguard: Measured;
  /** Absent for a scenario without a naive baseline (the snapshot). */
  readonly naive?: Measured;
  /**
   * The fewest requests, and the least wall time they take under gcguard's pacing (lib/bench/floor.ts: the larger
   * of the dependency chain and the throughput); `wallBoundBy` says which term set it (absent in older results).
   */
  readonly floor: {
    readonly requests: number;
    readonly wallMs: number;
    readonly wallBoundBy?: "dependencies" | "concurrency" | "pacing" | "rate limit";
  };
}

export interface SynthResult {
  readonly resources: number;
  readonly ms: number;
  readonly peakRssMb: number;
}

/** The emulator with a generated org: what test/emulator/generate.test.ts used to time and assert. */
export interface EmulatorOrgResult {
  readonly orgFraction: number;
  readonly users: number;
  /** generateSeed, in ms. */
  readonly generateMs: number;
  /** startEmulator with that seed until it listens, in ms. */
  readonly startMs: number;
  /** RSS growth from before generating to the emulator up (the seed and the store held), MB. */
  readonly rssGrowthMb: number;
}

export interface BenchResults {
  /** Generating and serving each org size; absent in results written before it was measured. */
  readonly emulator?: readonly EmulatorOrgResult[];
  /** CLI start-up (lib/bench/startup.ts); absent in results written before it was measured. */
  readonly startup?: readonly StartupResult[];
  /** Each input kind's reader and synth at three sizes (lib/bench/parse.ts); absent in older results. */
  readonly parse?: readonly ParsePoint[];
  readonly generatedAt: string;
  readonly mode: "quick" | "full";
  readonly machine: Machine;
  readonly settings: {
    readonly latencyMs: number;
    readonly requestsPerWindow: number;
    readonly windowMs: number;
    readonly gcguardConcurrency: number;
    /** The pacer's spacing and the requests of each window it leaves unused (absent in older results). */
    readonly gcguardRequestsPerSecond?: number;
    readonly gcguardHeadroom?: number;
    readonly naiveCapMs: number;
  };
  readonly scenarios: readonly ScenarioResult[];
  readonly synth: readonly SynthResult[];
  readonly totalSeconds: number;
}

/** The start-up goal: at most this many times `node -e 0` (docs/npm-package.md). */
export const STARTUP_GOAL = 3;

const pct = (f: number) => `${Math.round(f * 100)}%`;
const secs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(2)} s`);
const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(a / b >= 10 ? 0 : 2) : "-");

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.totalMemoryGb} GB, Node ${m.node} (${m.platform})`;
}

/** The results as Markdown: a header with the machine and settings, the scenario table, the synth table. */
export function renderMarkdown(r: BenchResults): string {
  const s = r.settings;
  const pacing =
    s.gcguardRequestsPerSecond === undefined
      ? ""
      : `, at most ${s.gcguardRequestsPerSecond} requests a second, ${s.gcguardHeadroom ?? 0} of each window left unused`;
  const lines = [
    `gcguard bench (${r.mode}${r.mode === "quick" ? ": smaller sizes, fewer runs" : ""}), ${r.generatedAt}`,
    "",
    `Machine: ${machineLine(r.machine)}. Emulator latency ${s.latencyMs} ms per request, rate limit ${s.requestsPerWindow} per ${s.windowMs / 1000} s per token (on), gcguard concurrency ${s.gcguardConcurrency}${pacing}; naive runs stop at ${secs(s.naiveCapMs)} (">=": a lower bound). Full org = 1,000 divisions / 50,000 users / 5,000 queues / 3,000 groups. Total bench time ${r.totalSeconds.toFixed(0)} s.`,
    "",
    "| Scenario | Org | Requests gcguard / naive / floor | Wall gcguard / naive / floor (median, runs) | Wall floor set by | 429s gcguard / naive | Peak RSS MB gcguard / naive | gcguard/floor requests | gcguard/floor wall | naive/gcguard |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of r.scenarios) {
    const n = row.naive;
    const ge = n?.capped ? ">=" : "";
    const naive = (text: (m: Measured) => string) => (n ? `${ge}${text(n)}` : "-");
    lines.push(
      `| ${row.scenario} | ${pct(row.orgFraction)} | ${row.gcguard.requests} / ${naive((m) => String(m.requests))} / ${row.floor.requests} | ` +
        `${secs(row.gcguard.wallMs)} (${row.gcguard.runs}) / ${naive((m) => `${secs(m.wallMs)} (${m.runs})`)} / ${secs(row.floor.wallMs)} | ` +
        `${row.floor.wallBoundBy ?? "-"} | ${row.gcguard.rateLimited} / ${naive((m) => String(m.rateLimited))} | ` +
        `${row.gcguard.peakRssMb} / ${n ? n.peakRssMb : "-"} | ` +
        `${ratio(row.gcguard.requests, row.floor.requests)} | ${ratio(row.gcguard.wallMs, row.floor.wallMs)} | ` +
        `${naive((m) => ratio(m.requests, row.gcguard.requests))} |`,
    );
  }
  if (r.synth.length > 0) {
    const base = r.synth[0]!;
    lines.push("", `| Synth resources | Time | Time vs ${base.resources} | Peak RSS MB |`, "| --- | --- | --- | --- |");
    for (const x of r.synth)
      lines.push(`| ${x.resources} | ${secs(x.ms)} | ${ratio(x.ms, base.ms)}x | ${x.peakRssMb} |`);
  }
  if (r.emulator && r.emulator.length > 0) {
    lines.push(
      "",
      "| Emulator org | Users | Generate | Start | RSS growth MB |",
      "| --- | --- | --- | --- | --- |",
      ...r.emulator.map(
        (e) =>
          `| ${pct(e.orgFraction)} | ${e.users.toLocaleString("en-US")} | ${secs(e.generateMs)} | ${secs(e.startMs)} | ${e.rssGrowthMb} |`,
      ),
    );
  }
  if (r.startup && r.startup.length > 0) lines.push("", renderStartup(r.startup, STARTUP_GOAL));
  if (r.parse && r.parse.length > 0) lines.push("", renderParse(r.parse));
  return `${lines.join("\n")}\n`;
}

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly dash?: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly lowerBound?: boolean }[];
}

export interface Panel {
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
}

const W = 420;
const H = 300;
const M = { left: 64, right: 16, top: 34, bottom: 52 };
const n2 = (v: number) => (Math.round(v * 10) / 10).toString();
const esc = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}

function panel(p: Panel, offsetX: number, xLabel: string, xTicks: readonly { x: number; label: string }[]): string {
  const ys = p.series.flatMap((s) => s.points.map((pt) => pt.y)).filter((y) => y > 0);
  const ticks = decades(Math.min(...ys), Math.max(...ys));
  const lo = Math.log10(ticks[0]!);
  const hi = Math.max(lo + 1, Math.log10(ticks[ticks.length - 1]!));
  const xs = xTicks.map((t) => t.x);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs, xMin + 1e-9);
  const px = (x: number) => offsetX + M.left + ((x - xMin) / (xMax - xMin)) * (W - M.left - M.right);
  const py = (y: number) =>
    M.top + (1 - (Math.log10(Math.max(y, ticks[0]!)) - lo) / (hi - lo)) * (H - M.top - M.bottom);
  const out: string[] = [];
  const x0 = offsetX + M.left;
  const x1 = offsetX + W - M.right;
  out.push(`<text x="${n2(offsetX + W / 2)}" y="20" text-anchor="middle" font-weight="bold">${esc(p.title)}</text>`);
  for (const t of ticks) {
    out.push(`<line x1="${x0}" y1="${n2(py(t))}" x2="${x1}" y2="${n2(py(t))}" stroke="#ddd"/>`);
    out.push(
      `<text x="${x0 - 6}" y="${n2(py(t) + 4)}" text-anchor="end">${t >= 1 ? t.toLocaleString("en-US") : t}</text>`,
    );
  }
  for (const t of xTicks) {
    out.push(
      `<line x1="${n2(px(t.x))}" y1="${H - M.bottom}" x2="${n2(px(t.x))}" y2="${H - M.bottom + 4}" stroke="#333"/>`,
    );
    out.push(`<text x="${n2(px(t.x))}" y="${H - M.bottom + 17}" text-anchor="middle">${esc(t.label)}</text>`);
  }
  out.push(`<line x1="${x0}" y1="${H - M.bottom}" x2="${x1}" y2="${H - M.bottom}" stroke="#333"/>`);
  out.push(`<line x1="${x0}" y1="${M.top}" x2="${x0}" y2="${H - M.bottom}" stroke="#333"/>`);
  out.push(`<text x="${n2((x0 + x1) / 2)}" y="${H - 12}" text-anchor="middle">${esc(xLabel)}</text>`);
  const yMid = n2((M.top + H - M.bottom) / 2);
  out.push(
    `<text x="${offsetX + 14}" y="${yMid}" text-anchor="middle" transform="rotate(-90 ${offsetX + 14} ${yMid})">${esc(p.yLabel)} (log)</text>`,
  );
  for (const s of p.series) {
    const pts = s.points.filter((pt) => pt.y > 0).map((pt) => `${n2(px(pt.x))},${n2(py(pt.y))}`);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : "";
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.join(" ")}"/>`);
    for (const pt of s.points.filter((q) => q.y > 0)) {
      const fill = pt.lowerBound ? "white" : s.color;
      out.push(`<circle cx="${n2(px(pt.x))}" cy="${n2(py(pt.y))}" r="3.5" fill="${fill}" stroke="${s.color}"/>`);
    }
  }
  return out.join("\n");
}

/** Two panels side by side with one legend; log-scale y. Hollow markers are lower bounds (a capped naive run). */
export function renderSvg(
  title: string,
  panels: readonly [Panel, Panel],
  xLabel: string,
  xTicks: readonly { x: number; label: string }[],
): string {
  const width = 2 * W;
  const height = H + 56;
  const legend = panels[0].series
    .map((s, i) => {
      const x = 80 + i * 180;
      const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : "";
      return `<line x1="${x}" y1="${H + 22}" x2="${x + 28}" y2="${H + 22}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${x + 34}" y="${H + 26}">${esc(s.name)}</text>`;
    })
    .join("\n");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<title>${esc(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    panel(panels[0], 0, xLabel, xTicks),
    panel(panels[1], W, xLabel, xTicks),
    legend,
    `<text x="${width - 16}" y="${H + 44}" text-anchor="end" fill="#555">${esc("hollow marker: lower bound (naive run stopped at the cap)")}</text>`,
    "</svg>",
    "",
  ].join("\n");
}

/** The README chart: requests and wall time of one scenario against org size. */
export function chartFor(r: BenchResults, scenario: string): string {
  const rows = r.scenarios.filter((s) => s.scenario === scenario).sort((a, b) => a.orgFraction - b.orgFraction);
  const naiveRows = rows.filter((row): row is ScenarioResult & { naive: Measured } => row.naive !== undefined);
  const x = (f: number) => f * 100;
  const series = (pick: (row: ScenarioResult) => { y: number; lowerBound?: boolean }) =>
    rows.map((row) => ({ x: x(row.orgFraction), ...pick(row) }));
  const make = (metric: "requests" | "wall"): Panel => {
    const get = (m: { requests: number; wallMs: number }) => (metric === "requests" ? m.requests : m.wallMs / 1000);
    return {
      title: metric === "requests" ? `${scenario}: requests` : `${scenario}: wall time`,
      yLabel: metric === "requests" ? "requests" : "seconds",
      series: [
        { name: "gcguard", color: "#1f77b4", points: series((row) => ({ y: get(row.gcguard) })) },
        {
          name: "naive baseline",
          color: "#d62728",
          points: naiveRows.map((row) => ({
            x: x(row.orgFraction),
            y: get(row.naive),
            ...(row.naive.capped ? { lowerBound: true } : {}),
          })),
        },
        { name: "floor", color: "#2ca02c", dash: "5 4", points: series((row) => ({ y: get(row.floor) })) },
      ],
    };
  };
  const ticks = rows.map((row) => ({ x: x(row.orgFraction), label: pct(row.orgFraction) }));
  return renderSvg(
    `gcguard bench: ${scenario}`,
    [make("requests"), make("wall")],
    "org size (% of 50,000 users)",
    ticks,
  );
}
