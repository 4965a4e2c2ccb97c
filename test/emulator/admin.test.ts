/**
 * The admin API's own contract (lib/emulator/README.md "Admin API"): the index the start-up banner advertises, a
 * settings PATCH checked whole before anything is applied, and a reset that undoes settings changes.
 */
import { describe, expect, test } from "vitest";

import { ADMIN_PREFIX } from "../../lib/emulator";
import type { EmulatorSettings } from "../../lib/emulator";
import { resolveSettings } from "../../lib/emulator/settings";
import { request, useEmulator } from "./helpers";

interface Index {
  routes: { method: string; path: string; does: string }[];
}

const START = { rateLimit: { requestsPerWindow: 50 }, maxPageSize: { users: 40 } } as const;

describe("emulator admin: index", () => {
  const api = useEmulator();

  test("GET /__emulator/ (the banner's address) lists every admin route, and each listed GET answers", async () => {
    const index = await request<Index>(`${api().emulator.url}${ADMIN_PREFIX}/`, { method: "GET" });
    expect(index.status).toBe(200);
    const routes = index.body.routes.map((r) => `${r.method} ${r.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        "GET /__emulator/",
        "GET /__emulator/state",
        "GET /__emulator/requests",
        "DELETE /__emulator/requests",
        "GET /__emulator/faults",
        "PUT /__emulator/faults",
        "DELETE /__emulator/faults",
        "POST /__emulator/groups/:groupId/write",
        "GET /__emulator/settings",
        "PATCH /__emulator/settings",
        "POST /__emulator/tokens/revoke",
        "POST /__emulator/reset",
      ]),
    );
    for (const r of index.body.routes) expect(r.does, r.path).not.toBe("");
    for (const r of index.body.routes.filter((x) => x.method === "GET")) {
      expect((await request(`${api().emulator.url}${r.path}`, { method: "GET" })).status, r.path).toBe(200);
    }
    // Without the trailing slash too.
    expect((await api().admin("GET", "")).status).toBe(200);
  });
});

describe("emulator admin: settings", () => {
  const api = useEmulator({ settings: START });
  const started = resolveSettings(START);
  const settings = async (): Promise<EmulatorSettings> =>
    (await api().admin<EmulatorSettings>("GET", "/settings")).body;

  test("a valid change merges one level deep over the current settings", async () => {
    const res = await api().admin<EmulatorSettings>("PATCH", "/settings", { maxPageSize: { groups: 7 } });
    expect(res.status).toBe(200);
    expect(res.body.maxPageSize).toMatchObject({ users: 40, groups: 7, queues: started.maxPageSize.queues });
    const again = await api().admin<EmulatorSettings>("PATCH", "/settings", { maxPageSize: { queues: 9 } });
    expect(again.body.maxPageSize).toMatchObject({ users: 40, groups: 7, queues: 9 });
  });

  const BAD: readonly [string, unknown, string][] = [
    ["an unknown setting", { pageSize: 3 }, 'settings: unknown key "pageSize" (known: rateLimit,'],
    ["an unknown key inside a setting", { maxPageSize: { user: 3 } }, 'maxPageSize: unknown key "user"'],
    ["a page size of 0", { maxPageSize: { users: 0 } }, "maxPageSize.users: must be a positive integer (got 0)"],
    [
      "a page size as text",
      { maxPageSize: { users: "10" } },
      'maxPageSize.users: must be a positive integer (got "10")',
    ],
    ["a fractional page size", { maxPageSize: { users: 2.5 } }, "maxPageSize.users: must be a positive integer"],
    ["a negative latency", { latencyMs: -1 }, "latencyMs: must be a whole number from 0 to 600000 (got -1)"],
    ["a SCIM status not documented", { scimVersionMismatchStatus: 401 }, "must be 400, 409 or 412 (got 401)"],
    ["an answer without its code", { duplicateUserEmail: { status: 409, message: "m" } }, "duplicateUserEmail.code"],
    ["a rate limit as text", { rateLimit: { requestsPerWindow: "many" } }, "rateLimit.requestsPerWindow: must be"],
    ["a list instead of an object", [1, 2], "the settings must be a JSON object (got an array)"],
    ["JSON null", null, "the settings must be a JSON object (got null)"],
  ];

  test.each(BAD)("fails with 400 on %s, naming it, and applies nothing", async (_, body, message) => {
    const before = await settings();
    // A valid change in the same body is not applied either.
    const patch = body !== null && typeof body === "object" && !Array.isArray(body) ? { latencyMs: 5, ...body } : body;
    const res = await api().admin<{ error: string; problems: string[] }>("PATCH", "/settings", patch);
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("invalid settings: ");
    expect(res.body.problems.join("\n")).toContain(message);
    expect(await settings()).toEqual(before);
  });

  test("a page size refused leaves listings paging as before", async () => {
    // JSON turns NaN into null; taken as a page size it would serve empty pages.
    const refused = await api().admin("PATCH", "/settings", { maxPageSize: { divisions: Number.NaN } });
    expect(refused.status).toBe(400);
    const page = await api().call<{ entities: unknown[]; pageSize: number }>(
      "GET",
      "/api/v2/authorization/divisions?pageSize=2",
    );
    expect(page.body.pageSize).toBe(2);
    expect(page.body.entities.length).toBe(2);
  });

  test("POST /__emulator/reset undoes settings changes: back to the settings the emulator started with", async () => {
    await api().admin("PATCH", "/settings", {
      maxPageSize: { users: 3 },
      rateLimit: { requestsPerWindow: 7 },
      scimVersionMismatchStatus: 412,
      duplicateByKind: { skill: { status: 400, code: "x", message: "y" } },
    });
    expect((await settings()).scimVersionMismatchStatus).toBe(412);
    expect((await api().admin("POST", "/reset")).status).toBe(204);
    const after = await settings();
    expect(after).toEqual(started);
    expect(after.rateLimit.requestsPerWindow).toBe(50);
    expect(after.maxPageSize.users).toBe(40);
  });
});
