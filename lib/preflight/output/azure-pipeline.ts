/**
 * The Azure Pipelines run a SARIF file comes from, for GitHub Advanced Security for Azure DevOps (GHAzDO).
 *
 * GHAzDO files a SARIF run under the build that produced it and drops a run whose `automationDetails` does not say
 * which: the id must be `azuredevops/pipeline/build/<organization>/<project id>/<definition id>/<phase id>/<branch
 * ref>/<build id>` and the properties must hold the definition's id and name and the phase's id and name. The
 * variables each part comes from, their forms and their fallbacks are in docs/report-locations.md ("Azure DevOps");
 * the SARIF Multitool's GHAzDO rules (test/preflight/output/sarif-multitool.test.ts) check the result.
 */

export interface AzurePipelineRun {
  readonly organization: string;
  readonly projectId: string;
  readonly definitionId: number;
  readonly definitionName: string;
  readonly buildId: number;
  readonly phaseId: string;
  readonly phaseName: string;
  /** `refs/heads/main`, `refs/pull/7/merge`. */
  readonly branchRef: string;
}

export type AzurePipelineDetection =
  | { readonly state: "none" }
  | { readonly state: "complete"; readonly run: AzurePipelineRun }
  /** Inside a pipeline with some variables missing or malformed: what is wrong, one item each. */
  | { readonly state: "partial"; readonly problems: readonly string[] };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";

type Variable = { readonly name: string; readonly value: string | undefined };

/**
 * Reads pipeline variables and records what is wrong with each, so that detection reports every problem at once
 * rather than the first.
 */
function variableReader(env: Readonly<Record<string, string | undefined>>) {
  const problems: string[] = [];
  /** The first of the names that is set (a variable and its older alias), else the first name, unset. */
  const get = (...names: string[]): Variable => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return { name, value };
    }
    return { name: names[0]!, value: undefined };
  };
  const required = (v: Variable): string | undefined => {
    if (v.value === undefined) problems.push(`${v.name} is not set`);
    return v.value;
  };
  const guid = (v: Variable): string | undefined => {
    const value = required(v);
    if (value === undefined) return undefined;
    if (!GUID.test(value) || value === EMPTY_GUID) {
      problems.push(`${v.name} is not a GUID`);
      return undefined;
    }
    return value.toLowerCase();
  };
  const positive = (v: Variable): number | undefined => {
    const value = required(v);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
      problems.push(`${v.name} is not a positive integer`);
      return undefined;
    }
    return Number(value);
  };
  return { problems, get, required, guid, positive };
}

/** Reads the pipeline's predefined variables; `none` outside Azure Pipelines (`TF_BUILD` is not `True`). */
export function detectAzurePipeline(env: Readonly<Record<string, string | undefined>>): AzurePipelineDetection {
  const tfBuild = env.TF_BUILD?.trim();
  if (tfBuild === undefined || !(tfBuild.toLowerCase() === "true" || tfBuild === "1")) return { state: "none" };
  const { problems, get, required, guid, positive } = variableReader(env);
  const collection = get("SYSTEM_COLLECTIONURI");
  const organization = organizationOf(required(collection));
  if (collection.value !== undefined && organization === undefined)
    problems.push(`SYSTEM_COLLECTIONURI is not an Azure DevOps organization URL`);
  const projectId = guid(get("SYSTEM_TEAMPROJECTID"));
  const definitionId = positive(get("BUILD_DEFINITIONID", "SYSTEM_DEFINITIONID"));
  const definitionName = required(get("BUILD_DEFINITIONNAME"));
  const buildId = positive(get("BUILD_BUILDID"));
  const phaseId = guid(get("SYSTEM_PHASEID", "SYSTEM_JOBID"));
  const phaseName = required(get("SYSTEM_PHASENAME", "SYSTEM_JOBNAME"));
  const branch = required(get("BUILD_SOURCEBRANCH"));

  if (problems.length > 0) return { state: "partial", problems };
  return {
    state: "complete",
    run: {
      organization: organization!,
      projectId: projectId!,
      definitionId: definitionId!,
      definitionName: definitionName!,
      buildId: buildId!,
      phaseId: phaseId!,
      phaseName: phaseName!,
      branchRef: branch!.startsWith("refs/") ? branch! : `refs/heads/${branch!}`,
    },
  };
}

/** `https://dev.azure.com/<org>/` or `https://<org>.visualstudio.com/` (either under `vsrm.`): the organization. */
function organizationOf(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (host === "dev.azure.com" || host === "vsrm.dev.azure.com") {
    const first = url.pathname.split("/").find((s) => s !== "");
    return first === undefined ? undefined : decodeURIComponent(first);
  }
  const suffix = ".visualstudio.com";
  if (host.endsWith(suffix)) {
    const org = host.slice(0, -suffix.length).replace(/\.vsrm$/, "");
    return org === "" || org.includes(".") ? undefined : org;
  }
  return undefined;
}

/** The run's `automationDetails` as GHAzDO reads it; `description` says which stack the run is. */
export function azureAutomationDetails(run: AzurePipelineRun, description: string) {
  const prefix = "azuredevops/pipeline/build/";
  return {
    id: `${prefix}${run.organization}/${run.projectId}/${run.definitionId}/${run.phaseId}/${run.branchRef}/${run.buildId}`,
    description: { text: description },
    properties: {
      [`${prefix}buildDefinitionId`]: String(run.definitionId),
      [`${prefix}buildDefinitionName`]: run.definitionName,
      [`${prefix}phaseId`]: run.phaseId,
      [`${prefix}phaseName`]: run.phaseName,
    },
  };
}
