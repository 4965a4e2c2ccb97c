/** gcguard resolve against the emulator: adoptions from a failed apply, the move-objects fix, redaction. */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { readManifest } from "../../lib/adoption/manifest";
import { loadConfig } from "../../lib/config/load";
import type { ResolveFlags } from "../../lib/resolve/command";
import { resolveCommand } from "../../lib/resolve/command";
import { buildApp } from "../../lib/stack/synth";
import { DEMO, useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG = path.join(ROOT, "examples", "gcguard.config.yaml");
const SECRET = "demo-secret-ci";
const ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET };

/** A `terraform apply -json` diagnostic line as the provider's errors produce it (docs/terraform-provider.md §4.3). */
function diagnostic(address: string, summary: string, detail: Record<string, unknown>): string {
  return JSON.stringify({
    "@level": "error",
    "@message": `Error: ${summary}`,
    "@module": "terraform.ui",
    "@timestamp": "2026-11-22T10:00:00.000000Z",
    diagnostic: { severity: "error", summary, detail: JSON.stringify(detail), address },
    type: "diagnostic",
  });
}

const CORR = "0f1e2d3c-4b5a-4969-8877-665544332211";
const conflictLog = [
  JSON.stringify({ "@level": "info", "@message": "Terraform 1.11.4", type: "version" }),
  diagnostic(
    "genesyscloud_auth_division.support",
    `Failed to create division Customer Support error: API Error: 409 - A division with that name already exists. (${CORR})`,
    {
      resourceType: "genesyscloud_auth_division",
      method: "POST",
      path: "/api/v2/authorization/divisions",
      statusCode: 409,
      errorMessage: `API Error: 409 - A division with that name already exists. (${CORR})`,
      correlationId: CORR,
    },
  ),
  diagnostic(
    "genesyscloud_routing_queue.sales_callback",
    `Failed to create queue Sales Callback | error: API Error: 409 - A queue with that name already exists. (${CORR})`,
    {
      resourceType: "genesyscloud_routing_queue",
      method: "POST",
      path: "/api/v2/routing/queues",
      statusCode: 409,
      errorMessage: `API Error: 409 - A queue with that name already exists. (${CORR})`,
      correlationId: CORR,
    },
  ),
];
const deleteLog = [
  diagnostic(
    "genesyscloud_auth_division.legacy_sales",
    `Failed to delete Division ${DEMO.legacySales} error: API Error: 400 - Scope '${DEMO.legacySales}' may not be deleted because it has objects in it. (${CORR})`,
    {
      resourceType: "genesyscloud_auth_division",
      method: "DELETE",
      path: `/api/v2/authorization/divisions/${DEMO.legacySales}`,
      statusCode: 400,
      errorMessage: `API Error: 400 - Scope '${DEMO.legacySales}' may not be deleted because it has objects in it. (${CORR})`,
      correlationId: CORR,
    },
  ),
  `leaked line: client_secret=${SECRET}`,
];

async function* asLines(lines: readonly string[]): AsyncGenerator<string> {
  for (const l of lines) yield l;
}

async function resolve(lines: readonly string[], flags: ResolveFlags) {
  let out = "";
  let err = "";
  const code = await resolveCommand(asLines(lines), "apply.log", flags, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { ...ENV },
    stdinIsTty: false,
    confirm: () => Promise.resolve(false),
  });
  return { code, out, err };
}

