/**
 * `gcguard scim diff` and `sync` end to end against the emulator: a seeded drift with adds, removes and an orphan,
 * the dry run that changes nothing, a sync that converges, another writer racing the PATCH, and what cannot be
 * synced (missing and ambiguous groups, unknown users).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import { loadSeedFile } from "../../lib/emulator/seed";
import type { ScimFlags } from "../../lib/scim/command";
import { scimDiffCommand, scimSyncCommand } from "../../lib/scim/command";
import { DEMO, useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import { VirtualClock } from "../virtual-clock";

const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

interface JsonMember {
  id: string;
  userName?: string;
}
interface JsonGroup {
  displayName: string;
  status: string;
  id?: string;
  add?: JsonMember[];
  remove?: JsonMember[];
  orphans?: JsonMember[];
  unknown?: { ref: string }[];
  correct?: number;
  queues?: { name: string }[];
  near?: { displayName: string }[];
  candidates?: { id: string }[];
  sync?: {
    outcome: string;
    conflicts: number;
    requests: { ifMatch: string | null; body: { Operations: unknown[] } }[];
  };
}
interface JsonReport {
  exitCode: number;
  summary: Record<string, number>;
  groups: JsonGroup[];
  sync?: { predictedPatches: number; sentPatches: number; chunkSize: number };
  apiCalls: { totalRequests: number; rateLimited: number; requests: Record<string, number> };
}

/** The client's pacing spaces requests on this clock, so its waits take no real time. */
const clock = new VirtualClock();

async function run(
  command: typeof scimDiffCommand,
  flags: ScimFlags,
): Promise<{ code: number; report: JsonReport; err: string }> {
  let out = "";
  let err = "";
  const code = await command(
    { progress: false, format: "json", ...flags },
    { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { ...CI_ENV }, clock },
  );
  return { code, report: JSON.parse(out) as JsonReport, err };
}

