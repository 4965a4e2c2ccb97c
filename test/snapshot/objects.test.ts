/**
 * The snapshot's objects of the table-driven kinds: API objects as seed entries (lib/snapshot/convert.ts
 * toSeedObject), and the read (lib/snapshot/objects.ts): one full listing per kind, all at once, 404 left out
 * with a warning, 403 failing the snapshot. Against fakes: the emulator's routes for these kinds come separately.
 */
import { describe, expect, test } from "vitest";

import type { SeedObject } from "../../lib/emulator/seed";
import { parseSeed } from "../../lib/emulator/seed";
import { GenesysApiError } from "../../lib/genesys/errors";
import type { NamedListing, NamedObject } from "../../lib/genesys/operations/named";
import type { Kind } from "../../lib/org/kind-spec";
import { kindSpec } from "../../lib/org/kinds";
import { toSeedObject } from "../../lib/snapshot/convert";
import { OBJECT_KINDS, readObjects } from "../../lib/snapshot/objects";

const HOME = "5a1c0000-0000-4000-8000-000000000001";
const HIDDEN = "5a1c0000-0000-4000-8000-0000000000ff";
const divisions = new Set([HOME]);

const convert = (kind: Kind, item: Record<string, unknown>, dropped = { divisionRefs: 0 }): SeedObject =>
  toSeedObject(kindSpec(kind), item as NamedObject, divisions, dropped);

/** An API object per kind, as its listing sends it (docs/genesys-api.md; shapes from the SDK models). */
const FIXTURES: Record<string, Record<string, unknown>> = {
  skill: { id: "s1", name: "Billing", division: { id: HOME, name: "Home" }, state: "active", version: 2 },
  language: { id: "l1", name: "Spanish", state: "active", version: 1, selfUri: "/api/v2/routing/languages/l1" },
  wrapupcode: { id: "w1", name: "Resolved", division: { id: HOME }, description: "Done", createdBy: { id: "u1" } },
  location: { id: "loc1", name: "HQ", state: "active", address: { city: "Berlin" }, path: [] },
  site: { id: "site1", name: "HQ Site", division: { id: HOME }, managed: false, location: { id: "loc1" } },
  script: { id: "sc1", name: "Greeting", division: { id: HOME }, versionId: "v7" },
};

describe("toSeedObject", () => {
  test("keeps the name, the division, and every other field but the API's bookkeeping, keys sorted", () => {
    expect(convert("wrapupcode", FIXTURES.wrapupcode as Record<string, unknown>)).toEqual({
      id: "w1",
      name: "Resolved",
      divisionId: HOME,
      state: "active",
      fields: { createdBy: { id: "u1" }, description: "Done" },
    });
    const language = convert("language", FIXTURES.language as Record<string, unknown>);
    expect(language).toEqual({ id: "l1", name: "Spanish", state: "active", fields: {} });
    expect(Object.keys(convert("site", FIXTURES.site as Record<string, unknown>).fields)).toEqual([
      "location",
      "managed",
    ]);
  });

  test("flows: the type is the scope, not a field; the same name under two types stays two objects", () => {
    const inbound = convert("flow", { id: "f1", name: "Main", type: "INBOUNDCALL", division: { id: HOME } });
    const inqueue = convert("flow", { id: "f2", name: "Main", type: "INQUEUECALL", description: "hold music" });
    expect(inbound).toEqual({
      id: "f1",
      name: "Main",
      divisionId: HOME,
      type: "INBOUNDCALL",
      state: "active",
      fields: {},
    });
    expect(inqueue).toMatchObject({ name: "Main", type: "INQUEUECALL", fields: { description: "hold music" } });
  });

  test("soft-deleted objects stay, as deleted", () => {
    expect(convert("skill", { id: "s2", name: "Old", state: "deleted" }).state).toBe("deleted");
    expect(convert("location", { id: "l2", name: "Closed", state: "Deleted" }).state).toBe("deleted");
    expect(convert("skill", { id: "s3", name: "New", state: "active" }).state).toBe("active");
  });

  test("a division the snapshot does not hold is left out and counted", () => {
    const dropped = { divisionRefs: 0 };
    const skill = convert("skill", { id: "s4", name: "Hidden", division: { id: HIDDEN } }, dropped);
    expect(skill.divisionId).toBeUndefined();
    expect(dropped.divisionRefs).toBe(1);
  });

  test("every fixture gives a seed entry parseSeed accepts", () => {
    const objects = Object.fromEntries(
      Object.entries(FIXTURES).map(([kind, item]) => [kind, [convert(kind as Kind, item)]]),
    );
    const seed = parseSeed(
      { version: 1, org: { id: "o", name: "Org" }, divisions: [{ id: HOME, name: "Home", home: true }], objects },
      "fixtures",
    );
    expect(Object.keys(seed.objects).sort()).toEqual(Object.keys(FIXTURES).sort());
  });
});

