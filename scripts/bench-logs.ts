/**
 * `npm run bench:logs`: how fast `gcguard resolve` reads real logs. A log of the given size is built by repeating a
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

async function inProcess(file: string): Promise<{ ms: number; failures: number }> {
  let out = "";
  const started = performance.now();
  await resolveCommand(
    logLines(createReadStream(file) as AsyncIterable<Uint8Array>, file),
    file,
    { offline: true, write: false, format: "json" },
    { stdout: (t) => (out += t), stderr: () => {}, env: {}, stdinIsTty: false, confirm: () => Promise.resolve(false) },
  );
  const ms = performance.now() - started;
  return { ms, failures: (JSON.parse(out) as { failures: unknown[] }).failures.length };
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
      const row = `| ${mb} MB | ${copies} | ${runs[0]?.failures ?? 0} | ${ms.toFixed(0)} ms | ${(mb / (ms / 1000)).toFixed(1)} MB/s | ${cliMs.toFixed(0)} ms |`;
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
    "four 409s per copy); resolve runs offline. Medians of 3 runs.",
    "",
    "| log | copies | failures | resolve in-process | rate | `gcguard resolve` CLI, wall |",
    "| --- | --- | --- | --- | --- | --- |",
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
