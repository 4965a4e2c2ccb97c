/**
 * The large-org generator (lib/emulator/generate.ts): deterministic, valid, realistic, with its documented traps;
 * and a 1,000-division / 50,000-user org served in-process (its time and memory: npm run bench).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { RunningEmulator } from "../../lib/emulator";
import { startEmulator } from "../../lib/emulator";
import { InputError } from "../../lib/errors";
import type { GenerateSpec } from "../../lib/emulator/generate";
import { generateSeed } from "../../lib/emulator/generate";
import type { Seed } from "../../lib/emulator/seed";
import { parseSeed } from "../../lib/emulator/seed";
import type { Api } from "./helpers";
import { apiFor } from "./helpers";

const MEDIUM: GenerateSpec = { divisions: 200, users: 5_000, queues: 300, groups: 400 };
const LARGE: GenerateSpec = { divisions: 1_000, users: 50_000, queues: 5_000, groups: 3_000 };

/** Names that equal another's ignoring case, split into exact duplicates and case-only twins. */
function nameClashes(names: readonly string[]): { exact: string[]; caseOnly: string[] } {
  const seen = new Map<string, string>();
  const exact: string[] = [];
  const caseOnly: string[] = [];
  for (const name of names) {
    const prior = seen.get(name.toLowerCase());
    if (prior === undefined) seen.set(name.toLowerCase(), name);
    else if (prior === name) exact.push(name);
    else caseOnly.push(name);
  }
  return { exact, caseOnly };
}

describe("generateSeed", () => {
  const seed = generateSeed(MEDIUM);

  test("is deterministic: the same spec gives byte-identical JSON, another seed text a different org", () => {
    const json = JSON.stringify(seed);
    expect(JSON.stringify(generateSeed({ ...MEDIUM }))).toBe(json);
    expect(JSON.stringify(generateSeed({ ...MEDIUM, seed: "gcguard" }))).toBe(json);
    const other = generateSeed({ ...MEDIUM, seed: "another" });
    expect(other.users[0]?.id).not.toBe(seed.users[0]?.id);
    expect(JSON.stringify(other)).not.toBe(json);
  });

  test("has the requested counts and survives parseSeed unchanged, through JSON", () => {
    expect([seed.divisions.length, seed.users.length, seed.queues.length, seed.groups.length]).toEqual([
      200, 5_000, 300, 400,
    ]);
    const reparsed = parseSeed(JSON.parse(JSON.stringify(seed)) as unknown, "generated");
    expect(reparsed).toEqual(seed);
  });

  test("IDs are unique across kinds and look like Genesys GUIDs; emails are unique ignoring case", () => {
    const ids = [...seed.divisions, ...seed.users, ...seed.groups, ...seed.queues].map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const emails = seed.users.map((u) => u.email.toLowerCase());
    expect(new Set(emails).size).toBe(emails.length);
  });

  test("names are plain ASCII and unique per kind except the documented traps", () => {
    const all = [
      seed.org.name,
      ...[...seed.divisions, ...seed.users, ...seed.groups, ...seed.queues].map((o) => o.name),
    ];
    for (const name of all) expect(name).toMatch(/^[\x20-\x7e]+$/);
    // Trap: two divisions whose names differ only in case from another division's.
    const divisions = nameClashes(seed.divisions.map((d) => d.name));
    expect(divisions.exact).toEqual([]);
    expect(divisions.caseOnly).toHaveLength(2);
    for (const twin of divisions.caseOnly) {
      const original = seed.divisions.find((d) => d.name !== twin && d.name.toLowerCase() === twin.toLowerCase());
      expect(original, twin).toBeDefined();
    }
    // Trap: one group in 200 carries another group's exact name.
    const groups = nameClashes(seed.groups.map((g) => g.name));
    expect(groups.caseOnly).toEqual([]);
    expect(groups.exact).toHaveLength(2);
    // Queues and the users' emails: no clashes at all.
    expect(nameClashes(seed.queues.map((q) => q.name))).toEqual({ exact: [], caseOnly: [] });
  });

  test("the traps scale: 0.5% of 3,000 groups, still two case twins among 1,000 divisions", () => {
    const seedLarge = generateSeed({ divisions: 1_000, users: 0, queues: 0, groups: 3_000 });
    expect(nameClashes(seedLarge.groups.map((g) => g.name)).exact).toHaveLength(15);
    expect(nameClashes(seedLarge.divisions.map((d) => d.name)).caseOnly).toHaveLength(2);
  });

  test("one home division; users spread over divisions, about 3% inactive", () => {
    expect(seed.divisions.filter((d) => d.home)).toEqual([expect.objectContaining({ name: "Home" })]);
    const perDivision = new Map<string, number>();
    for (const u of seed.users) perDivision.set(u.divisionId, (perDivision.get(u.divisionId) ?? 0) + 1);
    expect(perDivision.size).toBeGreaterThan(seed.divisions.length * 0.9);
    expect(Math.max(...perDivision.values())).toBeLessThan(100);
    const inactive = seed.users.filter((u) => u.state === "inactive").length / seed.users.length;
    expect(inactive).toBeGreaterThan(0.02);
    expect(inactive).toBeLessThan(0.04);
    expect(seed.users.every((u) => u.state !== "deleted")).toBe(true);
  });

  test("each user is in 0-3 groups, some in none; groups with members have an owner among them", () => {
    const memberships = new Map<string, number>();
    for (const g of seed.groups) {
      expect(new Set(g.memberIds).size).toBe(g.memberIds.length);
      for (const m of g.memberIds) memberships.set(m, (memberships.get(m) ?? 0) + 1);
      if (g.memberIds.length > 0) expect(g.memberIds).toContain(g.ownerIds[0]);
    }
    expect(Math.max(...memberships.values())).toBeLessThanOrEqual(3);
    expect(memberships.size).toBeLessThan(seed.users.length);
    expect(memberships.size).toBeGreaterThan(seed.users.length * 0.6);
  });

  test("queues: spread over divisions, 1-3 member groups, a few direct members who are active users", () => {
    const active = new Set(seed.users.filter((u) => u.state === "active").map((u) => u.id));
    const groupIds = new Set(seed.groups.map((g) => g.id));
    expect(new Set(seed.queues.map((q) => q.divisionId)).size).toBeGreaterThan(100);
    let direct = 0;
    for (const q of seed.queues) {
      expect(q.memberGroups.length).toBeGreaterThanOrEqual(1);
      expect(q.memberGroups.length).toBeLessThanOrEqual(3);
      for (const g of q.memberGroups) expect(groupIds.has(g.id)).toBe(true);
      expect(q.members.length).toBeLessThanOrEqual(4);
      for (const m of q.members) expect(active.has(m.userId)).toBe(true);
      direct += q.members.length;
    }
    expect(direct).toBeGreaterThan(seed.queues.length);
  });

  test("clients are the demo org's: ci sees everything, bpo all divisions but Partner BPO, readonly views", () => {
    const [ci, bpo, readonly] = seed.clients;
    expect(seed.clients.map((c) => [c.id, c.secret])).toEqual([
      ["gcguard-ci", "demo-secret-ci"],
      ["gcguard-bpo", "demo-secret-bpo"],
      ["gcguard-readonly", "demo-secret-readonly"],
    ]);
    expect(ci).toMatchObject({ permissions: "*", divisions: "*" });
    const hidden = seed.divisions.filter((d) => !(bpo?.divisions as string[]).includes(d.id));
    expect(hidden.map((d) => d.name)).toEqual(["Division 0199 - Partner BPO"]);
    expect(readonly?.permissions).toEqual([
      "authorization:division:view",
      "directory:user:view",
      "directory:group:view",
      "routing:queue:view",
    ]);
  });

  test("the smallest org is valid: the home division alone, which gcguard-bpo may see", () => {
    const tiny: Seed = generateSeed({ divisions: 1, users: 0, queues: 0, groups: 0 });
    expect(parseSeed(tiny, "tiny").divisions).toHaveLength(1);
    expect(tiny.clients[1]?.divisions).toEqual([tiny.divisions[0]?.id]);
    const small = generateSeed({ divisions: 3, users: 5, queues: 2, groups: 1 });
    expect(() => parseSeed(small, "small")).not.toThrow();
    expect(small.queues.every((q) => q.memberGroups.length === 1)).toBe(true);
  });

  test("rejects counts that are not whole numbers within the limits, as bad input", () => {
    for (const spec of [
      { divisions: 0, users: 0, queues: 0, groups: 0 },
      { divisions: 1, users: -1, queues: 0, groups: 0 },
      { divisions: 1, users: 1.5, queues: 0, groups: 0 },
      { divisions: 1, users: 0, queues: 10_000_000, groups: 0 },
    ]) {
      expect(() => generateSeed(spec)).toThrow(InputError);
    }
  });
});

