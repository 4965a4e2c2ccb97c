/**
 * Deeply nested YAML is refused before the YAML library recurses into it (lib/limits.ts checkYamlNesting): past
 * ~900 levels the library runs out of stack, and a second parse in the same process then aborted Node with a fatal
 * "RegExpCompiler Allocation failed" (exit 134, a native stack dump) instead of exit 2. The fresh-process case is in
 * test/preflight/command.test.ts.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { loadConfig } from "../lib/config/load";
import { loadFaultsFile } from "../lib/emulator/cli-options";
import { MAX_YAML_NESTING, checkYamlNesting } from "../lib/limits";
import { parseWaivers } from "../lib/preflight/waivers";
import { renderedError, tempDir } from "./helpers";

const flow = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}\n`;
const block = (n: number) => `${Array.from({ length: n }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")} x\n`;
const compact = (n: number) => `${"- ".repeat(n)}x\n`;

describe("YAML nesting", () => {
  test.each([
    ["flow collections", flow],
    ["block mappings with one-column indents", block],
    ["compact block sequences on one line", compact],
  ])("%s deeper than the limit are refused, naming the line", (_what, make) => {
    expect(() => checkYamlNesting(make(5 * MAX_YAML_NESTING), "deep.yaml")).toThrow(
      /^deep\.yaml: line \d+: the YAML nests deeper than 200 levels; .*check that this is the right file$/,
    );
  });

  test("real nesting passes: the limit is far above what inputs need", () => {
    expect(() => checkYamlNesting(flow(MAX_YAML_NESTING), "ok.yaml")).not.toThrow();
    expect(() => checkYamlNesting(compact(MAX_YAML_NESTING), "ok.yaml")).not.toThrow();
    // Brackets in comments do not count; unbalanced ones in values only add up far past anything real.
    const comments = Array.from({ length: 1000 }, (_, i) => `# see [${i}\nname${i}: "x"`).join("\n");
    expect(() => checkYamlNesting(comments, "ok.yaml")).not.toThrow();
  });

  test.each([
    ["the org config", (file: string) => loadConfig(file)],
    ["a waiver file", (file: string) => parseWaivers(flow(100_000), file)],
    ["the emulator's fault rules", (file: string) => loadFaultsFile(file)],
  ])("%s: exit 2 with one line, twice in one process", (_what, read) => {
    const file = path.join(tempDir(), "deep.yaml");
    writeFileSync(file, flow(100_000));
    for (let i = 0; i < 2; i++) {
      const message = renderedError(() => read(file));
      expect(message.split("\n")).toHaveLength(1);
      expect(message).toContain(`${file}: line 1: the YAML nests deeper than 200 levels`);
    }
  });
});
