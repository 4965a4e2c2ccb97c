import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, test } from "vitest";

import { renderJunit } from "../../../lib/preflight/output/junit";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { WAIVER_REASON, onlyWaivedReport, waivedReport } from "./waived-fixture";

interface Counts {
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
}
interface TestCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; "#text"?: string };
  error?: { message: string; type: string; "#text"?: string };
  skipped?: { message: string };
}
interface Suite extends Counts {
  name: string;
  properties: { property: { name: string; value: string }[] };
  testcase: TestCase[];
}
interface Junit {
  testsuites: Omit<Counts, "skipped"> & { name: string; testsuite: Suite[] };
}

function parse(xml: string): Junit {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    // decodes character references (&#10;) too
    htmlEntities: true,
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
  });
  return parser.parse(xml) as Junit;
}

/**
 * What the Jenkins xunit plugin's junit-10.xsd allows (jenkinsci/xunit-plugin, read for docs/report-locations.md):
 * per element, the attributes it may carry (none beyond these: the schema has no anyAttribute) and must carry.
 */
const XSD: Record<string, { allowed: string[]; required: string[] }> = {
  testsuites: { allowed: ["name", "time", "tests", "failures", "errors"], required: [] },
  testsuite: {
    allowed: [
      "name",
      "tests",
      "failures",
      "errors",
      "group",
      "time",
      "skipped",
      "timestamp",
      "hostname",
      "id",
      "package",
      "file",
      "log",
      "url",
    ],
    required: ["name", "tests", "failures", "errors"],
  },
  testcase: { allowed: ["name", "time", "classname", "group"], required: ["name"] },
  failure: { allowed: ["type", "message"], required: [] },
  error: { allowed: ["type", "message"], required: [] },
  skipped: { allowed: ["type", "message"], required: [] },
  properties: { allowed: [], required: [] },
  property: { allowed: ["name", "value"], required: ["name", "value"] },
};

