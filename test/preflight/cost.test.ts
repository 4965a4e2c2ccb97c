/** The preflight's API cost grows with the org's page count and the plan's distinct names, not per resource. */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { generateSeed } from "../../lib/emulator/generate";
import { preflightCommand } from "../../lib/preflight/command";
import type { PreflightReport } from "../../lib/preflight/report";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const seed = generateSeed({ divisions: 1_000, users: 50_000, queues: 5_000, groups: 3_000 });

/** 300 creates: 100 each of divisions, groups and queues; every tenth name already exists in the org. */
function stackWith300Creates(): Record<string, unknown> {
  const pick = <T extends { name: string }>(existing: readonly T[], kind: string) =>
    Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? existing[i * 7]!.name : `Planned ${kind} ${i}`));
  const resource: Record<string, Record<string, unknown>> = {
    genesyscloud_auth_division: Object.fromEntries(
      pick(seed.divisions.slice(1), "division").map((name, i) => [`d${i}`, { name }]),
    ),
    genesyscloud_group: Object.fromEntries(pick(seed.groups, "group").map((name, i) => [`g${i}`, { name }])),
    genesyscloud_routing_queue: Object.fromEntries(
      pick(seed.queues, "queue").map((name, i) => [`q${i}`, { name, ignore_members: true }]),
    ),
  };
  return { resource, provider: { genesyscloud: [{}] } };
}

describe("preflight cost at scale", () => {
  const api = useEmulator({ seed, settings: { rateLimit: { requestsPerWindow: 100_000, windowMs: 60_000 } } });

  test(
    "a plan of 300 creates against a 50,000-user org costs fewer than 60 API calls",
    { timeout: 120_000 },
    async () => {
      const file = path.join(tempDir("gcguard-cost-"), "cdk.tf.json");
      writeFileSync(file, JSON.stringify(stackWith300Creates()));
      await api().admin("DELETE", "/requests");
      let out = "";
      const code = await preflightCommand(
        { stack: [`big=${file}`], baseUrl: api().emulator.url, format: "json", progress: false },
        {
          stdout: (t) => (out += t),
          stderr: () => {},
          env: { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" },
          isTty: false,
          version: "test",
        },
      );
      const report = JSON.parse(out) as PreflightReport;
      const log = await api().admin<{ total: number; byRoute: Record<string, number> }>("GET", "/requests");
      process.stderr.write(
        `[cost] 300 creates: ${report.apiCalls.totalRequests} API calls ${JSON.stringify(report.apiCalls.requests)}\n`,
      );
      expect(code).toBe(1);
      expect(report.findings.filter((f) => f.code === "GCG101" || f.code === "GCG103").length).toBeGreaterThanOrEqual(
        28,
      );
      expect(report.apiCalls.totalRequests).toBeLessThan(60);
      expect(report.apiCalls.requests).toEqual(log.body.byRoute);
    },
  );
});
