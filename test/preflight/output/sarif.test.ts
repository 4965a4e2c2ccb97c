import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import Ajv from "ajv";
import type * as Sarif from "sarif";
import { describe, expect, test } from "vitest";

import { cleanLines } from "../../../lib/preflight/output/common";
import { lineHashes } from "../../../lib/preflight/output/line-hash";
import { FINGERPRINT_KEY, LINE_HASH_KEY, renderSarif, sarifLog } from "../../../lib/preflight/output/sarif";
import { RULES } from "../../../lib/preflight/rules";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { WAIVER_REASON, onlyWaivedReport, waivedReport } from "./waived-fixture";

// The SARIF 2.1.0 JSON Schema, revision rtm.5 (the SchemaStore copy of the OASIS schema), as Microsoft's
// @microsoft/jest-sarif package ships it: a dev dependency, so no schema is vendored here. It declares draft-04,
// and the keywords it uses mean the same in draft-07 (it has no boolean exclusiveMinimum/Maximum), so ajv 8
// checks it as draft-07 once the draft-04 `$schema` and `id` are dropped.
const sarifSchemaFile = createRequire(__filename).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const sarifSchema = JSON.parse(readFileSync(sarifSchemaFile, "utf8")) as Record<string, unknown>;
delete sarifSchema.$schema;
delete sarifSchema.id;
// Formats (uri, date-time) are not checked: ajv 8 needs ajv-formats for them; the URI test below covers ours. The
// schema's patterns are ECMA-262 without the `u` flag (one is invalid with it), so unicodeRegExp is off.
const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false }).compile(
  sarifSchema,
);

/** The log's runs (one per stack) read as one: the first run's tool, then every result and invocation in order. */
function run(log: Sarif.Log): Sarif.Run {
  expect(log.runs.length).toBeGreaterThanOrEqual(1);
  for (const r of log.runs) expect(r.tool).toEqual(log.runs[0]!.tool);
  return {
    ...log.runs[0]!,
    results: log.runs.flatMap((r) => r.results ?? []),
    invocations: log.runs.flatMap((r) => r.invocations ?? []),
  };
}

