/**
 * The table of the flag matrix (test/matrix/bad-flags.test.ts): each command's baseline command line (valid: it
 * exits 0 or 1 against the demo emulator) and, for every option that takes a value, what kind of value it is. The
 * bad values come from the kind, so a new option only needs its kind here; the matrix fails for an option the
 * program declares and this table does not list.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** What an option's value is, which decides its bad values. */
export type ValueKind =
  | "input" // a file read: a missing file is bad too
  | "output" // a file or folder written
  | "name" // free text: a group, a division, a variable name, a host
  | "url"
  | "enum"
  | "spec" // key=value pairs (the emulator's --generate, --fault)
  | { readonly number: { readonly min: number } };

/** Inputs the baselines read, in a folder of their own (the matrix checks the output folder stays empty). */
export interface Fixtures {
  readonly url: string;
  readonly dir: string;
  readonly plan: string;
  readonly config: string;
  readonly log: string;
  readonly groups: string;
  readonly users: string;
  readonly seed: string;
}

/** A command of the program: its valid command line and its value-taking options' kinds, by long name. */
export interface CommandCase {
  readonly path: string;
  /** A valid command line writing only under `out`; with `exit`, what it gives against the demo org. */
  readonly baseline: (f: Fixtures, out: string) => string[];
  readonly exit: number;
  readonly options: Readonly<Record<string, ValueKind>>;
  /** The positional argument, if it takes one: its kind and where it sits in the baseline (after the path). */
  readonly argument?: ValueKind;
  /** Valid flags that contradict each other or the baseline: each line is added to the baseline. */
  readonly conflicts?: readonly (readonly string[])[];
  /** The baseline is not run (rehearse needs minutes of terraform): only its refusals are. */
  readonly slow?: boolean;
}