describe("gcguard resolve", () => {
  const api = useEmulator();

  test("with --plan, import.sh runs terraform where the plan was made (-chdir), as preflight's does", async () => {
    const dir = tempDir();
    const stackDir = path.join(dir, "cdktf.out", "stacks", "acme-prod");
    mkdirSync(stackDir, { recursive: true });
    const planFile = path.join(stackDir, "plan.json");
    writeFileSync(
      planFile,
      JSON.stringify({
        format_version: "1.2",
        terraform_version: "1.11.4",
        resource_changes: [
          {
            address: "genesyscloud_auth_division.support",
            mode: "managed",
            type: "genesyscloud_auth_division",
            name: "support",
            provider_name: "registry.terraform.io/mypurecloud/genesyscloud",
            change: { actions: ["create"], before: null, after: { name: "Customer Support" }, after_unknown: {} },
          },
        ],
      }),
    );
    const out = path.join(dir, "out");
    const { code } = await resolve(conflictLog.slice(0, 2), {
      plan: planFile,
      stackName: "acme-prod",
      imports: path.join(dir, "gcguard.imports.json"),
      out,
      baseUrl: api().emulator.url,
    });
    expect(code).toBe(1);
    expect(readFileSync(path.join(out, "import.sh"), "utf8")).toContain(`-chdir=${stackDir}`);
  });

  test("a division 409 and a queue 409 become manifest entries and import blocks with the right ids", async () => {
    const dir = tempDir("gcguard-resolve-");
    const manifestFile = path.join(dir, "gcguard.imports.json");
    const run = () =>
      resolve(conflictLog, { config: CONFIG, imports: manifestFile, out: dir, baseUrl: api().emulator.url });
    const first = await run();
    expect(first.code).toBe(1);
    expect(first.out).toContain("[name-conflict] genesyscloud_auth_division.support");
    expect(first.out).toContain("construct: acme-prod/divisions/support/Default");
    // What the apply never reached collides too (this manifest, unlike the example's, does not adopt Billing yet;
    // GC-Sales-Agents exists): adopted in the same round.
    expect(first.out).toContain(
      `genesyscloud_group.sales_agents (stack acme-prod): the group "GC-Sales-Agents" exists (id ${DEMO.salesAgents}); adopted with the others`,
    );
    const manifest = readManifest(manifestFile)!;
    expect(manifest.stacks["acme-prod"]).toEqual({
      "genesyscloud_auth_division.billing": { id: DEMO.billing, name: "Billing", source: "resolve" },
      "genesyscloud_auth_division.support": { id: DEMO.customerSupport, name: "customer support", source: "resolve" },
      "genesyscloud_group.sales_agents": { id: DEMO.salesAgents, name: "GC-Sales-Agents", source: "resolve" },
      "genesyscloud_routing_queue.sales_callback": {
        id: DEMO.salesCallback,
        name: "Sales Callback",
        source: "resolve",
      },
    });
    const tf = readFileSync(path.join(dir, "imports.tf"), "utf8");
    const sh = readFileSync(path.join(dir, "import.sh"), "utf8");
    expect(tf).toContain(`id = "${DEMO.salesCallback}"`);

    // Twice on the same log: the same artifacts, byte for byte.
    await run();
    expect(readFileSync(path.join(dir, "imports.tf"), "utf8")).toBe(tf);
    expect(readFileSync(path.join(dir, "import.sh"), "utf8")).toBe(sh);
    expect(readManifest(manifestFile)).toEqual(manifest);

    // Re-synthesizing with that manifest emits exactly those import blocks.
    const { stacks } = buildApp(loadConfig(CONFIG), manifest, tempDir("gcguard-resynth-"));
    const imports = (stacks[0]!.toTerraform() as { import?: { to: string; id: string }[] }).import;
    expect(imports).toEqual([
      { to: "genesyscloud_auth_division.billing", id: DEMO.billing },
      { to: "genesyscloud_auth_division.support", id: DEMO.customerSupport },
      { to: "genesyscloud_group.sales_agents", id: DEMO.salesAgents },
      { to: "genesyscloud_routing_queue.sales_callback", id: DEMO.salesCallback },
    ]);
  });

  test("move-objects: a dry run changes nothing; --apply empties the division, whose delete then succeeds", async () => {
    const out = tempDir("gcguard-resolve-");
    const before = JSON.stringify((await api().admin("GET", "/state")).body);
    const dry = await resolve(deleteLog, { out, baseUrl: api().emulator.url, fix: "move-objects", to: "Home" });
    expect(dry.code).toBe(1);
    // What would move is the result: on stdout.
    expect(dry.out).toContain(
      'Dry run (--fix move-objects; add --apply to move them):\n  would move 2 user(s) and 1 queue(s) from "Legacy Sales" to "Home"',
    );
    expect(JSON.stringify((await api().admin("GET", "/state")).body)).toBe(before);

    const refused = await resolve(deleteLog, {
      out,
      baseUrl: api().emulator.url,
      fix: "move-objects",
      to: "Home",
      apply: true,
    }).catch((e: unknown) => e);
    expect((refused as { exitCode: number }).exitCode).toBe(2);

    const applied = await resolve(deleteLog, {
      out,
      baseUrl: api().emulator.url,
      fix: "move-objects",
      to: "Home",
      apply: true,
      yes: true,
    });
    expect(applied.code).toBe(0);
    // After the move, stdout says what was done, not that the delete is refused.
    expect(applied.out).toContain("gcguard moved them out");
    expect(applied.out).toContain(
      'Fixed (--fix move-objects):\n  moved 2 user(s) and 1 queue(s) from "Legacy Sales" to "Home"',
    );
    expect(applied.out).not.toContain("the delete is refused");
    expect((await api().call("DELETE", `/api/v2/authorization/divisions/${DEMO.legacySales}`)).status).toBe(204);
    // The secret that leaked into the log never reaches the output.
    expect(applied.out + applied.err + dry.out + dry.err).not.toContain(SECRET);
  });

  test("a log without Genesys errors exits 0 and says so", async () => {
    const r = await resolve(
      [JSON.stringify({ "@level": "info", "@message": "Apply complete!", type: "change_summary" })],
      {},
    );
    expect(r).toMatchObject({
      code: 0,
      out: "gcguard resolve: apply.log: no errors in this log; nothing to resolve (terraform -json output)\n",
    });
  });
});