describe("SARIF report", () => {
  test("renders the report as one SARIF 2.1.0 run", async () => {
    await expect(renderSarif(sampleReport, { root: "/repo" })).toMatchFileSnapshot(snapshotFile("report.sarif"));
  });

  test("is valid against the SARIF 2.1.0 schema, with no control characters from names", () => {
    expect(sarifSchema.title).toMatch(/SARIF\) Version 2\.1\.0/);
    for (const report of [sampleReport, cleanReport]) {
      const text = renderSarif(report);
      expect(text).not.toContain("\\u001b");
      const log = JSON.parse(text) as unknown;
      expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    }
  });

  test("fails schema validation when a result lacks its message (the schema is really checking)", () => {
    const log = sarifLog(sampleReport) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    delete log.runs[0]!.results[0]!.message;
    expect(validate(log)).toBe(false);
  });

  test("describes each rule once, by code, with its default level", () => {
    const { driver } = run(sarifLog(sampleReport)).tool;
    expect(driver).toMatchObject({ name: "gcguard", version: "0.1.0" });
    expect(driver.informationUri).toBe("https://www.npmjs.com/package/gcguard");
    expect(driver.rules?.map((r) => r.id)).toEqual(sampleReport.rules.map((r) => r.code));
    expect(driver.rules?.[0]).toEqual({
      id: "GCG101",
      name: "name-collision",
      helpUri: "https://www.npmjs.com/package/gcguard/v/0.1.0#gcg101-name-collision",
      shortDescription: { text: "Name collision" },
      fullDescription: { text: sampleReport.rules[0]!.description },
      defaultConfiguration: { level: "error" },
      help: { text: sampleReport.rules[0]!.description },
    });
    expect(driver.rules?.[6]?.defaultConfiguration?.level).toBe("warning");
    expect(driver.rules?.[6]?.properties).toEqual({ unverified: true });
  });

  test("has one result per finding, pointing at its rule, with GitHub's required physical location", () => {
    const { results = [], tool } = run(sarifLog(sampleReport));
    expect(results).toHaveLength(sampleReport.findings.length);
    results.forEach((result, i) => {
      const finding = sampleReport.findings[i]!;
      expect(result.ruleId).toBe(finding.code);
      expect(tool.driver.rules?.[result.ruleIndex!]?.id).toBe(finding.code);
      expect(result.level).toBe(finding.level === "error" ? "error" : "warning");
      const clean = (text: string) => cleanLines(text).join("\n");
      expect(result.message.text).toContain(clean(finding.message));
      expect(result.message.text).toContain(`Remediation: ${clean(finding.remediation)}`);
      const [location] = result.locations ?? [];
      expect(location?.physicalLocation?.region?.startLine).toBe(finding.location?.line ?? 1);
      if (finding.address) {
        expect(location?.logicalLocations).toEqual([
          { name: finding.address, fullyQualifiedName: finding.address, kind: "resource" },
        ]);
      } else {
        expect(location).not.toHaveProperty("logicalLocations");
      }
      expect(result.properties?.stack).toBe(finding.stack);
      expect(result.properties?.unverified).toBe(finding.level === "unverified" ? true : undefined);
    });
  });

  test("points a finding with a source location at that file and line, as a percent-encoded URI", () => {
    const located = run(sarifLog(sampleReport)).results?.flatMap((r, i) =>
      sampleReport.findings[i]!.location ? [r.locations?.[0]?.physicalLocation] : [],
    );
    expect(located).toEqual([
      { artifactLocation: { uri: "infra/groups%2C%20teams.tf" }, region: { startLine: 12 } },
      { artifactLocation: { uri: "gcguard.config.yaml" }, region: { startLine: 42 } },
    ]);
  });

  test("gives a located result GitHub's line hash of its line, and none when the file cannot be read", () => {
    const config = "orgs:\n  - name: acme-prod\n" + "\n".repeat(39) + "      - name: Support <Tier 1> & Billing\n";
    const hashes = (readSource: (file: string) => string | undefined) =>
      run(sarifLog(sampleReport, { readSource })).results?.map((r) => r.partialFingerprints?.[LINE_HASH_KEY]);
    const withConfig = hashes((file) => (file === "gcguard.config.yaml" ? config : undefined));
    const located = sampleReport.findings.map((f) => f.location?.file);
    expect(withConfig?.filter((h, i) => located[i] !== "gcguard.config.yaml" && h !== undefined)).toEqual([]);
    expect(withConfig?.[located.indexOf("gcguard.config.yaml")]).toBe(lineHashes(config)[41]);
    // A blank line added above the entry moves it to line 43 and keeps its hash.
    expect(lineHashes(`\n${config}`)[42]).toBe(lineHashes(config)[41]);
    expect(hashes(() => undefined)?.every((h) => h === undefined)).toBe(true);
  });

  test("points a location outside the working directory at a file: URI", () => {
    const outside = {
      ...sampleReport,
      findings: [{ ...sampleReport.findings[0]!, location: { file: "/elsewhere/infra, eu/main.tf", line: 3 } }],
    };
    expect(run(sarifLog(outside)).results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe(
      "file:///elsewhere/infra,%20eu/main.tf",
    );
  });

  test("points each stack's results without a source location at the stack's input, as a relative URI", () => {
    const unlocated = { ...sampleReport, findings: sampleReport.findings.map(({ location: _, ...f }) => f) };
    const uris = (options: Parameters<typeof sarifLog>[1]) =>
      new Set(
        run(sarifLog(unlocated, options)).results?.map(
          (r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
        ),
      );
    expect(uris({})).toEqual(
      new Set(["cdktf.out/stacks/acme-prod/cdk.tf.json", "plans/eu%26apac%20%22legacy%22.json"]),
    );
    expect(uris({ artifactUri: (stack) => `stacks/${stack.name}.ts` })).toEqual(
      new Set(["stacks/acme-prod.ts", "stacks/eu%26apac%20%22legacy%22.ts"]),
    );

    const absolute = {
      ...unlocated,
      stacks: sampleReport.stacks.map((s) => ({ ...s, source: path.join("/repo", "plans", `${s.name}.json`) })),
    };
    expect(
      new Set(
        run(sarifLog(absolute, { root: "/repo" })).results?.map(
          (r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri,
        ),
      ),
    ).toEqual(new Set(["plans/acme-prod.json", "plans/eu%26apac%20%22legacy%22.json"]));

    const inProcess = {
      ...unlocated,
      stacks: sampleReport.stacks.map((s) => ({ ...s, source: "synthesized in-process" })),
    };
    expect(
      new Set(run(sarifLog(inProcess)).results?.map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri)),
    ).toEqual(new Set(["cdktf.json"]));
  });

  test("fingerprints findings by rule, stack and address, so a changed message keeps its alert", () => {
    const fingerprints = (report: typeof sampleReport) =>
      run(sarifLog(report)).results?.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY]);
    const before = fingerprints(sampleReport);
    expect(new Set(before).size).toBe(before?.length);
    expect(before?.every((fp) => /^[0-9a-f]{32}:\d+$/.test(fp ?? ""))).toBe(true);

    const reworded = {
      ...sampleReport,
      findings: sampleReport.findings.map((f) => ({ ...f, message: `${f.message} (now 43 users)` })),
    };
    expect(fingerprints(reworded)).toEqual(before);
  });

  test("gives each stack its own run and code-scanning category", () => {
    const log = sarifLog(sampleReport);
    expect(log.runs.map((r) => r.automationDetails?.id)).toEqual([
      "gcguard-preflight/acme-prod/",
      'gcguard-preflight/eu&apac "legacy"/',
    ]);
    log.runs.forEach((r, i) =>
      expect(new Set(r.results?.map((x) => String(x.properties?.stack)))).toEqual(
        new Set([sampleReport.stacks[i]!.name]),
      ),
    );
  });

  test("reports a rule that threw as a tool execution notification, in its stack's run", () => {
    const [prod, invocation] = run(sarifLog(sampleReport)).invocations ?? [];
    expect(prod).toEqual({ executionSuccessful: true, exitCode: 2 });
    expect(invocation).toMatchObject({ executionSuccessful: false, exitCode: 2 });
    expect(invocation?.toolExecutionNotifications).toEqual([
      {
        level: "error",
        message: {
          text: 'Rule GCG202 queue-member-limit failed in stack eu&apac "legacy"; its findings are incomplete.',
        },
        associatedRule: { id: "GCG202", index: 4 },
      },
    ]);
    expect(run(sarifLog(cleanReport)).invocations).toEqual([{ executionSuccessful: true, exitCode: 0 }]);
  });

  test("a run that completed with findings is successful: findings are its result, not a tool failure", () => {
    const completed = {
      ...sampleReport,
      rules: sampleReport.rules.map((rule) => ({
        ...rule,
        results: rule.results.map((r) => (r.status === "error" ? { ...r, status: "fail" as const } : r)),
      })),
      summary: { ...sampleReport.summary, exitCode: 1 as const },
    };
    expect(run(sarifLog(completed)).invocations).toEqual([
      { executionSuccessful: true, exitCode: 1 },
      { executionSuccessful: true, exitCode: 1 },
    ]);
  });
});

