/**
 * The bad-input matrix's shared harness (test/matrix/bad-input*.test.ts): the malformed variants, a runner that puts
 * one variant where a command reads its input and runs the real command line in-process (scripts/cli.ts `run`),
 * the refusal every bad case must give, and the tally each file prints for the issue's closing note.
 */
import {
  closeSync,
  chmodSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { run } from "../../scripts/cli";
import { tempDir } from "../helpers";

export const ROOT = path.join(__dirname, "..", "..");
export const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };
export const pretty = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;

/** One input a command reads: how to run the command on it, and a valid content with the exit code it gives. */
export interface InputKind<F> {
  readonly name: string;
  /** The input's file name: a reader may pick its format by the extension. @default input.json */
  readonly file?: string;
  /** The command line, given the input's path and the folder outputs would go to. */
  readonly argv: (input: string, out: string, fixtures: F) => string[];
  /**
   * For a kind that is not a file (stdin, an endpoint's answer): hands the bytes over and says how the headline
   * names the input. The file-system variants do not apply.
   */
  readonly feed?: (bytes: Buffer) => Fed;
  /** The kind's size limit in bytes (lib/limits.ts): the "huge" variant is a sparse file one byte over it. */
  readonly limit?: number;
  /** Variants that are not bad input for this kind, each with the reason in the kind's table. */
  readonly skip?: readonly string[];
  /** Variants only this kind has (for a YAML reader: an alias bomb inside an otherwise valid document). */
  readonly extra?: readonly Variant[];
  readonly env?: Readonly<Record<string, string>>;
  readonly valid: (fixtures: F) => string;
  /** What the valid content gives. */
  readonly validExit: number;
}

/**
 * A malformed input: its bytes, or a function that puts something else at the input's path (nothing, a folder, a
 * symlink loop, a sparse file) and returns the path to give the command and the names it made in the folder.
 */
export type Content = Buffer | ((input: string, kind: InputKind<unknown>) => { given: string; made: string[] });
export type Variant = readonly [name: string, content: Content];

/** Bytes handed to a command another way than a file. */
export interface Fed {
  readonly name: string;
  readonly stdin?: AsyncIterable<Uint8Array>;
}

/** Every byte value, so the quote of a parse error meets newlines and control characters too. */
const BINARY = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 37 + 11) % 256));
const DEPTH = 100_000;

/**
 * A billion laughs: nine levels of nine aliases, 9^9 strings if expanded. A reader must refuse it (yamlValue in
 * lib/limits.ts) or not read YAML at all; expanded, it takes the process's memory.
 */
export const ALIAS_BOMB = Buffer.from(aliasBomb(9, ""));

/** The name of the variant `aliasBomb` makes inside a valid document; its refusal must be about the aliases. */
export const NESTED_BOMB = "YAML alias bomb inside a valid document";

/**
 * Mapping entries, each line after `indent`, of `levels` anchors of nine aliases to the one before: 9^levels strings
 * expanded. Six levels (531,441 strings) already pass the YAML library's alias bound, and still expand in a second.
 */
export function aliasBomb(levels: number, indent: string): string {
  const lines = ['lol0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `lol${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(", ")}]`,
    );
  return lines.map((l) => `${indent}${l}\n`).join("");
}

/** Bad content, for files, stdin and an endpoint's answers alike. */
export const BAD_BYTES: readonly Variant[] = [
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
  ["YAML alias bomb", ALIAS_BOMB],
];

const isRoot = process.getuid?.() === 0;

/** A file its reader may not open: only when not root, since root reads it anyway. */
const UNREADABLE_MODE: Variant = [
  "unreadable (mode 000)",
  (input) => (writeFileSync(input, "{}"), chmodSync(input, 0), { given: input, made: [path.basename(input)] }),
];

