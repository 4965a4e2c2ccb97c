/**
 * Issue 20's fault matrix, in-process through the real command line (scripts/cli.ts `run`) against the emulator on
 * a virtual clock: the emulator's fault rules (lib/emulator/faults.ts), a token revoked or expired mid-run, and a
 * proxy that answers HTML or loses the answer to a request it relayed (test/matrix/fault-harness.ts), times the
 * commands that talk to Genesys. Every case checks that its fault fired.
 *
 * A fault the client retries through must give the fault-free run's exit code and findings. Any other gives exit 3
 * (could not verify, also where the command reports a failed item and goes on: a write with no usable answer may
 * have landed) with a line naming the request; never exit 0 or 1, never a stack trace. For the write paths the emulator's state afterwards holds no user twice and is the fault-free run's,
 * at once or after a re-run with the fault cleared. A timeout is the emulator's latency fault holding an answer back
 * past the client's 30 s request timeout, both on the one virtual clock: the client gives up at 30 s (virtual),
 * retries reads, and exits 3 saying the API did not answer in 30 s; the held-back write still lands, so the state
 * is checked once it has (the clock moved past it) and again after a re-run.
 *
 * The tally of cases per command is printed at the end, for the issue's closing note.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import type { FaultRule } from "../../lib/emulator";
import { run } from "../../scripts/cli";
import { DEMO, useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import { VirtualClock } from "../virtual-clock";
import type { FaultProxy, ProxyFault } from "./fault-harness";
import { project, startFaultProxy, watchFaults } from "./fault-harness";

const ROOT = path.join(__dirname, "..", "..");
const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };
const clock = new VirtualClock();

/** A `terraform apply -json` line: Genesys refused a division delete because the division holds objects. */
function refusedDelete(divisionId: string): string {
  const message = `API Error: 400 - Scope '${divisionId}' may not be deleted because it has objects in it.`;
  const summary = `Failed to delete Division ${divisionId} error: ${message}`;
  const detail = { method: "DELETE", path: `/api/v2/authorization/divisions/${divisionId}`, statusCode: 400 };
  return JSON.stringify({
    "@level": "error",
    "@message": `Error: Failed to delete Division ${divisionId}`,
    "@module": "terraform.ui",
    "@timestamp": "2026-11-22T10:00:00.000000Z",
    type: "diagnostic",
    diagnostic: {
      severity: "error",
      summary,
      address: "genesyscloud_auth_division.bpo",
      detail: JSON.stringify({ ...detail, resourceType: "genesyscloud_auth_division", errorMessage: message }),
    },
  });
}

/** Group drift against the demo org: adds and removes in two groups. */
const GROUPS = {
  groups: [
    { displayName: "GC-Sales-Agents", members: ["ada@acme.example", "grace@acme.example", "donald@acme.example"] },
    { displayName: "Legacy Sales Team", members: ["barbara@acme.example", "frances@acme.example"] },
  ],
};
/** Users against the demo org: one update, three creates. */
const USERS = {
  users: [
    { userName: "ada@acme.example", displayName: "Ada Lovelace", title: "Countess" },
    { userName: "new1@acme.example", displayName: "New One", title: "Agent" },
    { userName: "new2@acme.example", displayName: "New Two", title: "Agent" },
    { userName: "new3@acme.example", displayName: "New Three", title: "Agent" },
  ],
};

/** A command of the matrix: its command line, the route its own faults go to, whether it writes. */
interface Command {
  readonly name: string;
  readonly argv: (url: string, dir: string) => string[];
  /** The route the route-specific faults match; for a write path, its write route. */
  readonly route: string;
  readonly writes?: boolean;
}

const file = (dir: string, name: string, content: string): string => {
  writeFileSync(path.join(dir, name), content);
  return path.join(dir, name);
};

const COMMANDS: readonly Command[] = [
  {
    name: "preflight",
    argv: (url) => ["preflight", "-c", path.join(ROOT, "examples/gcguard.config.yaml"), "--base-url", url],
    route: "GET /api/v2/*",
  },
  {
    name: "resolve",
    argv: (url) => [
      "resolve",
      path.join(ROOT, "test/resolve/fixtures/json-apply.log"),
      "--no-write",
      "--format",
      "json",
      "--base-url",
      url,
    ],
    route: "GET /api/v2/*",
  },
  {
    name: "scim diff",
    argv: (url, dir) => ["scim", "diff", "--export", file(dir, "g.json", JSON.stringify(GROUPS)), "--base-url", url],
    route: "GET /api/v2/*",
  },
  {
    name: "scim sync --apply",
    argv: (url, dir) => [
      ...["scim", "sync", "--apply", "--chunk-size", "1", "--export", file(dir, "g.json", JSON.stringify(GROUPS))],
      ...["--base-url", url],
    ],
    route: "PATCH /api/v2/scim/v2/groups/*",
    writes: true,
  },
  {
    name: "scim users --apply",
    argv: (url, dir) => [
      ...["scim", "users", "--apply", "--export", file(dir, "u.json", JSON.stringify(USERS))],
      ...["--base-url", url],
    ],
    route: "POST /api/v2/scim/v2/users",
    writes: true,
  },
  {
    name: "snapshot",
    argv: (url, dir) => ["snapshot", "--out", path.join(dir, "seed.json"), "--force", "--base-url", url],
    route: "GET /api/v2/*",
  },
  {
    name: "resolve --fix move-objects",
    argv: (url, dir) => [
      ...["resolve", file(dir, "apply.log", `${refusedDelete(DEMO.partnerBpo)}\n`), "--no-write"],
      ...["--fix", "move-objects", "--to", "Home", "--apply", "--yes", "--base-url", url],
    ],
    route: "POST /api/v2/authorization/divisions/*/objects/*",
    writes: true,
  },
];