/** A client whose `named.list` answers from `pages` by path, counting calls and the most running at once. */
function fakeClient(answer: (listing: NamedListing) => NamedObject[] | Error) {
  const calls: string[] = [];
  let running = 0;
  let most = 0;
  const named = {
    list: async (listing: NamedListing): Promise<NamedObject[]> => {
      calls.push(listing.path);
      running++;
      most = Math.max(most, running);
      await Promise.resolve();
      await Promise.resolve();
      running--;
      const result = answer(listing);
      if (result instanceof Error) throw result;
      return result;
    },
  };
  return { client: { named } as never, calls, most: () => most };
}

const apiError = (status: number, path: string): GenesysApiError =>
  new GenesysApiError({
    status,
    code: status === 403 ? "missing.permissions" : "not.found",
    message: "no",
    method: "GET",
    path,
  });

describe("readObjects", () => {
  test("one full listing per kind, every kind at once; locations and sites by their full listings", async () => {
    const fake = fakeClient((l) => [{ id: `${l.path}#1`, name: "A" }]);
    const lines: string[] = [];
    const reads = await readObjects(fake.client, (line) => lines.push(line));
    expect(OBJECT_KINDS).toHaveLength(28);
    expect(fake.calls).toHaveLength(28);
    expect(new Set(fake.calls).size).toBe(28);
    expect(fake.most()).toBe(28);
    expect(fake.calls).toContain("/api/v2/locations");
    expect(fake.calls).toContain("/api/v2/telephony/providers/edges/sites");
    expect(fake.calls.some((p) => p.endsWith("/search"))).toBe(false);
    expect(reads.every((r) => r.items?.length === 1)).toBe(true);
    expect(lines).toEqual([expect.stringMatching(/^other kinds: 1 skills, 1 languages, .*1 trunk base settings$/)]);
  });

  test("a kind not in the org (404) is left out with a warning naming it", async () => {
    const fake = fakeClient((l) => (l.path === "/api/v2/knowledge/knowledgebases" ? apiError(404, l.path) : []));
    const lines: string[] = [];
    const reads = await readObjects(fake.client, (line) => lines.push(line));
    expect(reads.find((r) => r.spec.kind === "knowledgebase")?.items).toBeUndefined();
    expect(reads.filter((r) => r.items !== undefined)).toHaveLength(27);
    expect(lines).toContain(
      "warning: knowledge bases not copied: GET /api/v2/knowledge/knowledgebases answered 404 (not in this org)",
    );
  });

  test("a kind the credentials may not read (403) fails the read, after every listing has settled", async () => {
    const fake = fakeClient((l) => (l.path === "/api/v2/architect/schedules" ? apiError(403, l.path) : []));
    await expect(readObjects(fake.client, () => {})).rejects.toMatchObject({ status: 403 });
    expect(fake.calls).toHaveLength(28);
  });
});
