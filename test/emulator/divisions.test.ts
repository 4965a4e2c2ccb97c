import { describe, expect, test } from "vitest";

import { DEMO, useEmulator } from "./helpers";

interface Listing<T> {
  entities: T[];
  total: number;
  pageCount: number;
  pageNumber: number;
  pageSize: number;
  nextUri?: string;
}
interface Division {
  id: string;
  name: string;
  homeDivision: boolean;
  objectCounts?: Record<string, number>;
}

describe("emulator: divisions", () => {
  const api = useEmulator();

  test("lists divisions sorted by name with object counts on request", async () => {
    const res = await api().call<Listing<Division>>(
      "GET",
      "/api/v2/authorization/divisions?objectCount=true&pageSize=100",
    );
    expect(res.status).toBe(200);
    expect(res.body.entities.map((d) => d.name)).toEqual([
      "Billing",
      "customer support",
      "Home",
      "Legacy Sales",
      "Partner BPO",
    ]);
    const legacy = res.body.entities.find((d) => d.id === DEMO.legacySales);
    expect(legacy?.objectCounts).toEqual({ USER: 2, QUEUE: 1 });
    const plain = await api().call<Listing<Division>>("GET", "/api/v2/authorization/divisions");
    expect(plain.body.entities[0]).not.toHaveProperty("objectCounts");
  });

  test("filters by name (case-insensitive search term) and by repeated or comma-joined ids", async () => {
    const byName = await api().call<Listing<Division>>("GET", "/api/v2/authorization/divisions?name=SALES");
    expect(byName.body.entities.map((d) => d.name)).toEqual(["Legacy Sales"]);
    const repeated = await api().call<Listing<Division>>(
      "GET",
      `/api/v2/authorization/divisions?id=${DEMO.home}&id=${DEMO.billing}`,
    );
    const joined = await api().call<Listing<Division>>(
      "GET",
      `/api/v2/authorization/divisions?id=${DEMO.home},${DEMO.billing}`,
    );
    expect(repeated.body.entities.map((d) => d.id).sort()).toEqual([DEMO.billing, DEMO.home].sort());
    expect(joined.body.entities).toEqual(repeated.body.entities);
  });

  test("walking every page returns every division exactly once", async () => {
    const seen: string[] = [];
    let path: string | undefined = "/api/v2/authorization/divisions?pageSize=2";
    let pages = 0;
    while (path) {
      const res: { body: Listing<Division> } = await api().call<Listing<Division>>("GET", path);
      seen.push(...res.body.entities.map((d) => d.id));
      path = res.body.nextUri;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  test("gets one division with objectCounts, and the home division", async () => {
    const one = await api().call<Division>(
      "GET",
      `/api/v2/authorization/divisions/${DEMO.legacySales}?objectCount=true`,
    );
    expect(one.body).toMatchObject({ name: "Legacy Sales", objectCounts: { USER: 2, QUEUE: 1 } });
    const home = await api().call<Division>("GET", "/api/v2/authorization/divisions/home");
    expect(home.body).toMatchObject({ id: DEMO.home, homeDivision: true });
    const missing = await api().call("GET", "/api/v2/authorization/divisions/d0000000-0000-4000-8000-0000000000ff");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: "not.found", status: 404 });
  });

  test("creates with 200, and a name differing only in case gives the conflict error", async () => {
    const created = await api().call<Division>("POST", "/api/v2/authorization/divisions", {
      body: { name: "Outbound", description: "x" },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: "Outbound", homeDivision: false });
    const dup = await api().call("POST", "/api/v2/authorization/divisions", { body: { name: " CUSTOMER SUPPORT " } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: "general.conflict", status: 409 });
    expect(dup.headers.get("inin-correlation-id")).toBe((dup.body as { contextId: string }).contextId);
  });

  test("renames in place and refuses a rename onto another division's name", async () => {
    const created = await api().call<Division>("POST", "/api/v2/authorization/divisions", { body: { name: "Temp" } });
    const renamed = await api().call<Division>("PUT", `/api/v2/authorization/divisions/${created.body.id}`, {
      body: { name: "Temp 2" },
    });
    expect(renamed.body.name).toBe("Temp 2");
    const clash = await api().call("PUT", `/api/v2/authorization/divisions/${created.body.id}`, {
      body: { name: "billing" },
    });
    expect(clash.status).toBe(409);
  });

  test("delete: 204 when empty; the real 400 text when it has objects; home refused", async () => {
    const created = await api().call<Division>("POST", "/api/v2/authorization/divisions", {
      body: { name: "Short Lived" },
    });
    const deleted = await api().call("DELETE", `/api/v2/authorization/divisions/${created.body.id}`);
    expect(deleted.status).toBe(204);
    expect((await api().call("GET", `/api/v2/authorization/divisions/${created.body.id}`)).status).toBe(404);

    const busy = await api().call("DELETE", `/api/v2/authorization/divisions/${DEMO.legacySales}`);
    expect(busy.status).toBe(400);
    expect((busy.body as { message: string }).message).toBe(
      `Scope '${DEMO.legacySales}' may not be deleted because it has objects in it.`,
    );
    const home = await api().call("DELETE", `/api/v2/authorization/divisions/${DEMO.home}`);
    expect(home.status).toBe(400);
  });

  test("moving users and queues out empties a division, which can then be deleted", async () => {
    const target = await api().call<Division>("POST", "/api/v2/authorization/divisions", {
      body: { name: "Sales Archive" },
    });
    const source = await api().call<Division>("POST", "/api/v2/authorization/divisions", { body: { name: "Doomed" } });
    const users = await api().call("POST", `/api/v2/authorization/divisions/${source.body.id}/objects/USER`, {
      body: [DEMO.ken],
    });
    expect(users.status).toBe(204);
    expect((await api().call("DELETE", `/api/v2/authorization/divisions/${source.body.id}`)).status).toBe(400);
    const back = await api().call("POST", `/api/v2/authorization/divisions/${target.body.id}/objects/user`, {
      body: [DEMO.ken],
    });
    expect(back.status).toBe(204);
    expect((await api().call("DELETE", `/api/v2/authorization/divisions/${source.body.id}`)).status).toBe(204);
    const bad = await api().call("POST", `/api/v2/authorization/divisions/${target.body.id}/objects/QUEUE`, {
      body: ["nope"],
    });
    expect(bad.status).toBe(404);
  });

  test("force deletes a non-empty division", async () => {
    const d = await api().call<Division>("POST", "/api/v2/authorization/divisions", { body: { name: "Forced" } });
    await api().call("POST", `/api/v2/authorization/divisions/${d.body.id}/objects/QUEUE`, {
      body: [DEMO.partnerOverflow],
    });
    expect((await api().call("DELETE", `/api/v2/authorization/divisions/${d.body.id}?force=true`)).status).toBe(204);
  });

  test("permitted divisions: all for a full client, a subset for the BPO client, none without the permission", async () => {
    type Permitted = Listing<Division> & { allDivsPermitted: boolean };
    const path = "/api/v2/authorization/divisionspermitted/paged/me?permission=routing:queue:view&pageSize=100";
    const bpo = await api().call<Permitted>("GET", path, { as: "gcguard-bpo" });
    expect(bpo.body.entities.map((d) => d.id)).not.toContain(DEMO.partnerBpo);
    expect(bpo.body.allDivsPermitted).toBe(false);
    const ci = await api().call<Permitted>("GET", path);
    expect(ci.body.allDivsPermitted).toBe(true);
    const readonly = await api().call<Permitted>("GET", path.replace("routing:queue:view", "routing:queue:edit"), {
      as: "gcguard-readonly",
    });
    expect(readonly.body.entities).toEqual([]);
    expect((await api().call("GET", "/api/v2/authorization/divisionspermitted/paged/me")).status).toBe(400);
  });

  test("fails with 403 missing.permissions naming what the client lacks", async () => {
    const res = await api().call("POST", "/api/v2/authorization/divisions", {
      as: "gcguard-readonly",
      body: { name: "Nope" },
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      code: "missing.permissions",
      message:
        "Unable to perform the requested action. You are missing the following permission(s): authorization:division:add, authorization:grant:add",
    });
  });
});
