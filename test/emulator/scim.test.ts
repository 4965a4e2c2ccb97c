import { beforeEach, describe, expect, test } from "vitest";

import type { Api } from "./helpers";
import { DEMO, useEmulator } from "./helpers";

const SCIM = "/api/v2/scim/v2";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

interface ScimList<T> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}
interface Meta {
  resourceType: string;
  lastModified: string;
  location: string;
  version: string;
}
interface ScimUser {
  schemas: string[];
  id: string;
  userName: string;
  displayName: string;
  active: boolean;
  title?: string;
  externalId?: string;
  emails?: { value: string; type: string; primary: boolean }[];
  groups?: { type: string; value: string; $ref: string }[];
  [ENTERPRISE]?: { division: string; department?: string };
  meta: Meta;
}
interface ScimGroup {
  schemas: string[];
  id: string;
  displayName: string;
  externalId?: string;
  members?: { type: string; value: string; $ref: string }[];
  meta: Meta;
}
interface ScimErrorBody {
  schemas: string[];
  status: string;
  scimType?: string;
  detail: string;
}

const patch = (...Operations: Record<string, unknown>[]) => ({ schemas: [PATCH_OP], Operations });

const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  userName,
  displayName: "New Person",
  active: true,
  ...extra,
});

/** Direct members of a group as the directory holds them. */
function membersOf(api: Api, groupId: string): string[] {
  return [...(api.emulator.state.groups.get(groupId)?.memberIds ?? [])];
}

function expectScimError(res: { status: number; body: unknown }, status: number, scimType?: string): void {
  expect(res.status).toBe(status);
  const body = res.body as ScimErrorBody;
  expect(body.schemas).toEqual([SCIM_ERROR]);
  expect(body.status).toBe(String(status));
  expect(body.scimType).toBe(scimType);
}

