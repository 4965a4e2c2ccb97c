/** The README's examples run as written. */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { parseConfig } from "../../lib/config/load";
import { parseIdpExport } from "../../lib/scim/export";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

function codeBlock(section: string, lang: string): string {
  const body = readme.split(`\n## ${section}\n`)[1]?.split("\n## ")[0] ?? "";
  const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(body);
  if (!match?.[1]) throw new Error(`README section "${section}" has no ${lang} block`);
  return match[1];
}

describe("README", () => {
  test("the org config example is a valid config", () => {
    const config = parseConfig(codeBlock("The org config", "yaml"), "README.md");
    expect(config.orgs[0]?.queues[0]).toMatchObject({ divisionKey: "sales", groupKeys: ["sales_agents"] });
  });

  test("the SCIM export examples read as documented", () => {
    const section = "SCIM: membership drift and a safe sync";
    const json = parseIdpExport(codeBlock(section, "json"), "README.md", "json");
    expect(json.groups[0]?.members).toEqual([
      { by: "userName", value: "ada@acme.example", origin: "README.md groups[0].members[0]" },
      { by: "userName", value: "edsger@acme.example", origin: "README.md groups[0].members[1]" },
      { by: "externalId", value: "entra-1003", origin: "README.md groups[0].members[2]" },
    ]);
    const csv = parseIdpExport(codeBlock(section, "csv"), "README.md", "csv");
    expect(csv.groups.map((g) => [g.displayName, g.members.length])).toEqual([
      ["GC-Sales-Agents", 2],
      ["Sales, EMEA", 0],
    ]);
  });

  // From the sources, for quick feedback; test/e2e/npm-package.test.ts runs it verbatim in an app that installed the
  // packed tarball.
  test("the constructs example synthesizes", () => {
    const code = codeBlock("Use the constructs in your own cdktf app", "ts")
      .replace('from "gcguard/constructs"', 'from "../../constructs"')
      .replace('from "gcguard/provider"', 'from "@cdktf/provider-genesyscloud"');
    const file = path.join(ROOT, "test", "docs", `.readme-example-${process.pid}.ts`);
    const outdir = tempDir("gcguard-readme-");
    writeFileSync(file, code);
    try {
      const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), file], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, CDKTF_OUTDIR: outdir },
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const json = JSON.parse(readFileSync(path.join(outdir, "stacks", "acme-prod", "cdk.tf.json"), "utf8")) as {
        import: unknown[];
      };
      expect(json.import).toEqual([
        { id: "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f", to: "genesyscloud_auth_division.billing" },
      ]);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
