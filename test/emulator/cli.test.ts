/**
 * `gcguard emulator` as users run it: real processes (`node scripts/gcguard.cjs emulator ...`) where the process is
 * the point (serving until a real SIGINT or SIGTERM), `run(argv, io)` in-process for what ends by itself (bad flags,
 * a taken port, --write-seed: the same exit code and output); and its flag parsing (lib/emulator/cli-options.ts) as
 * pure functions.
 */
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, describe, expect, test } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import {
  connectHost,
  listenError,
  parseFaultSpec,
  parseGenerateSpec,
  planEmulator,
  renderBanner,
} from "../../lib/emulator/cli-options";
import { DEFAULT_PORT } from "../../lib/emulator/defaults";
import { generateSeed } from "../../lib/emulator/generate";
import { loadSeedFile } from "../../lib/emulator/seed";
import { InputError } from "../../lib/errors";
import { run } from "../../scripts/cli";
import { tempDir } from "../helpers";
import { request } from "./helpers";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join("scripts", "gcguard.cjs");
const DEMO_SEED = path.join("lib", "emulator", "seeds", "demo.yaml");
const ENV = { PATH: path.dirname(process.execPath), HOME: process.env.HOME, TMPDIR: tmpdir() };

const note = (text: string): void => {
  process.stderr.write(`[cli.test] ${text}\n`);
};

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

interface Finished extends Exit {
  readonly stdout: string;
  readonly stderr: string;
}

const children = new Set<ChildProcessWithoutNullStreams>();

afterEach(() => {
  // Only the processes this file started, by handle.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});

function launch(args: readonly string[]): {
  child: ChildProcessWithoutNullStreams;
  out: { stdout: string; stderr: string };
  exited: Promise<Exit>;
} {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: ENV });
  children.add(child);
  const out = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out.stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (out.stderr += d));
  const exited = new Promise<Exit>((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
  return { child, out, exited };
}

/** Runs a command that ends by itself, in-process. */
async function runToEnd(args: readonly string[]): Promise<Finished> {
  const out = { stdout: "", stderr: "" };
  const code = await run(args, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t) });
  return { code, signal: null, ...out };
}

interface Served {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly spawnedAt: number;
  readonly out: { stdout: string; stderr: string };
  readonly exited: Promise<Exit>;
}

/** Starts `gcguard emulator ...` and waits for the URL line on stdout and the end of the banner on stderr. */
async function serve(args: readonly string[]): Promise<Served> {
  const spawnedAt = performance.now();
  const { child, out, exited } = launch(["emulator", ...args]);
  const ready = (): boolean => out.stdout.includes("\n") && out.stderr.includes("stop with Ctrl-C");
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within 20 s; stderr:\n${out.stderr}`)), 20_000);
    const check = (): void => {
      if (!ready()) return;
      clearTimeout(timer);
      child.stdout.off("data", check);
      child.stderr.off("data", check);
      resolve();
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`exited early (${JSON.stringify(exit)}); stderr:\n${out.stderr}`));
    });
  });
  return { child, url: out.stdout.slice(0, out.stdout.indexOf("\n")), spawnedAt, out, exited };
}

async function token(url: string, id = "gcguard-ci", secret = "demo-secret-ci"): Promise<string> {
  const res = await request<{ access_token: string }>(`${url}/oauth/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
  expect(res.status).toBe(200);
  return res.body.access_token;
}

const divisions = (url: string, bearer: string) =>
  request<{ total: number; entities: { name: string }[] }>(`${url}/api/v2/authorization/divisions`, {
    headers: { authorization: `Bearer ${bearer}` },
  });

