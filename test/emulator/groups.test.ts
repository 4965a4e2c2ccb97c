import { describe, expect, test } from "vitest";

import { DEMO, useEmulator } from "./helpers";

interface Group {
  id: string;
  name: string;
  version: number;
  memberCount: number;
}

describe("emulator: groups", () => {
  const api = useEmulator();

  test("lists groups and gets one; an unknown id is the real group 404", async () => {
    const list = await api().call<{ entities: Group[]; total: number }>("GET", "/api/v2/groups?pageSize=500");
    expect(list.body.total).toBe(4);
    const one = await api().call<Group>("GET", `/api/v2/groups/${DEMO.salesAgents}`);
    expect(one.body).toMatchObject({ name: "GC-Sales-Agents", memberCount: 3, version: 1 });
    const missing = await api().call("GET", "/api/v2/groups/c0000000-0000-4000-8000-0000000000ff");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      code: "general.resource.not.found",
      message: "Unable to find a group with that groupId",
    });
  });

  test("search EXACT on name finds both groups of a duplicated name; q64 GET gives the same page", async () => {
    const res = await api().call<{ total: number; results: Group[]; currentPage: string }>(
      "POST",
      "/api/v2/groups/search",
      {
        body: { query: [{ type: "EXACT", fields: ["name"], value: "GC-Support-Tier2" }] },
      },
    );
    expect(res.body.total).toBe(2);
    expect(res.body.results.map((g) => g.id).sort()).toEqual([DEMO.tier2a, DEMO.tier2b]);
    const again = await api().call<{ results: Group[] }>("GET", res.body.currentPage);
    expect(again.body.results).toEqual(res.body.results);
    const many = await api().call<{ total: number }>("POST", "/api/v2/groups/search", {
      body: { query: [{ type: "EXACT", fields: ["name"], values: ["gc-sales-agents", "Legacy Sales Team", "Nope"] }] },
    });
    expect(many.body.total).toBe(2);
  });

  test("creates (200) and refuses a duplicate name with the conflict error", async () => {
    const created = await api().call<Group>("POST", "/api/v2/groups", {
      body: { name: "GC-Billing-Agents", type: "official", visibility: "public", rulesVisible: true },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "GC-Billing-Agents", version: 1, memberCount: 0 });
    const dup = await api().call("POST", "/api/v2/groups", { body: { name: "gc-billing-agents", type: "official" } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: "general.conflict" });
  });

  test("PUT needs the current version; a stale version gives 409", async () => {
    const g = await api().call<Group>("POST", "/api/v2/groups", { body: { name: "Versioned" } });
    const ok = await api().call<Group>("PUT", `/api/v2/groups/${g.body.id}`, {
      body: { version: 1, name: "Versioned", description: "d" },
    });
    expect(ok.body.version).toBe(2);
    const stale = await api().call("PUT", `/api/v2/groups/${g.body.id}`, { body: { version: 1, name: "Versioned" } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ message: "Resource conflict - Unexpected version was provided" });
    expect((await api().call("PUT", `/api/v2/groups/${g.body.id}`, { body: { name: "x" } })).status).toBe(400);
  });

  test("adds and removes members with 202, checking the version on add; individuals lists direct members", async () => {
    const g = await api().call<Group>("POST", "/api/v2/groups", { body: { name: "Members Test" } });
    const add = await api().call("POST", `/api/v2/groups/${g.body.id}/members`, {
      body: { memberIds: [DEMO.ada, DEMO.john], version: 1 },
    });
    expect(add.status).toBe(202);
    const stale = await api().call("POST", `/api/v2/groups/${g.body.id}/members`, {
      body: { memberIds: [DEMO.alan], version: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: "general.conflict" });
    const individuals = await api().call<{ entities: { id: string }[] }>(
      "GET",
      `/api/v2/groups/${g.body.id}/individuals`,
    );
    expect(individuals.body.entities.map((u) => u.id)).toEqual([DEMO.ada, DEMO.john]);
    const remove = await api().call("DELETE", `/api/v2/groups/${g.body.id}/members?ids=${DEMO.ada}`);
    expect(remove.status).toBe(202);
    const after = await api().call<Group>("GET", `/api/v2/groups/${g.body.id}`);
    expect(after.body).toMatchObject({ memberCount: 1, version: 3 });
    const tooMany = await api().call("POST", `/api/v2/groups/${g.body.id}/members`, {
      body: { memberIds: Array.from({ length: 51 }, () => DEMO.ada), version: 3 },
    });
    expect(tooMany.status).toBe(400);
  });

  test("delete removes the group and unlinks it from queues", async () => {
    const g = await api().call<Group>("POST", "/api/v2/groups", { body: { name: "Short Lived Group" } });
    const q = await api().call<{ id: string }>("POST", "/api/v2/routing/queues", {
      body: { name: "Linked Queue", memberGroups: [{ id: g.body.id, type: "GROUP" }] },
    });
    expect((await api().call("DELETE", `/api/v2/groups/${g.body.id}`)).status).toBe(204);
    expect((await api().call("GET", `/api/v2/groups/${g.body.id}`)).status).toBe(404);
    const queue = await api().call<{ memberGroups: unknown[] }>("GET", `/api/v2/routing/queues/${q.body.id}`);
    expect(queue.body.memberGroups).toEqual([]);
  });
});
