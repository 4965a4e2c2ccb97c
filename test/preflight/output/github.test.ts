import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { escapeData, escapeProperty, renderGithub } from "../../../lib/preflight/output/github";
import { renderReport } from "../../../lib/preflight/output/index";
import { renderMarkdown } from "../../../lib/preflight/output/markdown";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { onlyWaivedReport, waivedReport } from "./waived-fixture";
import { tempDir } from "../../helpers";

/** What the runner does to a command's message. */
const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");

describe("GitHub Actions output", () => {
  test("renders one workflow command per finding", async () => {
    const out = renderGithub(sampleReport);
    await expect(out).toMatchFileSnapshot(snapshotFile("report.github.txt"));
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(sampleReport.findings.length);
    lines.forEach((line, i) => {
      const finding = sampleReport.findings[i]!;
      const where = finding.location
        ? `file=${finding.location.file.replace(/,/g, "%2C")},line=${finding.location.line},endLine=${finding.location.line},`
        : "";
      const command = finding.level === "error" ? "error" : "warning";
      expect(line.startsWith(`::${command} ${where}title=${finding.code} `)).toBe(true);
    });
  });

  test("escapes %, CR and LF in messages, and also : and , in properties", () => {
    expect(escapeData("100%\r\nnext: a, b")).toBe("100%25%0D%0Anext: a, b");
    expect(escapeProperty("100%\r\nnext: a, b")).toBe("100%25%0D%0Anext%3A a%2C b");
  });

  test("keeps a multi-line finding on one command line, readable back by the runner", () => {
    const lines = renderGithub(sampleReport).trimEnd().split("\n");
    const rename = lines.find((l) => l.includes("Support (old)"))!;
    expect(rename).toMatch(/^::warning title=GCG203 Rename of an adopted object::/);
    expect(unescapeData(rename.slice(rename.indexOf("::", 2) + 2))).toBe(
      '[acme-prod] genesyscloud_routing_queue.support_tier1: Renames queue "Support (old)\nline two" to ' +
        '"Support <Tier 1> & Billing".\n\n' +
        "Remediation: Check with the contact-centre team that the new name is expected; 100% of reports use it.",
    );
    expect(lines.find((l) => l.includes("GCG301"))).toMatch(
      /^::warning title=GCG301 Divisions hidden from the credentials \(unverified\)::/,
    );
    expect(renderGithub(sampleReport)).not.toContain("\u001b");
  });

  test("prints nothing for a clean report", () => {
    expect(renderGithub(cleanReport)).toBe("");
  });

  test("appends the Markdown report to the job summary file, keeping what is there", () => {
    const file = path.join(tempDir("gcguard-summary-"), "step_summary.md");
    writeFileSync(file, "## Terraform plan\n");
    const out = renderReport(sampleReport, "github", { stepSummaryFile: file });
    expect(out).toBe(renderGithub(sampleReport));
    expect(readFileSync(file, "utf8")).toBe(`## Terraform plan\n\n${renderMarkdown(sampleReport)}`);

    renderReport(cleanReport, "github", { stepSummaryFile: file });
    expect(readFileSync(file, "utf8")).toBe(
      `## Terraform plan\n\n${renderMarkdown(sampleReport)}\n${renderMarkdown(cleanReport)}`,
    );
  });

  test("creates the job summary file when it does not exist", () => {
    const file = path.join(tempDir("gcguard-summary-"), "new.md");
    renderReport(sampleReport, "github", { stepSummaryFile: file });
    expect(readFileSync(file, "utf8")).toBe(renderMarkdown(sampleReport));
  });
});

describe("GitHub annotations with waivers", () => {
  test("a waived finding is a notice, never an error or warning; an expired waiver is an error", () => {
    const lines = renderGithub(waivedReport).trimEnd().split("\n");
    const waived = lines.filter((l) => l.includes("(suppressed)"));
    expect(waived).toHaveLength(1);
    expect(waived[0]).toMatch(/^::notice file=.*title=GCG101 .* \(suppressed\)::/);
    expect(waived[0]).toContain("suppressed: Adopted in <PR #12> | owner: Ana & Bo");
    expect(lines.filter((l) => l.startsWith("::error ") && l.includes("title=GCG901"))).toHaveLength(1);
    expect(renderGithub(onlyWaivedReport)).toMatch(/^::notice [^\n]*\n$/);
  });
});
