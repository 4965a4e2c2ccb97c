/**
 * SARIF 2.1.0, for GitHub code scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers.
 *
 * GitHub needs a physical location on every result, but a finding is about a Terraform address, not a line, so
 * each result points at line 1 of its stack's plan source (`artifactUri`) and carries the address as a logical
 * location (kind `resource`). `partialFingerprints` identifies a finding across runs by rule, stack and address,
 * so GitHub keeps one alert per finding however the message's counts change (peers.md §4: SARIF for GHAS users).
 */
import { createHash } from "node:crypto";
import path from "node:path";

import type * as Sarif from "sarif";

import type { Finding, Level } from "../model";
import type { PreflightReport, StackReport } from "../report";
import { cleanLines, statusIn } from "./common";

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
}

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
  const root = options.root ?? process.cwd();
  const uriOf = (stackName: string): string => {
    const stack = report.stacks.find((s) => s.name === stackName);
    if (!stack) return "cdktf.json";
    return toUri(options.artifactUri ? options.artifactUri(stack) : defaultArtifactPath(stack, root));
  };
  const ruleIndex = new Map(report.rules.map((rule, i) => [rule.code, i]));
  const seen = new Map<string, number>();
  const results = report.findings.map((finding) => {
    const key = fingerprint(finding);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return sarifResult(finding, ruleIndex.get(finding.code), uriOf(finding.stack), `${key}:${occurrence}`);
  });
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: report.rules.map((rule): Sarif.ReportingDescriptor => ({
              id: rule.code,
              name: rule.id,
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.description },
              defaultConfiguration: { level: SARIF_LEVEL[rule.level] },
              help: { text: rule.description },
              ...(rule.level === "unverified" ? { properties: { unverified: true } } : {}),
            })),
          },
        },
        invocations: [invocation(report)],
        results,
      },
    ],
  };
}

function sarifResult(finding: Finding, ruleIndex: number | undefined, uri: string, fp: string): Sarif.Result {
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
        physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
        ...(finding.address
          ? { logicalLocations: [{ name: finding.address, fullyQualifiedName: finding.address, kind: "resource" }] }
          : {}),
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: fp },
    properties: {
      stack: finding.stack,
      ...(finding.level === "unverified" ? { unverified: true, tags: ["unverified"] } : {}),
    },
  };
}

/** A rule that threw is a tool problem, not a result: SARIF reports it as a tool execution notification. */
function invocation(report: PreflightReport): Sarif.Invocation {
  const notifications = report.rules.flatMap((rule, index) =>
    report.stacks
      .filter((stack) => statusIn(rule, stack.name) === "error")
      .map((stack): Sarif.Notification => ({
        level: "error",
        message: { text: `Rule ${rule.code} ${rule.id} failed in stack ${stack.name}; its findings are incomplete.` },
        associatedRule: { id: rule.code, index },
      })),
  );
  return {
    executionSuccessful: notifications.length === 0 && report.summary.exitCode !== 1,
    exitCode: report.summary.exitCode,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

/** Stable across runs: rule, stack and address. Findings sharing all three are told apart by occurrence. */
function fingerprint(finding: Finding): string {
  return createHash("sha256")
    .update(JSON.stringify([finding.code, finding.stack, finding.address ?? ""]))
    .digest("hex")
    .slice(0, 32);
}

function defaultArtifactPath(stack: StackReport, root: string): string {
  const source = stack.source;
  const isPath = path.isAbsolute(source) || /[\\/]/.test(source) || /\.[A-Za-z0-9]+$/.test(source);
  if (!isPath) return "cdktf.json";
  return path.isAbsolute(source) ? path.relative(root, source) : source;
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
function toUri(file: string): string {
  return file
    .split(/[\\/]+/)
    .filter((segment, i) => !(segment === "." && i === 0))
    .map(encodeURIComponent)
    .join("/");
}