/**
 * The SARIF Multitool's GitHub Advanced Security rules (microsoft/sarif-sdk, src/Sarif.Multitool.Library/Rules,
 * the rules enabled for `--rule-kind Ghas`), checked by our own code rather than the Multitool's 100 MB binary.
 */
function githubRuleViolations(log: Sarif.Log): string[] {
  const problems: string[] = [];
  const schema = log.$schema ?? "";
  if (!/sarif-2\.1\.0(-rtm\.\d+)?\.json$/.test(schema)) problems.push("GH1011: $schema is not the final 2.1.0 schema");
  if (log.version !== "2.1.0" || !Array.isArray(log.runs) || log.runs.length > 20)
    problems.push("GH1013: version, runs (at most 20)");
  for (const run of log.runs ?? []) {
    if (!run.tool || !Array.isArray(run.results)) problems.push("GH1014: run without tool or results");
    const driver = run.tool?.driver;
    if (!driver?.name || !Array.isArray(driver.rules)) problems.push("GH1018: tool.driver.name and rules");
    for (const rule of driver?.rules ?? []) {
      if (!rule.id || !rule.shortDescription?.text || !rule.fullDescription?.text || !rule.help?.text)
        problems.push(`GH2012: rule ${rule.id} lacks id, shortDescription, fullDescription or help.text`);
    }
    for (const result of run.results ?? []) {
      if (!result.message?.text || !result.locations?.length)
        problems.push(`GH1015: result ${result.ruleId} lacks message.text or locations`);
      for (const location of result.locations ?? []) {
        const physical = location.physicalLocation;
        if (!physical) problems.push(`GH1016: result ${result.ruleId} location without physicalLocation`);
        else if (!physical.artifactLocation?.uri || !physical.region)
          problems.push(`GH1017: result ${result.ruleId} physicalLocation lacks artifactLocation.uri or region`);
      }
    }
  }
  return problems;
}