/** What can be at a file input's path instead of a readable file. */
export const BAD_FILES: readonly Variant[] = [
  ["missing", (input) => ({ given: input, made: [] })],
  ["directory", (input) => (mkdirSync(input), { given: input, made: [path.basename(input)] })],
  // ELOOP: works as root too, where chmod 000 does not stop a read.
  [
    "unreadable (a symlink loop)",
    (input) => (symlinkSync(input, input), { given: input, made: [path.basename(input)] }),
  ],
  [
    "a path under a file (ENOTDIR)",
    (input) => {
      writeFileSync(`${input}.file`, "");
      return { given: path.join(`${input}.file`, path.basename(input)), made: [`${path.basename(input)}.file`] };
    },
  ],
  ...(isRoot ? [] : [UNREADABLE_MODE]),
  // Sparse: one byte over the limit costs no disk and no time, unless the reader reads before it measures.
  [
    "huge",
    (input, kind) => {
      const fd = openSync(input, "w");
      ftruncateSync(fd, (kind.limit ?? 0) + 1);
      closeSync(fd);
      return { given: input, made: [path.basename(input)] };
    },
  ],
];

/** Valid content re-encoded: read like the plain file. */
export const ACCEPTED: readonly (readonly [string, (text: string) => Buffer])[] = [
  ["CRLF line endings", (text) => Buffer.from(text.replace(/\r?\n/g, "\r\n"))],
  ["UTF-8 BOM", (text) => Buffer.from(`\ufeff${text}`)],
];

/** The variants that apply to `kind`. */
export function variantsOf<F>(kind: InputKind<F>, extra: readonly Variant[] = []): Variant[] {
  const files = kind.feed ? [] : BAD_FILES.filter(([name]) => name !== "huge" || kind.limit !== undefined);
  return [...files, ...BAD_BYTES, ...extra, ...(kind.extra ?? [])].filter(([name]) => !kind.skip?.includes(name));
}

export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  /** What the folder holds after the run, beyond what the variant put there. */
  readonly left: readonly string[];
  /** The input as the headline must name it. */
  readonly name: string;
}

/**
 * Runs `kind`'s command on `content` in a fresh folder, which is also where outputs would go. Bytes go to the
 * input file, or through the kind's `feed` (stdin, an endpoint) for a kind that is not a file.
 */
export async function runOn<F>(kind: InputKind<F>, content: Content, fixtures: F): Promise<RunResult> {
  const dir = tempDir();
  const input = path.join(dir, kind.file ?? "input.json");
  let given = input;
  let made = [path.basename(input)];
  let name = input;
  let stdin: AsyncIterable<Uint8Array> | undefined;
  if (!Buffer.isBuffer(content)) ({ given, made } = content(input, kind as InputKind<unknown>));
  else if (kind.feed) ({ name, stdin } = kind.feed(content));
  else writeFileSync(input, content);
  let out = "";
  let err = "";
  const code = await run(kind.argv(given, dir, fixtures), {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { ...CI_ENV, ...kind.env },
    stdinIsTty: false,
    ...(stdin ? { stdin } : {}),
  });
  const left = readdirSync(dir).filter((f) => !made.includes(f));
  return { code, out, err, left, name: given === input ? name : given };
}

/**
 * Refused with `exit` (2, bad input, unless said): a one-line headline naming the input and the fix, then only
 * `  - ` problem lines; no stack and no control characters; nothing on stdout; nothing written.
 */
export function expectRefused(r: RunResult, exit = 2): void {
  expect(r.code, r.err).toBe(exit);
  const [headline = "", ...rest] = r.err.trimEnd().split("\n");
  expect(headline.startsWith(`gcguard: ${r.name}`) || headline.includes(` ${r.name}`), r.err).toBe(true);
  // The fix follows what is wrong, after a semicolon: "<input>: <problem>; <fix>".
  expect(headline.slice(`gcguard: ${r.name}`.length), r.err).toMatch(/; \S/);
  expect(
    rest.filter((l) => !l.startsWith("  - ")),
    r.err,
  ).toEqual([]);
  expect(r.err).not.toMatch(/^\s+at .+:\d+:\d+\)?$|\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/m);
  // A quote of the input keeps its control characters out of the terminal (a NUL, an escape sequence).
  // eslint-disable-next-line no-control-regex
  expect(r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  expect(r.out).toBe("");
  expect(r.left).toEqual([]);
}

