/**
 * JUnit XML, for GitLab (`artifacts:reports:junit`), Jenkins and Azure DevOps (peers.md §4). One test suite per
 * stack and one test case per rule in it: a rule with findings fails (unverified findings too: they are not a
 * pass), a rule that does not apply is skipped, a rule that threw is an error.
 */
import type { Finding } from "../model";
import type { PreflightReport, RuleReport, StackReport } from "../report";
import { findingsOf, plural, statusIn } from "./common";

interface Case {
  readonly rule: RuleReport;
  readonly outcome: "passed" | "failure" | "skipped" | "error";
  readonly xml: string;
}

export function renderJunit(report: PreflightReport): string {
  const suites = report.stacks.map((stack) => suite(report, stack));
  const all = suites.flatMap((s) => s.cases);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attrs({ name: "gcguard preflight", ...counts(all) })}>`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
  ];
  return `${lines.join("\n")}\n`;
}

function suite(report: PreflightReport, stack: StackReport): { cases: Case[]; xml: string } {
  const findings = findingsOf(report, stack.name);
  const cases = report.rules.map((rule) =>
    testCase(
      stack,
      rule,
      findings.filter((f) => f.rule === rule.id),
    ),
  );
  const xml = [
    `  <testsuite${attrs({ name: stack.name, ...counts(cases) })}>`,
    `    <properties>`,
    `      <property${attrs({ name: "source", value: stack.source })}/>`,
    `      <property${attrs({ name: "org", value: stack.org })}/>`,
    `      <property${attrs({ name: "apiCalls", value: String(stack.apiCalls.totalRequests) })}/>`,
    `    </properties>`,
    ...cases.map((c) => c.xml),
    `  </testsuite>`,
  ].join("\n");
  return { cases, xml };
}

function testCase(stack: StackReport, rule: RuleReport, findings: readonly Finding[]): Case {
  const open = `    <testcase${attrs({ classname: `gcguard.${stack.name}`, name: `${rule.code} ${rule.id}` })}`;
  const status = statusIn(rule, stack.name);
  const body = findings.map(findingText).join("\n\n");
  switch (status) {
    case "pass":
      return { rule, outcome: "passed", xml: `${open}/>` };
    case "not-applicable":
    case "not-run": {
      const message =
        status === "not-applicable" ? "not applicable: nothing in the plan concerns this rule" : "not run";
      return { rule, outcome: "skipped", xml: `${open}>\n      <skipped${attrs({ message })}/>\n    </testcase>` };
    }
    case "fail": {
      const first = findings[0]?.message ?? rule.title;
      const message = `${plural(findings.length, "finding")}: ${first}`;
      const element = `<failure${attrs({ message, type: rule.level })}>${text(body)}</failure>`;
      return { rule, outcome: "failure", xml: `${open}>\n      ${element}\n    </testcase>` };
    }
    case "error": {
      const message = `rule ${rule.id} failed to run; its findings are incomplete`;
      const element = `<error${attrs({ message, type: "rule-error" })}>${text(body)}</error>`;
      return { rule, outcome: "error", xml: `${open}>\n      ${element}\n    </testcase>` };
    }
  }
}

function findingText(f: Finding): string {
  const lines = [`[${f.level}] ${f.address ? `${f.address}: ` : ""}${f.message}`];
  if (f.detail) lines.push(f.detail);
  lines.push(`Remediation: ${f.remediation}`);
  return lines.join("\n");
}

function counts(cases: readonly Case[]): Record<string, string> {
  const n = (outcome: Case["outcome"]) => String(cases.filter((c) => c.outcome === outcome).length);
  return { tests: String(cases.length), failures: n("failure"), errors: n("error"), skipped: n("skipped") };
}

// Characters XML 1.0 does not allow at all, not even as references (XML 1.0 §2.2, production [2] Char); lone
// surrogates match too, as the `u` flag reads them as code points.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;
const TEXT_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
// In attributes, quotes end the value and a parser normalises tab and line breaks to spaces (XML 1.0 §3.3.3),
// so those are written as references to survive.
const ATTR_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES,
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};

/** Character data: markup characters escaped, characters XML cannot hold dropped. */
function text(value: string): string {
  return value.replace(NOT_XML_CHAR, "").replace(/[&<>]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

function attrs(values: Readonly<Record<string, string>>): string {
  return Object.entries(values)
    .map(
      ([name, value]) =>
        ` ${name}="${value.replace(NOT_XML_CHAR, "").replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c)}"`,
    )
    .join("");
}