describe("SARIF against GitHub's rules", () => {
  test("passes the Multitool's GitHub rule set, and the check catches a broken log", () => {
    for (const report of [sampleReport, cleanReport]) expect(githubRuleViolations(sarifLog(report))).toEqual([]);
    const broken = sarifLog(sampleReport);
    delete broken.runs[0]!.tool.driver.rules![0]!.help;
    delete broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region;
    expect(githubRuleViolations(broken)).toEqual([
      "GH2012: rule GCG101 lacks id, shortDescription, fullDescription or help.text",
      "GH1017: result GCG101 physicalLocation lacks artifactLocation.uri or region",
    ]);
  });
});

describe("rule help", () => {
  /** GitHub's (and npm's) heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces as `-`. */
  const slug = (heading: string) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");

  test("every rule's helpUri anchor is a README heading that names the rule", () => {
    const readme = readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
    const headings = new Map(
      [...readme.matchAll(/^#{1,6} (.+)$/gm)].map((m) => [slug(m[1]!), m[1]!] as [string, string]),
    );
    const { driver } = run(
      sarifLog({ ...sampleReport, rules: RULES.map((r) => ({ ...sampleReport.rules[0]!, code: r.code, id: r.id })) }),
    ).tool;
    expect(driver.rules).toHaveLength(RULES.length);
    for (const rule of driver.rules ?? []) {
      const anchor = new URL(rule.helpUri!).hash.slice(1);
      expect(headings.get(anchor), `README has no heading for ${rule.helpUri}`).toBe(`${rule.id} ${rule.name}`);
    }
  });
});

describe("SARIF report with waivers", () => {
  test("a waived result carries an accepted external suppression; an expired waiver is an error result", () => {
    const log = sarifLog(waivedReport, { root: "/repo" });
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = run(log).results ?? [];
    const suppressed = results.filter((r) => r.suppressions !== undefined);
    expect(suppressed.map((r) => [r.ruleId, r.suppressions])).toEqual([
      ["GCG101", [{ kind: "external", status: "accepted", justification: WAIVER_REASON }]],
    ]);
    const expired = results.find((r) => r.ruleId === "GCG901");
    expect(expired?.level).toBe("error");
    expect(expired?.suppressions).toBeUndefined();
    expect(expired?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(7);
    expect(run(sarifLog(onlyWaivedReport)).results?.[0]?.suppressions).toHaveLength(1);
  });
});