describe("a large generated org, served in-process", () => {
  let emulator: RunningEmulator | undefined;
  let client: Api | undefined;
  const api = (): Api => {
    if (!emulator) throw new Error("emulator not started");
    return (client ??= apiFor(emulator));
  };

  // How long generating and starting take, and the memory the org holds, are machine figures: npm run bench
  // measures them per org size (scripts/bench.ts, "Emulator org"); this test checks what is served.
  beforeAll(async () => {
    emulator = await startEmulator({
      seed: generateSeed(LARGE),
      settings: { rateLimit: { requestsPerWindow: 1_000_000, windowMs: 60_000 } },
    });
  }, 60_000);
  afterAll(async () => {
    await emulator?.close();
  });

  test("1,000 divisions / 50,000 users / 5,000 queues / 3,000 groups: served, with the division total", async () => {
    const divisions = await api().call<{ total: number }>("GET", "/api/v2/authorization/divisions?pageSize=100");
    expect(divisions.status).toBe(200);
    expect(divisions.body.total).toBe(1_000);
  });

  // Every user through search pages: docs/genesys-api.md §4.2 (GET /api/v2/users stops near 10,000, §4.1).
  test("lists all 50,000 users through POST /api/v2/users/search pages of 100", async () => {
    const seen = new Set<string>();
    let pageCount = 1;
    for (let pageNumber = 1; pageNumber <= pageCount; pageNumber++) {
      const page = await api().call<{ total: number; pageCount: number; results: { id: string }[] }>(
        "POST",
        "/api/v2/users/search",
        {
          body: {
            pageSize: 100,
            pageNumber,
            query: [{ type: "CONTAINS", fields: ["email"], value: "@acme-global.example" }],
          },
        },
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(50_000);
      pageCount = page.body.pageCount;
      for (const u of page.body.results) seen.add(u.id);
    }
    expect(pageCount).toBe(500);
    expect(seen.size).toBe(50_000);
  }, 120_000);
});
