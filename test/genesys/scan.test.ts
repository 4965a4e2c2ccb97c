/**
 * A full scan of a large org under the real 300-requests-per-minute limit: pacing keeps it under the limit, so
 * no 429 ever comes back. The emulator and the client share a virtual clock (test/virtual-clock.ts): the scan
 * spends the minutes of rate-limit time it must in virtual time, and only seconds of real time.
 */
import { describe, expect, test } from "vitest";

import { generateSeed } from "../../lib/emulator/generate";
import { createGenesysClient } from "../../lib/genesys/client";
import { defaultPacing } from "../../lib/genesys/pacing";
import { useEmulator } from "../emulator/helpers";
import { rateTimeline, VirtualClock } from "../virtual-clock";

const seed = generateSeed({ divisions: 1_000, users: 50_000, queues: 5_000, groups: 3_000 });
const WINDOW = { requestsPerWindow: 300, windowMs: 60_000 };

describe("scan of a 50,000-user org under 300 requests per minute", () => {
  const clock = new VirtualClock();
  const api = useEmulator({ seed, settings: { rateLimit: WINDOW }, clock });

  test("completes with zero 429 responses, leaving every window's headroom unused", { timeout: 120_000 }, async () => {
    // The timeline as the emulator saw it, on the shared clock (the login is not rate-limited).
    const timeline = rateTimeline(api().emulator);
    const genesys = createGenesysClient({
      baseUrl: api().emulator.url,
      clientId: "gcguard-ci",
      clientSecret: "demo-secret-ci",
      env: {},
      clock,
    });
    const started = clock.now();
    const divisions = await genesys.divisions.list({ objectCount: true });
    const queues = await genesys.queues.list();
    const groups = await genesys.groups.list();
    const users = await genesys.users.all();
    const stats = genesys.stats();
    process.stderr.write(
      `[scan] ${stats.totalRequests} requests in ${((clock.now() - started) / 1000).toFixed(1)} s of virtual time, ` +
        `${stats.rateLimited} x 429, ${stats.retries} retries, waited ${(stats.waitedMs / 1000).toFixed(1)} s\n`,
    );
    expect([divisions.length, queues.length, groups.length, users.length]).toEqual([1_000, 5_000, 3_000, 50_000]);
    expect(stats.rateLimited).toBe(0);
    const log = await api().admin<{ byStatus: Record<string, number>; total: number }>("GET", "/requests");
    expect(log.body.byStatus["429"]).toBeUndefined();
    expect(log.body.total).toBe(stats.totalRequests);

    expect(timeline.filter((t) => t.limited)).toEqual([]);
    expect(timeline).toHaveLength(stats.totalRequests - stats.requests["POST /oauth/token"]!);
    // More requests than one window allows, so pacing had to hold back: the scan spans more than a window, and no
    // window ever used the headroom pacing leaves for others sharing the token.
    expect(timeline.length).toBeGreaterThan(WINDOW.requestsPerWindow);
    expect(timeline.at(-1)!.at - timeline[0]!.at).toBeGreaterThanOrEqual(WINDOW.windowMs);
    expect(Math.max(...timeline.map((t) => t.count))).toBeLessThanOrEqual(
      WINDOW.requestsPerWindow - defaultPacing.headroom,
    );
  });
});
