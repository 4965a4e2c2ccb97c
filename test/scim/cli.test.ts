/** `gcguard scim` through the CLI: subcommand wiring, exit codes and one-line errors for bad usage. */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import { run } from "../../scripts/cli";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

async function gcguard(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

function file(name: string, content: string): string {
  const f = path.join(tempDir("gcguard-scim-cli-"), name);
  writeFileSync(f, content);
  return f;
}

const CSV = "group,userName\nGC-Sales-Agents,ada@acme.example\nGC-Sales-Agents,alan@acme.example\n";

describe("gcguard scim", () => {
  const api = useEmulator();
  beforeEach(() => {
    vi.stubEnv("GENESYSCLOUD_OAUTHCLIENT_ID", "gcguard-ci");
    vi.stubEnv("GENESYSCLOUD_OAUTHCLIENT_SECRET", "demo-secret-ci");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  test("scim diff exits 1 on drift, with the report on stdout and progress on stderr", async () => {
    const r = await gcguard("scim", "diff", "--export", file("idp.csv", CSV), "--base-url", api().emulator.url);
    expect(r.code).toBe(1);
    expect(r.out).toContain("! orphan   grace@acme.example");
    expect(r.err).toContain("scim diff: 1/1 groups found");
  });

  test("scim diff points each unknown user at its own row", async () => {
    const csv =
      "group,userName\nGC-Sales-Agents,ada@acme.example\nGC-Sales-Agents,nobody@acme.example\nGC-Sales-Agents,ghost@acme.example\n";
    const r = await gcguard(
      "scim",
      "diff",
      "--export",
      file("rows.csv", csv),
      "--base-url",
      api().emulator.url,
      "--format",
      "json",
    );
    const report = JSON.parse(r.out) as { groups: { unknown: { ref: string; origin: string }[] }[] };
    expect(report.groups[0]?.unknown).toEqual([
      { ref: "nobody@acme.example", origin: "rows.csv:3" },
      { ref: "ghost@acme.example", origin: "rows.csv:4" },
    ]);
  });

  test("scim diff --format markdown renders a table for a PR comment", async () => {
    const r = await gcguard(
      "scim",
      "diff",
      "--export",
      file("idp.csv", CSV),
      "--base-url",
      api().emulator.url,
      "--format",
      "markdown",
      "--no-progress",
    );
    expect(r.out).toContain("| GC-Sales-Agents | drift |");
  });

  test.each([
    [["scim", "diff"], "pass --export <file> (JSON or CSV) or --delta <url>"],
    [
      ["scim", "sync", "--export", "x.csv", "--chunk-size", "0"],
      '--chunk-size "0": must be a whole number of at least 1',
    ],
    [
      ["scim", "diff", "--export", "x.csv", "--format", "sarif"],
      "argument 'sarif' is invalid. Allowed choices are text, json, markdown.",
    ],
    [["scim", "diff", "--export", "/nonexistent/idp.csv"], "/nonexistent/idp.csv"],
    [["scim", "users"], "scim users needs --export <file>"],
    [["scim", "diff", "--delta", "not a url?token=s3cr3t"], '--delta "not a url": not an http or https URL'],
  ])("fails with exit 2 and a one-line error: %j", async (argv, message) => {
    const r = await gcguard(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).not.toContain("s3cr3t");
    expect(r.out).toBe("");
  });

  test("an unknown scim subcommand is bad usage", async () => {
    const r = await gcguard("scim", "frobnicate");
    expect(r.code).toBe(2);
  });

  test("wrong credentials exit 3 (could not verify) naming the variables to fix, without echoing the secret", async () => {
    vi.stubEnv("GENESYSCLOUD_OAUTHCLIENT_SECRET", "wrong-secret-value");
    const r = await gcguard("scim", "diff", "--export", file("idp.csv", CSV), "--base-url", api().emulator.url);
    expect(r.code).toBe(3);
    expect(r.err).toContain("check GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET");
    expect(r.err + r.out).not.toContain("wrong-secret-value");
  });
});
