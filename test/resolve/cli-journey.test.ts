/**
 * The README's journey through the real CLI: `cdktf deploy 2>&1 | gcguard resolve -`, on a captured deploy of a
 * config that is not the example, then `gcguard synth` with what resolve wrote; a log on stdin diagnosed without
 * writing. Also, in-process through `run(argv, io)` (the same exit code and output): the raw GitHub Actions log as a
 * file argument, a plan handed over by mistake, a directory.
 */
import { spawn } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { RunningEmulator } from "../../lib/emulator";
import { startEmulator } from "../../lib/emulator";
import { run } from "../../scripts/cli";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const REAL = path.join(__dirname, "fixtures", "real");
const SECRET = "demo-secret-ci";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.close();
});

/** Runs the gcguard CLI asynchronously (the emulator answers from this process). */
function gcguard(
  args: readonly string[],
  options: { cwd: string; stdin?: Buffer },
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts", "gcguard.cjs"), ...args], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: tmpdir(),
        GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci",
        GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET,
        NO_COLOR: "1",
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out, err }));
    child.stdin.end(options.stdin ?? Buffer.alloc(0));
  });
}

/** `gcguard ...` in-process, in `cwd` (where resolve writes by default), with no stdin. */
async function inProcess(args: readonly string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const saved = process.cwd();
  process.chdir(cwd);
  try {
    let out = "";
    let err = "";
    const code = await run(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  } finally {
    process.chdir(saved);
  }
}

describe("gcguard resolve, as users run it", () => {
  test("cdktf deploy's output on stdin: adoptions for the deploy's own stack, which the next synth takes", async () => {
    const dir = tempDir("gcguard-journey-");
    copyFileSync(path.join(REAL, "sources", "cdktf-one", "gcguard.config.yaml"), path.join(dir, "gcguard.config.yaml"));
    const log = readFileSync(path.join(REAL, "cdktf", "deploy-piped.log"));
    const r = await gcguard(["resolve", "-", "--base-url", emulator.url], { cwd: dir, stdin: log });
    expect(r.code, r.err).toBe(1);
    expect(r.out).toContain(
      '[name-conflict] genesyscloud_auth_division.support: the division "Customer Support" already exists',
    );
    expect(r.out).toContain("construct: divisions/support/Default");
    const manifest = JSON.parse(readFileSync(path.join(dir, "gcguard.imports.json"), "utf8")) as {
      stacks: Record<string, Record<string, { id: string }>>;
    };
    expect(Object.keys(manifest.stacks)).toEqual(["globex-eu"]);
    // The queue the apply never reached collides too: adopted in the same round, so one new apply is enough.
    expect(Object.keys(manifest.stacks["globex-eu"] ?? {}).sort()).toEqual([
      "genesyscloud_auth_division.support",
      "genesyscloud_group.sales_agents",
      "genesyscloud_routing_queue.sales_callback",
    ]);
    expect(r.out + r.err).not.toContain(SECRET);

    const synth = await inProcess(["synth"], dir);
    expect(synth.code, synth.err).toBe(0);
    expect(synth.out).toMatch(/adopted\s+3/);
    expect(synth.err).not.toMatch(/matches no resource/);
  });

  test("a log on stdin with --no-write: the diagnosis on stdout, exit 1, nothing written", async () => {
    const dir = tempDir("gcguard-journey-");
    const log = readFileSync(path.join(__dirname, "fixtures", "human-resource-name.log"));
    const r = await gcguard(["resolve", "-", "--no-write", "--base-url", "http://127.0.0.1:9"], {
      cwd: dir,
      stdin: log,
    });
    expect(r.out).toContain("[version-conflict] genesyscloud_routing_queue.support");
    expect(r.out).toContain("Run terraform plan again");
    expect(r.code).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("a raw GitHub Actions log of a failed deploy exits 1 with its four 409s, stack by stack", async () => {
    const dir = tempDir("gcguard-journey-");
    const r = await inProcess(
      ["resolve", path.join(REAL, "ci", "github-actions-cdktf-deploy.log"), "--offline", "--format", "json"],
      dir,
    );
    expect(r.code, r.err).toBe(1);
    const report = JSON.parse(r.out) as { input: { runners: string[] }; failures: { kind: string; stack: string }[] };
    expect(report.input.runners).toEqual(["github-actions"]);
    expect(report.failures.map((f) => `${f.stack} ${f.kind}`).sort()).toEqual([
      "globex-eu name-conflict",
      "globex-eu name-conflict",
      "globex-us name-conflict",
      "globex-us name-conflict",
    ]);
  });

  test("fails on a plan handed over as the log: exit 2, one line naming it, nothing written", async () => {
    const dir = tempDir("gcguard-journey-");
    const r = await inProcess(["resolve", path.join(REAL, "terraform", "delete-plan.json")], dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/this is a Terraform JSON plan .* pass it with --plan/);
    expect(readdirSync(dir)).toEqual([]);
  });

  test("fails on a directory given as the log with exit 2", async () => {
    const dir = tempDir("gcguard-journey-");
    const r = await inProcess(["resolve", dir], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is a directory; pass the log file/);
  });
});
