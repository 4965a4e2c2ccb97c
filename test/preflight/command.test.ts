/**
 * The preflight end to end against the emulator: the demo org's traps, exit codes, read-only cost, the three
 * inputs agreeing, --write-imports, and bad input.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { parseConfig } from "../../lib/config/load";
import type { PreflightFlags } from "../../lib/preflight/command";
import { preflightCommand } from "../../lib/preflight/command";
import type { PreflightReport } from "../../lib/preflight/report";
import { buildApp, synthesize } from "../../lib/stack/synth";
import { readManifest } from "../../lib/adoption/manifest";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG = path.join(ROOT, "examples", "gcguard.config.yaml");
const STATE = path.join(ROOT, "examples", "demo.tfstate");
const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

async function run(
  flags: PreflightFlags,
  env: Record<string, string> = CI_ENV,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await preflightCommand(
    { progress: false, ...flags },
    { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { ...env }, isTty: false, version: "test" },
  );
  return { code, out, err };
}

const tmp = () => tempDir("gcguard-preflight-");
const keyOf = (r: PreflightReport) =>
  r.findings.map((f) => `${f.code} ${f.address ?? "-"} ${f.level} ${f.adoption?.id ?? ""}`).sort();

describe("gcguard preflight on the demo org", () => {
  const api = useEmulator();
  const base = () => ({ config: CONFIG, state: [STATE], baseUrl: api().emulator.url, format: "json" });

  test("finds every trap the demo org seeds and exits 1", async () => {
    const { code, out } = await run(base());
    expect(code).toBe(1);
    const report = JSON.parse(out) as PreflightReport;
    expect(keyOf(report)).toEqual([
      "GCG101 genesyscloud_auth_division.support error d0000000-0000-4000-8000-000000000003",
      "GCG101 genesyscloud_group.sales_agents error c0000000-0000-4000-8000-000000000001",
      "GCG101 genesyscloud_routing_queue.sales_callback error b0000000-0000-4000-8000-000000000002",
      "GCG103 genesyscloud_group.support_tier2 error ",
      "GCG201 genesyscloud_auth_division.legacy_sales error ",
    ]);
    expect(report.summary).toMatchObject({ errors: 5, exitCode: 1 });
  });

  test("is read-only: the org is unchanged and saw only GETs, searches and the login", async () => {
    const before = JSON.stringify((await api().admin("GET", "/state")).body);
    await api().admin("DELETE", "/requests");
    const { out } = await run(base());
    const log = await api().admin<{ byRoute: Record<string, number>; total: number }>("GET", "/requests");
    expect(JSON.stringify((await api().admin("GET", "/state")).body)).toBe(before);
    for (const route of Object.keys(log.body.byRoute)) {
      expect(route).toMatch(/^(GET |POST \/api\/v2\/(users|groups)\/search$|POST \/oauth\/token$)/);
    }
    // The report's call counts are the emulator's own.
    const report = JSON.parse(out) as PreflightReport;
    expect(report.apiCalls.requests).toEqual(log.body.byRoute);
    expect(report.apiCalls.totalRequests).toBe(log.body.total);
  });

  test("a client that cannot see a division: exit 3 naming it; --allow-unverified exits on the rest", async () => {
    const env = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-bpo", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-bpo" };
    const strict = await run(base(), env);
    expect(strict.code).toBe(3);
    const report = JSON.parse(strict.out) as PreflightReport;
    const visibility = report.findings.find((f) => f.code === "GCG401");
    expect(visibility?.detail).toContain('"Partner BPO"');
    expect((await run({ ...base(), allowUnverified: true }, env)).code).toBe(1);
  });

  test("the stack+state and plan inputs give the same findings as the in-process synth", async () => {
    const inProcess = JSON.parse((await run(base())).out) as PreflightReport;

    // The same situation as a synthesized stack file plus state...
    const dir = tmp();
    const config = parseConfig(readFileSync(CONFIG, "utf8"), CONFIG);
    const manifest = readManifest(path.join(ROOT, "examples", "gcguard.imports.json"));
    const { app } = buildApp(config, manifest, dir);
    app.synth();
    const stackFile = path.join(dir, "stacks", "acme-prod", "cdk.tf.json");
    const fromStack = JSON.parse(
      (await run({ stack: [stackFile], state: [STATE], baseUrl: api().emulator.url, format: "json" })).out,
    ) as PreflightReport;
    expect(keyOf(fromStack)).toEqual(keyOf(inProcess));

    // ...and as the JSON plan terraform would print for it.
    const planFile = path.join(dir, "plan.json");
    writeFileSync(planFile, JSON.stringify(planFor(JSON.parse(readFileSync(stackFile, "utf8")) as StackJson)));
    const fromPlan = JSON.parse(
      (await run({ plan: [`acme-prod=${planFile}`], baseUrl: api().emulator.url, format: "json" })).out,
    ) as PreflightReport;
    expect(keyOf(fromPlan)).toEqual(keyOf(inProcess));
  });

  test("--write-imports merges manifest entries and writes imports.tf and import.sh; re-synth adopts them", async () => {
    const dir = tmp();
    const manifestFile = path.join(dir, "gcguard.imports.json");
    writeFileSync(
      manifestFile,
      JSON.stringify({
        version: 1,
        stacks: {
          "acme-prod": {
            "genesyscloud_auth_division.billing": { id: "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f" },
            "genesyscloud_group.kept": { id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" },
          },
        },
      }),
    );
    const { code, err } = await run({ ...base(), imports: manifestFile, writeImports: dir, format: "text" });
    expect(code).toBe(1);
    expect(err).toContain("wrote 3 new adoption(s)");
    const manifest = readManifest(manifestFile)!;
    expect(Object.keys(manifest.stacks["acme-prod"]!).sort()).toEqual([
      "genesyscloud_auth_division.billing",
      "genesyscloud_auth_division.support",
      "genesyscloud_group.kept",
      "genesyscloud_group.sales_agents",
      "genesyscloud_routing_queue.sales_callback",
    ]);
    const tf = readFileSync(path.join(dir, "imports.tf"), "utf8");
    expect(tf).toContain(
      'to = genesyscloud_routing_queue.sales_callback\n  id = "b0000000-0000-4000-8000-000000000002"',
    );
    expect(readFileSync(path.join(dir, "import.sh"), "utf8")).toContain(
      "import genesyscloud_group.sales_agents c0000000-0000-4000-8000-000000000001",
    );

    // With the manifest, the next synth adopts instead of creating, and the collisions are gone.
    const again = JSON.parse((await run({ ...base(), imports: manifestFile })).out) as PreflightReport;
    expect(again.findings.map((f) => f.code).sort()).toEqual(["GCG103", "GCG201"]);
  });

  test("--write-imports DIR with --config: import files in DIR, the manifest beside the config for the next synth", async () => {
    const project = tmp();
    const out = tmp();
    const config = path.join(project, "gcguard.config.yaml");
    const manifestFile = path.join(project, "gcguard.imports.json");
    copyFileSync(CONFIG, config);
    copyFileSync(path.join(path.dirname(CONFIG), "gcguard.imports.json"), manifestFile);

    const { code, err } = await run({ ...base(), config, writeImports: out, format: "text" });

    expect(code).toBe(1);
    expect(err).toContain(
      `wrote 3 new adoption(s) to ${manifestFile}, ${path.join(out, "imports.tf")}, ${path.join(out, "import.sh")}`,
    );
    expect(readdirSync(out).sort()).toEqual(["import.sh", "imports.tf"]);
    expect(existsSync(path.join(out, "gcguard.imports.json"))).toBe(false);
    // The synth of that config reads the manifest from beside it, and adopts what preflight found.
    const synth = synthesize({ config, outdir: path.join(project, "cdktf.out"), env: {} });
    expect(synth.importsFile).toBe(manifestFile);
    expect(synth.stacks[0]!.adopted.map((a) => a.address)).toEqual(
      expect.arrayContaining(["genesyscloud_group.sales_agents", "genesyscloud_routing_queue.sales_callback"]),
    );
  });

  test("several stacks, each against its own credentials, give one combined report and exit code", async () => {
    const dir = tmp();
    const config = path.join(dir, "gcguard.config.yaml");
    writeFileSync(
      config,
      [
        "version: 1",
        "orgs:",
        "  - name: acme-prod",
        "    divisions: [{ name: Outbound }]",
        "  - name: acme-bpo",
        "    scimGroups: [{ name: GC-Partner-Agents }]",
        "    queues: [{ name: Partner Escalations, groups: [GC-Partner-Agents] }]",
        "",
      ].join("\n"),
    );
    const env = {
      ...CI_ENV,
      GCGUARD_ACME_BPO_GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-bpo",
      GCGUARD_ACME_BPO_GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-bpo",
    };
    const { code, out } = await run({ config, baseUrl: api().emulator.url, format: "json" }, env);
    const report = JSON.parse(out) as PreflightReport;
    expect(
      report.stacks.map((s) => [
        s.name,
        // The client id is never printed (it is the secret when the variables are swapped): its variable is.
        s.org.includes("client in GCGUARD_ACME_BPO_GENESYSCLOUD_OAUTHCLIENT_ID")
          ? "bpo"
          : s.org.includes("client in GENESYSCLOUD_OAUTHCLIENT_ID")
            ? "ci"
            : "?",
      ]),
    ).toEqual([
      ["acme-prod", "ci"],
      ["acme-bpo", "bpo"],
    ]);
    expect(report.findings.map((f) => `${f.stack} ${f.code}`)).toEqual(["acme-bpo GCG401"]);
    expect(code).toBe(3);
    expect(report.apiCalls.totalRequests).toBe(report.stacks.reduce((n, s) => n + s.apiCalls.totalRequests, 0));
  });

  test("the gcguard command run directly exits 1 on the demo org", async () => {
    // An async spawn: a synchronous one would block this process, and with it the emulator the command talks to.
    const child = spawn(
      process.execPath,
      [
        "scripts/gcguard.cjs",
        "preflight",
        "--config",
        CONFIG,
        "--state",
        STATE,
        "--base-url",
        api().emulator.url,
        "--no-progress",
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir(), ...CI_ENV } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toContain("preflight: findings: 5 error(s)");
    expect(status).toBe(1);
    expect(stdout).toContain("GCG201 non-empty-division");
  });
});

describe("gcguard preflight: bad input exits 2 with a message naming the input", () => {
  const cases: [string, string, RegExp][] = [
    ["truncated plan", '{"format_version":"1.2","resource_changes":[{"addr', /is not valid JSON .*; is it truncated\?/],
    [
      "future format",
      JSON.stringify({ format_version: "2.0", resource_changes: [] }),
      /plan format_version 2.0 is not supported/,
    ],
    [
      "another provider",
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          { address: "aws_s3_bucket.b", mode: "managed", type: "aws_s3_bucket", change: { actions: ["create"] } },
        ],
      }),
      /has no mypurecloud\/genesyscloud resources/,
    ],
    [
      "a state passed as a plan",
      JSON.stringify({ version: 4, resources: [] }),
      /this is a Terraform state file, not a plan; pass it with --state/,
    ],
  ];
  test.each(cases)("%s", async (_name, text, message) => {
    const file = path.join(tmp(), "plan.json");
    writeFileSync(file, text);
    let err: unknown;
    await run({ plan: [file], baseUrl: "http://127.0.0.1:9" }).catch((e: unknown) => (err = e));
    expect((err as { exitCode?: number }).exitCode).toBe(2);
    expect(String((err as Error).message)).toMatch(message);
  });

  test("a config nested 100,000 levels deep, in a fresh process: exit 2 and one line, not a Node abort", () => {
    // The config and its waivers are parsed twice in one process; the second parse of such YAML aborted Node.
    const file = path.join(tmp(), "gcguard.config.yaml");
    writeFileSync(file, `${"[".repeat(100_000)}${"]".repeat(100_000)}\n`);
    const r = spawnSync(
      process.execPath,
      ["scripts/gcguard.cjs", "preflight", "--config", file, "--base-url", "http://127.0.0.1:9", "--no-progress"],
      { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir() } },
    );
    expect(r.status, r.stderr.slice(0, 500)).toBe(2);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      `gcguard: ${file}: line 1: the YAML nests deeper than 200 levels; gcguard reads no deeper, and real files need far fewer: check that this is the right file`,
    ]);
  });
});

// A terraform-shaped plan for a synthesized stack against the demo state (what `terraform show -json` prints).
interface StackJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  import?: { to: string; id: string }[];
}
function planFor(stack: StackJson): unknown {
  const imports = new Map((stack.import ?? []).map((i) => [i.to, i.id]));
  const resource_changes: unknown[] = [];
  const configured: unknown[] = [];
  for (const [type, byName] of Object.entries(stack.resource)) {
    for (const [name, attrs] of Object.entries(byName)) {
      const address = `${type}.${name}`;
      const after = Object.fromEntries(
        Object.entries(attrs).filter(
          ([k, v]) => k !== "//" && k !== "lifecycle" && !(typeof v === "string" && v.includes("${")),
        ),
      );
      const id = imports.get(address);
      resource_changes.push({
        address,
        mode: "managed",
        type,
        name,
        provider_name: "registry.terraform.io/mypurecloud/genesyscloud",
        change: { actions: id ? ["no-op"] : ["create"], before: null, after, ...(id ? { importing: { id } } : {}) },
      });
      configured.push({
        address,
        mode: "managed",
        type,
        name,
        expressions: Object.fromEntries(Object.keys(after).map((k) => [k, { constant_value: after[k] }])),
      });
    }
  }
  const state = JSON.parse(readFileSync(STATE, "utf8")) as {
    resources: { type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
  };
  for (const r of state.resources) {
    resource_changes.push({
      address: `${r.type}.${r.name}`,
      mode: "managed",
      type: r.type,
      name: r.name,
      provider_name: "registry.terraform.io/mypurecloud/genesyscloud",
      change: { actions: ["delete"], before: r.instances[0]!.attributes, after: null },
    });
  }
  for (const [type, byName] of Object.entries(stack.data ?? {})) {
    for (const [name, attrs] of Object.entries(byName)) {
      configured.push({
        address: `data.${type}.${name}`,
        mode: "data",
        type,
        name,
        expressions: Object.fromEntries(
          Object.entries(attrs)
            .filter(([k]) => k !== "//")
            .map(([k, v]) => [k, { constant_value: v }]),
        ),
      });
    }
  }
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes,
    configuration: {
      provider_config: {
        genesyscloud: { name: "genesyscloud", full_name: "registry.terraform.io/mypurecloud/genesyscloud" },
      },
      root_module: { resources: configured },
    },
  };
}
