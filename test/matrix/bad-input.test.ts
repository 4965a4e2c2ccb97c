/**
 * Issue 20's bad-input matrix, in-process through the real command line (scripts/cli.ts `run`) against the
 * emulator: every input resolve and preflight read (and the emulator's seed) times the malformed variants. Each bad
 * case must exit 2 with one headline naming the input (an InputError may list its problems below it, one indented
 * `  - ` line each), no stack trace, nothing on stdout, and nothing written beside the input, although every command
 * is pointed at that folder for its outputs. CR LF line ends and a UTF-8 BOM on otherwise valid content must be
 * read like the plain file (every reader strips a leading BOM, lib/limits.ts readInputText).
 *
 * The tally of cases per input kind is printed at the end, for the issue's closing note.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import { run } from "../../scripts/cli";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

/** A plan and a stack with one create the demo org has no collision for: preflight passes them (exit 0). */
const PLAN = {
  format_version: "1.2",
  resource_changes: [
    {
      address: "genesyscloud_group.x",
      mode: "managed",
      type: "genesyscloud_group",
      change: { actions: ["create"], before: null, after: { name: "Brand new group" } },
    },
  ],
};
const STACK = { resource: { genesyscloud_group: { x: { name: "Brand new group" } } } };
const STATE = { version: 4, terraform_version: "1.11.4", serial: 1, lineage: "l", outputs: {}, resources: [] };
const WAIVERS = "waivers:\n  - rule: GCG101\n    address: genesyscloud_group.x\n    reason: adopted next week\n";

const pretty = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;

/** One input a command reads: how to run the command on it, and a valid content with the exit code it gives. */
interface InputKind {
  readonly name: string;
  /** The command line, given the input's path and the folder outputs would go to. */
  readonly argv: (input: string, out: string, fixtures: Fixtures) => string[];
  /** Read from stdin (`-`): the file-system variants do not apply. */
  readonly stdin?: boolean;
  readonly valid: () => string;
  /** What the valid content gives (against the demo org). */
  readonly validExit: number;
}

/** Valid inputs the other kinds' command lines need beside the one under test. */
interface Fixtures {
  readonly url: string;
  readonly plan: string;
  readonly stack: string;
  readonly config: string;
}

const preflight = (f: Fixtures, out: string, ...args: string[]): string[] => [
  "preflight",
  ...args,
  "--base-url",
  f.url,
  "--no-progress",
  "--format",
  `json=${path.join(out, "report.json")}`,
  "--write-imports",
  out,
];

const KINDS: readonly InputKind[] = [
  {
    name: "resolve-log",
    argv: (input, out) => ["resolve", input, "--offline", "--out", out],
    valid: () =>
      readFileSync(path.join(ROOT, "test/resolve/fixtures/real/terraform/success-human-no-color.log"), "utf8"),
    validExit: 0,
  },
  {
    name: "resolve-stdin",
    stdin: true,
    argv: (_input, out) => ["resolve", "-", "--offline", "--out", out],
    valid: () => readFileSync(path.join(ROOT, "test/resolve/fixtures/real/terraform/success-json.log"), "utf8"),
    validExit: 0,
  },
  { name: "plan", argv: (i, o, f) => preflight(f, o, "--plan", `acme=${i}`), valid: () => pretty(PLAN), validExit: 0 },
  {
    name: "stack",
    argv: (i, o, f) => preflight(f, o, "--stack", `acme=${i}`),
    valid: () => pretty(STACK),
    validExit: 0,
  },
  {
    name: "state",
    argv: (i, o, f) => preflight(f, o, "--stack", `acme=${f.stack}`, "--state", i),
    valid: () => pretty(STATE),
    validExit: 0,
  },
  {
    name: "manifest",
    argv: (i, o, f) => preflight(f, o, "-c", f.config, "-i", i),
    valid: () => readFileSync(path.join(ROOT, "examples/gcguard.imports.json"), "utf8"),
    // The demo org has the example config's five findings (test/preflight/command.test.ts).
    validExit: 1,
  },
  {
    name: "config",
    argv: (i, o, f) => preflight(f, o, "-c", i),
    valid: () => readFileSync(path.join(ROOT, "examples/gcguard.config.yaml"), "utf8"),
    validExit: 1,
  },
  {
    name: "seed",
    argv: (i, o) => ["emulator", "--seed", i, "--write-seed", path.join(o, "seed.json")],
    valid: () => readFileSync(DEMO_SEED_FILE, "utf8"),
    validExit: 0,
  },
  {
    name: "waivers",
    argv: (i, o, f) => preflight(f, o, "--plan", `acme=${f.plan}`, "--waivers", i),
    valid: () => WAIVERS,
    validExit: 0,
  },
];

/** Every byte value, so the quote of a parse error meets newlines and control characters too. */
const BINARY = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 37 + 11) % 256));
const DEPTH = 100_000;

