/**
 * JUnit XML, for GitLab (`artifacts:reports:junit`), Jenkins and Azure DevOps (docs/peers.md §4). One test suite per
 * stack. In it, each finding is a failing test case of its own (unverified findings too: they are not a pass), so
 * three collisions show as three failures; a rule that ran clean is one passing case, a rule that does not apply
 * one skipped case, a rule that threw one error case. A waived finding is a skipped case (`waived: <reason>`): it
 * neither fails the suite nor disappears from it. Case names are stable across runs (rule and address, not
 * line numbers): GitLab compares tests by name between pipelines. The file and line to edit open the failure text.
 *
 * Valid against the Jenkins xunit plugin's junit-10.xsd, which allows no attribute beyond its own (no `skipped` on
 * `<testsuites>`, no `file` on `<testcase>`), and against GitLab's documented format (docs/report-locations.md).
 */
import type { Finding } from "../model";
import type { PreflightReport, RuleReport, StackReport } from "../report";
import { findingsOf, statusIn } from "./common";

interface Case {
  readonly outcome: "passed" | "failure" | "skipped" | "error";
  readonly xml: string;
}

export function renderJunit(report: PreflightReport): string {
  const suites = report.stacks.map((stack) => suite(report, stack));
  const all = suites.flatMap((s) => s.cases);
  // No `skipped` here: junit-10.xsd allows it on <testsuite> only.
  const { tests, failures, errors } = counts(all);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attrs({ name: "gcguard preflight", tests, failures, errors })}>`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
  ];
  return `${lines.join("\n")}\n`;
}

function suite(report: PreflightReport, stack: StackReport): { cases: Case[]; xml: string } {
  const findings = findingsOf(report, stack.name);
  const names = new Map<string, number>();
  /** A case name no other case of the suite has (GitLab keeps only the first of equal names). */
  const unique = (name: string): string => {
    const n = (names.get(name) ?? 0) + 1;
    names.set(name, n);
    return n === 1 ? name : `${name} #${n}`;
  };
  const cases = report.rules.flatMap((rule) =>
    testCases(
      stack,
      rule,
      findings.filter((f) => f.rule === rule.id),
      unique,
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

function testCases(
  stack: StackReport,
  rule: RuleReport,
  findings: readonly Finding[],
  unique: (name: string) => string,
): Case[] {
  const open = (name: string) => `    <testcase${attrs({ classname: `gcguard.${stack.name}`, name: unique(name) })}`;
  const ruleName = `${rule.code} ${rule.id}`;
  const status = statusIn(rule, stack.name);
  switch (status) {
    case "pass":
      return [{ outcome: "passed", xml: `${open(ruleName)}/>` }];
    case "not-applicable":
    case "not-run": {
      const message =
        status === "not-applicable" ? "not applicable: nothing in the plan concerns this rule" : "not run";
      return [
        { outcome: "skipped", xml: `${open(ruleName)}>\n      <skipped${attrs({ message })}/>\n    </testcase>` },
      ];
    }
    case "fail":
      return findings.map((f): Case => {
        const name = open(`${ruleName} ${f.address ?? stack.name}`);
        if (f.suppression) {
          const skipped = `<skipped${attrs({ message: `waived: ${f.suppression.reason}` })}/>`;
          return { outcome: "skipped", xml: `${name}>\n      ${skipped}\n    </testcase>` };
        }
        const element = `<failure${attrs({ message: f.message, type: f.level })}>${text(findingText(f))}</failure>`;
        return {
          outcome: "failure",
          xml: `${name}>\n      ${element}\n    </testcase>`,
        };
      });
    case "error": {
      const message = `rule ${rule.id} failed to run; its findings are incomplete`;
      const body = findings.map(findingText).join("\n\n");
      const element = `<error${attrs({ message, type: "rule-error" })}>${text(body)}</error>`;
      return [{ outcome: "error", xml: `${open(ruleName)}>\n      ${element}\n    </testcase>` }];
    }
  }
}

function findingText(f: Finding): string {
  const where = f.location ? `${f.location.file}:${f.location.line}: ` : "";
  const lines = [`${where}[${f.level}] ${f.address ? `${f.address}: ` : ""}${f.message}`];
  if (f.detail) lines.push(f.detail);
  lines.push(`Remediation: ${f.remediation}`);
  return lines.join("\n");
}

function counts(cases: readonly Case[]): { tests: string; failures: string; errors: string; skipped: string } {
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