/**
 * A fault: how to set it up for a command, and whether a retrying client must get through it (`reads`: only when
 * the fault is on a read; a write that failed is not sent again, as it may have landed).
 */
interface Fault {
  readonly name: string;
  readonly transient: boolean | "reads";
  readonly rules?: (c: Command) => FaultRule[];
  readonly proxy?: (c: Command) => ProxyFault;
  readonly tokens?: "revoke" | "expire";
  /**
   * What stderr (with the client's debug lines on, GCGUARD_DEBUG=1) or the report must say, retried through or not,
   * besides naming the request that failed.
   */
  readonly says?: RegExp;
}

/** Longer than the client's request timeout (30 s, lib/genesys/http.ts): the answer comes after it gave up. */
const LATE_MS = 45_000;

const FAULTS: readonly Fault[] = [
  {
    name: "a 429 burst with Retry-After",
    transient: true,
    rules: () => [{ kind: "rate-limit", match: "/api/v2/*", times: 3, retryAfterSeconds: 7 }],
  },
  {
    name: "503 twice on its route",
    transient: "reads",
    rules: (c) => [{ kind: "status", status: 503, match: c.route, times: 2 }],
  },
  {
    name: "a connection reset on a read",
    transient: true,
    rules: () => [{ kind: "reset", match: "GET /api/v2/*", times: 1 }],
  },
  { name: "the token revoked mid-run", transient: true, tokens: "revoke" },
  { name: "the token expired mid-run", transient: true, tokens: "expire" },
  {
    name: "a proxy's HTML 502 once",
    transient: true,
    proxy: () => ({ does: "html", status: 502, after: 1, times: 1 }),
  },
  {
    name: "500 on its route, every time after the first",
    transient: false,
    rules: (c) => [{ kind: "status", status: 500, match: c.route, after: 1 }],
  },
  {
    name: "connection resets on its route, every time after the first",
    transient: false,
    rules: (c) => [{ kind: "reset", match: c.route, after: 1 }],
  },
  {
    name: "a proxy's HTML 200 for every request",
    transient: false,
    proxy: () => ({ does: "html", status: 200, after: 1 }),
  },
  {
    name: "the answer to a request on its route lost after it landed",
    transient: "reads",
    proxy: (c) => ({ does: "lost", match: c.route.replace(/\*.*$/, ""), times: 1 }),
  },
  {
    name: "its route answered after the timeout, once",
    transient: "reads",
    rules: (c) => [{ kind: "latency", latencyMs: LATE_MS, match: c.route, times: 1 }],
    says: /the API did not answer in 30 s/,
  },
  {
    name: "its route answered after the timeout, every time after the first",
    transient: false,
    rules: (c) => [{ kind: "latency", latencyMs: LATE_MS, match: c.route, after: 1 }],
    // The run's own error line, not only a debug line.
    says: /: no answer from Genesys \(the API did not answer in 30 s\) after \d+ attempts?;/,
  },
  {
    name: "a truncated JSON body on every request",
    transient: false,
    rules: () => [{ kind: "malformed", body: "truncated", match: "/api/v2/*" }],
  },
  {
    name: "valid JSON of the wrong shape on every request",
    transient: false,
    rules: () => [{ kind: "malformed", body: "wrong-shape", match: "/api/v2/*" }],
  },
];

/** What changes between two runs with the same findings: request counts, retries, written paths, new users' ids. */
function findings(stdout: string, dir: string): string {
  return stdout
    .split(dir)
    .join("<dir>")
    .replace(/"apiCalls":\s*\{[^{}]*(\{[^{}]*\}[^{}]*)*\}/g, '"apiCalls":{}')
    .replace(/ \(\d+ retr(?:y|ies), \d+ rate-limited\)/g, "")
    .replace(/API: \d+ request\(s\), \d+ rate-limited \(429\), \d+ retried\./g, "API: <counts>")
    .replace(/\d+ API (?:calls|requests?)\b/g, "<n> API requests")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>");
}

/** A command's fault-free run: its exit, findings, written snapshot and (write paths) the emulator's state after. */
interface Baseline {
  readonly code: number;
  readonly findings: string;
  readonly state?: unknown;
  readonly snapshot?: string;
}

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$|\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/m;

