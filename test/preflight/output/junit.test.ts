import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, test } from "vitest";

import { renderJunit } from "../../../lib/preflight/output/junit";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";

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
  testsuites: Counts & { name: string; testsuite: Suite[] };
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

describe("JUnit report", () => {
  test("renders one suite per stack and one case per rule", async () => {
    await expect(renderJunit(sampleReport)).toMatchFileSnapshot(snapshotFile("report.xml"));
  });

  test("parses as XML with exactly one test case per rule in each stack's suite", () => {
    const { testsuites } = parse(renderJunit(sampleReport));
    expect(testsuites.name).toBe("gcguard preflight");
    expect(testsuites.testsuite.map((s) => s.name)).toEqual(["acme-prod", 'eu&apac "legacy"']);
    for (const suite of testsuites.testsuite) {
      expect(suite.testcase.map((c) => c.name)).toEqual(sampleReport.rules.map((r) => `${r.code} ${r.id}`));
      expect(new Set(suite.testcase.map((c) => c.classname))).toEqual(new Set([`gcguard.${suite.name}`]));
    }
  });

  test("counts failed rules (unverified ones too) as failures, non-applicable ones as skipped, thrown ones as errors", () => {
    const { testsuites } = parse(renderJunit(sampleReport));
    const [prod, legacy] = testsuites.testsuite;
    const outcome = (c: TestCase) => (c.failure ? "failure" : c.error ? "error" : c.skipped ? "skipped" : "pass");
    expect(prod!.testcase.map(outcome)).toEqual([
      "failure",
      "pass",
      "failure",
      "failure",
      "pass",
      "failure",
      "failure",
      "failure",
    ]);
    expect(legacy!.testcase.map(outcome)).toEqual([
      "failure",
      "failure",
      "skipped",
      "skipped",
      "error",
      "failure",
      "failure",
      "pass",
    ]);
    expect(prod).toMatchObject({ tests: "8", failures: "6", errors: "0", skipped: "0" });
    expect(legacy).toMatchObject({ tests: "8", failures: "4", errors: "1", skipped: "2" });
    expect(testsuites).toMatchObject({ tests: "16", failures: "10", errors: "1", skipped: "2" });
    expect(prod!.testcase[6]!.failure).toMatchObject({ type: "unverified" });
  });

  test("puts every finding of a failed rule into its failure, escaped so that it reads back exactly", () => {
    const { testsuites } = parse(renderJunit(sampleReport));
    const collision = testsuites.testsuite[0]!.testcase[0]!.failure!;
    expect(collision.message).toBe(
      '2 findings: A group named "Sales | EU *VIP*" already exists (id 3f1c…), so the create would fail with 409.',
    );
    expect(collision["#text"]).toContain(
      '[error] genesyscloud_routing_queue.support_tier1: A queue named "Support <Tier 1> & Billing"',
    );
    expect(collision["#text"]).toContain(
      "Remediation: Import it:\nimport {\n  to = genesyscloud_routing_queue.support_tier1",
    );
    const source = testsuites.testsuite[1]!.properties.property.find((p) => p.name === "source");
    expect(source?.value).toBe('plans/eu&apac "legacy".json');
  });

  test("keeps line breaks in attributes and drops characters XML 1.0 cannot hold", () => {
    const xml = renderJunit(sampleReport);
    expect(xml).not.toContain("\u001b");
    const rename = parse(xml).testsuites.testsuite[0]!.testcase[5]!.failure!;
    expect(rename.message).toBe('1 finding: Renames queue "Support (old)\nline two" to "Support <Tier 1> & Billing".');
    const membership = parse(xml).testsuites.testsuite[0]!.testcase[3]!.failure!;
    expect(membership["#text"]).toContain("Setting members would remove 1 member: [31mroot[0m.");
  });

  test("has only passing cases for a clean report", () => {
    const { testsuites } = parse(renderJunit(cleanReport));
    expect(testsuites).toMatchObject({ tests: "8", failures: "0", errors: "0", skipped: "0" });
  });
});
