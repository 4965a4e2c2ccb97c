import { describe, expect, test } from "vitest";

import { DEMO_SEED_FILE, startEmulator } from "../../lib/emulator";
import { loadSeedFile } from "../../lib/emulator/seed";
import { apiFor, DEMO, useEmulator } from "./helpers";

interface Queue {
  id: string;
  name: string;
  division: { id: string; name: string };
  memberGroups: { id: string; type: string; name?: string }[];
  memberCount: number;
  userMemberCount: number;
}
interface Listing {
  entities: Queue[];
  total: number;
}
interface Member {
  id: string;
  memberBy: string;
  ringNumber: number;
}

describe("emulator: routing queues", () => {
  const api = useEmulator();

  test("lists queues sorted by name, filtered by exact name, wildcards, divisionId and id", async () => {
    const all = await api().call<Listing>("GET", "/api/v2/routing/queues?pageSize=500");
    expect(all.body.entities.map((q) => q.name)).toEqual([
      "Legacy Sales Inbound",
      "Partner Overflow",
      "Sales Callback",
    ]);
    const exact = await api().call<Listing>("GET", "/api/v2/routing/queues?name=sales%20callback");
    expect(exact.body.entities.map((q) => q.id)).toEqual([DEMO.salesCallback]);
    const prefix = await api().call<Listing>("GET", "/api/v2/routing/queues?name=Sales*");
    expect(prefix.body.entities.map((q) => q.id)).toEqual([DEMO.salesCallback]);
    const contains = await api().call<Listing>("GET", "/api/v2/routing/queues?name=*sales*");
    expect(contains.body.total).toBe(2);
    const byDivision = await api().call<Listing>(
      "GET",
      `/api/v2/routing/queues?divisionId=${DEMO.legacySales}&divisionId=${DEMO.partnerBpo}`,
    );
    expect(byDivision.body.total).toBe(2);
    const byIds = await api().call<Listing>(
      "GET",
      `/api/v2/routing/queues?id=${DEMO.salesCallback},${DEMO.legacyInbound}`,
    );
    expect(byIds.body.total).toBe(2);
  });

  test("hides queues of divisions a BPO client may not see", async () => {
    const bpo = await api().call<Listing>("GET", "/api/v2/routing/queues", { as: "gcguard-bpo" });
    expect(bpo.body.entities.map((q) => q.id)).not.toContain(DEMO.partnerOverflow);
  });

  test("creates with exactly 200, in the home division by default, with member groups", async () => {
    const res = await api().call<Queue>("POST", "/api/v2/routing/queues", {
      body: {
        name: "Support General",
        memberGroups: [{ id: DEMO.tier2a, type: "GROUP" }],
        acwSettings: { wrapupPrompt: "OPTIONAL" },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: "Support General",
      division: { id: DEMO.home, name: "Home" },
      memberGroups: [{ id: DEMO.tier2a, type: "GROUP", name: "GC-Support-Tier2" }],
      memberCount: 1,
      userMemberCount: 0,
      acwSettings: { wrapupPrompt: "OPTIONAL" },
    });
  });

  test("a duplicate name on create is a conflict; on rename it is 400 duplicate.name", async () => {
    const dup = await api().call("POST", "/api/v2/routing/queues", { body: { name: "SALES CALLBACK" } });
    expect(dup.status).toBe(409);
    const q = await api().call<Queue>("POST", "/api/v2/routing/queues", { body: { name: "Rename Me" } });
    const clash = await api().call("PUT", `/api/v2/routing/queues/${q.body.id}`, {
      body: { name: "Partner Overflow" },
    });
    expect(clash.status).toBe(400);
    expect(clash.body).toMatchObject({ code: "duplicate.name", message: "A queue with that name already exists." });
  });

  test("PUT replaces memberGroups wholesale", async () => {
    const q = await api().call<Queue>("POST", "/api/v2/routing/queues", {
      body: {
        name: "Replace Groups",
        memberGroups: [
          { id: DEMO.tier2a, type: "GROUP" },
          { id: DEMO.salesAgents, type: "GROUP" },
        ],
      },
    });
    const put = await api().call<Queue>("PUT", `/api/v2/routing/queues/${q.body.id}`, {
      body: { name: "Replace Groups", memberGroups: [{ id: DEMO.tier2b, type: "GROUP" }] },
    });
    expect(put.body.memberGroups.map((g) => g.id)).toEqual([DEMO.tier2b]);
    const badGroup = await api().call("PUT", `/api/v2/routing/queues/${q.body.id}`, {
      body: { name: "Replace Groups", memberGroups: [{ id: "nope", type: "GROUP" }] },
    });
    expect(badGroup.status).toBe(400);
  });

  test("members: direct and via groups, memberBy filter, add and remove in batches", async () => {
    const members = await api().call<{ entities: Member[]; total?: number }>(
      "GET",
      `/api/v2/routing/queues/${DEMO.legacyInbound}/members`,
    );
    expect(members.body.entities.map((m) => [m.id, m.memberBy])).toEqual([
      [DEMO.barbara, "user"],
      [DEMO.edsger, "group"],
    ]);
    expect(members.body).not.toHaveProperty("total");
    const direct = await api().call<{ entities: Member[] }>(
      "GET",
      `/api/v2/routing/queues/${DEMO.salesCallback}/members?memberBy=user`,
    );
    expect(direct.body.entities.map((m) => m.ringNumber)).toEqual([1, 2]);

    const q = await api().call<Queue>("POST", "/api/v2/routing/queues", { body: { name: "Member Ops" } });
    const add = await api().call("POST", `/api/v2/routing/queues/${q.body.id}/members`, {
      body: [{ id: DEMO.ada }, { id: DEMO.john }],
    });
    expect(add.status).toBe(204);
    const ring = await api().call("PATCH", `/api/v2/routing/queues/${q.body.id}/members/${DEMO.ada}`, {
      body: { ringNumber: 3 },
    });
    expect(ring.status).toBe(202);
    const del = await api().call("POST", `/api/v2/routing/queues/${q.body.id}/members?delete=true`, {
      body: [{ id: DEMO.john }],
    });
    expect(del.status).toBe(204);
    const after = await api().call<{ entities: Member[] }>("GET", `/api/v2/routing/queues/${q.body.id}/members`);
    expect(after.body.entities.map((m) => [m.id, m.ringNumber])).toEqual([[DEMO.ada, 3]]);
    const tooMany = await api().call("POST", `/api/v2/routing/queues/${q.body.id}/members`, {
      body: Array.from({ length: 101 }, () => ({ id: DEMO.ada })),
    });
    expect(tooMany.status).toBe(400);
  });

  test("DELETE of one member answers 204 with no body; the member is gone, the others stay", async () => {
    const path = `/api/v2/routing/queues/${DEMO.salesCallback}/members`;
    const before = await api().call<{ entities: Member[] }>("GET", `${path}?memberBy=user`);
    expect(before.body.entities.length).toBe(2);
    const [gone, kept] = before.body.entities as [Member, Member];
    const del = await api().call("DELETE", `${path}/${gone.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    const after = await api().call<{ entities: Member[] }>("GET", `${path}?memberBy=user`);
    expect(after.body.entities.map((m) => m.id)).toEqual([kept.id]);
    expect(api().emulator.state.queues.get(DEMO.salesCallback)?.members.has(gone.id)).toBe(false);
  });

  test("fails with 404 for a user who is no direct member, and for an unknown queue", async () => {
    const notMember = await api().call("DELETE", `/api/v2/routing/queues/${DEMO.legacyInbound}/members/${DEMO.ada}`);
    expect(notMember.status).toBe(404);
    expect(notMember.body).toMatchObject({ code: "not.found", entityId: DEMO.ada });
    // Edsger is a member through a group: only the group's membership can remove him.
    const viaGroup = await api().call("DELETE", `/api/v2/routing/queues/${DEMO.legacyInbound}/members/${DEMO.edsger}`);
    expect(viaGroup.status).toBe(404);
    const noQueue = await api().call("DELETE", `/api/v2/routing/queues/nope/members/${DEMO.barbara}`);
    expect(noQueue.status).toBe(404);
  });

  test("fails with 403 missing.any.permissions for a client with neither permission", async () => {
    const path = `/api/v2/routing/queues/${DEMO.legacyInbound}/members/${DEMO.barbara}`;
    const denied = await api().call("DELETE", path, { as: "gcguard-readonly" });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({
      code: "missing.any.permissions",
      messageParams: { permissions: "routing:queue:edit, routing:queueMember:manage" },
    });
    expect(api().emulator.state.queues.get(DEMO.legacyInbound)?.members.has(DEMO.barbara)).toBe(true);
  });

  test("delete answers 200 with an empty body; the queue is gone", async () => {
    const q = await api().call<Queue>("POST", "/api/v2/routing/queues", { body: { name: "Delete Me" } });
    const del = await api().call("DELETE", `/api/v2/routing/queues/${q.body.id}?forceDelete=true`);
    expect(del.status).toBe(200);
    expect(del.text).toBe("");
    expect((await api().call("GET", `/api/v2/routing/queues/${q.body.id}`)).status).toBe(404);
  });
});

describe("emulator: queue member removal with routing:queueMember:manage only", () => {
  test("is allowed: one of the two permissions is enough", async () => {
    const seed = loadSeedFile(DEMO_SEED_FILE);
    const manager = {
      id: "member-manager",
      secret: "manager-secret",
      name: "member manager",
      permissions: ["routing:queue:view", "routing:queueMember:manage"],
      divisions: "*" as const,
    };
    const emulator = await startEmulator({ seed: { ...seed, clients: [...seed.clients, manager] } });
    try {
      const api = apiFor(emulator, { [manager.id]: manager.secret });
      const path = `/api/v2/routing/queues/${DEMO.legacyInbound}/members/${DEMO.barbara}`;
      expect((await api.call("DELETE", path, { as: manager.id })).status).toBe(204);
      // The same client still cannot edit the queue itself.
      const put = await api.call("PUT", `/api/v2/routing/queues/${DEMO.legacyInbound}`, {
        as: manager.id,
        body: { name: "Renamed" },
      });
      expect(put.status).toBe(403);
    } finally {
      await emulator.close();
    }
  });
});