/** Every element's attributes against XSD above; returns the violations. */
function xsdViolations(xml: string): string[] {
  const problems: string[] = [];
  for (const m of xml.matchAll(/<([a-z-]+)((?:\s+[a-z-]+="[^"]*")*)\s*\/?>/g)) {
    const [, element, attributes] = m;
    const rules = XSD[element!];
    if (!rules) {
      problems.push(`<${element}> is not in the schema`);
      continue;
    }
    const names = [...attributes!.matchAll(/([a-z-]+)="/g)].map((a) => a[1]!);
    for (const n of names) if (!rules.allowed.includes(n)) problems.push(`<${element} ${n}> is not allowed`);
    for (const n of rules.required) if (!names.includes(n)) problems.push(`<${element}> lacks ${n}`);
  }
  return problems;
}

describe("JUnit report", () => {
  test("renders one suite per stack, one case per finding and one per clean rule", async () => {
    await expect(renderJunit(sampleReport)).toMatchFileSnapshot(snapshotFile("report.xml"));
  });

  test("only uses what the Jenkins xunit schema allows (the check itself catches a stray attribute)", () => {
    for (const report of [sampleReport, cleanReport]) expect(xsdViolations(renderJunit(report))).toEqual([]);
    expect(
      xsdViolations(
        '<testsuites skipped="1"><testsuite name="x" tests="1" failures="0"><testcase file="a"/></testsuite></testsuites>',
      ),
    ).toEqual([
      "<testsuites skipped> is not allowed",
      "<testsuite> lacks errors",
      "<testcase file> is not allowed",
      "<testcase> lacks name",
    ]);
  });

  test("makes each finding a failing case, named by rule and address, so three collisions are three failures", () => {
    const { testsuites } = parse(renderJunit(sampleReport));
    const [prod, legacy] = testsuites.testsuite;
    const outcome = (c: TestCase) => (c.failure ? "failure" : c.error ? "error" : c.skipped ? "skipped" : "pass");
    const rows = (suite: Suite) => suite.testcase.map((c) => [c.name, outcome(c)]);
    expect(rows(prod!)).toEqual([
      ['GCG101 name-collision genesyscloud_group.teams["Sales | EU *VIP*"]', "failure"],
      ["GCG101 name-collision genesyscloud_routing_queue.support_tier1", "failure"],
      ["GCG102 ambiguous-lookup", "pass"],
      ["GCG103 division-dependents genesyscloud_auth_division.emea", "failure"],
      ['GCG201 membership-overwrite genesyscloud_group.teams["Sales | EU *VIP*"]', "failure"],
      ["GCG201 membership-overwrite genesyscloud_group.tier2", "failure"],
      ["GCG202 queue-member-limit", "pass"],
      ["GCG203 rename-adopted genesyscloud_routing_queue.support_tier1", "failure"],
      ["GCG301 hidden-divisions acme-prod", "failure"],
      ["GCG302 missing-permissions acme-prod", "failure"],
    ]);
    expect(rows(legacy!).map(([, o]) => o)).toEqual([
      "failure",
      "failure",
      "skipped",
      "skipped",
      "error",
      "failure",
      "failure",
      "pass",
    ]);
    for (const suite of testsuites.testsuite)
      expect(new Set(suite.testcase.map((c) => c.classname))).toEqual(new Set([`gcguard.${suite.name}`]));
    expect(prod).toMatchObject({ tests: "10", failures: "8", errors: "0", skipped: "0" });
    expect(legacy).toMatchObject({ tests: "8", failures: "4", errors: "1", skipped: "2" });
    expect(testsuites).toMatchObject({ tests: "18", failures: "12", errors: "1" });
    expect(prod!.testcase[8]!.failure).toMatchObject({ type: "unverified" });
  });

  test("opens a failure with the file and line to edit, escaped so that it reads back exactly", () => {
    const { testsuites } = parse(renderJunit(sampleReport));
    const queue = testsuites.testsuite[0]!.testcase[1]!.failure!;
    expect(queue.message).toBe('A queue named "Support <Tier 1> & Billing" already exists in division "Home".');
    expect(queue["#text"]).toMatch(
      /^gcguard\.config\.yaml:42: \[error\] genesyscloud_routing_queue\.support_tier1: A queue named "Support <Tier 1> & Billing"/,
    );
    expect(queue["#text"]).toContain(
      "Remediation: Import it:\nimport {\n  to = genesyscloud_routing_queue.support_tier1",
    );
    const source = testsuites.testsuite[1]!.properties.property.find((p) => p.name === "source");
    expect(source?.value).toBe('plans/eu&apac "legacy".json');
  });

  test("gives two findings of one rule on one address distinct names (GitLab keeps only the first of equal names)", () => {
    const twice = { ...sampleReport, findings: [...sampleReport.findings, sampleReport.findings[0]!] };
    const names = parse(renderJunit(twice)).testsuites.testsuite[0]!.testcase.map((c) => c.name);
    expect(names.slice(0, 3)).toEqual([
      'GCG101 name-collision genesyscloud_group.teams["Sales | EU *VIP*"]',
      "GCG101 name-collision genesyscloud_routing_queue.support_tier1",
      'GCG101 name-collision genesyscloud_group.teams["Sales | EU *VIP*"] #2',
    ]);
  });

  test("keeps line breaks in attributes and drops characters XML 1.0 cannot hold", () => {
    const xml = renderJunit(sampleReport);
    expect(xml).not.toContain("\u001b");
    const rename = parse(xml).testsuites.testsuite[0]!.testcase[7]!.failure!;
    expect(rename.message).toBe('Renames queue "Support (old)\nline two" to "Support <Tier 1> & Billing".');
    const membership = parse(xml).testsuites.testsuite[0]!.testcase[5]!.failure!;
    expect(membership["#text"]).toContain("Setting members would remove 1 member: [31mroot[0m.");
  });

  test("has only passing cases for a clean report", () => {
    const { testsuites } = parse(renderJunit(cleanReport));
    expect(testsuites).toMatchObject({ tests: "8", failures: "0", errors: "0" });
  });
});

describe("JUnit with waivers", () => {
  test("a waived finding is a skipped case (waived: reason); an expired waiver is a failure", () => {
    const xml = parse(renderJunit(waivedReport));
    const prod = xml.testsuites.testsuite[0]!;
    const waived = prod.testcase.find((c) => c.name.startsWith("GCG101 name-collision genesyscloud_group.teams"));
    expect(waived?.skipped).toEqual({ message: `waived: ${WAIVER_REASON}` });
    expect(waived?.failure).toBeUndefined();
    const expired = prod.testcase.find((c) => c.name === "GCG901 waiver-expired genesyscloud_routing_queue.billing");
    expect(expired?.failure?.type).toBe("error");
    const legacy = xml.testsuites.testsuite[1]!;
    expect(legacy.testcase.find((c) => c.name === "GCG901 waiver-expired")?.failure).toBeUndefined();

    const only = parse(renderJunit(onlyWaivedReport)).testsuites;
    expect([only.failures, only.errors]).toEqual(["0", "0"]);
  });
});
