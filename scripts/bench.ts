/**
 * `npm run bench [-- --quick] [--latency 40] [--naive-cap <seconds>] [--snapshot-org <percent> | --no-snapshot]
 * [--out bench]`: gcguard against the emulator's generated large org at several sizes,
 * with a fixed latency per request and the real rate limit on; the naive baseline in the same process against the
 * same emulator; the floor of each scenario (lib/bench/floor.ts); the time to generate and serve each org size and
 * the memory it takes (once asserted by test/emulator/generate.test.ts); and synth time and memory. Writes
 * bench/results.json, bench/results.md and bench/chart.svg; prints the table on stdout, progress on stderr.
 * Also the compiled CLI's start-up against `node -e 0` (it builds dist/ first); `--startup-only` measures just that.
 * And one `gcguard snapshot` of the whole org (100% by default, 20% with --quick; it is bound by the rate limit:
 * some 5,000 requests at 300 a minute take about 17 minutes), against its own floor; it has no naive baseline.
 * And each input kind's reader and synth at three sizes 10x apart (lib/bench/parse.ts); `--parse-only`: just that.
 * Not part of `npm test`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { format, resolveConfig } from "prettier";

import type { OrgBench } from "../lib/bench/measure";
import { mb, measureScenario } from "../lib/bench/measure";
import type { NaiveOptions } from "../lib/bench/naive";
import { naiveMixed, naivePreflight, naiveResolve, naiveScimDiff } from "../lib/bench/naive";
import type { Pace } from "../lib/bench/floor";
import { dagRequests, preflightDag, resolveDag, scimDiffDag, snapshotDag, wallFloor } from "../lib/bench/floor";
import type { BenchResults, EmulatorOrgResult, Machine, ScenarioResult, SynthResult } from "../lib/bench/render";
import { chartFor, machineLine, renderMarkdown, STARTUP_GOAL } from "../lib/bench/render";
import type { StartupResult } from "../lib/bench/startup";
import { measureStartup, median, renderStartup } from "../lib/bench/startup";
import { mixedPlanDag } from "../lib/bench/floor-mixed";
import { conflictLog, preflightPlan, scaled, scimExport, snapshotInputs, synthConfig } from "../lib/bench/scenarios";
import { mixedPlan } from "../lib/bench/scenarios-mixed";
import { measureParse, PARSE_KINDS, writeParseReport } from "../lib/bench/parse";
import { startEmulator } from "../lib/emulator";
import { generateSeed } from "../lib/emulator/generate";
import type { Seed } from "../lib/emulator/seed";
import { writeFileAtomic } from "../lib/fs";
import { defaultPacing } from "../lib/genesys/pacing";
import { preflightCommand } from "../lib/preflight/command";
import { resolveCommand } from "../lib/resolve/command";
import { scimDiffCommand } from "../lib/scim/command";
import { createGenesysClient } from "../lib/genesys/client";
import { takeSnapshot } from "../lib/snapshot/snapshot";
import { synthesize } from "../lib/stack/synth";

const CLIENT = { id: "gcguard-ci", secret: "demo-secret-ci" };
const RATE = { requestsPerWindow: 300, windowMs: 60_000 };

interface Options {
  readonly quick: boolean;
  readonly startupOnly: boolean;
  readonly parseOnly: boolean;
  readonly latencyMs: number;
  readonly outDir: string;
  /** Naive runs stop once they would pass this. */
  readonly naiveCapMs: number;
  /** The org size (a fraction of the full org) the snapshot reads; undefined: no snapshot. */
  readonly snapshotOrg: number | undefined;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const latency = Number(value("--latency") ?? "40");
  if (!Number.isFinite(latency) || latency < 0) throw new Error(`--latency ${value("--latency")}: give milliseconds`);
  const quick = argv.includes("--quick");
  const cap = Number(value("--naive-cap") ?? (quick ? "60" : "600"));
  if (!Number.isFinite(cap) || cap <= 0) throw new Error(`--naive-cap ${value("--naive-cap")}: give seconds`);
  const snapshotPercent = Number(value("--snapshot-org") ?? (quick ? "20" : "100"));
  if (!Number.isFinite(snapshotPercent) || snapshotPercent <= 0 || snapshotPercent > 100)
    throw new Error(`--snapshot-org ${value("--snapshot-org")}: give a percentage of the full org, up to 100`);
  return {
    quick,
    snapshotOrg: argv.includes("--no-snapshot") ? undefined : snapshotPercent / 100,
    startupOnly: argv.includes("--startup-only"),
    parseOnly: argv.includes("--parse-only"),
    latencyMs: latency,
    outDir: value("--out") ?? "bench",
    naiveCapMs: cap * 1000,
  };
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const env = { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT.id, GENESYSCLOUD_OAUTHCLIENT_SECRET: CLIENT.secret };
const quietIo = (sink: { out: string }) => ({
  stdout: (t: string) => (sink.out += t),
  stderr: () => {},
  env,
  isTty: false,
  version: "bench",
  stdinIsTty: false,
  confirm: () => Promise.resolve(false),
});

