/** Walking every page of every listing returns each object exactly once, whatever the page size. */
import { describe, expect, test } from "vitest";

import { generateSeed } from "../../lib/emulator/generate";
import { useEmulator } from "./helpers";

const seed = generateSeed({ divisions: 60, users: 1_200, queues: 150, groups: 120, seed: "paging" });
const ids = (items: readonly { id: string }[]) => items.map((i) => i.id).sort();

describe("emulator: pagination", () => {
  const api = useEmulator({ seed, settings: { rateLimit: { requestsPerWindow: 100_000, windowMs: 60_000 } } });

  /** Follows nextUri (page-number listings) or nextPage (search) until the last page. */
  async function walk(first: {
    method: string;
    path: string;
    body?: unknown;
  }): Promise<{ ids: string[]; pages: number }> {
    const seen: string[] = [];
    let pages = 0;
    let res = await api().call<Record<string, unknown>>(first.method, first.path, { body: first.body });
    for (;;) {
      expect(res.status).toBe(200);
      pages++;
      const items = (res.body.entities ?? res.body.results) as { id: string }[];
      seen.push(...items.map((i) => i.id));
      const next = (res.body.nextUri ?? res.body.nextPage) as string | undefined;
      if (!next) break;
      res = await api().call<Record<string, unknown>>("GET", next);
    }
    return { ids: seen, pages };
  }

  test.each([
    ["divisions", "/api/v2/authorization/divisions?pageSize=7", () => ids(seed.divisions)],
    ["users", "/api/v2/users?pageSize=97&state=any", () => ids(seed.users)],
    ["groups", "/api/v2/groups?pageSize=11", () => ids(seed.groups)],
    ["queues", "/api/v2/routing/queues?pageSize=13", () => ids(seed.queues)],
  ])("GET %s: every object once", async (_name, path, expected) => {
    const { ids: seen, pages } = await walk({ method: "GET", path });
    expect(pages).toBeGreaterThan(3);
    expect(seen.length).toBe(new Set(seen).size);
    expect(seen.sort()).toEqual(expected());
  });

  test("user search: every match once across q64 pages", async () => {
    const divisions = seed.divisions.slice(0, 30).map((d) => d.id);
    const expected = seed.users.filter((u) => divisions.includes(u.divisionId) && u.state !== "deleted");
    const { ids: seen, pages } = await walk({
      method: "POST",
      path: "/api/v2/users/search",
      body: { pageSize: 25, query: [{ type: "EXACT", fields: ["divisionId"], values: divisions }] },
    });
    expect(pages).toBe(Math.ceil(expected.length / 25));
    expect(seen.sort()).toEqual(ids(expected));
  });

  test("group search sorted by name: every group once", async () => {
    const { ids: seen } = await walk({
      method: "POST",
      path: "/api/v2/groups/search",
      body: { pageSize: 9, sortBy: "name", query: [{ type: "CONTAINS", fields: ["name"], value: "a" }] },
    });
    const expected = seed.groups.filter((g) => g.name.toLowerCase().includes("a"));
    expect(seen.length).toBe(new Set(seen).size);
    expect(seen.sort()).toEqual(ids(expected));
  });

  test("queue members: direct and group members once each, across pages of 5", async () => {
    const queue = [...api().emulator.state.queues.values()].find(
      (q) => api().emulator.state.queueMemberIds(q).viaGroups.length > 12,
    );
    if (!queue) throw new Error("the generated org has no queue with enough members");
    const { direct, viaGroups } = api().emulator.state.queueMemberIds(queue);
    const { ids: seen } = await walk({ method: "GET", path: `/api/v2/routing/queues/${queue.id}/members?pageSize=5` });
    expect(seen.sort()).toEqual([...direct, ...viaGroups].sort());
  });

  test("SCIM users: startIndex/count pages cover every active user once", async () => {
    const seen: string[] = [];
    let startIndex = 1;
    let total = Infinity;
    while (startIndex <= total) {
      const res = await api().call<{ totalResults: number; itemsPerPage: number; Resources: { id: string }[] }>(
        "GET",
        `/api/v2/scim/v2/Users?startIndex=${startIndex}&count=100`,
      );
      total = res.body.totalResults;
      seen.push(...res.body.Resources.map((r) => r.id));
      startIndex += res.body.itemsPerPage;
      if (res.body.itemsPerPage === 0) break;
    }
    expect(seen.sort()).toEqual(ids(seed.users.filter((u) => u.state === "active")));
  });
});