export const PLAN = {
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

export function writeFixtures(dir: string, url: string): Fixtures {
  const copy = (name: string, from: string): string => {
    writeFileSync(path.join(dir, name), readFileSync(path.join(ROOT, from)));
    return path.join(dir, name);
  };
  writeFileSync(path.join(dir, "plan.json"), JSON.stringify(PLAN));
  return {
    url,
    dir,
    plan: path.join(dir, "plan.json"),
    config: copy("gcguard.config.yaml", "examples/gcguard.config.yaml"),
    log: copy("apply.log", "test/resolve/fixtures/real/terraform/keys-json.log"),
    groups: copy("groups.csv", "examples/idp/groups.csv"),
    users: copy("users.csv", "examples/idp/users.csv"),
    seed: copy("seed.yaml", "lib/emulator/seeds/demo.yaml"),
  };
}

const count = (min: number): ValueKind => ({ number: { min } });

const SCIM_OUTPUT = { "--format": "enum", "--output": "output", "--base-url": "url" } as const;
const SCIM_SOURCE = {
  "--export": "input",
  "--delta": "url",
  "--token-env": "name",
  "--state": "output",
  "--group": "name",
} as const;

export const COMMANDS: readonly CommandCase[] = [
  {
    path: "synth",
    baseline: (f, out) => ["synth", "-c", f.config, "-o", path.join(out, "cdktf.out")],
    exit: 0,
    options: { "--config": "input", "--imports": "input", "--out": "output" },
  },
  {
    path: "emulator",
    baseline: (f, out) => ["emulator", "--seed", f.seed, "--write-seed", path.join(out, "seed.json")],
    exit: 0,
    options: {
      "--port": count(0),
      "--host": "name",
      "--seed": "input",
      "--generate": "spec",
      "--latency": count(0),
      "--rate-limit": count(0),
      "--fault": "spec",
      "--faults": "input",
      "--write-seed": "output",
    },
    conflicts: [["--generate", "divisions=2"]],
  },
  {
    path: "snapshot",
    baseline: (f, out) => ["snapshot", "--out", path.join(out, "org.json"), "--base-url", f.url],
    exit: 0,
    options: { "--out": "output", "--format": "enum", "--base-url": "url" },
  },
  {
    path: "preflight",
    baseline: (f, out) => [
      ...["preflight", "--plan", f.plan, "--base-url", f.url, "--no-progress"],
      ...["--format", `json=${path.join(out, "report.json")}`, "--write-imports", out],
    ],
    exit: 0,
    options: {
      "--plan": "input",
      "--stack": "input",
      "--state": "input",
      "--config": "input",
      "--imports": "output", // merged into: a new file is fine
      "--format": "enum",
      "--output": "output",
      "--fail-on": "enum",
      "--waivers": "input",
      "--write-imports": "output",
      "--base-url": "url",
    },
    conflicts: [
      ["--format", "json", "--format", "sarif", "--output", "x.sarif"],
      // A named plan with no file after its "=": named as the flag and its value, not as an empty path.
      ["--plan", "acme="],
    ],
  },
  {
    path: "resolve",
    baseline: (f, out) => ["resolve", f.log, "--out", out, "--base-url", f.url],
    exit: 1,
    argument: "input",
    options: {
      "--plan": "input",
      "--stack": "input",
      "--config": "input",
      "--stack-name": "name",
      "--imports": "output", // merged into: a new file is fine
      "--out": "output",
      "--format": "enum",
      "--base-url": "url",
      "--fix": "enum",
      "--to": "name",
    },
    conflicts: [
      ["--fix", "move-objects"],
      ["--to", "Home"],
      ["--apply"],
      ["--yes"],
      ["--fix", "move-objects", "--to", "Home", "--offline"],
    ],
  },
  {
    path: "scim diff",
    baseline: (f) => ["scim", "diff", "--export", f.groups, "--base-url", f.url, "--no-progress"],
    exit: 1,
    options: { ...SCIM_SOURCE, ...SCIM_OUTPUT },
    conflicts: [["--delta", "https://idp.example/delta"]],
  },
  {
    path: "scim sync",
    baseline: (f) => ["scim", "sync", "--export", f.groups, "--base-url", f.url, "--no-progress"],
    exit: 1,
    options: { ...SCIM_SOURCE, ...SCIM_OUTPUT, "--chunk-size": count(1), "--max-conflicts": count(0) },
    conflicts: [["--delta", "https://idp.example/delta"]],
  },
  {
    path: "scim users",
    baseline: (f) => ["scim", "users", "--export", f.users, "--base-url", f.url, "--no-progress"],
    exit: 1,
    options: { ...SCIM_OUTPUT, "--export": "input", "--max-conflicts": count(0) },
  },
  {
    path: "rehearse",
    baseline: (f, out) => ["rehearse", "-c", f.config, "--workdir", path.join(out, "work")],
    exit: 0,
    slow: true,
    options: { "--config": "input", "--imports": "input", "--seed": "input", "--workdir": "output" },
  },
  {
    path: "provider install",
    baseline: (_f, out) => ["provider", "install", path.join(out, "mirror")],
    exit: 0,
    slow: true,
    argument: "output",
    options: {},
  },
  { path: "completion", baseline: () => ["completion", "bash"], exit: 0, argument: "enum", options: {} },
];

/** Marks a flag given last, with no value after it. */
export const NO_VALUE = Symbol("no value");
export type BadValue = string | typeof NO_VALUE;

const HUGE = "9".repeat(30);
/** A secret in a value: never printed back. */
export const CANARY = "s3cr3t-canary-flag";

/** The bad values of a kind, by variant name; `dir` is the fixtures' folder, for files that are not there. */
export function badValues(kind: ValueKind, dir: string, optionalValue: boolean): [string, BadValue][] {
  const common: [string, BadValue][] = [
    ["an empty string", ""],
    ["a newline and control characters", "a\nb\u0007c"],
    ...(optionalValue ? [] : ([["no value", NO_VALUE]] as [string, BadValue][])),
  ];
  if (typeof kind === "object") {
    const below = kind.number.min === 0 ? "-1" : "0";
    return [
      ...common,
      ...(["abc", below, "1.5", "1e309", HUGE, "0x10"].map((v) => [`the number "${v}"`, v]) as [string, BadValue][]),
    ];
  }
  switch (kind) {
    case "input":
      return [...common, ["a missing file", path.join(dir, "no-such-file.json")]];
    case "url":
      return [
        ...common,
        ["not a URL", "not a url"],
        ["an ftp URL", "ftp://127.0.0.1/x"],
        ["a file URL", "file:///etc"],
        ["an ftp URL with a password and a token", `ftp://u:${CANARY}@127.0.0.1/x?token=${CANARY}`],
        ["not a URL, with a token", `idp.example/delta?token=${CANARY}`],
      ];
    case "enum":
    case "spec":
      return [...common, ["a bogus value", "bogus"]];
    default:
      return common;
  }
}
