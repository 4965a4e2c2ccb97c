/** Waivers: parsing (every bad entry is exit 2 naming file, entry and line), loading, matching and expiry. */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { ExitCode, InputError } from "../../lib/errors";
import type { Finding } from "../../lib/preflight/model";
import { applyWaivers, loadWaivers, parseWaivers, utcDay } from "../../lib/preflight/waivers";
import { tempDir } from "../helpers";

const finding = (over: Partial<Finding> = {}): Finding => ({
  rule: "name-collision",
  code: "GCG101",
  level: "error",
  stack: "acme-prod",
  address: "genesyscloud_group.tier1",
  message: "exists",
  remediation: "import it",
  ...over,
});

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(ExitCode.BadInput);
    return err as InputError;
  }
  throw new Error("no InputError");
}

const FILE = `waivers:
  - rule: GCG101
    address: genesyscloud_group.tier1
    reason: adopted next sprint
    expires: 2030-01-31
  - rule: membership-trap
    address: genesyscloud_group.ops
    stack: acme-bpo
    reason: SCIM owns it
`;

describe("parseWaivers", () => {
  test("reads each entry with its file and line", () => {
    const waivers = parseWaivers(FILE, "w.yaml");
    expect(waivers.map((w) => [w.rule, w.line, w.file, w.expires])).toEqual([
      ["GCG101", 2, "w.yaml", "2030-01-31"],
      ["membership-trap", 6, "w.yaml", undefined],
    ]);
    expect(parseWaivers("version: 1\n", "c.yaml")).toEqual([]);
  });

  test.each([
    ["an unknown rule", "  - rule: GCG999\n    address: a.b\n    reason: r\n", /rule GCG999 is not a preflight rule/],
    ["no reason", "  - rule: GCG101\n    address: a.b\n", /reason/],
    ["an empty reason", '  - rule: GCG101\n    address: a.b\n    reason: " "\n', /reason/],
    ["no address", "  - rule: GCG101\n    reason: r\n", /address/],
    ["a bad date", "  - rule: GCG101\n    address: a.b\n    reason: r\n    expires: 31/01/2030\n", /YYYY-MM-DD/],
    [
      "a date not on the calendar",
      "  - rule: GCG101\n    address: a.b\n    reason: r\n    expires: 2030-02-30\n",
      /calendar/,
    ],
    ["an unknown field", "  - rule: GCG101\n    address: a.b\n    reason: r\n    until: 2030-01-01\n", /until/],
  ])("%s is exit 2 naming the file, the entry and its line", (_what, entry, why) => {
    const text = `waivers:\n  - rule: GCG102\n    address: x.y\n    reason: ok\n${entry}`;
    const err = inputError(() => parseWaivers(text, "w.yaml"));
    expect(err.message).toMatch(/^w\.yaml: waivers\[1\] \(line 5\): /);
    expect(err.message).toMatch(why);
    expect(err.message).not.toMatch(/\n/);
  });

  test("broken YAML and a waivers key that is not a list are exit 2", () => {
    expect(inputError(() => parseWaivers("waivers: [\n", "w.yaml")).message).toMatch(/^w\.yaml: line \d+: not valid/);
    expect(inputError(() => parseWaivers("waivers: 3\n", "w.yaml")).message).toMatch(/waivers is not a list/);
    expect(inputError(() => parseWaivers("- rule: GCG101\n", "w.yaml")).message).toMatch(/^w\.yaml: not a mapping/);
    expect(parseWaivers("", "empty.yaml")).toEqual([]);
  });
});

describe("loadWaivers", () => {
  test("reads the config's waivers and the named file, and a missing named file is exit 2", () => {
    const dir = tempDir();
    const config = path.join(dir, "gcguard.config.yaml");
    writeFileSync(config, "version: 1\norgs: []\nwaivers:\n  - rule: GCG102\n    address: a.b\n    reason: r\n");
    const file = path.join(dir, "w.yaml");
    writeFileSync(file, FILE);
    expect(loadWaivers({ config, waivers: file }, {}).map((w) => `${w.file}:${w.line}`)).toEqual([
      `${config}:4`,
      `${file}:2`,
      `${file}:6`,
    ]);
    const missing = path.join(dir, "none.yaml");
    expect(inputError(() => loadWaivers({ config, waivers: missing }, {})).message).toMatch(
      /none\.yaml: cannot read the waiver file \(ENOENT\); name an existing waiver file with --waivers$/,
    );
  });

  test.each([
    ["an empty file", "", /w\.yaml: the waiver file is empty; write waivers: followed by/],
    ["a blank file", " \n\t\n", /w\.yaml: the waiver file is empty/],
    ["a null", "null\n", /w\.yaml: not a mapping; write waivers:/],
    ["a misspelt key", "waiver:\n  - rule: GCG101\n", /w\.yaml: waiver: not a key of a waiver file; write waivers:/],
  ])("fails on a waiver file that is %s (exit 2), rather than reading no waivers", (_what, text, message) => {
    const file = path.join(tempDir(), "w.yaml");
    writeFileSync(file, text);
    expect(inputError(() => loadWaivers({ config: "none.yaml", waivers: file }, {})).message).toMatch(message);
  });

  test("a waiver file of comments only holds no waivers", () => {
    const file = path.join(tempDir(), "w.yaml");
    writeFileSync(file, "# none accepted at the moment\n");
    expect(loadWaivers({ config: "none.yaml", waivers: file }, {})).toEqual([]);
  });

  test("a config that is a folder or not a mapping has no waivers here: the config's loader reports it", () => {
    const dir = tempDir();
    const list = path.join(dir, "list.yaml");
    writeFileSync(list, "- a\n- b\n");
    expect(loadWaivers({ config: dir }, {})).toEqual([]);
    expect(loadWaivers({ config: list }, {})).toEqual([]);
  });
});

describe("applyWaivers", () => {
  const waivers = parseWaivers(FILE, "w.yaml");

  test("a waiver covers its rule (code or id), address and stack, through its last day", () => {
    const found = [
      finding(),
      finding({ rule: "membership-trap", code: "GCG302", address: "genesyscloud_group.ops", stack: "acme-bpo" }),
      finding({ rule: "membership-trap", code: "GCG302", address: "genesyscloud_group.ops" }),
      finding({ address: "genesyscloud_group.other" }),
    ];
    const out = applyWaivers(found, waivers, "2030-01-31", ["acme-prod", "acme-bpo"]);
    expect(out.map((f) => f.suppression?.reason)).toEqual([
      "adopted next sprint",
      "SCIM owns it",
      undefined,
      undefined,
    ]);
    expect(out[0]!.suppression).toEqual({
      reason: "adopted next sprint",
      expires: "2030-01-31",
      file: "w.yaml",
      line: 2,
    });
  });

  test("an expired waiver suppresses nothing and is a GCG901 finding at the waiver", () => {
    const out = applyWaivers([finding()], waivers, "2030-02-01", ["acme-prod"]);
    expect(out[0]!.suppression).toBeUndefined();
    expect(out[1]).toMatchObject({
      code: "GCG901",
      rule: "waiver-expired",
      level: "error",
      stack: "acme-prod",
      address: "genesyscloud_group.tier1",
      location: { file: "w.yaml", line: 2 },
    });
    expect(out[1]!.message).toContain("2030-01-31");
    expect(out[1]!.detail).toContain("adopted next sprint");
    expect(utcDay(Date.UTC(2030, 1, 1, 23, 59))).toBe("2030-02-01");
  });
});
