/**
 * The shipped GitLab, Azure Pipelines and Jenkins examples (examples/ci/): each gcguard command in them parses
 * with the real program (flags that exist, formats that exist), and each report the gate writes is the file the
 * CI system is told to collect, collected when the gate fails too. (The GitHub workflow runs for real:
 * github-actions.test.ts.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

import type { OutputTarget } from "../../lib/preflight/command";
import { parseOutputs } from "../../lib/preflight/command";
import { buildProgram } from "../../scripts/cli";

const CI = path.join(__dirname, "..", "..", "examples", "ci");
const read = (file: string) => readFileSync(path.join(CI, file), "utf8");

/** Every `gcguard preflight ...` command in a text, as the program parses it, with the reports it asks for. */
function preflightCommands(text: string): OutputTarget[][] {
  const lines = text.replace(/\n\s+--/g, " --").split("\n");
  return lines
    .filter((l) => l.includes("npx gcguard preflight") && !/^\s*(#|\/\/)/.test(l))
    .map((line) => {
      const words = (
        line.slice(line.indexOf("gcguard preflight") + "gcguard preflight".length).match(/"[^"]*"|'[^']*'|\S+/g) ?? []
      ).map((w) => w.replace(/^(["'])(.*)\1$/, "$2"));
      const preflight = buildProgram({ stdout: () => {}, stderr: () => {} }).commands.find(
        (c) => c.name() === "preflight",
      ) as Command;
      const { operands, unknown } = preflight.parseOptions(words);
      expect({ operands, unknown }, line).toEqual({ operands: [], unknown: [] });
      const opts = preflight.opts<{ format?: string[]; output?: string }>();
      return parseOutputs(opts.format, opts.output);
    });
}

const fileOf = (targets: OutputTarget[], format: string) => targets.find((t) => t.format === format)?.file;

describe("example pipelines", () => {
  test("GitLab: Code Quality and JUnit reports from one gate run, collected when it fails", () => {
    const text = read("gitlab-ci.yml");
    const pipeline = parse(text) as Record<string, { artifacts?: { when?: string; reports?: Record<string, string> } }>;
    const [targets] = preflightCommands(text);
    const artifacts = pipeline.preflight!.artifacts!;
    expect(artifacts.when).toBe("always");
    expect(artifacts.reports).toEqual({
      codequality: fileOf(targets!, "codeclimate"),
      junit: fileOf(targets!, "junit"),
    });
  });

  test("Azure: issues on the run and JUnit published on success or failure, the secret mapped into the gate", () => {
    const text = read("azure-pipelines.yml");
    const steps = (parse(text) as { steps: Record<string, unknown>[] }).steps;
    const [targets] = preflightCommands(text);
    expect(targets!.find((t) => t.file === undefined)?.format).toBe("azure");
    const gate = steps.find((s) => s.displayName === "Preflight gate") as { env: Record<string, string> };
    expect(gate.env.GENESYSCLOUD_OAUTHCLIENT_SECRET).toBe("$(GENESYSCLOUD_OAUTHCLIENT_SECRET)");
    const publish = steps.find((s) => s.task === "PublishTestResults@2") as {
      condition: string;
      inputs: Record<string, string>;
    };
    expect(publish.condition).toBe("succeededOrFailed()");
    expect(publish.inputs.testResultsFiles).toBe(fileOf(targets!, "junit"));
  });

  test("Jenkins: the JUnit report recorded in post { always }", () => {
    const text = read("Jenkinsfile");
    const [targets] = preflightCommands(text);
    const junit = /post \{\s*always \{\s*junit testResults: '([^']+)'/.exec(text);
    expect(junit?.[1]).toBe(fileOf(targets!, "junit"));
  });

  test("the check refuses a flag the program does not have", () => {
    expect(() => preflightCommands("npx gcguard preflight --plan p.json --fromat sarif")).toThrow();
  });
});
