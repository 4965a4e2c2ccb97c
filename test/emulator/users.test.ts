import { describe, expect, test } from "vitest";

import { DEMO, useEmulator } from "./helpers";

interface User {
  id: string;
  name: string;
  email: string;
  state: string;
  version: number;
  division: { id: string };
}
interface Listing {
  entities: User[];
  total: number;
  pageCount: number;
  nextUri?: string;
}
interface SearchPage {
  total: number;
  pageCount: number;
  pageNumber: number;
  pageSize: number;
  nextPage?: string;
  previousPage?: string;
  results: User[];
}

describe("emulator: users", () => {
  const api = useEmulator();

  test("lists active users by default; state=any includes inactive ones", async () => {
    const active = await api().call<Listing>("GET", "/api/v2/users?pageSize=100");
    expect(active.status).toBe(200);
    expect(active.body.entities.map((u) => u.id)).not.toContain(DEMO.ken);
    expect(active.body.total).toBe(9);
    const any = await api().call<Listing>("GET", "/api/v2/users?pageSize=100&state=any");
    expect(any.body.entities.map((u) => u.id)).toContain(DEMO.ken);
  });

  test("bulk-fetches by id, refusing more than 100 ids", async () => {
    const two = await api().call<Listing>("GET", `/api/v2/users?id=${DEMO.ada},${DEMO.alan}`);
    expect(two.body.entities.map((u) => u.name).sort()).toEqual(["Ada Lovelace", "Alan Turing"]);
    const ids = Array.from({ length: 101 }, (_, i) => `id-${i}`).join(",");
    const tooMany = await api().call("GET", `/api/v2/users?id=${ids}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({ code: "max.user.ids" });
  });

  test("a BPO client only sees users of its permitted divisions", async () => {
    const bpo = await api().call<Listing>("GET", "/api/v2/users?pageSize=100", { as: "gcguard-bpo" });
    expect(bpo.body.entities.map((u) => u.id)).not.toContain(DEMO.margaret);
    expect((await api().call("GET", `/api/v2/users/${DEMO.margaret}`, { as: "gcguard-bpo" })).status).toBe(404);
    expect((await api().call("GET", `/api/v2/users/${DEMO.margaret}`)).status).toBe(200);
  });

  test("creates a user (200), refuses a duplicate email with 409 general.conflict", async () => {
    const created = await api().call<User>("POST", "/api/v2/users", {
      body: { name: "Katherine Johnson", email: "katherine@acme.example", divisionId: DEMO.billing },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      name: "Katherine Johnson",
      state: "active",
      division: { id: DEMO.billing },
      version: 1,
    });
    const dup = await api().call("POST", "/api/v2/users", { body: { name: "Other", email: "KATHERINE@acme.example" } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: "general.conflict", status: 409 });
    const missing = await api().call("POST", "/api/v2/users", { body: { name: "No Email" } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: "required.field.missing", details: [{ fieldName: "email" }] });
  });

  test("patches with the current version; a stale version is a 409", async () => {
    const u = await api().call<User>("POST", "/api/v2/users", {
      body: { name: "Temp User", email: "temp@acme.example" },
    });
    const ok = await api().call<User>("PATCH", `/api/v2/users/${u.body.id}`, { body: { version: 1, title: "Agent" } });
    expect(ok.body.version).toBe(2);
    const stale = await api().call("PATCH", `/api/v2/users/${u.body.id}`, { body: { version: 1, title: "Lead" } });
    expect(stale.status).toBe(409);
  });

  test("delete is soft: state deleted, moved to home, out of groups and queues; the email can be reused", async () => {
    const u = await api().call<User>("POST", "/api/v2/users", {
      body: { name: "Leaving", email: "leaving@acme.example", divisionId: DEMO.billing },
    });
    await api().call("POST", `/api/v2/routing/queues/${DEMO.salesCallback}/members`, { body: [{ id: u.body.id }] });
    expect((await api().call("DELETE", `/api/v2/users/${u.body.id}`)).status).toBe(200);
    const after = await api().call<User>("GET", `/api/v2/users/${u.body.id}`);
    expect(after.body).toMatchObject({ state: "deleted", division: { id: DEMO.home } });
    expect(api().emulator.state.queues.get(DEMO.salesCallback)?.members.has(u.body.id)).toBe(false);
    const again = await api().call("POST", "/api/v2/users", { body: { name: "Back", email: "leaving@acme.example" } });
    expect(again.status).toBe(200);
  });

  test("searches by many divisions at once with EXACT and walks q64 pages", async () => {
    expect((await api().admin("POST", "/reset")).status).toBe(204); // back to the seed
    const first = await api().call<SearchPage>("POST", "/api/v2/users/search", {
      body: {
        pageSize: 2,
        query: [
          { type: "EXACT", fields: ["divisionId"], values: [DEMO.home, DEMO.legacySales] },
          { type: "EXACT", fields: ["state"], values: ["active"] },
        ],
      },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 5, pageCount: 3, pageNumber: 1, pageSize: 2 });
    const seen = first.body.results.map((u) => u.id);
    let next = first.body.nextPage;
    while (next) {
      const page: { body: SearchPage } = await api().call<SearchPage>("GET", next);
      seen.push(...page.body.results.map((u) => u.id));
      next = page.body.nextPage;
    }
    expect(seen.sort()).toEqual([DEMO.ada, DEMO.alan, DEMO.grace, DEMO.edsger, DEMO.barbara].sort());
  });

  test("searches by CONTAINS on name and by email, and enforces the per-criterion value limit", async () => {
    const contains = await api().call<SearchPage>("POST", "/api/v2/users/search", {
      body: { query: [{ type: "CONTAINS", fields: ["name"], value: "hop" }] },
    });
    expect(contains.body.results.map((u) => u.name)).toEqual(["Grace Hopper"]);
    const byEmail = await api().call<SearchPage>("POST", "/api/v2/users/search", {
      body: { query: [{ type: "EXACT", fields: ["email"], values: ["ADA@acme.example"] }] },
    });
    expect(byEmail.body.results.map((u) => u.id)).toEqual([DEMO.ada]);
    const tooMany = await api().call("POST", "/api/v2/users/search", {
      body: { query: [{ type: "EXACT", fields: ["id"], values: Array.from({ length: 51 }, (_, i) => `v${i}`) }] },
    });
    expect(tooMany.status).toBe(400);
    expect((tooMany.body as { message: string }).message).toContain("the maximum is 50");
    const badType = await api().call("POST", "/api/v2/users/search", {
      body: { query: [{ type: "REGEX", fields: ["name"], value: "x" }] },
    });
    expect(badType.status).toBe(400);
  });

  test("a repeated search sees users created or moved since the last one (no stale pages)", async () => {
    const search = () =>
      api().call<SearchPage>("POST", "/api/v2/users/search", {
        body: { pageSize: 1, query: [{ type: "EXACT", fields: ["divisionId"], values: [DEMO.billing] }] },
      });
    const before = await search();
    const created = await api().call<User>("POST", "/api/v2/users", {
      body: { name: "New Biller", email: "new.biller@acme.example", divisionId: DEMO.billing },
    });
    const after = await search();
    expect(after.body.total).toBe(before.body.total + 1);
    await api().call("POST", `/api/v2/authorization/divisions/${DEMO.home}/objects/USER`, { body: [created.body.id] });
    expect((await search()).body.total).toBe(before.body.total);
  });
});