async function* linesOf(lines: readonly string[]): AsyncIterable<string> {
  yield* lines;
}

/** One child per synth size, for a clean peak RSS: `bench.ts --synth-child N` prints {ms, maxRssKb}. */
function synthChild(size: number): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "gcguard-bench-synth-"));
  const config = path.join(dir, "gcguard.config.yaml");
  writeFileSync(config, JSON.stringify(synthConfig(size)));
  const started = process.hrtime.bigint();
  synthesize({ config, outdir: path.join(dir, "out"), env: {} });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS }));
}

function measureSynth(sizes: readonly number[], runs: number): SynthResult[] {
  return sizes.map((resources) => {
    const results = Array.from({ length: runs }, () => {
      const out = execFileSync(
        process.execPath,
        [...process.execArgv, __filename, "--synth-child", String(resources)],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      return JSON.parse(out) as { ms: number; maxRssKb: number };
    });
    const r = {
      resources,
      ms: median(results.map((x) => x.ms)),
      peakRssMb: Math.round(Math.max(...results.map((x) => x.maxRssKb)) / 1024),
    };
    log(`synth ${resources} resources: ${r.ms.toFixed(0)} ms, peak RSS ${r.peakRssMb} MB (${runs} run(s))`);
    return r;
  });
}

/** Builds dist/ as `npm pack` would, then times the compiled bin against `node -e 0`. */
function measureCliStartup(runs: number): StartupResult[] {
  log("startup: building dist/ (scripts/build.ts)");
  execFileSync(process.execPath, [...process.execArgv, path.join(__dirname, "build.ts")], { stdio: "inherit" });
  const bin = path.join(__dirname, "..", "dist", "scripts", "bin.js");
  const time = (args: readonly string[]): number => {
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [...args], { stdio: ["ignore", "ignore", "pipe"], env: process.env });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`startup: node ${args.join(" ")} exited ${r.status}: ${String(r.stderr)}`);
    return ms;
  };
  const results = measureStartup(
    { name: "node -e 0", args: ["-e", "0"] },
    [
      { name: "gcguard --version", args: [bin, "--version"] },
      { name: "gcguard preflight --help", args: [bin, "preflight", "--help"] },
    ],
    runs,
    time,
  );
  for (const r of results) log(`startup ${r.name}: ${r.medianMs.toFixed(0)} ms, ${r.ratio.toFixed(2)}x node -e 0`);
  return results;
}

