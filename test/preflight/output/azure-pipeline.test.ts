import { describe, expect, test } from "vitest";

import { azureAutomationDetails, detectAzurePipeline } from "../../../lib/preflight/output/azure-pipeline";

const AGENT = {
  TF_BUILD: "True",
  SYSTEM_COLLECTIONURI: "https://dev.azure.com/acme/",
  SYSTEM_TEAMPROJECTID: "3F9C3C83-8F4E-4C1E-9A43-54C7C5A0F1D2",
  SYSTEM_DEFINITIONID: "42",
  BUILD_DEFINITIONNAME: "genesys infra",
  BUILD_BUILDID: "1234",
  SYSTEM_JOBID: "a7d5e1b2-0c3f-5d6e-8f90-1a2b3c4d5e6f",
  SYSTEM_JOBNAME: "preflight",
  BUILD_SOURCEBRANCH: "main",
};

describe("detectAzurePipeline", () => {
  test("outside Azure Pipelines: none, whatever else is set", () => {
    expect(detectAzurePipeline({})).toEqual({ state: "none" });
    expect(detectAzurePipeline({ ...AGENT, TF_BUILD: undefined })).toEqual({ state: "none" });
    expect(detectAzurePipeline({ ...AGENT, TF_BUILD: "false" })).toEqual({ state: "none" });
  });

  test("an agent's variables, with the fallbacks for definition, phase and a short branch name", () => {
    const detected = detectAzurePipeline(AGENT);
    expect(detected).toEqual({
      state: "complete",
      run: {
        organization: "acme",
        projectId: "3f9c3c83-8f4e-4c1e-9a43-54c7c5a0f1d2",
        definitionId: 42,
        definitionName: "genesys infra",
        buildId: 1234,
        phaseId: "a7d5e1b2-0c3f-5d6e-8f90-1a2b3c4d5e6f",
        phaseName: "preflight",
        branchRef: "refs/heads/main",
      },
    });
    if (detected.state !== "complete") return;
    expect(azureAutomationDetails(detected.run, "stack acme-prod")).toEqual({
      id: "azuredevops/pipeline/build/acme/3f9c3c83-8f4e-4c1e-9a43-54c7c5a0f1d2/42/a7d5e1b2-0c3f-5d6e-8f90-1a2b3c4d5e6f/refs/heads/main/1234",
      description: { text: "stack acme-prod" },
      properties: {
        "azuredevops/pipeline/build/buildDefinitionId": "42",
        "azuredevops/pipeline/build/buildDefinitionName": "genesys infra",
        "azuredevops/pipeline/build/phaseId": "a7d5e1b2-0c3f-5d6e-8f90-1a2b3c4d5e6f",
        "azuredevops/pipeline/build/phaseName": "preflight",
      },
    });
  });

  test("the old visualstudio.com organization URL", () => {
    const detected = detectAzurePipeline({ ...AGENT, SYSTEM_COLLECTIONURI: "https://acme.visualstudio.com/" });
    expect(detected.state === "complete" && detected.run.organization).toBe("acme");
  });

  test("missing or malformed variables: partial, naming each", () => {
    const detected = detectAzurePipeline({
      ...AGENT,
      SYSTEM_TEAMPROJECTID: "00000000-0000-0000-0000-000000000000",
      BUILD_BUILDID: "0",
      BUILD_DEFINITIONNAME: " ",
      SYSTEM_COLLECTIONURI: "https://example.com/acme",
    });
    expect(detected).toEqual({
      state: "partial",
      problems: [
        "SYSTEM_COLLECTIONURI is not an Azure DevOps organization URL",
        "SYSTEM_TEAMPROJECTID is not a GUID",
        "BUILD_DEFINITIONNAME is not set",
        "BUILD_BUILDID is not a positive integer",
      ],
    });
  });
});
