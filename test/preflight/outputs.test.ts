/** `--format FMT[=FILE]`, repeatable, and `-o` (lib/preflight/command.ts parseOutputs). */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { parseOutputs, preflightCommand } from "../../lib/preflight/command";
import { useEmulator } from "../emulator/helpers";
import { renderedError, tempDir } from "../helpers";

const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

describe("parseOutputs", () => {
  it("defaults to text on stdout", () => {
    expect(parseOutputs(undefined, undefined)).toEqual([{ format: "text" }]);
  });

  it("takes several formats, each to its file, and one to stdout", () => {
    expect(parseOutputs(["sarif=gcguard.sarif", "github", "junit=out/gcguard.xml"], undefined)).toEqual([
      { format: "sarif", file: "gcguard.sarif" },
      { format: "github" },
      { format: "junit", file: "out/gcguard.xml" },
    ]);
  });

  it("keeps -o for a single format, as before", () => {
    expect(parseOutputs("sarif", "preflight.sarif")).toEqual([{ format: "sarif", file: "preflight.sarif" }]);
    expect(parseOutputs(undefined, "report.txt")).toEqual([{ format: "text", file: "report.txt" }]);
  });

  it.each([
    [
      ["yaml"],
      undefined,
      "--format yaml: not a format; use one of text, json, sarif, junit, github, markdown, codeclimate, azure, as FMT or FMT=FILE",
    ],
    [["sarif="], undefined, '--format sarif=: no file after "="; give sarif=FILE, or just sarif'],
    [
      ["json", "github"],
      undefined,
      "--format json, github: only one format can go to stdout; give the others a file, e.g. --format github=gcguard.github.txt",
    ],
    [
      ["sarif", "github"],
      "x.sarif",
      "-o x.sarif goes with one --format; with several, name each file: --format sarif=x.sarif",
    ],
  ])("refuses %j with -o %s: exit 2 and one line", (formats, output, message) => {
    expect(renderedError(() => parseOutputs(formats, output))).toBe(message);
  });

  it("refuses one file named twice", () => {
    expect(renderedError(() => parseOutputs(["sarif=r.out", "junit=./r.out"], undefined))).toMatch(
      /^--format: .*r\.out is named twice; give each format its own file$/,
    );
  });
});

describe("preflight's inputs and report files, end to end", () => {
  const api = useEmulator();
  const PLAN = path.join(__dirname, "..", "resolve", "fixtures", "real", "terraform", "delete-plan.json");
  const io = { stdout: () => {}, stderr: () => {}, env: { ...CI_ENV }, isTty: false, version: "test" };

  it("refuses two inputs that come out as one stack (exit 2), instead of reporting it twice", async () => {
    const dir = tempDir();
    for (const sub of ["eu", "us"]) {
      mkdirSync(path.join(dir, sub));
      copyFileSync(PLAN, path.join(dir, sub, "plan.json"));
    }
    const plans = [path.join(dir, "eu", "plan.json"), path.join(dir, "us", "plan.json")];
    await expect(preflightCommand({ plan: plans, baseUrl: api().emulator.url, progress: false }, io)).rejects.toThrow(
      "two inputs are stack plan.json; name each one: --plan <stack>=<file> (or --stack <stack>=<file>) with distinct stacks",
    );
  });

  it("writes its report files all or none: one that cannot be written leaves the others unwritten (exit 2)", async () => {
    const dir = tempDir();
    const sarif = path.join(dir, "gcguard.sarif");
    const blocked = path.join(dir, "is-a-folder");
    mkdirSync(blocked);
    const flags = {
      plan: [`prod=${PLAN}`],
      baseUrl: api().emulator.url,
      progress: false,
      format: [`sarif=${sarif}`, `junit=${blocked}`],
    };
    await expect(preflightCommand(flags, io)).rejects.toThrow(/cannot write the reports \(EISDIR\); none was written/);
    expect(existsSync(sarif)).toBe(false);
    expect(readdirSync(dir)).toEqual(["is-a-folder"]);
  });
});
