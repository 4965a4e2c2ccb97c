/**
 * The whole loop with real terraform: synth, plan, preflight on the real plan JSON, apply against the emulator
 * through gcguard's provider, resolve on the real `apply -json` log, and the apply after the fix. Skipped (loudly,
 * see harness.ts) when terraform is not on PATH.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { DEMO } from "../emulator/helpers";
import type { Workspace } from "./harness";
import { cleanSeed, demoSeed, errorDiagnostics, TERRAFORM_VERSION, workspace } from "./harness";

const ROOT = path.join(__dirname, "..", "..");
const TIMEOUT = { timeout: 180_000 };
const e2e = describe.skipIf(!TERRAFORM_VERSION);

const header = `version: 1
orgs:
  - name: acme-prod
    region: eu-west-1
`;

interface StateDump {
  divisions: { id: string; name: string }[];
  groups: { id: string; name: string; memberIds: string[]; description?: string }[];
  queues: { id: string; name: string; members: { userId: string }[] }[];
}

function codes(report: { readonly findings: readonly { code: string; address?: string }[] }): string[] {
  return report.findings.map((f) => `${f.code} ${f.address ?? ""}`).sort();
}

e2e("the example stack on a clean org", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await workspace(cleanSeed());
    ws.synth(
      readFileSync(path.join(ROOT, "examples", "gcguard.config.yaml"), "utf8"),
      JSON.parse(readFileSync(path.join(ROOT, "examples", "gcguard.imports.json"), "utf8")),
    );
  });
  afterAll(() => ws.close());

  test("applies cleanly, and a second plan shows no changes", TIMEOUT, async () => {
    const plan = await ws.plan();
    const gate = await ws.preflight(plan.file);
    expect(codes(gate.report)).toEqual([]);
    // The gate counts the plan as terraform does.
    const printed = /Plan: (?:(\d+) to import, )?(\d+) to add, (\d+) to change, (\d+) to destroy/.exec(plan.stdout);
    expect(gate.report.stacks[0]?.terraform).toEqual({
      import: Number(printed?.[1] ?? 0),
      add: Number(printed?.[2]),
      change: Number(printed?.[3]),
      destroy: Number(printed?.[4]),
    });
    const apply = await ws.apply();
    expect(errorDiagnostics(apply.log)).toEqual([]);
    expect(apply.code).toBe(0);
    const again = await ws.tf("plan", "-input=false", "-no-color", "-detailed-exitcode");
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);
    const state = (await ws.api.admin<StateDump>("GET", "/state")).body;
    expect(state.divisions.map((d) => d.name).sort()).toEqual(["Billing", "Customer Support", "Home", "Sales"]);
    expect(state.queues).toHaveLength(5);
  });
});

e2e("a name collision: preflight, the real 409, resolve, and the import", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await workspace(demoSeed());
    ws.synth(`${header}    divisions:
      - name: Home
        mode: home
      - name: Customer Support
        key: support
    scimGroups:
      - name: GC-Sales-Agents
        key: sales_agents
`);
  });
  afterAll(() => ws.close());

  test("the gate finds it, the apply hits it, resolve fixes it, and the next apply imports", TIMEOUT, async () => {
    const plan = await ws.plan();
    const gate = await ws.preflight(plan.file);
    expect(gate.code).toBe(1);
    expect(codes(gate.report)).toEqual([
      "GCG101 genesyscloud_auth_division.support",
      "GCG101 genesyscloud_group.sales_agents",
    ]);

    const apply = await ws.apply();
    expect(apply.code).toBe(1);
    const errors = errorDiagnostics(apply.log);
    const division = errors.find((d) => d.address === "genesyscloud_auth_division.support")!;
    expect(division.summary).toMatch(/^Failed to create division Customer Support error: API Error: 409 - /);
    expect(JSON.parse(division.detail)).toMatchObject({
      resourceType: "genesyscloud_auth_division",
      method: "POST",
      path: "/api/v2/authorization/divisions",
      statusCode: 409,
    });

    const manifest = path.join(ws.dir, "gcguard.imports.json");
    const resolved = await ws.resolve(apply.file, apply.log, { plan: plan.file, imports: manifest, out: ws.dir });
    expect(resolved.code).toBe(1);
    const imports = readFileSync(path.join(ws.dir, "imports.tf"), "utf8");
    expect(imports).toContain(`id = "${DEMO.customerSupport}"`);
    expect(imports).toContain(`id = "${DEMO.salesAgents}"`);

    // The next synth reads the manifest resolve wrote: import blocks instead of creates.
    ws.synth(readFileSync(path.join(ws.dir, "gcguard.config.yaml"), "utf8"));
    const second = await ws.plan();
    expect(second.stdout).toMatch(/2 to import/);
    const applied = await ws.apply();
    expect(errorDiagnostics(applied.log)).toEqual([]);
    expect(applied.code).toBe(0);
    const last = await ws.tf("plan", "-input=false", "-no-color", "-detailed-exitcode");
    expect(last.stdout).toContain("No changes.");
    expect(last.code).toBe(0);
  });
});

e2e("destroying a division that still holds users and a queue", () => {
  let ws: Workspace;
  const withLegacy = `${header}    divisions:
      - name: Home
        mode: home
      - name: Legacy Sales
        key: legacy_sales
`;
  beforeAll(async () => {
    ws = await workspace(demoSeed());
    ws.synth(withLegacy, {
      version: 1,
      stacks: {
        "acme-prod": {
          "genesyscloud_auth_division.legacy_sales": { id: DEMO.legacySales, name: "Legacy Sales", source: "e2e" },
        },
      },
    });
    await ws.plan();
    const adopted = await ws.apply();
    if (adopted.code !== 0) throw new Error(`adopting Legacy Sales failed:\n${adopted.log}`);
  });
  afterAll(() => ws.close());

  test(
    "preflight blocks it, the apply fails with the real 400, move-objects empties it, the destroy succeeds",
    TIMEOUT,
    async () => {
      ws.synth(
        `${header}    divisions:
      - name: Home
        mode: home
`,
        { version: 1, stacks: {} },
      );
      const plan = await ws.plan();
      const gate = await ws.preflight(plan.file);
      expect(codes(gate.report)).toEqual(["GCG201 genesyscloud_auth_division.legacy_sales"]);

      const apply = await ws.apply();
      expect(apply.code).toBe(1);
      const [error] = errorDiagnostics(apply.log);
      expect(`${error?.summary} ${error?.detail}`).toContain(
        `Scope '${DEMO.legacySales}' may not be deleted because it has objects in it.`,
      );

      const fixed = await ws.resolve(apply.file, apply.log, {
        plan: plan.file,
        fix: "move-objects",
        to: "Home",
        apply: true,
        yes: true,
        write: false,
      });
      expect(fixed.code).toBe(0);

      await ws.plan();
      const destroyed = await ws.apply();
      expect(errorDiagnostics(destroyed.log)).toEqual([]);
      expect(destroyed.code).toBe(0);
      const state = (await ws.api.admin<StateDump>("GET", "/state")).body;
      expect(state.divisions.find((d) => d.id === DEMO.legacySales)).toBeUndefined();
    },
  );
});

e2e("membership Terraform must not fight", () => {
  let ws: Workspace;
  const config = (description: string) => `${header}    divisions:
      - name: Home
        mode: home
      - name: Legacy Sales
        mode: lookup
    scimGroups:
      - name: GC-Quality-Agents
        key: quality_agents
        description: ${description}
      - name: Legacy Sales Team
        mode: lookup
    queues:
      - name: Sales Callback
        division: Home
        groups: [GC-Quality-Agents]
      - name: Legacy Sales Inbound
        division: Legacy Sales
        groups: [Legacy Sales Team]
`;
  beforeAll(async () => {
    ws = await workspace(demoSeed());
  });
  afterAll(() => ws.close());

  test("SCIM members survive a later apply, and an adopted queue keeps its direct members", TIMEOUT, async () => {
    const manifest = {
      version: 1,
      stacks: {
        "acme-prod": {
          "genesyscloud_routing_queue.sales_callback": {
            id: DEMO.salesCallback,
            name: "Sales Callback",
            source: "e2e",
          },
          // Its division and group are looked up by name (data sources), not managed.
          "genesyscloud_routing_queue.legacy_sales_inbound": {
            id: DEMO.legacyInbound,
            name: "Legacy Sales Inbound",
            source: "e2e",
          },
        },
      },
    };
    ws.synth(config("Quality agents"), manifest);
    await ws.plan();
    const first = await ws.apply();
    expect(errorDiagnostics(first.log)).toEqual([]);

    let state = (await ws.api.admin<StateDump>("GET", "/state")).body;
    const group = state.groups.find((g) => g.name === "GC-Quality-Agents")!;
    // The IdP pushes members over SCIM.
    const patch = await ws.api.call("PATCH", `/api/v2/scim/v2/groups/${group.id}`, {
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "add", path: "members", value: [{ value: DEMO.ada }, { value: DEMO.grace }] }],
      },
    });
    expect(patch.status).toBe(200);

    ws.synth(config("Quality agents (Entra ID)"), manifest);
    const plan = await ws.plan();
    expect(plan.stdout).toContain("1 to change");
    const second = await ws.apply();
    expect(errorDiagnostics(second.log)).toEqual([]);

    state = (await ws.api.admin<StateDump>("GET", "/state")).body;
    const after = state.groups.find((g) => g.id === group.id)!;
    expect(after.description).toBe("Quality agents (Entra ID)");
    expect([...after.memberIds].sort()).toEqual([DEMO.ada, DEMO.grace].sort());
    const queue = state.queues.find((q) => q.id === DEMO.salesCallback)!;
    expect(queue.members.map((m) => m.userId).sort()).toEqual([DEMO.ada, DEMO.alan].sort());
    const inbound = state.queues.find((q) => q.id === DEMO.legacyInbound)!;
    expect(inbound.members.map((m) => m.userId)).toEqual([DEMO.barbara]);
    const last = await ws.tf("plan", "-input=false", "-no-color", "-detailed-exitcode");
    expect(last.stdout).toContain("data.genesyscloud_group.");
    expect(last.code).toBe(0);
  });
});
