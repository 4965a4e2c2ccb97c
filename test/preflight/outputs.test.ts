/** `--format FMT[=FILE]`, repeatable, and `-o` (lib/preflight/command.ts parseOutputs). */
import { describe, expect, it } from "vitest";

import { parseOutputs } from "../../lib/preflight/command";
import { renderedError } from "../helpers";

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
