/**
 * SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers.
 *
 * Each result points at the line a person edits (the finding's `location`: the config entry or the .tf block), or,
 * when the finding has none, at line 1 of its stack's input (`artifactUri`), and carries the Terraform address as a
 * logical location (kind `resource`). `partialFingerprints` holds our own key (rule, stack, address), which keeps
 * one alert per finding however the message's counts change, and GitHub's `primaryLocationLineHash` of the line
 * (line-hash.ts), which keeps it across edits above the line (docs/report-locations.md). Each stack is its own run
 * with its own `automationDetails.id` (`gcguard-preflight/<stack>/`), which code scanning takes as the category, so
 * a job that checks one stack does not close the alerts of another.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import type * as Sarif from "sarif";

import type { Finding, Level } from "../model";
import type { PreflightReport, RuleReport, StackReport } from "../report";
import type { AzurePipelineRun } from "./azure-pipeline";
import { azureAutomationDetails } from "./azure-pipeline";
import { cleanLines, defaultArtifactPath, fingerprints, statusIn } from "./common";
import { lineHashes } from "./line-hash";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** The partialFingerprints key; bump its version if the fingerprint's inputs change. */
export const FINGERPRINT_KEY = "gcguardFinding/v1";

export interface SarifOptions {
  /**
   * The repository-relative path that a stack's results point at.
   * @default - the stack's `source` relative to `root` when it is a file path, `cdktf.json` otherwise (a stack
   * synthesized in-process comes from the cdktf app)
   */
  readonly artifactUri?: (stack: StackReport) => string;
  /**
   * The directory that default artifact paths are relative to (the repository root).
   * @default - the working directory
   */
  readonly root?: string;
  /**
   * A located finding's file, for GitHub's line hash; undefined when it cannot be read (then no hash is given).
   * @default - the file under `root`
   */
  readonly readSource?: (file: string) => string | undefined;
  /**
   * The Azure Pipelines run this report comes from (`detectAzurePipeline`): each run's `automationDetails` then
   * names the build, as GitHub Advanced Security for Azure DevOps requires.
   * @default - `gcguard-preflight/<stack>/` categories, as GitHub code scanning takes them
   */
  readonly azurePipeline?: AzurePipelineRun;
}

/**
 * Where the tool and its rules are documented: the package's page on npm, which shows the README of the version
 * (`/v/<version>`), so a rule's `helpUri` is the README heading of the rule as that version has it.
 */
export function docsUri(tool: PreflightReport["tool"], version = true): string {
  const base = `https://www.npmjs.com/package/${tool.name}`;
  return version ? `${base}/v/${encodeURIComponent(tool.version)}` : base;
}

/** The README heading's anchor for a rule: its heading is `#### GCG101 name-collision`. */
export function ruleAnchor(rule: Pick<RuleReport, "code" | "id">): string {
  return `${rule.code}-${rule.id}`.toLowerCase();
}

/** GitHub's line-hash key in partialFingerprints. */
export const LINE_HASH_KEY = "primaryLocationLineHash";

const SARIF_LEVEL: Readonly<Record<Level, Sarif.Result.level>> = {
  error: "error",
  warning: "warning",
  // SARIF has no "could not check" level: a warning, marked in the property bag.
  unverified: "warning",
};

export function renderSarif(report: PreflightReport, options: SarifOptions = {}): string {
  return `${JSON.stringify(sarifLog(report, options), null, 2)}\n`;
}

export function sarifLog(report: PreflightReport, options: SarifOptions = {}): Sarif.Log {
  const results = sarifResults(report, options);
  // One run per stack, each its own code-scanning category, so checking one stack never closes another's alerts.
  // GitHub takes at most 20 runs a file: beyond that, one run for all.
  const stacks = report.stacks.length > 0 && report.stacks.length <= MAX_RUNS ? report.stacks.map((s) => s.name) : [];
  const runs: Sarif.Run[] =
    stacks.length > 0
      ? stacks.map((stack) => ({
          tool: sarifTool(report),
          automationDetails: automation(options, stack),
          invocations: [invocation(report, stack)],
          results: results.filter((_r, i) => report.findings[i]!.stack === stack),
        }))
      : [
          {
            tool: sarifTool(report),
            automationDetails: automation(options),
            invocations: [invocation(report)],
            results,
          },
        ];
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs };
}

/** One result per finding, in the report's order, each at its source line (else its stack's cdktf.json). */
function sarifResults(report: PreflightReport, options: SarifOptions): Sarif.Result[] {
  const root = options.root ?? process.cwd();
  const uriOf = (stackName: string): string => {
    const stack = report.stacks.find((s) => s.name === stackName);
    if (!stack) return "cdktf.json";
    return toUri(options.artifactUri ? options.artifactUri(stack) : defaultArtifactPath(stack, root));
  };
  const ruleIndex = new Map(report.rules.map((rule, i) => [rule.code, i]));
  const lineHash = lineHasher(root, options.readSource);
  const ids = fingerprints(report.findings);
  return report.findings.map((finding, i) => {
    const where = finding.location
      ? { uri: toUri(finding.location.file), line: finding.location.line }
      : { uri: uriOf(finding.stack), line: 1 };
    const hash = finding.location ? lineHash(finding.location.file, finding.location.line) : undefined;
    return sarifResult(finding, ruleIndex.get(finding.code), where, {
      [FINGERPRINT_KEY]: ids[i]!,
      ...(hash === undefined ? {} : { [LINE_HASH_KEY]: hash }),
    });
  });
}

