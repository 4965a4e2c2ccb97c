/**
 * The checks every command line meets before a command runs (scripts/flag-checks.ts): the exact one-line messages,
 * for the forms the flag matrix (test/matrix/bad-flags.test.ts) does not spell out.
 */
import { describe, expect, test } from "vitest";

import { run } from "../../scripts/cli";

async function gcguard(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), env: {}, stdinIsTty: false });
  return { code, out, err };
}

describe("command-line checks", () => {
  test.each([
    [["emulator", "--port="], "gcguard: --port: the value is empty; give a number, or leave --port out"],
    [["preflight", "-f", ""], "gcguard: --format: the value is empty; give a format, or leave --format out"],
    [
      ["preflight", "--write-imports", ""],
      "gcguard: --write-imports: the value is empty; give a folder, or leave --write-imports out",
    ],
    [["provider", "install", ""], "gcguard: <dir>: the value is empty; give a folder, or leave <dir> out"],
    [
      ["resolve", "--out=a\tb", "x.log"],
      "gcguard: the value of --out holds a control character (U+0009); give it without line breaks or control characters",
    ],
    [
      ["scim", "diff", "--group", "a\nb"],
      "gcguard: the value after --group holds a control character (U+000A); give it without line breaks or control characters",
    ],
    [
      ["scim", "diff", "--delta", "ftp://me:pw-canary@idp.example/d?token=tok-canary#x"],
      'gcguard: --delta "ftp://idp.example/d": not an http or https URL; give an absolute URL such as https://idp.example/path or http://127.0.0.1:8080',
    ],
  ])("fails on %j with one line naming the flag", async (argv, message) => {
    const r = await gcguard(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${message}\n`);
    expect(r.out).toBe("");
  });
});