function exportFile(content: unknown): string {
  const file = path.join(tempDir("gcguard-scim-"), "idp.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const userNames = (list: JsonMember[] | undefined) => (list ?? []).map((m) => m.userName);
const byName = (report: JsonReport, name: string) => report.groups.find((g) => g.displayName === name)!;

/** The demo org, plus Margaret added to GC-Sales-Agents by hand (the IdP does not know her: an orphan). */
function driftSeed() {
  const seed = loadSeedFile(DEMO_SEED_FILE);
  const sales = seed.groups.find((g) => g.id === DEMO.salesAgents)!;
  sales.memberIds.push(DEMO.margaret);
  return seed;
}

/** GC-Sales-Agents has Ada, Alan, Grace (+ Margaret); Legacy Sales Team has Edsger and feeds Legacy Sales Inbound. */
const DRIFT = {
  groups: [
    { displayName: "GC-Sales-Agents", members: ["ada@acme.example", "grace@acme.example", "donald@acme.example"] },
    { displayName: "Legacy Sales Team", members: ["barbara@acme.example", { externalId: "entra-1002" }] },
  ],
  users: [{ userName: "edsger@acme.example", displayName: "Edsger Dijkstra" }],
};

describe("gcguard scim diff and sync on a seeded drift", () => {
  const api = useEmulator({ seed: driftSeed() });
  const flags = (): ScimFlags => ({ export: exportFile(DRIFT), baseUrl: api().emulator.url });

  test("diff reports the exact adds, removes, orphans and the queues they affect, and exits 1", async () => {
    const { code, report } = await run(scimDiffCommand, flags());
    expect(code).toBe(1);
    const sales = byName(report, "GC-Sales-Agents");
    expect(userNames(sales.add)).toEqual(["donald@acme.example"]);
    // Alan is in the IdP (in Legacy Sales Team), just not in this group: a removal.
    expect(userNames(sales.remove)).toEqual(["alan@acme.example"]);
    // Margaret is in no IdP group and not in its user list: an orphan.
    expect(userNames(sales.orphans)).toEqual(["margaret@acme.example"]);
    expect(sales.correct).toBe(2);
    const legacy = byName(report, "Legacy Sales Team");
    expect(userNames(legacy.add)).toEqual(["alan@acme.example", "barbara@acme.example"]);
    expect(userNames(legacy.remove)).toEqual(["edsger@acme.example"]);
    expect(legacy.orphans).toEqual([]);
    expect(legacy.queues?.map((q) => q.name)).toEqual(["Legacy Sales Inbound"]);
    expect(report.summary).toMatchObject({ groups: 2, drifted: 2, add: 3, remove: 2, orphans: 1, unknown: 0 });
  });

  test("the text report says which queues an add puts people on", async () => {
    let out = "";
    await scimDiffCommand(
      { ...flags(), progress: false },
      { stdout: (t) => (out += t), stderr: () => {}, env: { ...CI_ENV } },
    );
    expect(out).toContain("+ add      alan@acme.example -> puts them on Legacy Sales Inbound");
    expect(out).toContain("! orphan   margaret@acme.example: not in the IdP at all");
  });

  test("sync without --apply prints the PATCH requests and leaves the org byte-for-byte unchanged", async () => {
    const before = (await api().admin("GET", "/state")).text;
    await api().admin("DELETE", "/requests");
    const { code, report } = await run(scimSyncCommand, flags());
    expect(code).toBe(1);
    expect((await api().admin("GET", "/state")).text).toBe(before);
    const log = await api().admin<{ byRoute: Record<string, number> }>("GET", "/requests");
    expect(Object.keys(log.body.byRoute).filter((r) => r.startsWith("PATCH"))).toEqual([]);
    const legacy = byName(report, "Legacy Sales Team");
    expect(legacy.sync?.outcome).toBe("planned");
    expect(legacy.sync?.requests).toEqual([
      {
        ifMatch: expect.any(String) as unknown,
        body: {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [
            { op: "add", path: "members", value: [{ value: DEMO.alan }, { value: DEMO.barbara }] },
            { op: "remove", path: `members[value eq "${DEMO.edsger}"]` },
          ],
        },
      },
    ]);
    expect(report.sync).toMatchObject({ predictedPatches: 2, sentPatches: 0 });
  });

  test("sync --apply converges, sends what the chunk size predicts, and a second diff finds no drift", async () => {
    await api().admin("DELETE", "/requests");
    const { code, report } = await run(scimSyncCommand, { ...flags(), apply: true, chunkSize: "2" });
    expect(code).toBe(0);
    // GC-Sales-Agents: 1 add + 2 removals; Legacy Sales Team: 2 adds + 1 removal; 2 per request.
    expect(report.sync).toMatchObject({ predictedPatches: 4, sentPatches: 4 });
    const log = await api().admin<{ byRoute: Record<string, number> }>("GET", "/requests");
    expect(log.body.byRoute["PATCH /api/v2/scim/v2/groups/:groupId"]).toBe(4);
    expect(report.groups.map((g) => g.sync?.outcome)).toEqual(["converged", "converged"]);

    const state = (await api().admin<{ groups: { id: string; memberIds: string[] }[] }>("GET", "/state")).body;
    const members = (id: string) => [...state.groups.find((g) => g.id === id)!.memberIds].sort();
    expect(members(DEMO.salesAgents)).toEqual([DEMO.ada, DEMO.grace, DEMO.donald].sort());
    expect(members(DEMO.legacyTeam)).toEqual([DEMO.alan, DEMO.barbara].sort());

    const again = await run(scimDiffCommand, flags());
    expect(again.code).toBe(0);
    expect(again.report.summary).toMatchObject({ drifted: 0, add: 0, remove: 0, orphans: 0 });
  });
});

describe("gcguard scim sync with removals held back", () => {
  const api = useEmulator({ seed: driftSeed() });
  const flags = (): ScimFlags => ({ export: exportFile(DRIFT), baseUrl: api().emulator.url, apply: true });

  test("--no-remove only adds; the diff still shows the removals and the orphan", async () => {
    const { code, report } = await run(scimSyncCommand, { ...flags(), remove: false });
    expect(code).toBe(0);
    expect(report.sync?.sentPatches).toBe(2);
    const state = (await api().admin<{ groups: { id: string; memberIds: string[] }[] }>("GET", "/state")).body;
    expect(state.groups.find((g) => g.id === DEMO.salesAgents)!.memberIds).toContain(DEMO.margaret);
    const again = await run(scimDiffCommand, { export: flags().export, baseUrl: api().emulator.url });
    expect(again.code).toBe(1);
    expect(again.report.summary).toMatchObject({ add: 0, remove: 2, orphans: 1 });
  });

  test("--keep-orphans removes what the IdP removed but keeps Margaret", async () => {
    const { code } = await run(scimSyncCommand, { ...flags(), keepOrphans: true });
    expect(code).toBe(0);
    const state = (await api().admin<{ groups: { id: string; memberIds: string[] }[] }>("GET", "/state")).body;
    const sales = state.groups.find((g) => g.id === DEMO.salesAgents)!.memberIds;
    expect(sales).toContain(DEMO.margaret);
    expect(sales).not.toContain(DEMO.alan);
  });
});

describe.each([409, 412, 400] as const)(
  "another writer between read and PATCH (version mismatch answered %i)",
  (status) => {
    const api = useEmulator({ seed: driftSeed(), settings: { scimVersionMismatchStatus: status } });

    test("the sync re-reads, recomputes, never re-sends the stale diff, and keeps the other writer's change", async () => {
      // Right before our first PATCH of Legacy Sales Team, another writer adds Alan (whom we also want) and links
      // the group to its own external id.
      await api().admin("PUT", "/faults", [
        {
          kind: "write",
          match: `PATCH /api/v2/scim/v2/groups/${DEMO.legacyTeam}`,
          times: 1,
          write: { group: DEMO.legacyTeam, addMembers: [DEMO.alan], externalId: "okta-legacy-sales" },
        },
      ]);
      const { code, report } = await run(scimSyncCommand, {
        export: exportFile(DRIFT),
        baseUrl: api().emulator.url,
        apply: true,
        group: ["Legacy Sales Team"],
      });
      expect(code).toBe(0);
      const legacy = byName(report, "Legacy Sales Team");
      expect(legacy.sync?.outcome).toBe("converged");
      expect(legacy.sync?.conflicts).toBe(1);
      const [stale, fresh, ...rest] = legacy.sync!.requests;
      expect(rest).toEqual([]);
      expect(stale!.body.Operations).toEqual([
        { op: "add", path: "members", value: [{ value: DEMO.alan }, { value: DEMO.barbara }] },
        { op: "remove", path: `members[value eq "${DEMO.edsger}"]` },
      ]);
      // Recomputed against the fresh group: Alan is there already.
      expect(fresh!.body.Operations).toEqual([
        { op: "add", path: "members", value: [{ value: DEMO.barbara }] },
        { op: "remove", path: `members[value eq "${DEMO.edsger}"]` },
      ]);
      expect(fresh!.ifMatch).not.toBe(stale!.ifMatch);

      const scim = await api().call<{ externalId?: string; members: { value: string }[] }>(
        "GET",
        `/api/v2/scim/v2/groups/${DEMO.legacyTeam}`,
      );
      expect(scim.body.externalId).toBe("okta-legacy-sales");
      expect(scim.body.members.map((m) => m.value).sort()).toEqual([DEMO.alan, DEMO.barbara].sort());
    });
  },
);

describe("a group that keeps changing under the sync", () => {
  const api = useEmulator({ seed: driftSeed() });

  test("is given up after --max-conflicts re-reads, and the sync exits 1", async () => {
    await api().admin("PUT", "/faults", [
      // Every PATCH of the group meets a version mismatch, as if another writer won each race.
      { kind: "status", status: 409, match: `PATCH /api/v2/scim/v2/groups/${DEMO.legacyTeam}` },
    ]);
    const { code, report } = await run(scimSyncCommand, {
      export: exportFile(DRIFT),
      baseUrl: api().emulator.url,
      apply: true,
      group: ["Legacy Sales Team"],
      maxConflicts: "2",
    });
    expect(code).toBe(1);
    const legacy = byName(report, "Legacy Sales Team");
    expect(legacy.sync).toMatchObject({ outcome: "conflicts", conflicts: 3 });
  });
});

describe("what a sync cannot fix", () => {
  const api = useEmulator();

  test("missing, case-variant and ambiguous groups and unknown users are reported, and exit 1", async () => {
    const file = exportFile({
      groups: [
        { displayName: "GC-Quality", members: ["ada@acme.example"] },
        { displayName: "gc-sales-agents", members: ["ada@acme.example"] },
        { displayName: "GC-Support-Tier2", members: ["donald@acme.example"] },
        {
          displayName: "Legacy Sales Team",
          members: ["edsger@acme.example", "nobody@acme.example", { externalId: "nope" }],
        },
      ],
    });
    const before = (await api().admin("GET", "/state")).text;
    const { code, report } = await run(scimSyncCommand, { export: file, baseUrl: api().emulator.url, apply: true });
    expect(code).toBe(1);
    expect(byName(report, "GC-Quality")).toMatchObject({ status: "missing", near: [] });
    expect(byName(report, "gc-sales-agents")).toMatchObject({
      status: "missing",
      near: [{ displayName: "GC-Sales-Agents" }],
    });
    expect(byName(report, "GC-Support-Tier2").status).toBe("ambiguous");
    expect(
      byName(report, "GC-Support-Tier2")
        .candidates?.map((c) => c.id)
        .sort(),
    ).toEqual([DEMO.tier2a, DEMO.tier2b]);
    expect(byName(report, "Legacy Sales Team").unknown?.map((u) => u.ref)).toEqual([
      "nobody@acme.example",
      "externalId:nope",
    ]);
    // Nothing to change for the groups it could resolve, and nothing guessed for the others.
    expect((await api().admin("GET", "/state")).text).toBe(before);
  });

  test("the text report tells how to fix a missing group", async () => {
    let out = "";
    const file = exportFile({ groups: [{ displayName: "GC-Quality", members: [] }] });
    await scimDiffCommand(
      { export: file, baseUrl: api().emulator.url, progress: false },
      { stdout: (t) => (out += t), stderr: () => {}, env: { ...CI_ENV } },
    );
    expect(out).toContain("SCIM cannot create groups");
    expect(out).toContain("ScimGroup");
  });
});
