import { describe, expect, test } from "vitest";

import type { ClientOptions } from "../../lib/genesys/client";
import { createGenesysClient } from "../../lib/genesys/client";
import { generateSeed } from "../../lib/emulator/generate";
import { DEMO, useEmulator } from "../emulator/helpers";
import { VirtualClock } from "../virtual-clock";

const CI = { clientId: "gcguard-ci", clientSecret: "demo-secret-ci" };
/** Pacing and retry waits pass on this clock, not in real time. */
const clock = new VirtualClock();

describe("GenesysClient operations against the demo org", () => {
  const api = useEmulator();
  const client = (extra: Partial<ClientOptions> = {}) =>
    createGenesysClient({ baseUrl: api().emulator.url, ...CI, env: {}, clock, retry: { baseDelayMs: 5 }, ...extra });

  test("divisions: list with object counts, get, home, find by name case-insensitively, permitted", async () => {
    const genesys = client();
    const all = await genesys.divisions.list({ objectCount: true });
    expect(all.find((d) => d.id === DEMO.legacySales)?.objectCounts).toEqual({ USER: 2, QUEUE: 1 });
    expect((await genesys.divisions.home()).id).toBe(DEMO.home);
    expect((await genesys.divisions.get(DEMO.billing)).name).toBe("Billing");
    expect((await genesys.divisions.findByName(" Customer Support ")).map((d) => d.id)).toEqual([DEMO.customerSupport]);
    expect(await genesys.divisions.findByName("Sales")).toEqual([]); // "Legacy Sales" contains it, but is not it
    const bpo = await client({ clientId: "gcguard-bpo", clientSecret: "demo-secret-bpo" }).divisions.permitted(
      "routing:queue:view",
    );
    expect(bpo.all).toBe(false);
    expect(bpo.divisions.map((d) => d.id)).not.toContain(DEMO.partnerBpo);
  });

  test("divisions: create, move objects, delete", async () => {
    const genesys = client();
    const d = await genesys.divisions.create({ name: "Client Test", description: "x" });
    await genesys.divisions.moveObjects(d.id, "QUEUE", [DEMO.partnerOverflow]);
    expect((await genesys.queues.get(DEMO.partnerOverflow)).division?.id).toBe(d.id);
    await genesys.divisions.moveObjects(DEMO.partnerBpo, "QUEUE", [DEMO.partnerOverflow]);
    await genesys.divisions.delete(d.id);
    expect(await genesys.divisions.findByName("Client Test")).toEqual([]);
  });

  test("users: search by divisions, by emails, by ids", async () => {
    const genesys = client();
    const users = [];
    for await (const page of genesys.users.searchByDivisions([DEMO.legacySales, DEMO.billing])) users.push(...page);
    expect(users.map((u) => u.id).sort()).toEqual([DEMO.edsger, DEMO.barbara, DEMO.john].sort());
    expect((await genesys.users.byEmails(["ADA@acme.example"])).map((u) => u.id)).toEqual([DEMO.ada]);
    expect((await genesys.users.byIds([DEMO.ken, DEMO.ada])).map((u) => u.id).sort()).toEqual(
      [DEMO.ada, DEMO.ken].sort(),
    );
  });

  test("queues and groups: exact names, duplicates reported, members and individuals", async () => {
    const genesys = client();
    const queues = await genesys.queues.findByNames(["sales callback", "Nope"]);
    expect(queues.get("sales callback")?.map((q) => q.id)).toEqual([DEMO.salesCallback]);
    expect(queues.get("nope")).toEqual([]);
    const members = await genesys.queues.members(DEMO.salesCallback, { memberBy: "user" });
    expect(members.map((m) => m.id)).toEqual([DEMO.ada, DEMO.alan]);
    const groups = await genesys.groups.findByNames(["GC-Support-Tier2", "gc-sales-agents"]);
    expect(
      groups
        .get("gc-support-tier2")
        ?.map((g) => g.id)
        .sort(),
    ).toEqual([DEMO.tier2a, DEMO.tier2b]);
    expect((await genesys.groups.individuals(DEMO.salesAgents)).map((u) => u.id)).toEqual([
      DEMO.ada,
      DEMO.alan,
      DEMO.grace,
    ]);
  });

  test("SCIM: group by display name, get with ETag, patch with If-Match; a stale ETag is a 409", async () => {
    const genesys = client();
    const [group] = await genesys.scim.groupsByDisplayName("GC-Sales-Agents");
    expect(group?.id).toBe(DEMO.salesAgents);
    const { etag } = await genesys.scim.getGroup(DEMO.salesAgents);
    const patched = await genesys.scim.patchGroup(
      DEMO.salesAgents,
      [{ op: "add", path: "members", value: [{ value: DEMO.donald }] }],
      etag,
    );
    expect(patched.group.members.map((m) => m.value)).toContain(DEMO.donald);
    const stale = await genesys.scim
      .patchGroup(DEMO.salesAgents, [{ op: "remove", path: `members[value eq "${DEMO.donald}"]` }], etag)
      .catch((e: unknown) => e);
    expect(stale).toMatchObject({ status: 409, code: "invalidVers" });
    expect((await genesys.scim.userByUserName("grace@acme.example"))?.id).toBe(DEMO.grace);
    expect((await genesys.organization()).defaultCountryCode).toBe("GB");
  });
});