/** A malformed input: its bytes, or "missing" / "directory" for what is at the input's path instead. */
type Content = Buffer | "missing" | "directory";
const BAD: readonly (readonly [string, Content])[] = [
  ["missing", "missing"],
  ["directory", "directory"],
  ["empty", Buffer.alloc(0)],
  ["whitespace-only", Buffer.from("  \n\t\r\n \n")],
  ["binary", BINARY],
  ["UTF-16 of garbage", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": [1, 2]}\n', "utf16le")])],
  ["JSON null", Buffer.from("null\n")],
  ["JSON array", Buffer.from("[1, 2]\n")],
  ["JSON number", Buffer.from("42\n")],
  ["JSON string", Buffer.from('"text"\n')],
  ["truncated JSON", Buffer.from('{"format_version": "1.2", "resource_changes": [{"address": "genesyscloud_gr')],
  ["deeply nested JSON", Buffer.from("[".repeat(DEPTH) + "]".repeat(DEPTH))],
  ["wrong-shape object", Buffer.from('{"unexpected": {"shape": true}}\n')],
];

/** Valid content re-encoded: read like the plain file. */
const ACCEPTED: readonly (readonly [string, (text: string) => Buffer])[] = [
  ["CRLF line endings", (text) => Buffer.from(text.replace(/\r?\n/g, "\r\n"))],
  ["UTF-8 BOM", (text) => Buffer.from(`\ufeff${text}`)],
];

const tally = new Map<string, { cases: number; passed: number }>();

describe("bad-input matrix", () => {
  const api = useEmulator();
  let fixtures: Fixtures;

  beforeAll(() => {
    const dir = tempDir();
    const file = (name: string, text: string): string => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    fixtures = {
      url: api().emulator.url,
      plan: file("plan.json", pretty(PLAN)),
      stack: file("cdk.tf.json", pretty(STACK)),
      config: file("gcguard.config.yaml", readFileSync(path.join(ROOT, "examples/gcguard.config.yaml"), "utf8")),
    };
  });

  afterAll(() => {
    const parts = [...tally].map(
      ([kind, t]) => `${kind} ${t.cases}${t.passed === t.cases ? "" : ` (${t.passed} passed)`}`,
    );
    const total = [...tally.values()].reduce((n, t) => n + t.cases, 0);
    const passed = [...tally.values()].reduce((n, t) => n + t.passed, 0);
    // The tally is this file's report, quoted in the issue's closing note.
    // eslint-disable-next-line no-console
    console.log(`bad-input matrix: ${parts.join(", ")} = ${total} cases, ${passed === total ? "all" : passed} passing`);
  });

  /** Runs `kind`'s command on `content` in a fresh folder; returns what it printed and what the folder holds after. */
  async function runOn(kind: InputKind, content: Content) {
    const dir = tempDir();
    const input = path.join(dir, kind.name.startsWith("resolve") ? "apply.log" : "input.json");
    if (content === "directory") mkdirSync(input);
    else if (content !== "missing" && !kind.stdin) writeFileSync(input, content);
    let out = "";
    let err = "";
    async function* stdin(): AsyncGenerator<Uint8Array> {
      if (Buffer.isBuffer(content)) yield content;
    }
    const code = await run(kind.argv(input, dir, fixtures), {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: { ...CI_ENV },
      stdinIsTty: false,
      stdin: stdin(),
    });
    const left = readdirSync(dir).filter((f) => f !== path.basename(input));
    return { code, out, err, left, name: kind.stdin ? "stdin" : input };
  }

  function count(kind: string, passed: boolean): void {
    const t = tally.get(kind) ?? { cases: 0, passed: 0 };
    tally.set(kind, { cases: t.cases + 1, passed: t.passed + (passed ? 1 : 0) });
  }

  /** Exit 2; a one-line headline naming the input, then only problem lines; no stack; no output; nothing written. */
  function expectRefused(r: Awaited<ReturnType<typeof runOn>>): void {
    expect(r.code, r.err).toBe(2);
    const [headline = "", ...rest] = r.err.trimEnd().split("\n");
    expect(headline.startsWith(`gcguard: ${r.name}`) || headline.includes(` ${r.name}`), r.err).toBe(true);
    expect(
      rest.filter((l) => !l.startsWith("  - ")),
      r.err,
    ).toEqual([]);
    expect(r.err).not.toMatch(/^\s+at .+:\d+:\d+\)?$|\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/m);
    expect(r.out).toBe("");
    expect(r.left).toEqual([]);
  }

  for (const kind of KINDS) {
    describe(kind.name, () => {
      const bad = BAD.filter(([, content]) => !(kind.stdin && typeof content === "string"));
      test.each(bad)("fails on %s: exit 2, one line naming the input, nothing written", async (_variant, content) => {
        let passed = false;
        try {
          expectRefused(await runOn(kind, content));
          passed = true;
        } finally {
          count(kind.name, passed);
        }
      });

      test.each(ACCEPTED)("reads valid content with a %s like the plain file", async (_, encode) => {
        let passed = false;
        try {
          const r = await runOn(kind, encode(kind.valid()));
          expect(r.code, r.err).toBe(kind.validExit);
          passed = true;
        } finally {
          count(kind.name, passed);
        }
      });

      test("the valid content itself passes (the baseline of the two cases above)", async () => {
        const r = await runOn(kind, Buffer.from(kind.valid()));
        expect(r.code, r.err).toBe(kind.validExit);
      });
    });
  }
});