describe("gcguard emulator (real processes)", () => {
  test("serves the demo seed: one URL line on stdout, OAuth and divisions over HTTP, SIGINT exits 0", async () => {
    const served = await serve(["--seed", DEMO_SEED, "--port", "0"]);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await divisions(served.url, await token(served.url));
    const elapsed = performance.now() - served.spawnedAt;
    // Printed, not asserted: a wall-clock figure depends on the machine and its load.
    note(`spawn to first successful API response: ${elapsed.toFixed(0)} ms`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);

    const banner = served.out.stderr;
    expect(banner).toContain("5 divisions, 10 users (1 inactive), 4 groups, 3 queues");
    for (const id of ["gcguard-ci", "gcguard-bpo", "gcguard-readonly"]) expect(banner).toContain(id);
    expect(banner).not.toMatch(/demo-secret/);
    const port = new URL(served.url).port;
    expect(banner).toContain(
      `GENESYSCLOUD_GATEWAY_PROTOCOL=http GENESYSCLOUD_GATEWAY_HOST=127.0.0.1 GENESYSCLOUD_GATEWAY_PORT=${port}`,
    );
    expect(banner).toContain(`${served.url}/__emulator/`);

    served.child.kill("SIGINT");
    expect(await served.exited).toEqual({ code: 0, signal: null });
    expect(served.out.stdout).toBe(`${served.url}\n`);
    expect(served.out.stderr).toContain("SIGINT, stopping");
  });

  test("--fault answers 503 on the matching route only; SIGTERM exits 0", async () => {
    const served = await serve([
      "--port",
      "0",
      "--fault",
      "kind=status,status=503,match=*divisions*",
      "--latency",
      "1",
      "--rate-limit",
      "0",
    ]);
    expect(served.out.stderr).toContain("latency 1 ms, rate limit off, 1 fault rule(s)");
    const bearer = await token(served.url);
    const res = await divisions(served.url, bearer);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 503, code: "service.unavailable" });
    const org = await request(`${served.url}/api/v2/organizations/me`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(org.status).toBe(200);

    served.child.kill("SIGTERM");
    expect(await served.exited).toEqual({ code: 0, signal: null });
  });

  test("a port already taken exits 2 with a message naming --port and the fix", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const r = await runToEnd(["emulator", "--port", String(port)]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(`--port ${port}: 127.0.0.1:${port} is already in use;`);
      expect(r.stderr).toContain("0 picks a free one");
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test("bad flags exit 2 with one clear line, before anything listens", async () => {
    const cases: [string[], string][] = [
      [["--generate", "divisions=lots"], 'gcguard: --generate "divisions=lots": divisions must be a whole number'],
      [["--generate", "users=10,teams=3"], 'unknown key "teams"'],
      [["--fault", "kind=explode"], 'gcguard: --fault "kind=explode": kind:'],
      [["--fault", "kind=status,status=abc"], "status must be a number"],
      [["--seed", DEMO_SEED, "--generate", "divisions=2"], "--seed and --generate cannot be used together"],
      [["--port", "70000"], '--port "70000": must be a whole number from 0 to 65535'],
      [["--seed", "no-such-seed.yaml", "--port", "0"], "no-such-seed.yaml: cannot read the emulator seed (ENOENT)"],
    ];
    const results: Finished[] = [];
    for (const [args] of cases) results.push(await runToEnd(["emulator", ...args]));
    results.forEach((r, i) => {
      const [args, message] = cases[i] as [string[], string];
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr, args.join(" ")).toContain(message);
    });
    expect(results[0]?.stderr).toContain("use e.g. --generate divisions=1000,users=50000,queues=5000,groups=3000");
  });

  test("--generate with --write-seed writes the generated org (byte-identical to generateSeed) and exits 0", async () => {
    const file = path.join(tempDir("gcguard-emulator-"), "nested", "org.json");
    const spec = "divisions=20,users=300,queues=15,groups=10,seed=ci";
    const r = await runToEnd(["emulator", "--generate", spec, "--write-seed", file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Wrote ${file}: 20 divisions, 300 users, 10 groups, 15 queues\n`);
    expect(r.stderr).toContain("generated 20 divisions, 300 users, 15 queues, 10 groups in");
    const text = readFileSync(file, "utf8");
    const expected = generateSeed({ divisions: 20, users: 300, queues: 15, groups: 10, seed: "ci" });
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(loadSeedFile(file)).toEqual(expected);
    expect(loadSeedFile(file)).toEqual(expected);

    // ... and a real process serves it back with --seed (JSON fast path).
    const served = await serve(["--seed", file, "--port", "0"]);
    const res = await divisions(served.url, await token(served.url, "gcguard-bpo", "demo-secret-bpo"));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(20); // divisions are not division-scoped (docs/genesys-api.md §3)
    expect(served.out.stderr).toContain("gcguard-bpo (all permissions, 19 of 20 divisions)");
    served.child.kill("SIGINT");
    expect((await served.exited).code).toBe(0);
  });
});

describe("emulator flags (lib/emulator/cli-options.ts)", () => {
  test("--generate: counts, defaults, digit grouping and a seed text", () => {
    expect(parseGenerateSpec("divisions=1000,users=50000,queues=5000,groups=3000")).toEqual({
      divisions: 1000,
      users: 50000,
      queues: 5000,
      groups: 3000,
    });
    expect(parseGenerateSpec(" users = 50_000 , seed=x ")).toEqual({
      divisions: 1,
      users: 50000,
      queues: 0,
      groups: 0,
      seed: "x",
    });
  });

  test("--generate: every mistake is an InputError naming the flag and showing a working example", () => {
    for (const [spec, problem] of [
      ["", "empty"],
      ["users", '"users" is not key=value'],
      ["users=1,users=2", "users is given twice"],
      ["divisions=0", "divisions must be a whole number from 1 to 100000"],
      ["users=-5", "users must be a whole number from 0"],
      ["users=1e3", 'users must be a whole number from 0 to 1000000 (got "1e3")'],
      ["queues=999999999", "queues must be a whole number from 0 to 200000"],
      ["seed=", "seed is empty"],
      ["teams=3", 'unknown key "teams" (known: divisions, users, queues, groups, seed)'],
    ]) {
      const attempt = () => parseGenerateSpec(spec as string);
      expect(attempt).toThrow(InputError);
      expect(attempt).toThrow(`--generate "${spec}": ${problem}`);
      expect(attempt).toThrow(/; use e\.g\. --generate divisions=1000,users=50000,queues=5000,groups=3000/);
    }
  });

  test("--fault: key=value pairs become a FaultRule, numbers as numbers", () => {
    expect(parseFaultSpec("kind=status,status=503,match=GET /api/v2/users*,probability=0.2,times=3")).toEqual({
      kind: "status",
      status: 503,
      match: "GET /api/v2/users*",
      probability: 0.2,
      times: 3,
    });
    expect(parseFaultSpec("kind=malformed,body=truncated,after=2")).toEqual({
      kind: "malformed",
      body: "truncated",
      after: 2,
    });
    expect(parseFaultSpec("kind=rate-limit,retryAfterSeconds=7")).toEqual({ kind: "rate-limit", retryAfterSeconds: 7 });
  });

  test("--fault: unknown keys, bad values and schema violations are InputErrors", () => {
    for (const [spec, problem] of [
      ["status=503", "kind: "],
      ["kind=status,code=503", 'unknown key "code"'],
      ["kind=status,status=5o3", 'status must be a number (got "5o3")'],
      ["kind=status,status=200", "status: "],
      ["kind=status,probability=2", "probability: "],
      ["kind=reset,times=0", "times: "],
      ["kind=malformed,body=weird", "body: "],
    ]) {
      expect(() => parseFaultSpec(spec as string)).toThrow(`--fault "${spec}": ${problem}`);
    }
  });

  test("plans: defaults, settings from --latency and --rate-limit, faults in order, flag errors", () => {
    const plan = planEmulator({}, DEMO_SEED_FILE);
    expect(plan).toEqual({
      source: { kind: "file", file: DEMO_SEED_FILE },
      port: DEFAULT_PORT,
      host: "127.0.0.1",
      settings: {},
      faults: [],
    });
    expect(DEFAULT_PORT).toBe(8080);
    const tuned = planEmulator(
      { latency: "25", rateLimit: "600", fault: ["kind=reset,times=1", "kind=latency,latencyMs=5"], port: "0" },
      DEMO_SEED_FILE,
    );
    expect(tuned.settings).toEqual({ latencyMs: 25, rateLimit: { requestsPerWindow: 600, windowMs: 60_000 } });
    expect(tuned.faults.map((f) => f.kind)).toEqual(["reset", "latency"]);
    expect(tuned.port).toBe(0);
    expect(() => planEmulator({ latency: "-1" }, DEMO_SEED_FILE)).toThrow('--latency "-1": must be a whole number');
    const dir = tempDir("gcguard-emulator-");
    const faultsFile = path.join(dir, "faults.yaml");
    writeFileSync(faultsFile, "- kind: status\n  status: 504\n  match: GET /api/v2/routing/queues*\n");
    expect(planEmulator({ faults: faultsFile, fault: ["kind=reset"] }, DEMO_SEED_FILE).faults).toEqual([
      { kind: "status", status: 504, match: "GET /api/v2/routing/queues*" },
      { kind: "reset" },
    ]);
    writeFileSync(faultsFile, "- kind: explode\n");
    expect(() => planEmulator({ faults: faultsFile }, DEMO_SEED_FILE)).toThrow(/invalid fault rules/);
    expect(() => planEmulator({ faults: "/no/such/faults.yaml" }, DEMO_SEED_FILE)).toThrow(
      "--faults /no/such/faults.yaml: cannot read the file (ENOENT)",
    );
  });

  test("seeds load the same through the JSON fast path as through the YAML parser, errors included", () => {
    const dir = tempDir("gcguard-emulator-");
    const json = path.join(dir, "demo.json");
    writeFileSync(json, JSON.stringify(loadSeedFile(DEMO_SEED_FILE)));
    expect(loadSeedFile(json)).toEqual(loadSeedFile(DEMO_SEED_FILE));
    expect(loadSeedFile(DEMO_SEED_FILE)).toEqual(loadSeedFile(DEMO_SEED_FILE));
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, JSON.stringify({ ...loadSeedFile(DEMO_SEED_FILE), divisions: [{ id: "d1", name: "Home" }] }));
    expect(() => loadSeedFile(broken)).toThrow(`${broken}: inconsistent emulator seed`);
    expect(() => loadSeedFile(path.join(dir, "missing.json"))).toThrow("cannot read the emulator seed (ENOENT)");
    writeFileSync(path.join(dir, "bad.json"), "{ not json");
    expect(() => loadSeedFile(path.join(dir, "bad.json"))).toThrow("not valid YAML or JSON");
  });

  test("listen errors become exit-2 messages; wildcard hosts are reached on loopback", () => {
    const inUse = listenError(Object.assign(new Error("listen"), { code: "EADDRINUSE" }), "127.0.0.1", 8080);
    expect(inUse).toBeInstanceOf(InputError);
    expect((inUse as InputError).message).toMatch(/^--port 8080: 127\.0\.0\.1:8080 is already in use/);
    const other = new Error("boom");
    expect(listenError(other, "127.0.0.1", 8080)).toBe(other);
    expect(connectHost("0.0.0.0")).toBe("127.0.0.1");
    expect(connectHost("::")).toBe("::1");
    expect(connectHost("10.0.0.5")).toBe("10.0.0.5");
  });

  test("the banner names the traps of a generated org and never prints a secret", () => {
    const seed = generateSeed({ divisions: 10, users: 50, queues: 5, groups: 400 });
    const text = renderBanner({
      seed,
      source: "--generate divisions=10,users=50,queues=5,groups=400",
      url: "http://127.0.0.1:8080",
      host: "0.0.0.0",
      port: 8080,
      settings: {},
      faults: [],
    });
    expect(text).toContain("10 divisions, 50 users (");
    expect(text).toContain("2 division name(s) differing only in case");
    expect(text).toContain("2 group name(s) used more than once");
    expect(text).toContain("GENESYSCLOUD_GATEWAY_HOST=127.0.0.1 GENESYSCLOUD_GATEWAY_PORT=8080");
    expect(text).toContain("rate limit 300 requests/minute per token");
    for (const client of seed.clients) expect(text).not.toContain(client.secret);
  });
});
