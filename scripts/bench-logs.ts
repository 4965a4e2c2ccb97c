/**
 * `npm run bench:logs`: how fast `gcguard resolve` reads real logs, and the heap it grows by (a test asserted both
 * once; they depend on the machine, so they are measured here). A log of the given size is built by repeating a
 * real capture (a GitHub Actions raw log of a failed `cdktf deploy`, test/resolve/fixtures/real/ci/), and resolve runs
 * on it offline: in-process (parsing, attribution, the report) and as the CLI a user runs (start-up included).
 * Writes bench/log-parsing.md.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { logLines } from "../lib/logs/input";
import { resolveCommand } from "../lib/resolve/command";

const ROOT = path.join(__dirname, "..");
const SAMPLE = path.join(ROOT, "test", "resolve", "fixtures", "real", "ci", "github-actions-cdktf-deploy.log");
const SIZES_MB = [5, 50];
const RUNS = 3;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function buildLog(file: string, megabytes: number): number {
  const sample = readFileSync(SAMPLE, "utf8").replace(/^\ufeff/, "");
  const copies = Math.ceil((megabytes * 1024 * 1024) / Buffer.byteLength(sample));
  writeFileSync(file, `\ufeff${sample.repeat(copies)}`);
  return copies;
}

/** One in-process resolve: its time, the failures found, and the peak heap growth (sampled every 10 ms), MB. */
async function inProcess(file: string): Promise<{ ms: number; failures: number; heapMb: number }> {
  let out = "";
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const timer = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 10);
  const started = performance.now();
  await resolveCommand(
    logLines(createReadStream(file) as AsyncIterable<Uint8Array>, file),
    file,
    { offline: true, write: false, format: "json" },
    { stdout: (t) => (out += t), stderr: () => {}, env: {}, stdinIsTty: false, confirm: () => Promise.resolve(false) },
  );
  const ms = performance.now() - started;
  clearInterval(timer);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  const heapMb = (heapPeak - heapBefore) / 1024 / 1024;
  return { ms, failures: (JSON.parse(out) as { failures: unknown[] }).failures.length, heapMb };
}

function cli(file: string): number {
  const started = performance.now();
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, "scripts", "gcguard.cjs"), "resolve", file, "--offline", "--no-write"],
      {
        stdio: "ignore",
      },
    );
  } catch {
    // exit 1: the log holds failures, as expected
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), "gcguard-bench-logs-"));
  const rows: string[] = [];
  try {
    for (const mb of SIZES_MB) {
      const file = path.join(work, `apply-${mb}mb.log`);
      const copies = buildLog(file, mb);
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await inProcess(file));
      const cliMs = median(Array.from({ length: RUNS }, () => cli(file)));
      const ms = median(runs.map((r) => r.ms));
      const heapMb = Math.max(...runs.map((r) => r.heapMb));
      const row = `| ${mb} MB | ${copies} | ${runs[0]?.failures ?? 0} | ${ms.toFixed(0)} ms | ${(mb / (ms / 1000)).toFixed(1)} MB/s | ${heapMb.toFixed(0)} MB | ${cliMs.toFixed(0)} ms |`;
      process.stderr.write(`${row}\n`);
      rows.push(row);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const md = [
    "# Log parsing",
    "",
    `\`npm run bench:logs\` on ${os.cpus()[0]?.model.trim() ?? "unknown"} (${os.cpus().length} cores), Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}.`,
    "The log repeats a real GitHub Actions raw log of a failed `cdktf deploy` (timestamps, BOM, two interleaved stacks,",
    "four 409s per copy); resolve runs offline. Medians of 3 runs; heap: the largest growth of the in-process runs",
    "(the log is streamed, so it should stay far below the log's size).",
    "",
    "| log | copies | failures | resolve in-process | rate | peak heap growth | `gcguard resolve` CLI, wall |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
  writeFileSync(path.join(ROOT, "bench", "log-parsing.md"), md);
  process.stdout.write(md);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
