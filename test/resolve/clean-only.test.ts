/**
 * Issue 20's acceptance for resolve: no input exits 0 unless it is a Terraform log with no error in it. A clean
 * log exits 0 however it was saved (CR LF, a BOM, UTF-16, a CI runner's timestamps, a file or stdin); text that only
 * resembles one, and a log cut off before it says how the run ended, exit 2 with one line naming the input. The malformed-input
 * variants of every input kind are in test/matrix/bad-input.test.ts.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { run } from "../../scripts/cli";
import { tempDir } from "../helpers";

const REAL = path.join(__dirname, "fixtures", "real");
const HUMAN = readFileSync(path.join(REAL, "terraform", "success-human-no-color.log"), "utf8");
const JSON_LOG = readFileSync(path.join(REAL, "terraform", "success-json.log"), "utf8");

/** `gcguard resolve` on `bytes`, from a file or from stdin, diagnosing offline and writing nothing. */
async function resolve(bytes: Buffer, from: "file" | "stdin"): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const dir = tempDir();
  const file = path.join(dir, "apply.log");
  if (from === "file") writeFileSync(file, bytes);
  async function* stdin(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  const code = await run(["resolve", from === "file" ? file : "-", "--offline", "--no-write"], {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: {},
    stdinIsTty: false,
    stdin: stdin(),
  });
  return { code, out, err };
}

const utf16le = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
/** GitHub Actions' framing: a BOM, and a 7-digit UTC timestamp before every line (docs/log-formats.md). */
const githubActions = (text: string) =>
  Buffer.from(
    "\ufeff" +
      text
        .split("\n")
        .map((l, i) => `2026-12-02T09:15:${String(i % 60).padStart(2, "0")}.1234567Z ${l}`)
        .join("\n"),
  );

describe("resolve exits 0 only for a Terraform log with no error in it", () => {
  const clean: readonly [string, Buffer][] = [
    ["human output", Buffer.from(HUMAN)],
    ["-json output", Buffer.from(JSON_LOG)],
    ["human output with CR LF line ends", Buffer.from(HUMAN.replace(/\n/g, "\r\n"))],
    ["-json output with CR LF line ends", Buffer.from(JSON_LOG.replace(/\n/g, "\r\n"))],
    ["human output after a UTF-8 BOM", Buffer.from(`\ufeff${HUMAN}`)],
    ["human output in UTF-16LE (PowerShell's >)", utf16le(HUMAN.replace(/\n/g, "\r\n"))],
    ["human output as GitHub Actions logs it", githubActions(HUMAN)],
  ];

  test.each(clean.flatMap(([what, bytes]) => (["file", "stdin"] as const).map((from) => [what, from, bytes] as const)))(
    "%s, from a %s: exit 0, nothing to resolve",
    async (_what, from, bytes) => {
      const { code, out, err } = await resolve(bytes, from);
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(out).toContain("no errors in this log; nothing to resolve");
    },
  );

  const notLogs: readonly [string, string, RegExp][] = [
    ["a JSON string", '"Apply complete! Resources: 1 added"\n', /a bare JSON value, not an apply log; give resolve/],
    [
      "notes that mention Terraform's words",
      "Upgrade notes\nTerraform v1.5 or later is needed.\nNo changes.\nOutputs: see the wiki\n",
      /no Terraform or cdktf output in this input; give resolve the output of the failed 'terraform apply'/,
    ],
    [
      "a -json log cut off in its last line, no error before the cut",
      JSON_LOG.split("\n").slice(0, 3).join("\n") +
        '\n{"@level":"info","@message":"genesyscloud_auth_division.keep: Crea',
      /the log ends in a cut-off -json line \(line 4\), so how the run ended is not in it; pass the whole output/,
    ],
  ];

  test.each(
    notLogs.flatMap(([what, text, message]) =>
      (["file", "stdin"] as const).map((f) => [what, f, text, message] as const),
    ),
  )("fails on %s, from a %s: exit 2, one line naming the input", async (_what, from, text, message) => {
    const { code, out, err } = await resolve(Buffer.from(text), from);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).toMatch(from === "file" ? /^gcguard: \S+apply\.log: / : /^gcguard: stdin: /);
    expect(err.trimEnd().split("\n")).toHaveLength(1);
  });

  test("a -json log cut off inside an error still shows that error (exit 1), not bad input", async () => {
    const cut = `${JSON_LOG.split("\n")[0]}\n{"@level":"error","@message":"Error: Failed to create division","diagnostic":{"summary":"Failed to cre`;
    const { code, out } = await resolve(Buffer.from(cut), "stdin");
    expect(code).toBe(1);
    expect(out).toContain("Failed to cre");
  });
});

/** What a line says once its colour codes are gone. */
// eslint-disable-next-line no-control-regex -- colour codes are what is removed
const plain = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, "");
const ENDS_RUN = /(?:Plan: \d+ to|No changes\.|Apply complete! Resources:)/;
const CHANGE_STARTED = /: (?:Creating|Modifying|Destroying|Importing)\.\.\./;

describe("a clean log cut at any line is not clean until it says how the run ended", () => {
  const captures = [
    "terraform/success-human-no-color.log",
    "terraform/success-json.log",
    "cdktf/deploy-success-ci.log",
    "cdktf/diff-success-no-changes-ci.log",
  ];

  test.each(captures)("%s", async (rel) => {
    const lines = readFileSync(path.join(REAL, rel), "utf8").split("\n");
    const firstEnd = lines.findIndex((l) => ENDS_RUN.test(plain(l)));
    const applied = lines.findIndex((l) => /(?:Apply complete! Resources:|No changes\.)/.test(plain(l)));
    expect(firstEnd).toBeGreaterThan(0);
    for (let k = 1; k <= lines.length; k++) {
      const prefix = lines.slice(0, k);
      const { code, err } = await resolve(Buffer.from(`${prefix.join("\n")}\n`), "stdin");
      const at = `${rel} cut after line ${k}: ${err}`;
      if (k <= firstEnd) {
        expect(code, at).toBe(2);
        expect(err, at).toMatch(
          /the log ends before Terraform says how the run ended|no Terraform or cdktf output|the log is empty/,
        );
      } else if (k > applied) expect(code, at).toBe(0);
      else if (prefix.some((l) => CHANGE_STARTED.test(plain(l)))) expect(code, at).toBe(1);
    }
  });
});

describe("a cdktf log of several stacks is clean only when every stack's run ended", () => {
  const deploy = readFileSync(path.join(REAL, "cdktf", "deploy-success-ci.log"), "utf8");
  // The same deploy as a second stack's: a name of the same length keeps cdktf's column alignment.
  const other = deploy.replaceAll("globex-eu", "globex-us");
  const planAt = other.split("\n").findIndex((l) => /Plan:/.test(plain(l)));

  test("both stacks ended: exit 0", async () => {
    const { code, err } = await resolve(Buffer.from(deploy + other), "stdin");
    expect({ code, err }).toEqual({ code: 0, err: "" });
  });

  test("the second stack cut before its plan's end: exit 2, though the first ended", async () => {
    const cut = other.split("\n").slice(0, planAt).join("\n");
    const { code, err } = await resolve(Buffer.from(`${deploy}${cut}\n`), "stdin");
    expect(code, err).toBe(2);
    expect(err).toMatch(/the log ends before Terraform says how the run ended/);
  });
});