describe("emulator: SCIM users", () => {
  const api = useEmulator();
  beforeEach(async () => {
    await api().admin("POST", "/reset");
  });

  test("lists active users only by default, as a ListResponse of full ScimV2Users", async () => {
    const res = await api().call<ScimList<ScimUser>>("GET", `${SCIM}/users`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 9,
      startIndex: 1,
      itemsPerPage: 9,
    });
    const ids = res.body.Resources.map((u) => u.id);
    expect(ids).not.toContain(DEMO.ken);
    const ada = res.body.Resources.find((u) => u.id === DEMO.ada);
    expect(ada).toMatchObject({
      schemas: [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        ENTERPRISE,
        "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User",
      ],
      userName: "ada@acme.example",
      displayName: "Ada Lovelace",
      active: true,
      externalId: "entra-1001",
      emails: [{ value: "ada@acme.example", type: "work", primary: true }],
      [ENTERPRISE]: { division: "Home", department: "Sales" },
      meta: { resourceType: "User", version: '"1"' },
    });
    expect(ada?.groups?.map((g) => g.value)).toEqual([DEMO.salesAgents]);
    expect(ada?.meta.location).toMatch(new RegExp(`^http://.+${SCIM}/users/${DEMO.ada}$`));
  });

  test("filters: userName (quoted or not, any attribute case), id, externalId, email, active, division", async () => {
    const ids = async (filter: string): Promise<string[]> => {
      const res = await api().call<ScimList<ScimUser>>("GET", `${SCIM}/users?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(200);
      return res.body.Resources.map((u) => u.id);
    };
    expect(await ids('userName eq "ADA@acme.example"')).toEqual([DEMO.ada]);
    expect(await ids("USERNAME eq alan@acme.example")).toEqual([DEMO.alan]);
    expect(await ids(`id eq ${DEMO.grace}`)).toEqual([DEMO.grace]);
    expect(await ids('externalId eq "entra-1002"')).toEqual([DEMO.alan]);
    expect(await ids("externalId eq ENTRA-1002")).toEqual([]);
    expect(await ids("email eq donald@acme.example")).toEqual([DEMO.donald]);
    expect(await ids("active eq false")).toEqual([DEMO.ken]);
    expect((await ids("active eq true")).sort()).not.toContain(DEMO.ken);
    // A filter sees inactive users too (only the unfiltered list hides them).
    expect(await ids("userName eq ken@acme.example")).toEqual([DEMO.ken]);
    expect((await ids('division eq "Legacy Sales"')).sort()).toEqual([DEMO.edsger, DEMO.barbara].sort());
  });

  test("unsupported filters answer 400 invalidFilter", async () => {
    for (const filter of [
      'userName co "ada"',
      'userName eq "ada@acme.example" and active eq true',
      "title pr",
      "nickName eq ada",
      "active eq maybe",
    ]) {
      const res = await api().call("GET", `${SCIM}/users?filter=${encodeURIComponent(filter)}`);
      expectScimError(res, 400, "invalidFilter");
    }
  });

  test("paging with startIndex/count returns every active user exactly once; count=0 gives only the total", async () => {
    const seen: string[] = [];
    let startIndex = 1;
    let pages = 0;
    for (;;) {
      const res = await api().call<ScimList<ScimUser>>("GET", `${SCIM}/users?startIndex=${startIndex}&count=2`);
      expect(res.body.startIndex).toBe(startIndex);
      seen.push(...res.body.Resources.map((u) => u.id));
      pages++;
      startIndex += res.body.itemsPerPage;
      if (startIndex > res.body.totalResults) break;
    }
    expect(pages).toBe(5);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    expect(seen).not.toContain(DEMO.ken);

    const countOnly = await api().call<ScimList<ScimUser>>("GET", `${SCIM}/users?count=0`);
    expect(countOnly.body).toMatchObject({ totalResults: 9, itemsPerPage: 0, Resources: [] });
  });

  test("attributes and excludedAttributes trim the representation but keep id, userName, active and meta", async () => {
    const only = await api().call<ScimList<Record<string, unknown>>>(
      "GET",
      `${SCIM}/users?filter=${encodeURIComponent(`id eq ${DEMO.ada}`)}&attributes=externalId`,
    );
    expect(Object.keys(only.body.Resources[0] ?? {}).sort()).toEqual(
      ["active", "externalId", "id", "meta", "schemas", "userName"].sort(),
    );
    const without = await api().call<Record<string, unknown>>(
      "GET",
      `${SCIM}/users/${DEMO.ada}?excludedAttributes=groups,emails,${ENTERPRISE}:department`,
    );
    expect(without.body).not.toHaveProperty("groups");
    expect(without.body).not.toHaveProperty("emails");
    expect(without.body[ENTERPRISE]).toEqual({ division: "Home" });
    expect(without.body).toHaveProperty("displayName", "Ada Lovelace");
  });

  test("GET by id: ETag equals meta.version; If-None-Match on the current version gives 304 with no body", async () => {
    const res = await api().call<ScimUser>("GET", `${SCIM}/users/${DEMO.alan}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.body.meta.version).toBe('"1"');
    for (const tag of ['"1"', 'W/"1"', "1"]) {
      const cached = await api().call("GET", `${SCIM}/users/${DEMO.alan}`, { headers: { "if-none-match": tag } });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe("");
    }
    const stale = await api().call("GET", `${SCIM}/users/${DEMO.alan}`, { headers: { "if-none-match": '"7"' } });
    expect(stale.status).toBe(200);
  });

  test("unknown and soft-deleted users are 404 ScimErrors", async () => {
    expectScimError(await api().call("GET", `${SCIM}/users/e0000000-0000-4000-8000-0000000000ff`), 404);
    await api().call("DELETE", `${SCIM}/users/${DEMO.john}`);
    const gone = await api().call<ScimErrorBody>("GET", `${SCIM}/users/${DEMO.john}`);
    expectScimError(gone, 404);
    expect(gone.body.detail).toBe(`Resource ${DEMO.john} not found.`);
  });

  test("POST creates with 201, Location and ETag, in the named division or else the home division", async () => {
    const res = await api().call<ScimUser>("POST", `${SCIM}/Users`, {
      body: newUser("new.person@acme.example", { title: "Agent", [ENTERPRISE]: { division: "billing" } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.headers.get("location")).toBe(res.body.meta.location);
    expect(res.body).toMatchObject({ userName: "new.person@acme.example", title: "Agent", active: true });
    expect(res.body[ENTERPRISE]?.division).toBe("Billing");
    expect(api().emulator.state.users.get(res.body.id)).toMatchObject({
      email: "new.person@acme.example",
      name: "New Person",
      divisionId: DEMO.billing,
      state: "active",
    });
    const fetched = await api().call<ScimUser>("GET", `${SCIM}/users/${res.body.id}`);
    expect(fetched.body.userName).toBe("new.person@acme.example");

    const home = await api().call<ScimUser>("POST", `${SCIM}/users`, {
      body: newUser("homed@acme.example", { active: false }),
    });
    expect(api().emulator.state.users.get(home.body.id)).toMatchObject({ divisionId: DEMO.home, state: "inactive" });
  });

  test("POST refuses a userName in use by a non-deleted user (409 uniqueness) but reuses a deleted one's", async () => {
    const dup = await api().call<ScimErrorBody>("POST", `${SCIM}/users`, { body: newUser("ADA@acme.example") });
    expectScimError(dup, 409, "uniqueness");
    expect(dup.body.detail).toBe("User name already in use by non-deleted user.");
    // An inactive user still holds its name.
    expectScimError(
      await api().call("POST", `${SCIM}/users`, { body: newUser("ken@acme.example") }),
      409,
      "uniqueness",
    );

    expect((await api().call("DELETE", `${SCIM}/users/${DEMO.john}`)).status).toBe(204);
    const reused = await api().call<ScimUser>("POST", `${SCIM}/users`, { body: newUser("john@acme.example") });
    expect(reused.status).toBe(201);
    expect(reused.body.id).not.toBe(DEMO.john);
  });

  test("POST validates: userName and displayName required, userName an email, division must exist", async () => {
    expectScimError(await api().call("POST", `${SCIM}/users`, { body: { displayName: "X" } }), 400, "invalidValue");
    expectScimError(await api().call("POST", `${SCIM}/users`, { body: newUser("not-an-email") }), 400, "invalidValue");
    expectScimError(
      await api().call("POST", `${SCIM}/users`, { body: { userName: "nameless@acme.example" } }),
      400,
      "invalidValue",
    );
    const badDivision = await api().call("POST", `${SCIM}/users`, {
      body: newUser("lost@acme.example", { [ENTERPRISE]: { division: "Atlantis" } }),
    });
    expectScimError(badDivision, 400, "invalidValue");
    expect(api().emulator.state.userIdByEmail("lost@acme.example")).toBeUndefined();
  });

  test("PUT replaces the writable attributes, bumps the version and honours If-Match", async () => {
    const before = await api().call<ScimUser>("GET", `${SCIM}/users/${DEMO.ada}`);
    const body = {
      ...before.body,
      displayName: "Ada King",
      title: "Countess",
      externalId: undefined,
      [ENTERPRISE]: { division: "Legacy Sales" },
    };
    const stale = await api().call<ScimErrorBody>("PUT", `${SCIM}/users/${DEMO.ada}`, {
      body,
      headers: { "if-match": '"5"' },
    });
    expectScimError(stale, 409, "invalidVers");
    expect(stale.body.detail).toBe("Version does not match current version.");
    expect(api().emulator.state.users.get(DEMO.ada)?.name).toBe("Ada Lovelace");
    // Sending back what GET returned changes nothing, so the version stays.
    const unchanged = await api().call<ScimUser>("PUT", `${SCIM}/users/${DEMO.ada}`, { body: before.body });
    expect(unchanged.body.meta.version).toBe('"1"');

    const res = await api().call<ScimUser>("PUT", `${SCIM}/users/${DEMO.ada}`, {
      body,
      headers: { "if-match": 'W/"1"' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"2"');
    expect(res.body).toMatchObject({ displayName: "Ada King", title: "Countess", meta: { version: '"2"' } });
    expect(res.body).not.toHaveProperty("externalId");
    // Omitted department is cleared; the division moved by name.
    expect(res.body[ENTERPRISE]).toEqual({ division: "Legacy Sales" });
    expect(api().emulator.state.users.get(DEMO.ada)).toMatchObject({
      name: "Ada King",
      divisionId: DEMO.legacySales,
      version: 2,
    });
    expect(api().emulator.state.users.get(DEMO.ada)?.department).toBeUndefined();

    const clash = await api().call("PUT", `${SCIM}/users/${DEMO.ada}`, {
      body: { ...body, userName: "alan@acme.example" },
    });
    expectScimError(clash, 409, "uniqueness");
  });

  test("PATCH applies PatchOps (Entra-style casing and string booleans) with If-Match", async () => {
    const res = await api().call<ScimUser>("PATCH", `${SCIM}/users/${DEMO.grace}`, {
      headers: { "if-match": '"1"' },
      body: patch(
        { op: "Replace", path: "active", value: "False" },
        { op: "replace", path: `${ENTERPRISE}:department`, value: "Research" },
        { op: "add", path: "TITLE", value: "Rear Admiral" },
        { op: "replace", value: { displayName: "Grace B. Hopper" } },
      ),
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      active: false,
      title: "Rear Admiral",
      displayName: "Grace B. Hopper",
      [ENTERPRISE]: { division: "Home", department: "Research" },
      meta: { version: '"2"' },
    });
    expect(api().emulator.state.users.get(DEMO.grace)).toMatchObject({ state: "inactive", version: 2 });

    const stale = await api().call("PATCH", `${SCIM}/users/${DEMO.grace}`, {
      headers: { "if-match": '"1"' },
      body: patch({ op: "replace", path: "active", value: true }),
    });
    expectScimError(stale, 409, "invalidVers");
    expectScimError(
      await api().call("PATCH", `${SCIM}/users/${DEMO.grace}`, { body: { Operations: [] } }),
      400,
      "invalidSyntax",
    );
    expectScimError(
      await api().call("PATCH", `${SCIM}/users/${DEMO.grace}`, { body: patch({ op: "remove" }) }),
      400,
      "noTarget",
    );
    // scim-patch's own refusals come back as SCIM 400s too.
    const filterOnString = await api().call<ScimErrorBody>("PATCH", `${SCIM}/users/${DEMO.grace}`, {
      body: patch({ op: "replace", path: 'title[value eq "x"]', value: "y" }),
    });
    expectScimError(filterOnString, 400, "invalidSyntax");
    expect(api().emulator.state.users.get(DEMO.grace)?.title).toBe("Rear Admiral");
  });

  test("DELETE is a soft delete (204): out of groups, gone from SCIM, state deleted; If-Match checked", async () => {
    const stale = await api().call("DELETE", `${SCIM}/users/${DEMO.alan}`, { headers: { "if-match": '"9"' } });
    expectScimError(stale, 409, "invalidVers");
    expect(api().emulator.state.users.get(DEMO.alan)?.state).toBe("active");

    const res = await api().call("DELETE", `${SCIM}/users/${DEMO.alan}`, { headers: { "if-match": '"1"' } });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(api().emulator.state.users.get(DEMO.alan)?.state).toBe("deleted");
    expect(membersOf(api(), DEMO.salesAgents)).not.toContain(DEMO.alan);
    const list = await api().call<ScimList<ScimUser>>(
      "GET",
      `${SCIM}/users?filter=${encodeURIComponent("userName eq alan@acme.example")}`,
    );
    expect(list.body.totalResults).toBe(0);
    expectScimError(await api().call("DELETE", `${SCIM}/users/${DEMO.alan}`), 404);
  });
});

describe("emulator: SCIM groups", () => {
  const api = useEmulator();
  beforeEach(async () => {
    await api().admin("POST", "/reset");
  });

  test("lists every group without a filter; displayName filter is case-insensitive, quoted or not", async () => {
    const all = await api().call<ScimList<ScimGroup>>("GET", `${SCIM}/Groups`);
    expect(all.status).toBe(200);
    expect(all.body.totalResults).toBe(4);
    const byName = async (filter: string): Promise<string[]> => {
      const res = await api().call<ScimList<ScimGroup>>("GET", `${SCIM}/groups?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(200);
      return res.body.Resources.map((g) => g.id);
    };
    // The official example: lowercase attribute, unquoted value. The demo org has this name twice.
    expect(await byName("displayname eq GC-Support-Tier2")).toEqual([DEMO.tier2a, DEMO.tier2b]);
    expect(await byName('displayName eq "gc-sales-agents"')).toEqual([DEMO.salesAgents]);
    expect(await byName(`id eq ${DEMO.legacyTeam}`)).toEqual([DEMO.legacyTeam]);
    expect(await byName('displayName eq "Nobody"')).toEqual([]);
    expectScimError(
      await api().call("GET", `${SCIM}/groups?filter=${encodeURIComponent('displayName sw "GC"')}`),
      400,
      "invalidFilter",
    );
    expectScimError(
      await api().call("GET", `${SCIM}/groups?filter=${encodeURIComponent("externalId eq x")}`),
      400,
      "invalidFilter",
    );
  });

  test("GET by id: ScimV2Group with User members, ETag, 304 on If-None-Match; excludedAttributes=members", async () => {
    const res = await api().call<ScimGroup>("GET", `${SCIM}/groups/${DEMO.salesAgents}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe('"1"');
    expect(res.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      id: DEMO.salesAgents,
      displayName: "GC-Sales-Agents",
      externalId: "entra-group-sales",
      meta: { resourceType: "Group", version: '"1"' },
    });
    expect(res.body.members?.map((m) => m.value)).toEqual([DEMO.ada, DEMO.alan, DEMO.grace]);
    expect(res.body.members?.[0]?.type).toBe("User");
    expect(res.body.members?.[0]?.$ref).toMatch(new RegExp(`${SCIM}/users/${DEMO.ada}$`));

    const cached = await api().call("GET", `${SCIM}/groups/${DEMO.salesAgents}`, {
      headers: { "if-none-match": '"1"' },
    });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe("");

    const slim = await api().call<Record<string, unknown>>(
      "GET",
      `${SCIM}/groups/${DEMO.salesAgents}?excludedAttributes=members`,
    );
    expect(slim.body).not.toHaveProperty("members");
    expect(slim.body).toHaveProperty("displayName", "GC-Sales-Agents");

    expectScimError(await api().call("GET", `${SCIM}/groups/c0000000-0000-4000-8000-0000000000ff`), 404);
  });

  test("PATCH add/remove/replace members writes the directory group and bumps its version", async () => {
    const url = `${SCIM}/groups/${DEMO.tier2a}`;
    // Entra ID style: capitalised op, value array of {value}.
    const added = await api().call<ScimGroup>("PATCH", url, {
      body: patch({
        op: "Add",
        path: "members",
        value: [{ value: DEMO.frances }, { value: DEMO.margaret, display: "M" }],
      }),
    });
    expect(added.status).toBe(200);
    expect(added.headers.get("etag")).toBe('"2"');
    expect(added.body.members?.map((m) => m.value)).toEqual([DEMO.donald, DEMO.frances, DEMO.margaret]);
    expect(membersOf(api(), DEMO.tier2a)).toEqual([DEMO.donald, DEMO.frances, DEMO.margaret]);

    // Okta style: a value filter in the path.
    const removed = await api().call<ScimGroup>("PATCH", url, {
      headers: { "if-match": '"2"' },
      body: patch({ op: "remove", path: `members[value eq "${DEMO.donald}"]` }),
    });
    expect(removed.body.meta.version).toBe('"3"');
    expect(membersOf(api(), DEMO.tier2a)).toEqual([DEMO.frances, DEMO.margaret]);

    // Entra ID style remove by value.
    await api().call("PATCH", url, {
      body: patch({ op: "Remove", path: "members", value: [{ value: DEMO.margaret, display: "Margaret" }] }),
    });
    expect(membersOf(api(), DEMO.tier2a)).toEqual([DEMO.frances]);

    await api().call("PATCH", url, {
      body: patch({ op: "replace", path: "members", value: [{ value: DEMO.ken }, { value: DEMO.john }] }),
    });
    const state = await api().admin<{ groups: { id: string; memberIds: string[]; version: number }[] }>(
      "GET",
      "/state",
    );
    expect(state.body.groups.find((g) => g.id === DEMO.tier2a)).toMatchObject({
      memberIds: [DEMO.ken, DEMO.john],
      version: 5,
    });
    // The directory's user view sees the membership too.
    const ken = await api().call<ScimUser>("GET", `${SCIM}/users/${DEMO.ken}`);
    expect(ken.body.groups?.map((g) => g.value)).toEqual([DEMO.tier2a]);
  });

  test("PATCH that changes nothing keeps the version; a stale If-Match is refused", async () => {
    const url = `${SCIM}/groups/${DEMO.salesAgents}`;
    const same = await api().call<ScimGroup>("PATCH", url, {
      body: patch({ op: "add", path: "members", value: [{ value: DEMO.ada }] }),
    });
    expect(same.body.meta.version).toBe('"1"');
    const stale = await api().call("PATCH", url, {
      headers: { "if-match": '"4"' },
      body: patch({ op: "add", path: "members", value: [{ value: DEMO.ken }] }),
    });
    expectScimError(stale, 409, "invalidVers");
    expect(membersOf(api(), DEMO.salesAgents)).toEqual([DEMO.ada, DEMO.alan, DEMO.grace]);
  });

  test("PATCH and PUT refuse members that are not existing, non-deleted users (400 invalidValue)", async () => {
    const url = `${SCIM}/groups/${DEMO.salesAgents}`;
    const unknown = await api().call("PATCH", url, {
      body: patch({
        op: "add",
        path: "members",
        value: [{ value: DEMO.ken }, { value: "e0000000-0000-4000-8000-0000000000ff" }],
      }),
    });
    expectScimError(unknown, 400, "invalidValue");
    const aGroup = await api().call("PATCH", url, {
      body: patch({ op: "add", path: "members", value: [{ value: DEMO.legacyTeam }] }),
    });
    expectScimError(aGroup, 400, "invalidValue");
    await api().call("DELETE", `${SCIM}/users/${DEMO.john}`);
    const deleted = await api().call("PUT", url, {
      body: { displayName: "GC-Sales-Agents", members: [{ value: DEMO.john }] },
    });
    expectScimError(deleted, 400, "invalidValue");
    expect(membersOf(api(), DEMO.salesAgents)).toEqual([DEMO.ada, DEMO.alan, DEMO.grace]);
    expect(api().emulator.state.groups.get(DEMO.salesAgents)?.version).toBe(1);
  });

  test("PUT replaces displayName and members (and honours If-Match)", async () => {
    const url = `${SCIM}/groups/${DEMO.legacyTeam}`;
    const body = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Legacy Sales Team (closing)",
      members: [{ value: DEMO.barbara }, { value: DEMO.edsger }],
    };
    const stale = await api().call("PUT", url, { body, headers: { "if-match": '"3"' } });
    expectScimError(stale, 409, "invalidVers");
    const res = await api().call<ScimGroup>("PUT", url, { body, headers: { "if-match": '"1"' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ displayName: "Legacy Sales Team (closing)", meta: { version: '"2"' } });
    expect(api().emulator.state.groups.get(DEMO.legacyTeam)).toMatchObject({ name: "Legacy Sales Team (closing)" });
    expect(membersOf(api(), DEMO.legacyTeam)).toEqual([DEMO.barbara, DEMO.edsger]);
    expectScimError(await api().call("PUT", url, { body: { members: [] } }), 400, "invalidValue");
  });

  test("there is no POST /Groups, DELETE /Groups/{id} or /Bulk: the emulator's no-route 404", async () => {
    const calls: [string, string, unknown][] = [
      ["POST", `${SCIM}/Groups`, { displayName: "New" }],
      ["POST", `${SCIM}/groups`, { displayName: "New" }],
      ["DELETE", `${SCIM}/Groups/${DEMO.salesAgents}`, undefined],
      ["POST", `${SCIM}/Bulk`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], Operations: [] }],
    ];
    for (const [method, path, body] of calls) {
      const res = await api().call<{ code: string; message: string }>(method, path, { body });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe("not.found");
      expect(res.body.message).toContain(`emulator: no route for ${method} ${path}`);
    }
    expect(api().emulator.state.groups.has(DEMO.salesAgents)).toBe(true);
    expect(api().emulator.state.groups.size).toBe(4);
  });
});

describe("emulator: SCIM discovery, casing, content types, permissions", () => {
  const api = useEmulator();

  test("serviceproviderconfig: no bulk, patch, filter with the SCIM max page size, etag", async () => {
    const res = await api().call<Record<string, unknown>>("GET", `${SCIM}/serviceproviderconfig`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      bulk: { supported: false },
      patch: { supported: true },
      filter: { supported: true, maxResults: 100 },
      etag: { supported: true },
    });
  });

  test("resourcetypes and schemas list well-formed definitions, and serve single ones", async () => {
    const types = await api().call<ScimList<{ id: string; endpoint: string; schema: string }>>(
      "GET",
      `${SCIM}/ResourceTypes`,
    );
    expect(types.body.totalResults).toBe(types.body.Resources.length);
    expect(types.body.Resources.find((t) => t.id === "User")).toMatchObject({
      endpoint: "/users",
      schema: "urn:ietf:params:scim:schemas:core:2.0:User",
    });
    expect((await api().call("GET", `${SCIM}/resourcetypes/Group`)).status).toBe(200);
    expectScimError(await api().call("GET", `${SCIM}/resourcetypes/Widget`), 404);

    const schemas = await api().call<ScimList<{ id: string; attributes: { name: string }[] }>>(
      "GET",
      `${SCIM}/schemas`,
    );
    const user = schemas.body.Resources.find((s) => s.id === "urn:ietf:params:scim:schemas:core:2.0:User");
    expect(user?.attributes.map((a) => a.name)).toEqual(expect.arrayContaining(["userName", "displayName", "active"]));
    expect(schemas.body.Resources.map((s) => s.id)).toContain(ENTERPRISE);
    const one = await api().call<{ id: string }>("GET", `${SCIM}/schemas/${ENTERPRISE}`);
    expect(one.body.id).toBe(ENTERPRISE);
    // §7.1: "Filtered results are invalid and return 403".
    expect((await api().call("GET", `${SCIM}/schemas?filter=${encodeURIComponent('id eq "x"')}`)).status).toBe(403);
  });

  test("/Users and /users (and other casings) reach the same route", async () => {
    for (const path of ["/users", "/Users", "/USERS"]) {
      const res = await api().call<ScimList<ScimUser>>("GET", `${SCIM}${path}?count=1`);
      expect(res.status).toBe(200);
      expect(res.body.itemsPerPage).toBe(1);
    }
    const upper = await api().call<ScimUser>("GET", `/API/V2/SCIM/V2/Users/${DEMO.ada}`);
    expect(upper.body.id).toBe(DEMO.ada);
  });

  test("Accept application/scim+json gets scim+json (errors too); scim+json request bodies are accepted", async () => {
    const headers = { accept: "application/scim+json" };
    const ok = await api().call("GET", `${SCIM}/users/${DEMO.ada}`, { headers });
    expect(ok.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const missing = await api().call("GET", `${SCIM}/users/e0000000-0000-4000-8000-0000000000ff`, { headers });
    expect(missing.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    const plain = await api().call("GET", `${SCIM}/users/${DEMO.ada}`);
    expect(plain.headers.get("content-type")).toMatch(/^application\/json/);

    const created = await api().call<ScimUser>("POST", `${SCIM}/users`, {
      body: newUser("scim.json@acme.example"),
      headers: { ...headers, "content-type": "application/scim+json" },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  });

  test("routes need the directory permissions; discovery needs only a token", async () => {
    const read = await api().call("GET", `${SCIM}/users`, { as: "gcguard-readonly" });
    expect(read.status).toBe(200);
    const write = await api().call<{ code: string; message: string }>("POST", `${SCIM}/users`, {
      as: "gcguard-readonly",
      body: newUser("denied@acme.example"),
    });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe("missing.permissions");
    expect(write.body.message).toContain("directory:user:add");
    const groupEdit = await api().call<{ message: string }>("PATCH", `${SCIM}/groups/${DEMO.salesAgents}`, {
      as: "gcguard-readonly",
      body: patch({ op: "add", path: "members", value: [{ value: DEMO.ken }] }),
    });
    expect(groupEdit.status).toBe(403);
    expect(groupEdit.body.message).toContain("directory:group:edit");
    expect((await api().call("GET", `${SCIM}/serviceproviderconfig`, { as: "gcguard-readonly" })).status).toBe(200);
    expect((await api().call("GET", `${SCIM}/users`, { token: null })).status).toBe(401);
  });
});

describe("emulator: SCIM with configured settings", () => {
  const api = useEmulator({ settings: { scimVersionMismatchStatus: 412, maxPageSize: { scim: 3 } } });

  test("If-Match mismatches answer the configured status with scimType invalidVers", async () => {
    const put = await api().call("PUT", `${SCIM}/users/${DEMO.ada}`, {
      headers: { "if-match": '"2"' },
      body: newUser("ada@acme.example"),
    });
    expectScimError(put, 412, "invalidVers");
    const patchGroup = await api().call("PATCH", `${SCIM}/groups/${DEMO.salesAgents}`, {
      headers: { "if-match": '"2"' },
      body: patch({ op: "remove", path: "members" }),
    });
    expectScimError(patchGroup, 412, "invalidVers");
    const del = await api().call("DELETE", `${SCIM}/users/${DEMO.ada}`, { headers: { "if-match": '"0"' } });
    expectScimError(del, 412, "invalidVers");
    expect(api().emulator.state.users.get(DEMO.ada)?.state).toBe("active");
    expect(membersOf(api(), DEMO.salesAgents)).toHaveLength(3);
  });

  test("count is clamped to the SCIM max page size, which serviceproviderconfig reports", async () => {
    const res = await api().call<ScimList<ScimUser>>("GET", `${SCIM}/users?count=50`);
    expect(res.body).toMatchObject({ totalResults: 9, itemsPerPage: 3 });
    const config = await api().call<{ filter: { maxResults: number } }>("GET", `${SCIM}/serviceproviderconfig`);
    expect(config.body.filter.maxResults).toBe(3);
  });
});
