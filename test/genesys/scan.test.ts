/**
 * A full scan of a large org under the real 300-requests-per-minute limit: pacing keeps it under the limit, so
 * no 429 ever comes back. Takes about a minute and a half by design (the limit is the point).
 */
import { describe, expect, test } from "vitest";

import { generateSeed } from "../../lib/emulator/generate";
import { createGenesysClient } from "../../lib/genesys/client";
import { useEmulator } from "../emulator/helpers";

const seed = generateSeed({ divisions: 1_000, users: 50_000, queues: 5_000, groups: 3_000 });

describe("scan of a 50,000-user org under 300 requests per minute", () => {
  const api = useEmulator({ seed, settings: { rateLimit: { requestsPerWindow: 300, windowMs: 60_000 } } });

  test("completes with zero 429 responses", { timeout: 240_000 }, async () => {
    const genesys = createGenesysClient({
      baseUrl: api().emulator.url,
      clientId: "gcguard-ci",
      clientSecret: "demo-secret-ci",
      env: {},
    });
    const started = Date.now();
    const divisions = await genesys.divisions.list({ objectCount: true });
    const queues = await genesys.queues.list();
    const groups = await genesys.groups.list();
    const users = await genesys.users.all();
    const stats = genesys.stats();
    process.stderr.write(
      `[scan] ${stats.totalRequests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
        `${stats.rateLimited} x 429, ${stats.retries} retries, waited ${(stats.waitedMs / 1000).toFixed(1)} s\n`,
    );
    expect([divisions.length, queues.length, groups.length, users.length]).toEqual([1_000, 5_000, 3_000, 50_000]);
    expect(stats.rateLimited).toBe(0);
    const log = await api().admin<{ byStatus: Record<string, number>; total: number }>("GET", "/requests");
    expect(log.body.byStatus["429"]).toBeUndefined();
    expect(log.body.total).toBe(stats.totalRequests);
    // More requests than one window allows, so pacing had to hold back.
    expect(stats.totalRequests).toBeGreaterThan(300);
  });
});