describe("fault matrix: faults times commands", () => {
  const api = useEmulator({ clock });
  let proxy: FaultProxy;
  const tally = new Map<string, { cases: number; passed: number }>();
  const baseline = new Map<string, Baseline>();

  beforeAll(async () => {
    proxy = await startFaultProxy(api().emulator.url);
  });
  afterAll(async () => {
    await proxy.close();
    const parts = [...tally].map(([name, t]) => `${name} ${t.cases}`);
    const total = [...tally.values()].reduce((n, t) => n + t.cases, 0);
    const passed = [...tally.values()].reduce((n, t) => n + t.passed, 0);
    // The tally is this file's report, quoted in the closing note.
    // eslint-disable-next-line no-console
    console.log(`fault matrix: ${parts.join(", ")} = ${total} cases, ${passed === total ? "all" : passed} passing`);
  });

  /** With `debug`, the client's debug lines (written to process.stderr, lib/genesys/client.ts) join `err`. */
  async function runCommand(c: Command, dir: string, debug = false) {
    let out = "";
    let err = "";
    const debugLines = debug
      ? vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
          err += String(chunk);
          return true;
        })
      : undefined;
    const code = await run(c.argv(proxy.url, dir), {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: { ...CI_ENV, ...(debug ? { GCGUARD_DEBUG: "1" } : {}) },
      stdinIsTty: false,
      clock,
    }).finally(() => debugLines?.mockRestore());
    const snapshot = c.name === "snapshot" && code === 0 ? readFileSync(path.join(dir, "seed.json"), "utf8") : "";
    return { code, out, err, findings: findings(out, dir), snapshot };
  }

  async function state() {
    return project((await api().admin("GET", "/state")).body);
  }

  /** Runs `body` with the fault set, then clears it; fails unless the fault fired. */
  async function withFault<T>(f: Fault, c: Command, body: () => Promise<T>): Promise<T> {
    if (f.rules) await api().admin("PUT", "/faults", f.rules(c));
    proxy.set(f.proxy?.(c));
    const watch = watchFaults(api().emulator, clock, f.tokens ? { nth: 3, how: f.tokens } : undefined);
    try {
      const result = await body();
      expect(watch.fired() + proxy.fired(), "the fault fired").toBeGreaterThan(0);
      // Answers held back past the timeout come now (a write among them lands), before the state is read.
      await clock.sleep(LATE_MS + 1_000);
      return result;
    } finally {
      watch.restore();
      proxy.set(undefined);
      await api().admin("DELETE", "/faults");
    }
  }

  for (const c of COMMANDS) {
    describe(c.name, () => {
      test("without a fault (the baseline of the cases below)", async () => {
        const dir = tempDir();
        const r = await runCommand(c, dir);
        expect([0, 1], r.err).toContain(r.code);
        const after = c.writes ? await state() : undefined;
        if (after) expect(after.duplicates).toEqual([]);
        baseline.set(c.name, { code: r.code, findings: r.findings, state: after?.state, snapshot: r.snapshot });
      });

      test.each(FAULTS.map((f) => [f.name, f] as const))("%s", async (_name, f) => {
        let passed = false;
        try {
          await faultCase(c, f);
          passed = true;
        } finally {
          const t = tally.get(c.name) ?? { cases: 0, passed: 0 };
          tally.set(c.name, { cases: t.cases + 1, passed: t.passed + (passed ? 1 : 0) });
        }
      });
    });
  }

  /** Transient: the fault-free run's exit and findings. Otherwise a failure naming the request, never exit 0. */
  async function faultCase(c: Command, f: Fault): Promise<void> {
    const base = baseline.get(c.name);
    if (!base) throw new Error(`no baseline for ${c.name}`);
    const dir = tempDir();
    const r = await withFault(f, c, () => runCommand(c, dir, f.says !== undefined));
    expect(r.err).not.toMatch(STACK_TRACE);
    if (f.says) expect(`${r.err}\n${r.out}`, r.err).toMatch(f.says);
    const retried = f.transient === true || (f.transient === "reads" && c.route.startsWith("GET "));
    if (retried) {
      expect(r.code, r.err).toBe(base.code);
      expect(r.findings).toBe(base.findings);
      expect(r.snapshot).toBe(base.snapshot);
    } else {
      // Could not verify: a write that failed may have landed (README "Exit codes"), so never 1.
      expect(r.code, r.err).toBe(3);
      // One line (stderr, or the report for a failed item) names the request that failed.
      expect(`${r.err}\n${r.out}`, r.err).toMatch(/^.*(GET|POST|PUT|PATCH|DELETE) \/(api\/v2|oauth)\/\S+.*$/m);
    }
    if (c.writes) await expectConverged(c, base, !retried);
  }

  /** Nothing held twice; the fault-free run's state, at once or after a re-run with the fault cleared. */
  async function expectConverged(c: Command, base: Baseline, rerun: boolean): Promise<void> {
    const after = await state();
    expect(after.duplicates).toEqual([]);
    if (rerun) {
      const again = await runCommand(c, tempDir());
      expect(again.code, again.err).toBe(base.code);
      const converged = await state();
      expect(converged.duplicates).toEqual([]);
      expect(converged.state).toEqual(base.state);
    } else expect(after.state).toEqual(base.state);
  }
});
