/**
 * Every table-driven kind as a collection (lib/emulator/routes/kinds.ts), table-driven over the kinds table: paging,
 * name filters as docs/kinds.md documents them, creates, duplicate names refused with the kind's answer, renames,
 * 404s, permissions, soft deletes, searches, per-kind duplicate answers from the settings, and the generic reader.
 */
import { describe, expect, test } from "vitest";

import { basePath, OBJECT_KINDS } from "../../lib/emulator/kind-objects";
import type { Seed } from "../../lib/emulator/seed";
import { loadSeedFile } from "../../lib/emulator/seed";
import { fill } from "../../lib/emulator/settings";
import { DEMO_SEED_FILE } from "../../lib/emulator";
import { createGenesysClient } from "../../lib/genesys/client";
import type { KindSpec } from "../../lib/org/kinds";
import type { Api } from "./helpers";
import { useEmulator } from "./helpers";

interface Obj {
  id: string;
  name: string;
  state: string;
  type?: string;
}
interface Listing {
  entities: Obj[];
  nextUri?: string;
  pageCount?: number;
  total?: number;
}
interface SearchPage {
  total: number;
  pageCount: number;
  results: Obj[];
  nextPage?: string;
}
interface ErrorBody {
  status: number;
  code: string;
  message: string;
  messageWithParams: string;
  messageParams: Record<string, string>;
  contextId: string;
}

const demo = loadSeedFile(DEMO_SEED_FILE);

/** What each kind's `name` filter does with a plain value (docs/kinds.md); a wildcard one also takes `*`. */
const MATCH: Record<string, "prefix" | "exact" | "substring" | "none"> = {
  skill: "prefix",
  skillgroup: "prefix",
  team: "prefix",
  datatable: "exact",
  utilizationlabel: "exact",
  contactlist: "prefix",
  campaign: "prefix",
  callabletimeset: "prefix",
  dnclist: "prefix",
  ruleset: "prefix",
  attemptlimit: "prefix",
  location: "none",
  webdeployment: "none",
  webdeploymentconfig: "none",
};

const bodyOf = (spec: KindSpec, name: string, type = "inboundcall"): Record<string, unknown> => ({
  [spec.name.field]: name,
  ...(spec.kind === "flow" ? { type } : {}),
});

async function create(api: Api, spec: KindSpec, name: string, type?: string): Promise<Obj> {
  const res = await api.call<Obj>("POST", basePath(spec), { body: bodyOf(spec, name, type) });
  expect(res.status, `${spec.kind} create ${name}: ${res.text}`).toBe(200);
  return res.body;
}

/** Every object a GET listing holds, walked one object a page through `nextUri`. */
async function walk(api: Api, spec: KindSpec, query = ""): Promise<Obj[]> {
  const seen: Obj[] = [];
  let next: string | undefined = `${basePath(spec)}?pageSize=1${query}`;
  for (let pages = 0; next !== undefined && pages < 50; pages++) {
    const res: { status: number; body: Listing } = await api.call<Listing>("GET", next);
    expect(res.status).toBe(200);
    seen.push(...res.body.entities);
    next = res.body.entities.length > 0 ? res.body.nextUri : undefined;
  }
  return seen;
}

function expectDuplicate(spec: KindSpec, res: { status: number; body: unknown }): void {
  const body = res.body as ErrorBody;
  expect(res.status).toBe(spec.duplicate.status);
  expect(body).toMatchObject({ status: spec.duplicate.status, code: spec.duplicate.code });
  // The template, its values, and the text filled in from both (docs/genesys-api.md §2.1).
  expect(body.messageWithParams).toBe(spec.duplicate.message);
  expect(body.message).toBe(fill(spec.duplicate.message, body.messageParams));
  expect(typeof body.contextId).toBe("string");
}

