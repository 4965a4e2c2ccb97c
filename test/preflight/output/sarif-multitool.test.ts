/**
 * Microsoft's SARIF Multitool (`@microsoft/sarif-multitool`, the validator GitHub and Azure DevOps point SARIF
 * producers at) checks the demo's SARIF with its SARIF, GitHub (Gh) and GitHub Advanced Security for Azure DevOps
 * (Ado) rule sets: no error and no warning. The Azure rules need the pipeline's identity, so that run sets the
 * variables an Azure Pipelines agent sets (docs/report-locations.md, "Azure DevOps").
 */
import { execFileSync } from "node:child_process";
import { accessSync, chmodSync, constants, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type * as Sarif from "sarif";
import { describe, expect, test } from "vitest";

import { preflightCommand } from "../../../lib/preflight/command";
import { useEmulator } from "../../emulator/helpers";
import { tempDir } from "../../helpers";

const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

/** What an Azure Pipelines agent sets (the names and forms are Azure DevOps' predefined variables). */
const AZURE_ENV = {
  TF_BUILD: "True",
  SYSTEM_COLLECTIONURI: "https://dev.azure.com/acme/",
  SYSTEM_TEAMPROJECTID: "3f9c3c83-8f4e-4c1e-9a43-54c7c5a0f1d2",
  BUILD_DEFINITIONID: "42",
  SYSTEM_DEFINITIONID: "42",
  BUILD_DEFINITIONNAME: "genesys-infra",
  BUILD_BUILDID: "1234",
  SYSTEM_PHASEID: "a7d5e1b2-0c3f-5d6e-8f90-1a2b3c4d5e6f",
  SYSTEM_PHASENAME: "preflight",
  BUILD_SOURCEBRANCH: "refs/pull/7/merge",
};

/** The Multitool's own binary for this platform; npm may have skipped the postinstall that marks it executable. */
function multitool(): string {
  const pkg = `@microsoft/sarif-multitool-${process.platform === "win32" ? "win32" : process.platform}`;
  const dir = path.dirname(require.resolve(`${pkg}/package.json`));
  const bin = path.join(dir, process.platform === "win32" ? "Sarif.Multitool.exe" : "Sarif.Multitool");
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    chmodSync(bin, 0o755);
  }
  return bin;
}

/** The Multitool's findings on `file` with the given rule kinds, as SARIF results. */
function validate(file: string, ruleKinds: string): Sarif.Result[] {
  const out = path.join(path.dirname(file), `validation-${ruleKinds.replace(/;/g, "-")}.sarif`);
  execFileSync(multitool(), ["validate", "--rule-kind", ruleKinds, "--log", "ForceOverwrite", "-o", out, file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" },
  });
  const log = JSON.parse(readFileSync(out, "utf8")) as Sarif.Log;
  // A result without a level is a warning (SARIF 2.1.0 §3.27.10, when its rule sets no other default).
  return (log.runs[0]?.results ?? []).filter(
    (r) => (r.level ?? "warning") === "error" || (r.level ?? "warning") === "warning",
  );
}

const describeText = (results: Sarif.Result[]) => results.map((r) => `${r.ruleId}: ${r.message.text ?? ""}`);

describe("the SARIF Multitool's rule sets", () => {
  const api = useEmulator();

  async function demoSarif(env: Record<string, string> = {}): Promise<string> {
    const file = path.join(tempDir(), "gcguard.sarif");
    const code = await preflightCommand(
      {
        config: "examples/gcguard.config.yaml",
        state: ["examples/demo.tfstate"],
        baseUrl: api().emulator.url,
        format: [`sarif=${file}`],
        progress: false,
      },
      { stdout: () => {}, stderr: () => {}, env: { ...CI_ENV, ...env }, isTty: false, version: "0.1.0" },
    );
    expect(code).toBe(1);
    return file;
  }

  test("GitHub and SARIF rules: no error, no warning", { timeout: 60_000 }, async () => {
    const file = await demoSarif();
    expect(describeText(validate(file, "Sarif;Gh"))).toEqual([]);
  });

  test("Azure DevOps (GHAzDO) rules, inside an Azure pipeline: no error, no warning", { timeout: 60_000 }, async () => {
    const file = await demoSarif(AZURE_ENV);
    const run = (JSON.parse(readFileSync(file, "utf8")) as Sarif.Log).runs[0]!;
    expect(run.automationDetails?.id).toBe(
      `azuredevops/pipeline/build/acme/${AZURE_ENV.SYSTEM_TEAMPROJECTID}/42/${AZURE_ENV.SYSTEM_PHASEID}/refs/pull/7/merge/1234`,
    );
    expect(describeText(validate(file, "Sarif;Ado"))).toEqual([]);
  });

  test(
    "the checks are not vacuous: a missing informationUri, and an Azure run without the build's identity",
    {
      timeout: 60_000,
    },
    async () => {
      const plain = await demoSarif();
      // Outside Azure Pipelines the runs carry GitHub categories, which the GHAzDO rules reject.
      expect(validate(plain, "Sarif;Ado").map((r) => r.ruleId)).toContain("GHAzDO1020");
      const log = JSON.parse(readFileSync(plain, "utf8")) as Sarif.Log;
      for (const run of log.runs) delete run.tool.driver.informationUri;
      writeFileSync(plain, JSON.stringify(log));
      expect(validate(plain, "Sarif;Gh").map((r) => r.ruleId)).toContain("SARIF2005");
    },
  );
});
