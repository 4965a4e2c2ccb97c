/** Azure Pipelines logging commands (lib/preflight/output/azure.ts), read back as the agent parses them. */
import { describe, expect, test } from "vitest";

import { escapeAzureData, escapeAzureProperty, renderAzure } from "../../../lib/preflight/output/azure";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { onlyWaivedReport, waivedReport } from "./waived-fixture";

/** The agent's reading of a command line: properties split on `;` and `=`, then unescaped. */
function parseCommand(line: string): { properties: Record<string, string>; message: string } {
  const m = /^##vso\[task\.logissue ([^\]]*)\](.*)$/.exec(line);
  if (!m) throw new Error(`not a logissue command: ${line}`);
  const unescape = (v: string) =>
    v
      .replace(/%3B/g, ";")
      .replace(/%5D/g, "]")
      .replace(/%0D/g, "\r")
      .replace(/%0A/g, "\n")
      .replace(/%AZP25/g, "%");
  const properties: Record<string, string> = {};
  for (const pair of m[1]!.split(";").filter(Boolean)) {
    const eq = pair.indexOf("=");
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { properties, message: unescape(m[2]!) };
}

describe("Azure Pipelines output", () => {
  test("renders one task.logissue command per finding", async () => {
    const out = renderAzure(sampleReport, { root: "/repo" });
    await expect(out).toMatchFileSnapshot(snapshotFile("report.azure.txt"));
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(sampleReport.findings.length);
    const first = parseCommand(lines[0]!);
    expect(first.properties).toEqual({
      type: "error",
      sourcepath: "infra/groups, teams.tf",
      linenumber: "12",
      code: "GCG101",
    });
    expect(first.message).toContain('[acme-prod] genesyscloud_group.teams["Sales | EU *VIP*"]: A group named');
    for (const line of lines) expect(["error", "warning"]).toContain(parseCommand(line).properties.type);
  });

  test("escapes what would end a property or the command, and reads back exactly", () => {
    const hostile = "a;b]c%d\r\ne";
    expect(escapeAzureProperty(hostile)).toBe("a%3Bb%5Dc%AZP25d%0D%0Ae");
    expect(escapeAzureData("50% done\nnext")).toBe("50%AZP25 done%0Anext");
    const report = {
      ...sampleReport,
      findings: [{ ...sampleReport.findings[0]!, location: { file: "x;y].tf", line: 3 }, message: hostile }],
    };
    const parsed = parseCommand(renderAzure(report).trimEnd());
    expect(parsed.properties.sourcepath).toBe("x;y].tf");
    expect(parsed.message).toContain("a;b]c%d");
  });

  test("prints nothing for a clean report", () => {
    expect(renderAzure(cleanReport)).toBe("");
  });
});

describe("Azure logging commands with waivers", () => {
  test("a waived finding gets no command; an expired waiver is an error at the waiver's line", () => {
    expect(renderAzure(onlyWaivedReport)).toBe("");
    const lines = renderAzure(waivedReport).trimEnd().split("\n");
    expect(lines).toHaveLength(renderAzure(sampleReport).trimEnd().split("\n").length);
    expect(lines.find((l) => l.includes("code=GCG901"))).toMatch(
      /^##vso\[task\.logissue type=error;sourcepath=\.gcguard-waivers\.yaml;linenumber=7;code=GCG901;\]/,
    );
    expect(lines.filter((l) => l.includes("code=GCG101;") && l.includes("A group named"))).toEqual([]);
  });
});