describe.each(OBJECT_KINDS.map((spec) => [spec.kind, spec] as const))("emulator kind %s", (_kind, spec) => {
  const api = useEmulator();
  const base = basePath(spec);

  test("lists every object over 2+ pages, each once", async () => {
    await create(api(), spec, "Paging One");
    await create(api(), spec, "Paging Two");
    const walked = await walk(api(), spec);
    expect(walked.length).toBeGreaterThanOrEqual(3);
    expect(new Set(walked.map((o) => o.id)).size).toBe(walked.length);
    expect(walked.map((o) => o.name)).toEqual(expect.arrayContaining(["Paging One", "Paging Two"]));
    const first = await api().call<Listing>("GET", `${base}?pageSize=1`);
    expect(first.body.nextUri).toBeDefined();
    if (spec.list.style === "cursor") {
      expect(first.body.nextUri).toMatch(/[?&]after=/);
      const second = await api().call<Listing & { previousUri?: string }>("GET", first.body.nextUri as string);
      const back = await api().call<Listing>("GET", second.body.previousUri as string);
      expect(back.body.entities.map((o) => o.id)).toEqual(first.body.entities.map((o) => o.id));
    } else expect(first.body.pageCount).toBe(walked.length);
  });

  test("filters by name as documented", async () => {
    const [zulu, other] = [await create(api(), spec, "Zulu Ops"), await create(api(), spec, "Ops Zulu Team")];
    const param = spec.list.style === "search" ? "name" : (spec.list.nameParam ?? "name");
    const ids = async (value: string, extra = "") =>
      (await walk(api(), spec, `&${param}=${encodeURIComponent(value)}${extra}`))
        .map((o) => o.id)
        .filter((id) => id === zulu.id || id === other.id)
        .sort();
    const both = [zulu.id, other.id].sort();
    const expected = {
      prefix: [zulu.id],
      exact: [],
      substring: both,
      none: both,
    }[MATCH[spec.kind] ?? "substring"];
    expect(await ids("zulu")).toEqual(expected);
    if (MATCH[spec.kind] === "exact") {
      expect(await ids("zulu ops")).toEqual([zulu.id]);
      expect(await ids("*ZULU*")).toEqual(both);
    }
    if (spec.list.style === "pages" && spec.list.path.startsWith("/api/v2/outbound/")) {
      expect(await ids("zulu", "&filterType=Equals")).toEqual([]);
      expect(await ids("ZULU OPS", "&filterType=Equals")).toEqual([zulu.id]);
      expect(await ids("zulu", "&filterType=Contains")).toEqual(both);
    }
  });

  test("creates with 200 and refuses a taken name, in any case and spacing, with the kind's answer", async () => {
    const made = await create(api(), spec, "Night Shift");
    expect(made).toMatchObject({ name: "Night Shift", state: "active", selfUri: `${base}/${made.id}` });
    expect((await api().call<Obj>("GET", `${base}/${made.id}`)).body.id).toBe(made.id);
    for (const variant of ["Night Shift", "  NIGHT shift "]) {
      expectDuplicate(spec, await api().call("POST", base, { body: bodyOf(spec, variant) }));
    }
  });

  test("refuses a rename onto another's name, allows a rename to its own in another case", async () => {
    const a = await create(api(), spec, "Early Shift");
    const b = await create(api(), spec, "Late Shift");
    expectDuplicate(spec, await api().call("PUT", `${base}/${b.id}`, { body: bodyOf(spec, "early shift") }));
    const own = await api().call<Obj>("PUT", `${base}/${a.id}`, { body: bodyOf(spec, "EARLY SHIFT") });
    expect(own.status).toBe(200);
    expect(own.body.name).toBe("EARLY SHIFT");
  });

  test("404 with a Genesys ErrorBody for an unknown id; 403 without the view permission", async () => {
    const missing = await api().call<ErrorBody>("GET", `${base}/no-such-id`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, code: "not.found" });
    expect(missing.body.contextId).toBe(missing.headers.get("inin-correlation-id"));
    const denied = await api().call<ErrorBody>("GET", base, { as: "gcguard-readonly" });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe("missing.permissions");
    expect(denied.body.message).toContain(spec.permissions.view);
  });

  test("a deleted object frees its name and leaves the listing unless the kind keeps deleted ones", async () => {
    const gone = await create(api(), spec, "Retired Name");
    expect((await api().call("DELETE", `${base}/${gone.id}`)).status).toBe(200);
    expect((await api().call("DELETE", `${base}/${gone.id}`)).status).toBe(404);
    expect((await api().call<Obj>("GET", `${base}/${gone.id}`)).body.state).toBe("deleted");
    const again = await create(api(), spec, "retired name");
    expect(again.id).not.toBe(gone.id);
    const listed = (await walk(api(), spec)).find((o) => o.id === gone.id);
    if (spec.listsDeleted === true) expect(listed?.state).toBe("deleted");
    else expect(listed).toBeUndefined();
  });
});