describe("GenesysClient at scale", () => {
  const seed = generateSeed({ divisions: 100, users: 2_000, queues: 1_200, groups: 400, seed: "client" });
  const api = useEmulator({ seed, settings: { rateLimit: { requestsPerWindow: 100_000, windowMs: 60_000 } } });

  test("200 group names cost ceil(200 / 50) = 4 search calls, not 200", async () => {
    const genesys = createGenesysClient({ baseUrl: api().emulator.url, ...CI, env: {}, clock });
    const names = seed.groups.slice(0, 200).map((g) => g.name);
    const found = await genesys.groups.findByNames(names);
    expect([...found.values()].every((gs) => gs.length >= 1)).toBe(true);
    expect(genesys.stats().requests).toEqual({ "POST /api/v2/groups/search": 4, "POST /oauth/token": 1 });
  });

  test("queues by many names walk the listing when that is cheaper, else ask per name", async () => {
    const many = createGenesysClient({ baseUrl: api().emulator.url, ...CI, env: {}, clock });
    await many.queues.findByNames(seed.queues.slice(0, 50).map((q) => q.name));
    expect(many.stats().requests["GET /api/v2/routing/queues"]).toBe(3); // 1,200 queues, 500 a page
    const few = createGenesysClient({
      baseUrl: api().emulator.url,
      ...CI,
      env: {},
      clock,
      limits: { queuesPageSize: 100 },
    });
    const found = await few.queues.findByNames([seed.queues[7]!.name, seed.queues[8]!.name]);
    expect(found.get(seed.queues[7]!.name.toLowerCase())?.map((q) => q.id)).toEqual([seed.queues[7]!.id]);
    expect(few.stats().requests["GET /api/v2/routing/queues"]).toBe(3); // the first page, then one query per name
    const one = createGenesysClient({ baseUrl: api().emulator.url, ...CI, env: {}, clock });
    await one.queues.findByNames([seed.queues[9]!.name]);
    expect(one.stats().requests["GET /api/v2/routing/queues"]).toBe(1); // one name: its query, no first page
  });

  test("the client's request counts match the emulator's own log", async () => {
    await api().admin("DELETE", "/requests");
    const genesys = createGenesysClient({ baseUrl: api().emulator.url, ...CI, env: {}, clock });
    await genesys.divisions.list({ objectCount: true });
    await genesys.users.all();
    await genesys.queues.list();
    const log = await api().admin<{ byRoute: Record<string, number> }>("GET", "/requests");
    expect(genesys.stats().requests).toEqual(log.body.byRoute);
  });
});
