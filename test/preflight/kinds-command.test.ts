/**
 * Issue 19's acceptance, through the real command in-process against the emulator: a plan holding one colliding
 * create of every kind gcguard checks (lib/bench/scenarios-mixed.ts, hand-built in terraform's plan format; the
 * user kind is also planned by real terraform in test/e2e/kinds.test.ts) gives one collision per kind with the
 * existing object's id, at exactly the request count the bench's floor computes for it (lib/bench/floor-mixed.ts).
 * And a plan with a type gcguard cannot check lists it as not checked; --require-coverage then exits 3.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { mixedPlanFloor } from "../../lib/bench/floor-mixed";
import { mixedPlan } from "../../lib/bench/scenarios-mixed";
import { DEMO_SEED_FILE } from "../../lib/emulator";
import type { Seed } from "../../lib/emulator/seed";
import { loadSeedFile } from "../../lib/emulator/seed";
import { KINDS, LEGACY_KINDS } from "../../lib/org/kinds";
import { preflightCommand } from "../../lib/preflight/command";
import type { PreflightFlags } from "../../lib/preflight/command";
import type { PreflightReport } from "../../lib/preflight/report";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

/** The demo org with one object of every table-driven kind whose name a plan can take. */
function seedWithEveryKind(): Seed {
  const seed = loadSeedFile(DEMO_SEED_FILE);
  const objects: Seed["objects"] = {};
  KINDS.filter((k) => !LEGACY_KINDS.has(k.kind) && k.kind !== "user").forEach((k, i) => {
    const id = `a0000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`;
    objects[k.kind] = [
      { id, name: `Existing ${k.noun}`, state: "active", fields: {}, ...(k.scope ? { type: "inboundcall" } : {}) },
    ];
  });
  return { ...seed, objects };
}

describe("gcguard preflight over every kind", () => {
  const api = useEmulator({ seed: seedWithEveryKind() });

  async function run(flags: Partial<PreflightFlags>): Promise<{ code: number; report: PreflightReport }> {
    let out = "";
    const code = await preflightCommand(
      { baseUrl: api().emulator.url, format: "json", progress: false, ...flags },
      { stdout: (t) => (out += t), stderr: () => {}, env: { ...CI_ENV }, version: "test" },
    );
    return { code, report: JSON.parse(out) as PreflightReport };
  }

  function writePlan(plan: Record<string, unknown>, files: readonly { path: string; text: string }[] = []): string {
    const dir = tempDir();
    for (const f of files) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.text);
    }
    const file = path.join(dir, "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    return file;
  }

  test("one colliding create per kind: one collision each, with the import id, at the floor's request count", async () => {
    const plan = mixedPlan(seedWithEveryKind(), 1);
    expect(plan.collisions.length).toBe(KINDS.length);
    const { code, report } = await run({ plan: [`acme=${writePlan(plan.plan, plan.files)}`] });
    expect(code).toBe(1);
    const collisions = report.findings.filter((f) => f.code === "GCG101");
    expect(collisions.map((f) => [f.address, f.adoption?.id]).sort()).toEqual(
      plan.collisions.map((c) => [c.address, c.id]).sort(),
    );
    expect(report.stacks[0]?.coverage.notChecked).toEqual([]);
    expect(report.stacks[0]?.coverage.checked).toHaveLength(KINDS.length);
    expect(report.apiCalls.totalRequests).toBe(mixedPlanFloor(plan.inputs));
  });

  const uncovered = {
    format_version: "1.2",
    resource_changes: [
      {
        address: "genesyscloud_journey_segment.vip",
        mode: "managed",
        type: "genesyscloud_journey_segment",
        change: { actions: ["create"], before: null, after: { display_name: "VIP" } },
      },
      {
        address: "genesyscloud_routing_skill.spanish",
        mode: "managed",
        type: "genesyscloud_routing_skill",
        change: { actions: ["create"], before: null, after: { name: "Spanish" } },
      },
    ],
  };

  test("a type gcguard cannot check is listed as not checked; the gate passes what it could check", async () => {
    const { code, report } = await run({ plan: [`acme=${writePlan(uncovered)}`] });
    expect(code).toBe(0);
    expect(report.stacks[0]?.coverage.notChecked).toEqual([
      { type: "genesyscloud_journey_segment", changes: 1, reason: "unknown-type" },
    ]);
  });

  test("--require-coverage: the unchecked type fails closed (GCG104, exit 3)", async () => {
    const { code, report } = await run({ plan: [`acme=${writePlan(uncovered)}`], requireCoverage: true });
    expect(code).toBe(3);
    expect(report.findings.map((f) => [f.code, f.address, f.level])).toEqual([
      ["GCG104", "genesyscloud_journey_segment.vip", "unverified"],
    ]);
  });
});
