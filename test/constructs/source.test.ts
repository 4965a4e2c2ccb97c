/**
 * Constructs used from code record the app's line that created them, and preflight's reports point there
 * (docs/report-locations.md, "Constructs used from code").
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { App, TerraformStack } from "cdktf";
import { describe, expect, test } from "vitest";

import { Division, QueueMapping, ScimGroup } from "../../constructs";
import { callerSite } from "../../constructs/private/source";
import { parseConfig } from "../../lib/config/load";
import { preflightCommand } from "../../lib/preflight/command";
import { OrgStack } from "../../lib/stack/org-stack";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const THIS_FILE = path.relative(process.cwd(), __filename).split(path.sep).join("/");

type StackOut = { "//"?: { gcguard?: { sources?: Record<string, string> } } };

/** The line of this file that holds `text` (1-based). */
function lineOf(text: string): number {
  return (
    readFileSync(__filename, "utf8")
      .split("\n")
      .findIndex((l) => l.includes(text)) + 1
  );
}

function stackOf(build: (stack: TerraformStack) => void, app = new App({ outdir: tempDir() })): StackOut {
  const stack = new TerraformStack(app, "acme-prod");
  build(stack);
  return stack.toTerraform() as StackOut;
}

describe("recorded sources", () => {
  test("each construct's element carries the line of the app that created it", () => {
    const out = stackOf((stack) => {
      const sales = new Division(stack, "sales", { name: "Sales" }); // @division
      const agents = new ScimGroup(stack, "agents", { name: "Agents" }); // @group
      new ScimGroup(stack, "admins", { name: "Admins", mode: "lookup" }); // @lookup
      new QueueMapping(stack, "support", { name: "Support", division: sales, groups: [agents] }); // @queue
    });
    expect(out["//"]?.gcguard?.sources?.["genesyscloud_auth_division.sales"]).toBe(
      `${THIS_FILE}:${lineOf("// @division")}`,
    );
    expect(out["//"]?.gcguard?.sources?.["genesyscloud_group.agents"]).toBe(`${THIS_FILE}:${lineOf("// @group")}`);
    expect(out["//"]?.gcguard?.sources?.["data.genesyscloud_group.admins"]).toBe(
      `${THIS_FILE}:${lineOf("// @lookup")}`,
    );
    expect(out["//"]?.gcguard?.sources?.["genesyscloud_routing_queue.support"]).toBe(
      `${THIS_FILE}:${lineOf("// @queue")}`,
    );
  });

  test("the address is read at synth, after a terraformName override", () => {
    const out = stackOf((stack) => new Division(stack, "sales", { name: "Sales", terraformName: "legacy_sales" }));
    expect(Object.keys(out["//"]?.gcguard?.sources ?? {})).toEqual(["genesyscloud_auth_division.legacy_sales"]);
  });

  test("a stack gcguard builds from the config records none", () => {
    const config = parseConfig(readFileSync(path.join(ROOT, "examples", "gcguard.config.yaml"), "utf8"), "x.yaml");
    const stack = new OrgStack(new App({ outdir: tempDir() }), config.orgs[0]!);
    expect((stack.toTerraform() as StackOut)["//"]).not.toHaveProperty("gcguard");
  });

  test("an app with stackTraces: false records none", () => {
    const out = stackOf(
      (stack) => new Division(stack, "sales", { name: "Sales" }),
      new App({ outdir: tempDir(), stackTraces: false }),
    );
    expect(out["//"]?.gcguard).toBeUndefined();
  });

  test("the caller is the first frame outside gcguard, node_modules and Node", () => {
    const own = path.join(ROOT, "constructs", "division.ts");
    const lib = path.join(ROOT, "lib", "stack", "org-stack.ts");
    const app = path.join(ROOT, "..", "app", "main.ts");
    const trace = [
      "Error",
      `    at recordSource (${path.join(ROOT, "constructs", "private", "source.ts")}:15:17)`,
      `    at new Division (${own}:101:5)`,
      `    at Object.<anonymous> (/srv/app/node_modules/some-lib/index.js:3:1)`,
      `    at node:internal/modules/cjs/loader:1554:14`,
      `    at build (${pathToUrl(app)}:12:7)`,
    ].join("\n");
    expect(callerSite(trace, path.join(ROOT, "..", "app"))).toBe("main.ts:12");
    // The config-driven stack builds its constructs inside gcguard: no frame of the app, nothing recorded.
    const user = `    at Object.<anonymous> (${app}:3:1)`;
    expect(
      callerSite(`Error\n    at new Division (${own}:101:5)\n    at buildOrg (${lib}:43:15)\n${user}`),
    ).toBeUndefined();
    // Outside the working directory: absolute.
    expect(callerSite(`Error\n    at ${app}:5:1`, "/elsewhere")).toBe(`${app.split(path.sep).join("/")}:5`);
  });
});

function pathToUrl(file: string): string {
  return new URL(`file://${file}`).href;
}

describe("preflight on a stack synthesized from code", () => {
  const api = useEmulator();

  test("SARIF and annotations point at the app's line that created the colliding division", async () => {
    const app = new App({ outdir: tempDir() });
    const stack = new TerraformStack(app, "acme-prod");
    new Division(stack, "billing", { name: "Billing" }); // @collides
    const dir = path.join(tempDir(), "stacks", "acme-prod");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "cdk.tf.json");
    writeFileSync(file, JSON.stringify(stack.toTerraform()));
    const sarif = path.join(tempDir(), "out.sarif");
    let out = "";
    const code = await preflightCommand(
      {
        stack: [`acme-prod=${file}`],
        baseUrl: api().emulator.url,
        format: [`sarif=${sarif}`, "github"],
        progress: false,
      },
      {
        stdout: (t) => (out += t),
        stderr: () => {},
        env: { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" },
        isTty: false,
        version: "test",
      },
    );
    expect(code).toBe(1);
    const line = lineOf("// @collides");
    const result = (
      JSON.parse(readFileSync(sarif, "utf8")) as {
        runs: {
          results: {
            ruleId: string;
            locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
          }[];
        }[];
      }
    ).runs[0]!.results.find((r) => r.ruleId === "GCG101")!;
    expect(result.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: THIS_FILE },
      region: { startLine: line },
    });
    expect(out).toContain(`::error file=${THIS_FILE},line=${line},`);
  });
});