function machineInfo(): Machine {
  return {
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    node: process.versions.node,
    totalMemoryGb: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.arch()}`,
  };
}

/** What every org size is measured with. */
interface BenchSetup {
  readonly options: Options;
  /** Org fractions the commands are measured at (the snapshot may add one). */
  readonly sizes: readonly number[];
  readonly work: string;
  readonly pace: Pace;
  readonly scenarios: ScenarioResult[];
  readonly emulators: EmulatorOrgResult[];
}

/** Generates the org at `fraction`, serves it, and measures the commands and the snapshot that run at that size. */
async function measureOrg(setup: BenchSetup, fraction: number): Promise<void> {
  const { options } = setup;
  const size = scaled(fraction);
  log(`org ${Math.round(fraction * 100)}%: ${JSON.stringify(size)}: generating`);
  const rssBefore = process.memoryUsage.rss();
  let t = performance.now();
  const seed = generateSeed(size);
  const generateMs = performance.now() - t;
  t = performance.now();
  const emulator = await startEmulator({ seed, settings: { latencyMs: options.latencyMs, rateLimit: RATE } });
  const startMs = performance.now() - t;
  const rssGrowthMb = mb(process.memoryUsage.rss() - rssBefore);
  setup.emulators.push({ orgFraction: fraction, users: seed.users.length, generateMs, startMs, rssGrowthMb });
  log(`generated in ${generateMs.toFixed(0)} ms, emulator up in ${startMs.toFixed(0)} ms, rss +${rssGrowthMb} MB`);
  const ctx = emulator.context;
  const org: OrgBench = {
    fraction,
    gcguardRuns: options.quick ? 3 : 5,
    naiveRuns: options.quick ? 1 : 3,
    fresh: () => {
      ctx.limiter.reset();
      ctx.requests.reset();
    },
    counts: () => ctx.requests.counts(),
    floorOf: (dag) => {
      const w = wallFloor(dag, setup.pace);
      return { requests: dagRequests(dag), wallMs: w.ms, wallBoundBy: w.boundBy };
    },
    log,
  };
  const target = { seed, url: emulator.url, work: setup.work };
  if (setup.sizes.includes(fraction)) setup.scenarios.push(...(await measureCommands(org, target, options)));
  if (fraction === options.snapshotOrg) setup.scenarios.push(await measureSnapshot(org, target));
  await emulator.close();
}

/** The org a scenario runs against: its seed, the emulator's URL, and a directory for input files. */
interface Target {
  readonly seed: Seed;
  readonly url: string;
  readonly work: string;
}

/** One `gcguard snapshot` of the whole org, against its floor; it has no naive baseline. */
function measureSnapshot(org: OrgBench, target: Target): Promise<ScenarioResult> {
  const gcguard = async () => {
    const client = createGenesysClient({
      baseUrl: target.url,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      env: {},
    });
    await takeSnapshot(client);
    return 0;
  };
  return measureScenario(org, "snapshot (whole org)", snapshotDag(snapshotInputs(target.seed)), gcguard, undefined, 1);
}

/** preflight at three plan sizes, resolve of 409s, and scim diff, each against the naive baseline. */
async function measureCommands(org: OrgBench, target: Target, options: Options): Promise<ScenarioResult[]> {
  const { seed, url, work } = target;
  const naiveOptions: NaiveOptions = {
    baseUrl: url,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    capMs: options.naiveCapMs,
  };
  const rows: ScenarioResult[] = [];
  for (const planSize of [30, 100, 300]) {
    const plan = preflightPlan(seed, planSize);
    const file = path.join(work, `plan-${planSize}.json`);
    writeFileSync(file, JSON.stringify(plan.plan));
    const flags = { plan: [`bench=${file}`], baseUrl: url, format: "json", progress: false } as const;
    rows.push(
      await measureScenario(
        org,
        `preflight ${planSize}`,
        preflightDag(plan.inputs),
        () => preflightCommand(flags, quietIo({ out: "" })),
        () => naivePreflight(naiveOptions, plan),
      ),
    );
  }
  rows.push(await measureMixed(org, target, naiveOptions));
  rows.push(await measureResolve(org, target, naiveOptions));
  const scim = scimExport(seed);
  const exportFile = path.join(work, "idp.json");
  writeFileSync(exportFile, JSON.stringify(scim.export));
  const scimFlags = { export: exportFile, baseUrl: url, format: "json", progress: false } as const;
  rows.push(
    await measureScenario(
      org,
      "scim diff 2,000",
      scimDiffDag(scim.inputs),
      () => scimDiffCommand(scimFlags, quietIo({ out: "" })),
      () => naiveScimDiff(naiveOptions, scim),
    ),
  );
  return rows;
}

/** preflight of a mixed real-world plan: 10 creates of every kind gcguard checks, one of each colliding. */
function measureMixed(org: OrgBench, target: Target, naiveOptions: NaiveOptions): Promise<ScenarioResult> {
  const plan = mixedPlan(target.seed, 10);
  const dir = path.join(target.work, "mixed");
  for (const f of plan.files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.text);
  }
  const file = path.join(dir, "plan.json");
  writeFileSync(file, JSON.stringify(plan.plan));
  const flags = { plan: [`bench=${file}`], baseUrl: target.url, format: "json", progress: false } as const;
  return measureScenario(
    org,
    `preflight mixed (${plan.creates.length}: ${plan.inputs.kinds.length} kinds)`,
    mixedPlanDag(plan.inputs),
    () => preflightCommand(flags, quietIo({ out: "" })),
    () => naiveMixed(naiveOptions, plan),
  );
}

/** resolve of an apply log with 100 name conflicts of each kind. */
function measureResolve(org: OrgBench, target: Target, naiveOptions: NaiveOptions): Promise<ScenarioResult> {
  const applyLog = conflictLog(target.seed, 100);
  const planFile = path.join(target.work, "resolve-plan.json");
  writeFileSync(planFile, JSON.stringify(applyLog.plan));
  const flags = {
    plan: planFile,
    baseUrl: target.url,
    format: "json" as const,
    out: path.join(target.work, "resolve-out"),
  };
  return measureScenario(
    org,
    `resolve ${applyLog.conflicts.length} x 409`,
    resolveDag(applyLog.inputs),
    () => resolveCommand(linesOf(applyLog.lines), "apply.log", flags, quietIo({ out: "" })),
    () => naiveResolve(naiveOptions, applyLog),
  );
}

/** Writes results.json, results.md (formatted as the repo's Prettier config wants) and chart.svg; prints the table. */
async function writeResults(results: BenchResults, outDir: string): Promise<void> {
  const mdFile = path.join(outDir, "results.md");
  const markdown = await format(renderMarkdown(results), { ...(await resolveConfig(mdFile)), parser: "markdown" });
  writeFileAtomic(path.join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomic(mdFile, markdown);
  writeFileAtomic(path.join(outDir, "chart.svg"), chartFor(results, "preflight 300"));
  process.stdout.write(markdown);
  log(`done in ${results.totalSeconds.toFixed(0)} s; wrote ${outDir}/results.json, results.md, chart.svg`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  const sizes = options.quick ? [0.2, 1] : [0.2, 0.5, 1];
  const machine = machineInfo();
  log(`${options.quick ? "quick" : "full"} run on ${machineLine(machine)}`);
  const parseRuns = options.quick ? 1 : 3;
  if (options.parseOnly)
    return writeParseReport(await measureParse(PARSE_KINDS, parseRuns, log), machineLine(machine), options.outDir);
  const startup = measureCliStartup(options.quick ? 11 : 31);
  if (options.startupOnly) {
    process.stdout.write(`${renderStartup(startup, STARTUP_GOAL)}\n`);
    return;
  }
  const synth = measureSynth([100, 1_000, 5_000], options.quick ? 1 : 3);
  const parse = await measureParse(PARSE_KINDS, parseRuns, log);
  // The wall floor's pace: the emulator's latency, gcguard's pacer (lib/genesys/pacing.ts) and the rate limit.
  const { concurrency, requestsPerSecond, headroom } = defaultPacing;
  const pace: Pace = { latencyMs: options.latencyMs, concurrency, requestsPerSecond, headroom, ...RATE };
  const setup: BenchSetup = {
    options,
    sizes,
    work: mkdtempSync(path.join(os.tmpdir(), "gcguard-bench-")),
    pace,
    scenarios: [],
    emulators: [],
  };
  const snapshotSize = options.snapshotOrg === undefined ? [] : [options.snapshotOrg];
  for (const fraction of [...new Set([...sizes, ...snapshotSize])].sort()) await measureOrg(setup, fraction);
  rmSync(setup.work, { recursive: true, force: true });
  await writeResults(
    {
      generatedAt: new Date().toISOString(),
      mode: options.quick ? "quick" : "full",
      machine,
      settings: {
        latencyMs: options.latencyMs,
        ...RATE,
        gcguardConcurrency: concurrency,
        gcguardRequestsPerSecond: requestsPerSecond,
        gcguardHeadroom: headroom,
        naiveCapMs: options.naiveCapMs,
      },
      scenarios: setup.scenarios,
      synth,
      emulator: setup.emulators,
      startup,
      parse,
      totalSeconds: (Date.now() - started) / 1000,
    },
    options.outDir,
  );
}

const synthAt = process.argv.indexOf("--synth-child");
if (synthAt >= 0) synthChild(Number(process.argv[synthAt + 1]));
else
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
