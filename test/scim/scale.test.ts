/**
 * A sync at scale under the emulator's default 300 requests a minute: 2,000 membership changes across 50 groups.
 * It must finish with zero 429s, and the requests it sends must be what the chunk size predicts. The numbers are
 * printed so a run shows them (the closing note of issue 7 quotes them); timing is measured, not asserted. The
 * emulator and the sync share a virtual clock (test/virtual-clock.ts), so the minute of rate limit it waits out
 * passes in virtual time.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import { loadSeedFile } from "../../lib/emulator/seed";
import { defaultSettings } from "../../lib/emulator/settings";
import { scimSyncCommand } from "../../lib/scim/command";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import { rateTimeline, VirtualClock } from "../virtual-clock";

const GROUPS = 50;
const CHUNK = 5;
const userId = (i: number) => `a0000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const groupId = (g: number) => `f0000000-0000-4000-8000-${String(g).padStart(12, "0")}`;
const email = (i: number) => `agent${String(i).padStart(4, "0")}@bulk.example`;

/**
 * Group g has users 40g..40g+9 and should have users 40g+10..40g+29 plus the previous group's ten: 30 adds and
 * 10 removals each (the removed users are in the IdP, in the next group), 40 changes a group, 2,000 in all.
 */
function scaleSeed() {
  const seed = loadSeedFile(DEMO_SEED_FILE);
  const home = seed.divisions.find((d) => d.home)!.id;
  for (let i = 0; i < GROUPS * 40; i++) {
    seed.users.push({
      id: userId(i),
      name: `Agent ${i}`,
      email: email(i),
      divisionId: home,
      state: "active",
      version: 1,
    });
  }
  for (let g = 0; g < GROUPS; g++) {
    seed.groups.push({
      ...seed.groups[0]!,
      id: groupId(g),
      name: `Bulk-Agents-${String(g).padStart(2, "0")}`,
      memberIds: Array.from({ length: 10 }, (_, k) => userId(40 * g + k)),
      ownerIds: [],
    });
  }
  return seed;
}

function scaleExport(): string {
  const groups = Array.from({ length: GROUPS }, (_, g) => {
    const prev = (g + GROUPS - 1) % GROUPS;
    const members = [
      ...Array.from({ length: 20 }, (_, k) => email(40 * g + 10 + k)),
      ...Array.from({ length: 10 }, (_, k) => email(40 * prev + k)),
    ];
    return { displayName: `Bulk-Agents-${String(g).padStart(2, "0")}`, members };
  });
  const file = path.join(tempDir("gcguard-scim-scale-"), "idp.json");
  writeFileSync(file, JSON.stringify({ groups }));
  return file;
}

describe("a sync of 2,000 membership changes across 50 groups at 300 requests a minute", () => {
  const clock = new VirtualClock();
  const api = useEmulator({ seed: scaleSeed(), clock });

  test(
    "finishes with zero 429s and sends exactly the requests the chunk size predicts",
    { timeout: 120_000 },
    async () => {
      await api().admin("DELETE", "/requests");
      const timeline = rateTimeline(api().emulator);
      let out = "";
      const started = clock.now();
      const code = await scimSyncCommand(
        {
          export: scaleExport(),
          baseUrl: api().emulator.url,
          apply: true,
          chunkSize: String(CHUNK),
          progress: false,
          format: "json",
        },
        {
          stdout: (t) => (out += t),
          stderr: () => {},
          env: { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" },
          clock,
        },
      );
      const seconds = (clock.now() - started) / 1000;
      const report = JSON.parse(out) as {
        summary: { add: number; remove: number; orphans: number };
        sync: { predictedPatches: number; sentPatches: number };
        apiCalls: { totalRequests: number; rateLimited: number };
      };
      const log = (
        await api().admin<{ total: number; byRoute: Record<string, number>; byStatus: Record<string, number> }>(
          "GET",
          "/requests",
        )
      ).body;

      expect(code).toBe(0);
      expect(report.summary.add + report.summary.remove + report.summary.orphans).toBe(2000);
      const predicted = GROUPS * Math.ceil(40 / CHUNK);
      expect(report.sync).toEqual({ chunkSize: CHUNK, predictedPatches: predicted, sentPatches: predicted });
      expect(log.byRoute["PATCH /api/v2/scim/v2/groups/:groupId"]).toBe(predicted);
      // Reads: one page of the groups listing (its total says no other page is needed), the 500 current members by
      // id (100 a request), the 1,000 userNames no group has yet in searches of 50, one queue listing; plus the login.
      const reads = 1 + 500 / 100 + 1000 / 50 + 1;
      expect(log.total).toBe(predicted + reads + 1);
      expect(log.byStatus["429"] ?? 0).toBe(0);
      expect(report.apiCalls.rateLimited).toBe(0);
      // More requests than a window allows, so the sync had to wait for the next one; on the shared clock the
      // emulator counted each API request (all but the login) in a window that never filled.
      const { requestsPerWindow, windowMs } = defaultSettings.rateLimit;
      expect(log.total - 1).toBeGreaterThan(requestsPerWindow);
      expect(timeline).toHaveLength(log.total - 1);
      expect(timeline.filter((t) => t.limited)).toEqual([]);
      expect(timeline.at(-1)!.at - timeline[0]!.at).toBeGreaterThanOrEqual(windowMs);
      expect(Math.max(...timeline.map((t) => t.count))).toBeLessThan(requestsPerWindow);
      process.stderr.write(
        `scim scale: 2000 changes, 50 groups, chunk ${CHUNK}: ${log.total} requests (${predicted} PATCH + ${reads} reads + login), 0 x 429, ${seconds.toFixed(1)} s of virtual time\n`,
      );
    },
  );
});
