/**
 * Issue 20's bad-input matrix, in-process through the real command line (scripts/cli.ts `run`) against the
 * emulator: every input resolve and preflight read (and the emulator's seed) times the malformed variants. Each bad
 * case must exit 2 with one headline naming the input and the fix (an InputError may list its problems below it, one
 * indented `  - ` line each), no stack trace or control character, nothing on stdout, and nothing written beside the
 * input, although every command is pointed at that folder for its outputs. CR LF line ends and a UTF-8 BOM on
 * otherwise valid content must be read like the plain file (every reader strips a leading BOM, lib/limits.ts
 * readInputText).
 *
 * The variants (test/matrix/input-harness.ts): missing, a directory, unreadable (a symlink loop; also mode 000 when
 * not root), a path under a file, huge (a sparse file one byte over the kind's limit, refused from its size before
 * it is read, the message naming the size and the limit), and bad bytes from empty to a YAML alias bomb. The SCIM
 * inputs are in bad-input-scim.test.ts. The tally of cases per input kind is printed at the end, for the issue's
 * closing note.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import { INPUT_LIMITS } from "../../lib/limits";
import { MAX_LOG_BYTES } from "../../lib/logs/input";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import type { InputKind as Kind } from "./input-harness";
import { aliasBomb, describeKind, NESTED_BOMB, pretty, ROOT, Tally } from "./input-harness";

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

type InputKind = Kind<Fixtures>;

const exampleConfig = (): string => readFileSync(path.join(ROOT, "examples/gcguard.config.yaml"), "utf8");
const demoSeed = (): string => readFileSync(DEMO_SEED_FILE, "utf8");

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
    file: "apply.log",
    argv: (input, out) => ["resolve", input, "--offline", "--out", out],
    limit: MAX_LOG_BYTES,
    valid: () =>
      readFileSync(path.join(ROOT, "test/resolve/fixtures/real/terraform/success-human-no-color.log"), "utf8"),
    validExit: 0,
  },
  {
    name: "resolve-stdin",
    feed: (bytes) => ({
      name: "stdin",
      stdin: (async function* () {
        yield bytes;
      })(),
    }),
    argv: (_input, out) => ["resolve", "-", "--offline", "--out", out],
    valid: () => readFileSync(path.join(ROOT, "test/resolve/fixtures/real/terraform/success-json.log"), "utf8"),
    validExit: 0,
  },
  {
    name: "plan",
    argv: (i, o, f) => preflight(f, o, "--plan", `acme=${i}`),
    limit: INPUT_LIMITS["Terraform JSON"],
    valid: () => pretty(PLAN),
    validExit: 0,
  },
  {
    name: "stack",
    argv: (i, o, f) => preflight(f, o, "--stack", `acme=${i}`),
    limit: INPUT_LIMITS["Terraform JSON"],
    valid: () => pretty(STACK),
    validExit: 0,
  },
  {
    name: "state",
    argv: (i, o, f) => preflight(f, o, "--stack", `acme=${f.stack}`, "--state", i),
    limit: INPUT_LIMITS["Terraform JSON"],
    valid: () => pretty(STATE),
    validExit: 0,
  },
  {
    name: "manifest",
    argv: (i, o, f) => preflight(f, o, "-c", f.config, "-i", i),
    limit: INPUT_LIMITS["adoption manifest"],
    valid: () => readFileSync(path.join(ROOT, "examples/gcguard.imports.json"), "utf8"),
    // The demo org has the example config's five findings (test/preflight/command.test.ts).
    validExit: 1,
  },
  {
    name: "config",
    argv: (i, o, f) => preflight(f, o, "-c", i),
    limit: INPUT_LIMITS["org config"],
    extra: [[NESTED_BOMB, Buffer.from(`${exampleConfig()}anchors:\n${aliasBomb(6, "  ")}`)]],
    valid: exampleConfig,
    validExit: 1,
  },
  {
    name: "seed",
    argv: (i, o) => ["emulator", "--seed", i, "--write-seed", path.join(o, "seed.json")],
    limit: INPUT_LIMITS["emulator seed"],
    // Inside a queue's `settings`, which the seed keeps as given: expanded, it would be written out whole.
    extra: [
      [
        NESTED_BOMB,
        Buffer.from(demoSeed().replace(/^( {2}- id: b\S+\n)/m, `$1    settings:\n${aliasBomb(6, "      ")}`)),
      ],
    ],
    valid: demoSeed,
    validExit: 0,
  },
  {
    name: "waivers",
    argv: (i, o, f) => preflight(f, o, "--plan", `acme=${f.plan}`, "--waivers", i),
    limit: INPUT_LIMITS["org config"],
    extra: [[NESTED_BOMB, Buffer.from(`${WAIVERS}anchors:\n${aliasBomb(6, "  ")}`)]],
    valid: () => WAIVERS,
    validExit: 0,
  },
];

const tally = new Tally("bad-input matrix");

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

  afterAll(() => tally.print());

  for (const kind of KINDS) describeKind(kind, { fixtures: () => fixtures, tally });
});