/**
 * A "huge" refusal says the limit (`64 MB`, or resolve's `512 MiB`) and, for a file, its size too (`mentions` 2):
 * it came from the size check, not from reading the file.
 */
export function expectSizeRefusal(r: RunResult, limit: number, mentions = 2): void {
  const mb = Math.round(limit / 1024 / 1024);
  expect(r.err.match(new RegExp(`\\b${mb} Mi?B\\b`, "g"))?.length ?? 0, r.err).toBeGreaterThanOrEqual(mentions);
}

/** Cases per input kind, and how many passed; `print` writes the file's tally line. */
export class Tally {
  private readonly kinds = new Map<string, { cases: number; passed: number }>();

  constructor(private readonly label: string) {}

  /** Runs one case and counts it under `kind`, passed or not. */
  async count(kind: string, body: () => Promise<void>): Promise<void> {
    let passed = false;
    try {
      await body();
      passed = true;
    } finally {
      const t = this.kinds.get(kind) ?? { cases: 0, passed: 0 };
      this.kinds.set(kind, { cases: t.cases + 1, passed: t.passed + (passed ? 1 : 0) });
    }
  }

  print(): void {
    const parts = [...this.kinds].map(
      ([k, t]) => `${k} ${t.cases}${t.passed === t.cases ? "" : ` (${t.passed} passed)`}`,
    );
    const total = [...this.kinds.values()].reduce((n, t) => n + t.cases, 0);
    const passed = [...this.kinds.values()].reduce((n, t) => n + t.passed, 0);
    // The tally is this file's report, quoted in the issue's closing note.
    // eslint-disable-next-line no-console
    console.log(`${this.label}: ${parts.join(", ")} = ${total} cases, ${passed === total ? "all" : passed} passing`);
  }
}

/** How a file's matrix runs one kind: its fixtures, its tally, its refusal. */
export interface MatrixOptions<F> {
  readonly fixtures: () => F;
  readonly tally: Tally;
  /** The exit a bad case gives. @default 2 */
  readonly exit?: number;
  /** Variants beyond the shared ones. */
  readonly extra?: readonly Variant[];
}

/** The tests of one kind: every variant refused, CRLF and BOM read like the plain file, the valid content itself. */
export function describeKind<F>(kind: InputKind<F>, options: MatrixOptions<F>): void {
  const { tally, exit = 2 } = options;
  describe(kind.name, () => {
    const variants = variantsOf(kind, options.extra);
    const refused = (variant: string, content: Content) =>
      tally.count(kind.name, async () => {
        const r = await runOn(kind, content, options.fixtures());
        expectRefused(r, exit);
        // A file's size is known before it is read; an answer is cut off at the limit, its size unknown.
        if (variant.startsWith("huge")) expectSizeRefusal(r, kind.limit ?? 0, kind.feed ? 1 : 2);
        if (variant === NESTED_BOMB) expect(r.err).toMatch(/alias/i);
      });
    const title = `fails on %s: exit ${exit}, one line naming the input, nothing written`;
    test.each(variants)(title, refused);

    test.each(ACCEPTED)("reads valid content with a %s like the plain file", (_, encode) =>
      tally.count(kind.name, async () => {
        const r = await runOn(kind, encode(kind.valid(options.fixtures())), options.fixtures());
        expect(r.code, r.err).toBe(kind.validExit);
      }),
    );

    test("the valid content itself passes (the baseline of the two cases above)", async () => {
      const r = await runOn(kind, Buffer.from(kind.valid(options.fixtures())), options.fixtures());
      expect(r.code, r.err).toBe(kind.validExit);
    });
  });
}