describe("emulator kinds: flows, searches, settings", () => {
  const api = useEmulator();
  const spec = (kind: string): KindSpec => OBJECT_KINDS.find((s) => s.kind === kind) as KindSpec;

  test("flow names are unique per type: the same name of another type is created", async () => {
    const flow = spec("flow");
    const workflow = await create(api(), flow, "main menu", "workflow");
    expect(workflow.type).toBe("workflow");
    expectDuplicate(
      flow,
      await api().call("POST", "/api/v2/flows", { body: bodyOf(flow, "Main Menu", "inqueuecall") }),
    );
    const listed = await api().call<Listing>("GET", "/api/v2/flows?type=workflow&name=main%20menu");
    expect(listed.body.entities.map((o) => o.id)).toEqual([workflow.id]);
  });

  test.each(["location", "site"])("%s search: EXACT values in one query, q64 next pages", async (kind) => {
    const s = spec(kind);
    for (const name of ["Leeds", "York", "Hull", "Bath"]) await create(api(), s, name);
    const query = [{ type: "EXACT", fields: ["name"], values: ["leeds", "YORK", "Nowhere"] }];
    const first = await api().call<SearchPage>("POST", s.list.path, { body: { pageSize: 1, pageNumber: 1, query } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 2, pageCount: 2 });
    const second = await api().call<SearchPage>("GET", first.body.nextPage as string);
    expect(second.status).toBe(200);
    const names = [...first.body.results, ...second.body.results].map((o) => o.name).sort();
    expect(names).toEqual(["Leeds", "York"]);
    expect(second.body.nextPage).toBeUndefined();
  });

  test("the deleted location stays in the search, marked deleted", async () => {
    const query = [{ type: "EXACT", fields: ["name"], value: "London Office" }];
    const res = await api().call<SearchPage>("POST", "/api/v2/locations/search", { body: { query } });
    expect(res.body.results.map((o) => o.state)).toEqual(["deleted"]);
  });

  test("sites filter by managed; objects in a hidden division are invisible", async () => {
    const managed = await api().call<Listing>("GET", "/api/v2/telephony/providers/edges/sites?managed=true");
    expect(managed.body.entities.map((o) => o.name)).toEqual(["PureCloud Voice - AWS"]);
    const all = await api().call<Listing>("GET", "/api/v2/routing/wrapupcodes");
    const bpo = await api().call<Listing>("GET", "/api/v2/routing/wrapupcodes", { as: "gcguard-bpo" });
    expect(all.body.entities.map((o) => o.name)).toContain("Partner Escalation");
    expect(bpo.body.entities.map((o) => o.name)).not.toContain("Partner Escalation");
  });

  test("one kind's duplicate answer comes from the settings; a bad one is refused; reset restores it", async () => {
    const skill = spec("skill");
    const answer = { status: 409, code: "general.conflict", message: "Skill '{name}' is already in use." };
    expect((await api().admin("PATCH", "/settings", { duplicateByKind: { skill: answer } })).status).toBe(200);
    const refused = await api().call<ErrorBody>("POST", "/api/v2/routing/skills", { body: { name: "spanish" } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: "general.conflict", message: "Skill 'spanish' is already in use." });
    expect(refused.body.messageParams.name).toBe("spanish");
    expect(refused.body.messageWithParams).toBe("Skill '{name}' is already in use.");
    // Other kinds keep the table's answer.
    const team = await api().call<ErrorBody>("POST", "/api/v2/teams", { body: { name: "Billing Floor A" } });
    expect(team.status).toBe(spec("team").duplicate.status);
    const bad = await api().admin<{ error: string }>("PATCH", "/settings", { duplicateByKind: { skil: answer } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain("duplicateByKind");
    const noStatus = await api().admin("PATCH", "/settings", { duplicateByKind: { skill: { code: "x" } } });
    expect(noStatus.status).toBe(400);
    expect((await api().admin("POST", "/reset")).status).toBe(204);
    const after = await api().call<ErrorBody>("POST", "/api/v2/routing/skills", { body: { name: "spanish" } });
    expect(after.status).toBe(skill.duplicate.status);
  });
});

describe("client.named.findByNames against the emulator", () => {
  const api = useEmulator();

  test.each(OBJECT_KINDS.map((s) => [s.kind, s] as const))(
    "%s: finds the seeded names in one request (the org has one page)",
    async (_kind, spec) => {
      const seeded = (demo.objects[spec.kind] ?? []).filter((o) => o.state !== "deleted");
      expect(seeded.length).toBeGreaterThan(0);
      const client = createGenesysClient({
        baseUrl: api().emulator.url,
        clientId: "gcguard-ci",
        clientSecret: "demo-secret-ci",
        env: {},
      });
      const names = [...seeded.map((o) => ` ${o.name.toUpperCase()}`), "No Such Name"];
      const found = await client.named.findByNames(spec.list, spec.name.field, names);
      for (const o of seeded) expect(found.get(o.name.toLowerCase())?.map((x) => x.id)).toContain(o.id);
      expect(found.get("no such name")).toEqual([]);
      const { requests } = client.stats();
      const reads = Object.entries(requests).filter(([route]) => route !== "POST /oauth/token");
      const method = spec.list.style === "search" ? "POST" : "GET";
      expect(reads).toEqual([[`${method} ${spec.list.path}`, 1]]);
    },
  );
});

/** The demo org with `count` more objects of each of the given kinds (names "<Kind> 001", ...). */
function biggerOrg(counts: Readonly<Record<string, number>>): Seed {
  const objects = { ...demo.objects };
  for (const [kind, count] of Object.entries(counts)) {
    const extra = Array.from({ length: count }, (_, i) => ({
      id: `f${kind.slice(0, 3)}-${String(i).padStart(4, "0")}`,
      name: `${kind} ${String(i + 1).padStart(3, "0")}`,
      state: "active" as const,
      fields: {},
    }));
    objects[kind] = [...(demo.objects[kind] ?? []), ...extra];
  }
  return { ...demo, objects };
}

describe("client.named.findByNames on an org of several pages", () => {
  const api = useEmulator({ seed: biggerOrg({ schedule: 250, team: 150, location: 10 }) });
  const client = () =>
    createGenesysClient({
      baseUrl: api().emulator.url,
      clientId: "gcguard-ci",
      clientSecret: "demo-secret-ci",
      env: {},
    });
  const reads = (c: ReturnType<typeof client>) =>
    Object.fromEntries(Object.entries(c.stats().requests).filter(([route]) => route !== "POST /oauth/token"));
  const kind = (k: string) => OBJECT_KINDS.find((s) => s.kind === k) as KindSpec;

  test("one name: its query alone, whatever the org's size", async () => {
    const c = client();
    const found = await c.named.findByNames(kind("schedule").list, "name", ["SCHEDULE 200"]);
    expect(found.get("schedule 200")).toHaveLength(1);
    expect(reads(c)).toEqual({ "GET /api/v2/architect/schedules": 1 });
  });

  test("pages: the other pages when they cost no more than one query per name", async () => {
    const c = client();
    const found = await c.named.findByNames(kind("schedule").list, "name", ["schedule 001", "schedule 250"]);
    expect([...found.values()].map((l) => l.length)).toEqual([1, 1]);
    expect(reads(c)).toEqual({ "GET /api/v2/architect/schedules": 3 });
  });

  test("cursor: the first page, then one query per name", async () => {
    const c = client();
    const found = await c.named.findByNames(kind("team").list, "name", ["Team 150", "team 002"]);
    expect([...found.values()].map((l) => l.length)).toEqual([1, 1]);
    expect(reads(c)).toEqual({ "GET /api/v2/teams": 3 });
  });

  test("search: one query per 50 names", async () => {
    const c = client();
    const names = Array.from({ length: 60 }, (_, i) => `location ${String(i + 1).padStart(3, "0")}`);
    const found = await c.named.findByNames(kind("location").list, "name", names);
    expect([...found.values()].filter((l) => l.length === 1)).toHaveLength(10);
    expect(reads(c)).toEqual({ "POST /api/v2/locations/search": 2 });
  });
});
