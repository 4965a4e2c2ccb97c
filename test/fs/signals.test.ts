/**
 * A SIGINT or SIGTERM leaves no temporary file behind (lib/temp-files.ts), and still ends the process as the signal
 * would have: real processes, really signalled. A write under way when the signal comes is finished (renamed into
 * place) first; a temporary still registered when the process ends is removed; a synth stopped half way leaves a
 * whole cdk.tf.json and no staging folder.
 */
import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "scripts", "gcguard.cjs");
const CHUNK = 16 * 1024 * 1024;

/** The child's modes: a stream of large atomic writes; a temporary registered across a wait; that with a listener. */
const CHILD = `
import { writeFileSync } from "node:fs";
import { writeFileAtomic } from ${JSON.stringify(path.join(ROOT, "lib", "fs"))};
import { tempPathFor } from ${JSON.stringify(path.join(ROOT, "lib", "temp-files"))};

const [mode, target] = process.argv.slice(2) as [string, string];
const ready = (): void => void process.stdout.write("ready\\n");
if (mode === "writes") {
  const data = "x".repeat(${CHUNK});
  const end = Date.now() + 20_000;
  const next = (): void => {
    writeFileAtomic(target, data);
    if (Date.now() < end) setImmediate(next);
  };
  writeFileAtomic(target, data);
  ready();
  setImmediate(next);
} else {
  if (mode === "listener") process.on("SIGTERM", () => setTimeout(() => process.exit(5), 50));
  writeFileSync(tempPathFor(target), "half of it");
  ready();
}
setTimeout(() => process.stdout.write("survived\\n"), 30_000);
`;

interface Ended {
  /** The status a shell reports: the exit code, or 128 + the signal's number (130 SIGINT, 143 SIGTERM). */
  status: number | null;
  stdout: string;
}

const STATUS = { SIGINT: 130, SIGTERM: 143 } as const;

/** Starts `args` under node, waits until `isReady`, sends `signal`, and resolves when the process has ended. */
function signalled(args: string[], signal: NodeJS.Signals, isReady: (stdout: string) => boolean): Promise<Ended> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir() },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  let sent = false;
  const poll = setInterval(() => {
    if (!sent && isReady(stdout)) {
      sent = true;
      child.kill(signal);
    }
  }, 10);
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve) =>
    child.on("exit", (code, sig) => {
      clearInterval(poll);
      resolve({ status: sig ? 128 + constants.signals[sig] : code, stdout });
    }),
  );
}

const temporaries = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

/** The child in `mode`, signalled once it is ready and, for the writes, while a temporary file is on disk. */
function child(dir: string, mode: string, target: string, signal: NodeJS.Signals): Promise<Ended> {
  const script = path.join(dir, "child.ts");
  writeFileSync(script, CHILD);
  const midWrite = (): boolean => mode !== "writes" || temporaries(dir).length > 0;
  // tsx's loader, not its runner: the runner listens for signals itself, which would hide what gcguard does.
  return signalled(["--import", "tsx", script, mode, target], signal, (out) => out.includes("ready") && midWrite());
}

describe("atomic writes under SIGINT and SIGTERM", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`${signal} during a stream of 16 MB writes: the write under way lands whole, no temporary is left`, async () => {
      const dir = tempDir();
      const target = path.join(dir, "big.json");
      const ended = await child(dir, "writes", target, signal);
      expect(ended).toEqual({ status: STATUS[signal], stdout: "ready\n" });
      expect(temporaries(dir)).toEqual([]);
      expect(statSync(target).size).toBe(CHUNK);
    });
  }

  test("a temporary still registered when SIGTERM comes is removed, and the process ends by the signal", async () => {
    const dir = tempDir();
    const ended = await child(dir, "registered", path.join(dir, "out.json"), "SIGTERM");
    expect(ended).toEqual({ status: 143, stdout: "ready\n" });
    expect(readdirSync(dir)).toEqual(["child.ts"]);
  });

  test("another SIGTERM listener keeps the say: the temporary is removed and the listener ends the process", async () => {
    const dir = tempDir();
    const ended = await child(dir, "listener", path.join(dir, "out.json"), "SIGTERM");
    expect(ended.status).toBe(5);
    expect(readdirSync(dir)).toEqual(["child.ts"]);
  });
});

describe("gcguard synth under SIGTERM", () => {
  test("stopped half way, it leaves a whole cdk.tf.json (the old one or the new) and no staging folder", async () => {
    const dir = tempDir();
    const config = path.join(dir, "gcguard.config.yaml");
    const divisions = Array.from({ length: 3000 }, (_, i) => `      - name: Division ${i}`);
    writeFileSync(config, ["version: 1", "orgs:", "  - name: big", "    divisions:", ...divisions, ""].join("\n"));
    const out = path.join(dir, "cdktf.out");
    const stackFile = path.join(out, "stacks", "big", "cdk.tf.json");
    const staging = (): boolean => existsSync(out) && readdirSync(out).some((f) => f.startsWith(".gcguard-synth-"));

    const ended = await signalled([BIN, "synth", "--config", config, "--out", out], "SIGTERM", staging);

    // 143 as a rule; 0 when the signal, sent once the staging folder was seen, reached the process only after its
    // work was done and the event loop had ended (nothing is left to interrupt then).
    expect([143, 0]).toContain(ended.status);
    expect(staging()).toBe(false);
    if (existsSync(stackFile)) {
      const json = JSON.parse(readFileSync(stackFile, "utf8")) as { resource: Record<string, object> };
      expect(Object.keys(json.resource.genesyscloud_auth_division ?? {})).toHaveLength(3000);
    }
  }, 120_000);
});