/** A source line's hash (GitHub's line-hash key), reading each file once; none when the file cannot be read. */
function lineHasher(
  root: string,
  readSource: ((file: string) => string | undefined) | undefined,
): (file: string, line: number) => string | undefined {
  const read =
    readSource ??
    ((file: string) => {
      try {
        return readFileSync(path.resolve(root, file), "utf8");
      } catch {
        return undefined;
      }
    });
  const hashes = new Map<string, string[] | undefined>();
  return (file, line) => {
    if (!hashes.has(file)) {
      const text = read(file);
      hashes.set(file, text === undefined ? undefined : lineHashes(text));
    }
    return hashes.get(file)?.[line - 1];
  };
}

/** The tool and its rules; a fresh object per run, as each run owns its tool. */
function sarifTool(report: PreflightReport): Sarif.Tool {
  return {
    driver: {
      name: report.tool.name,
      fullName: `${report.tool.name} preflight ${report.tool.version}`,
      version: report.tool.version,
      semanticVersion: report.tool.version,
      informationUri: docsUri(report.tool, false),
      rules: report.rules.map((rule): Sarif.ReportingDescriptor => ({
        id: rule.code,
        name: rule.id,
        helpUri: `${docsUri(report.tool)}#${ruleAnchor(rule)}`,
        shortDescription: { text: rule.title },
        fullDescription: { text: rule.description },
        defaultConfiguration: { level: SARIF_LEVEL[rule.level] },
        help: { text: rule.description },
        ...(rule.level === "unverified" ? { properties: { unverified: true } } : {}),
      })),
    },
  };
}

/** The code-scanning category prefix of every run (`gcguard-preflight/<stack>/`). */
export const CATEGORY = "gcguard-preflight";
const MAX_RUNS = 20;

/** A run's category: per stack for GitHub; in Azure Pipelines the build, which GHAzDO files the run under. */
function automation(options: SarifOptions, stack?: string): Sarif.RunAutomationDetails {
  if (options.azurePipeline)
    return azureAutomationDetails(
      options.azurePipeline,
      stack === undefined ? "gcguard preflight" : `gcguard preflight, stack ${stack}`,
    );
  return { id: stack === undefined ? `${CATEGORY}/` : `${CATEGORY}/${stack}/` };
}

function sarifResult(
  finding: Finding,
  ruleIndex: number | undefined,
  where: { readonly uri: string; readonly line: number },
  fingerprints: Record<string, string>,
): Sarif.Result {
  const parts = [finding.address ? `${finding.address}: ${finding.message}` : finding.message];
  if (finding.detail) parts.push(finding.detail);
  parts.push(`Remediation: ${finding.remediation}`);
  return {
    ruleId: finding.code,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: SARIF_LEVEL[finding.level],
    // Without control characters: viewers show the text as it is, escape sequences included.
    message: { text: cleanLines(parts.join("\n\n")).join("\n") },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: where.uri }, region: { startLine: where.line } },
        ...(finding.address
          ? { logicalLocations: [{ name: finding.address, fullyQualifiedName: finding.address, kind: "resource" }] }
          : {}),
      },
    ],
    partialFingerprints: fingerprints,
    // A waiver is a suppression kept outside the source ("external"), accepted by the team that wrote it.
    ...(finding.suppression
      ? { suppressions: [{ kind: "external", status: "accepted", justification: finding.suppression.reason }] }
      : {}),
    properties: {
      stack: finding.stack,
      ...(finding.level === "unverified" ? { unverified: true, tags: ["unverified"] } : {}),
    },
  };
}

/**
 * A rule that threw is a tool problem, not a result: SARIF reports it as a tool execution notification, in the run
 * of the stack it threw in (every stack's, when `stack` is not given).
 */
function invocation(report: PreflightReport, stack?: string): Sarif.Invocation {
  const notifications = report.rules.flatMap((rule, index) =>
    report.stacks
      .filter((s) => stack === undefined || s.name === stack)
      .filter((s) => statusIn(rule, s.name) === "error")
      .map((stack): Sarif.Notification => ({
        level: "error",
        message: { text: `Rule ${rule.code} ${rule.id} failed in stack ${stack.name}; its findings are incomplete.` },
        associatedRule: { id: rule.code, index },
      })),
  );
  return {
    // Findings are the run's result, not a failure of it: only a rule that could not run makes it unsuccessful.
    executionSuccessful: notifications.length === 0,
    exitCode: report.summary.exitCode,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

/**
 * A path as a URI reference: a relative one with forward slashes and each segment percent-encoded; an absolute one
 * (a file outside the working directory) as a `file:` URI, which SARIF viewers take as absolute.
 */
function toUri(file: string): string {
  if (path.isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file)) return pathToFileURL(file).href;
  return file
    .split(/[\\/]+/)
    .filter((segment, i) => !(segment === "." && i === 0))
    .map(encodeURIComponent)
    .join("/");
}
