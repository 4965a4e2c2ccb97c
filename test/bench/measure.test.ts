import { describe, expect, it } from "vitest";

import type { OrgBench } from "../../lib/bench/measure";
import { measureScenario } from "../../lib/bench/measure";

/** An org whose "emulator" counts whatever the fake runs report. */
function fakeOrg(): { org: OrgBench; lines: string[]; set: (total: number, limited: number) => void } {
  let counts = { total: 0, byRoute: {}, byStatus: {} as Record<string, number> };
  const lines: string[] = [];
  const org: OrgBench = {
    fraction: 0.2,
    gcguardRuns: 3,
    naiveRuns: 3,
    fresh: () => (counts = { total: 0, byRoute: {}, byStatus: {} }),
    counts: () => counts,
    floorOf: () => ({ requests: 10, wallMs: 100, wallBoundBy: "dependencies" }),
    log: (line) => lines.push(line),
  };
  const set = (total: number, limited: number) => (counts = { total, byRoute: {}, byStatus: { "429": limited } });
  return { org, lines, set };
}

describe("measureScenario", () => {
  it("summarises gcguard's runs and stops the naive ones at the cap", async () => {
    const { org, lines, set } = fakeOrg();
    let run = 0;
    const gcguard = () => {
      set([12, 14, 13][run++]!, 1);
      return Promise.resolve(1);
    };
    let naive = 0;
    const naiveRun = () => Promise.resolve({ requests: 50 + naive, rateLimited: 0, wallMs: 10, capped: naive++ === 1 });
    const row = await measureScenario(org, "preflight 30", [], gcguard, naiveRun);
    expect(row).toMatchObject({
      scenario: "preflight 30",
      orgFraction: 0.2,
      gcguard: { requests: 14, runs: 3, rateLimited: 1 },
      naive: { requests: 51, runs: 2, capped: true },
      floor: { requests: 10, wallMs: 100 },
    });
    expect(row.gcguard).not.toHaveProperty("capped");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^preflight 30 @ 20%: gcguard 14 req .* naive >=51 req .* floor 10 req 100 ms/);
  });

  it("has no naive row without a baseline, and fails on an exit code above 1", async () => {
    const { org } = fakeOrg();
    const row = await measureScenario(org, "snapshot", [], () => Promise.resolve(0), undefined, 1);
    expect(row.naive).toBeUndefined();
    expect(row.gcguard.runs).toBe(1);
    await expect(measureScenario(org, "x", [], () => Promise.resolve(2), undefined)).rejects.toThrow("exited 2");
  });
});
