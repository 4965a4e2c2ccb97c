/**
 * `gcguard scim users` provisioning: mergeUser as a pure function, then provisionUsers end to end against the
 * emulator (half the export exists, dry runs write nothing, lost races on POST and PUT converge, one bad user does
 * not stop the rest, a permission failure stops everything), and the three report formats.
 */
import { beforeEach, describe, expect, test } from "vitest";

import type { Seed } from "../../lib/emulator";
import type { ClientOptions, GenesysClient } from "../../lib/genesys/client";
import { createGenesysClient } from "../../lib/genesys/client";
import { GenesysApiError, isUniquenessConflict, isVersionConflict } from "../../lib/genesys/errors";
import type { ScimUserResource } from "../../lib/genesys/schemas";
import type { DesiredUser } from "../../lib/scim/model";
import { renderUsersJson, renderUsersMarkdown, renderUsersText } from "../../lib/scim/users-report";
import type { UsersResult } from "../../lib/scim/users";
import { createUserBody, mergeUser } from "../../lib/scim/user-body";
import { provisionUsers, usersExitCode } from "../../lib/scim/users";
import { DEMO, useEmulator } from "../emulator/helpers";
import { VirtualClock } from "../virtual-clock";

const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GENESYS = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User";
const USERS = "/api/v2/scim/v2/users";

const desired = (userName: string, extra: Partial<DesiredUser> = {}): DesiredUser => ({
  userName,
  displayName: extra.displayName ?? userName.split("@")[0]!,
  origin: `export.csv:${userName}`,
  ...extra,
});

/** A user as Genesys returns it, with attributes gcguard does not manage. */
const existing = (): ScimUserResource => ({
  schemas: [CORE, ENTERPRISE, GENESYS],
  id: "u-1",
  userName: "ada@acme.example",
  displayName: "Ada Lovelace",
  active: true,
  title: "Analyst",
  emails: [{ value: "ada@acme.example", type: "work", primary: true }],
  phoneNumbers: [{ value: "+44 20 7946 0000", type: "work" }],
  roles: [{ value: "employee" }],
  password: "never-sent-back",
  groups: [{ type: "Group", value: "g-1" }],
  [ENTERPRISE]: {
    division: "Home",
    department: "Sales",
    manager: { value: "u-2", displayName: "Charles Babbage" },
  },
  [GENESYS]: {
    routingSkills: [{ name: "French", proficiency: 4 }],
    routingLanguages: [{ name: "English", proficiency: 5 }],
    externalIds: [
      { authority: "x-pc:scimv2:v1", value: "immutable-1" },
      { authority: "hr-system", value: "HR-1" },
    ],
  },
  meta: { resourceType: "User", version: '"7"', location: "https://api.example/users/u-1" },
});

/** Pacing and retry waits of the clients here pass on this clock, not in real time. */
const clock = new VirtualClock();

describe("mergeUser", () => {
  test("overwrites only what the export sets and keeps every other writable attribute", () => {
    const input = existing();
    const { body, changes, diff } = mergeUser(input, {
      userName: "ada@acme.example",
      displayName: "Ada King",
      title: "Countess",
      department: "Research",
      origin: "x:1",
    });
    expect(changes).toEqual(["displayName", "title", "department"]);
    expect(diff).toEqual([
      { attribute: "displayName", from: "Ada Lovelace", to: "Ada King" },
      { attribute: "title", from: "Analyst", to: "Countess" },
      { attribute: "department", from: "Sales", to: "Research" },
    ]);
    expect(body).toEqual({
      schemas: [CORE, ENTERPRISE, GENESYS],
      userName: "ada@acme.example",
      displayName: "Ada King",
      active: true,
      title: "Countess",
      emails: [{ value: "ada@acme.example", type: "work", primary: true }],
      phoneNumbers: [{ value: "+44 20 7946 0000", type: "work" }],
      roles: [{ value: "employee" }],
      [ENTERPRISE]: { division: "Home", department: "Research", manager: { value: "u-2" } },
      [GENESYS]: {
        routingSkills: [{ name: "French", proficiency: 4 }],
        routingLanguages: [{ name: "English", proficiency: 5 }],
        externalIds: [{ authority: "hr-system", value: "HR-1" }],
      },
    });
    expect(input).toEqual(existing()); // not mutated
  });

  test("leaves out id, meta, groups, password and immutable x-pc:scimv2:v1 external ids, even unchanged", () => {
    const { body, changes } = mergeUser(existing(), desired("ada@acme.example", { displayName: "Ada Lovelace" }));
    expect(changes).toEqual([]);
    for (const key of ["id", "meta", "groups", "password"]) expect(body).not.toHaveProperty(key);
    expect((body[GENESYS] as { externalIds?: unknown }).externalIds).toEqual([
      { authority: "hr-system", value: "HR-1" },
    ]);
    const onlyImmutable = existing();
    (onlyImmutable[GENESYS] as { externalIds: unknown[] }).externalIds = [
      { authority: "x-pc:scimv2:v1:abc", value: "1" },
    ];
    expect(mergeUser(onlyImmutable, desired("ada@acme.example")).body[GENESYS]).toEqual({
      routingSkills: [{ name: "French", proficiency: 4 }],
      routingLanguages: [{ name: "English", proficiency: 5 }],
    });
  });

  test("compares divisions by name case-insensitively, other values exactly, and trims the export's strings", () => {
    const same = mergeUser(
      existing(),
      desired("ada@acme.example", { displayName: " Ada Lovelace ", division: "HOME" }),
    );
    expect(same.changes).toEqual([]);
    expect(same.body[ENTERPRISE]).toMatchObject({ division: "Home" });
    const moved = mergeUser(existing(), desired("ada@acme.example", { displayName: "Ada Lovelace", title: "analyst" }));
    expect(moved.diff).toEqual([{ attribute: "title", from: "Analyst", to: "analyst" }]);
  });

  test("sets active, externalId and employeeNumber, and an empty string clears an optional attribute", () => {
    const { body, diff } = mergeUser(existing(), {
      ...desired("ada@acme.example", { displayName: "Ada Lovelace" }),
      active: false,
      externalId: "entra-9",
      title: "",
      employeeNumber: "E-42",
    });
    expect(diff).toEqual([
      { attribute: "active", from: true, to: false },
      { attribute: "title", from: "Analyst", to: null },
      { attribute: "externalId", from: null, to: "entra-9" },
      { attribute: "employeeNumber", from: null, to: "E-42" },
    ]);
    expect(body).toMatchObject({ active: false, externalId: "entra-9", [ENTERPRISE]: { employeeNumber: "E-42" } });
    expect(body).not.toHaveProperty("title");
  });

  test("adds the enterprise extension and its schema when the user has none", () => {
    const bare: ScimUserResource = { schemas: [CORE], id: "u-3", userName: "x@acme.example", displayName: "X" };
    const { body } = mergeUser(bare, desired("x@acme.example", { displayName: "X", department: "Ops" }));
    expect(body).toEqual({
      schemas: [CORE, ENTERPRISE],
      userName: "x@acme.example",
      displayName: "X",
      [ENTERPRISE]: { department: "Ops" },
    });
  });

  test("createUserBody: the userName as primary work email, the set attributes, the extension only when needed", () => {
    expect(createUserBody(desired("new@acme.example", { displayName: "New", title: "Agent" })).body).toEqual({
      schemas: [CORE],
      userName: "new@acme.example",
      displayName: "New",
      emails: [{ value: "new@acme.example", type: "work", primary: true }],
      title: "Agent",
    });
    const withDivision = createUserBody(desired("new@acme.example", { displayName: "New", division: "Billing" }));
    expect(withDivision.body).toMatchObject({ schemas: [CORE, ENTERPRISE], [ENTERPRISE]: { division: "Billing" } });
    expect(withDivision.diff).toEqual([
      { attribute: "displayName", from: null, to: "New" },
      { attribute: "division", from: null, to: "Billing" },
    ]);
  });
});

describe("provisionUsers against the demo org", () => {
  const api = useEmulator();
  const client = (extra: Partial<ClientOptions> = {}): GenesysClient =>
    createGenesysClient({
      baseUrl: api().emulator.url,
      clientId: "gcguard-ci",
      clientSecret: "demo-secret-ci",
      env: {},
      clock,
      retry: { baseDelayMs: 5 },
      ...extra,
    });
  const state = async () => (await api().admin<Seed>("GET", "/state")).body;
  const userByEmail = (s: Seed, email: string) => s.users.filter((u) => u.email.toLowerCase() === email.toLowerCase());
  const requests = async () =>
    (await api().admin<{ byRoute: Record<string, number> }>("GET", "/requests")).body.byRoute;

  beforeEach(async () => {
    await api().admin("DELETE", "/faults");
    await api().admin("POST", "/reset");
  });

  /** Half exists (Ada, Alan, Grace), half is new. */
  const EXPORT: readonly DesiredUser[] = [
    desired("ada@acme.example", { displayName: "Ada King", title: "Countess" }),
    desired("ALAN@acme.example", { displayName: "Alan Turing", division: "Billing" }),
    desired("grace@acme.example", { displayName: "Grace Hopper" }),
    desired("nia@acme.example", { displayName: "Nia Okafor", department: "Research", division: "customer support" }),
    desired("omar@acme.example", { displayName: "Omar Haddad", externalId: "entra-2001", title: "Agent" }),
    desired("pia@acme.example", { displayName: "Pia Larsen", active: false }),
  ];

  test("an export where half the users exist ends with each user present once, existing ones merged", async () => {
    const before = await state();
    const result = await provisionUsers(client(), EXPORT, { apply: true });
    expect(result.failed).toEqual([]);
    expect(result.created.map((e) => e.userName)).toEqual([
      "nia@acme.example",
      "omar@acme.example",
      "pia@acme.example",
    ]);
    expect(result.merged.map((e) => [e.userName, e.id, e.changes.map((c) => c.attribute)])).toEqual([
      ["ada@acme.example", DEMO.ada, ["displayName", "title"]],
      ["ALAN@acme.example", DEMO.alan, ["division"]],
    ]);
    expect(result.unchanged.map((e) => e.id)).toEqual([DEMO.grace]);
    expect(usersExitCode(result)).toBe(0);

    const after = await state();
    for (const user of EXPORT) expect(userByEmail(after, user.userName)).toHaveLength(1);
    expect(after.users).toHaveLength(before.users.length + 3);
    const ada = userByEmail(after, "ada@acme.example")[0]!;
    // Merged: the export's values; kept: id, the department and externalId it does not set, group memberships.
    expect(ada).toMatchObject({ id: DEMO.ada, name: "Ada King", title: "Countess", department: "Sales" });
    expect(ada.externalId).toBe("entra-1001");
    expect(after.groups).toEqual(before.groups);
    expect(userByEmail(after, "alan@acme.example")[0]).toMatchObject({ divisionId: DEMO.billing, department: "Sales" });
    expect(userByEmail(after, "nia@acme.example")[0]).toMatchObject({
      divisionId: DEMO.customerSupport,
      department: "Research",
      state: "active",
    });
    expect(userByEmail(after, "omar@acme.example")[0]).toMatchObject({
      externalId: "entra-2001",
      divisionId: DEMO.home,
    });
    expect(userByEmail(after, "pia@acme.example")[0]).toMatchObject({ state: "inactive" });

    // A second run finds nothing to do and writes nothing.
    await api().admin("DELETE", "/requests");
    const again = await provisionUsers(client(), EXPORT, { apply: true });
    expect(again.unchanged).toHaveLength(EXPORT.length);
    expect(usersExitCode(again)).toBe(0);
    const calls = await requests();
    expect(calls[`POST ${USERS}`]).toBeUndefined();
    expect(calls[`PUT ${USERS}/:userId`]).toBeUndefined();
  });

  test("a dry run leaves the org byte-for-byte unchanged and reports the changes with old and new values", async () => {
    const before = JSON.stringify(await state());
    const result = await provisionUsers(client(), EXPORT, { apply: false });
    expect(JSON.stringify(await state())).toBe(before);
    expect(result.apply).toBe(false);
    expect(result.created.map((e) => e.userName)).toEqual([
      "nia@acme.example",
      "omar@acme.example",
      "pia@acme.example",
    ]);
    expect(result.merged.find((e) => e.id === DEMO.alan)?.changes).toEqual([
      { attribute: "division", from: "Home", to: "Billing" },
    ]);
    expect(result.created[1]?.changes).toEqual([
      { attribute: "displayName", from: null, to: "Omar Haddad" },
      { attribute: "title", from: null, to: "Agent" },
      { attribute: "externalId", from: null, to: "entra-2001" },
    ]);
    expect(usersExitCode(result)).toBe(1); // drift found
  });

  test("a user created between the lookup and the POST (409 uniqueness) is merged, not duplicated", async () => {
    const genesys = client();
    const lookup = genesys.users.byEmails.bind(genesys.users);
    // Another writer creates the user right after gcguard looked.
    genesys.users.byEmails = async (emails) => {
      const found = await lookup(emails);
      const created = await api().call("POST", USERS, {
        body: {
          schemas: [CORE, ENTERPRISE],
          userName: "race@acme.example",
          displayName: "Created Elsewhere",
          [ENTERPRISE]: { department: "Elsewhere" },
        },
      });
      expect(created.status).toBe(201);
      return found;
    };
    const logs: string[] = [];
    const result = await provisionUsers(
      genesys,
      [desired("race@acme.example", { displayName: "Race Winner", title: "Agent" })],
      { apply: true, log: (line) => logs.push(line) },
    );
    expect(result.created).toEqual([]);
    expect(result.merged).toHaveLength(1);
    expect(result.merged[0]?.changes).toEqual([
      { attribute: "displayName", from: "Created Elsewhere", to: "Race Winner" },
      { attribute: "title", from: null, to: "Agent" },
    ]);
    expect(logs.some((l) => l.includes("409 uniqueness"))).toBe(true);
    const users = userByEmail(await state(), "race@acme.example");
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ name: "Race Winner", title: "Agent", department: "Elsewhere" });
  });

  test("a user the search cannot see (another division) meets 409 uniqueness on POST and is merged", async () => {
    // gcguard-bpo cannot see Partner BPO, where Margaret is; the SCIM userName filter still finds her.
    const bpo = client({ clientId: "gcguard-bpo", clientSecret: "demo-secret-bpo" });
    const result = await provisionUsers(bpo, [desired("margaret@acme.example", { displayName: "Margaret H." })], {
      apply: true,
    });
    expect(result.merged.map((e) => e.id)).toEqual([DEMO.margaret]);
    expect(userByEmail(await state(), "margaret@acme.example")).toEqual([
      expect.objectContaining({ id: DEMO.margaret, name: "Margaret H.", divisionId: DEMO.partnerBpo }),
    ]);
  });

  test("a PUT that loses a race re-reads, re-merges and converges, keeping the other writer's change", async () => {
    const genesys = client();
    const read = genesys.scim.getUser.bind(genesys.scim);
    let raced = false;
    // Another writer changes Ada's department right after gcguard read her.
    genesys.scim.getUser = async (userId) => {
      const got = await read(userId);
      if (!raced) {
        raced = true;
        const patched = await api().call("PATCH", `${USERS}/${userId}`, {
          body: {
            schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            Operations: [{ op: "replace", path: `${ENTERPRISE}:department`, value: "Marketing" }],
          },
        });
        expect(patched.status).toBe(200);
      }
      return got;
    };
    await api().admin("DELETE", "/requests");
    const result = await provisionUsers(
      genesys,
      [desired("ada@acme.example", { displayName: "Ada Lovelace", title: "Countess" })],
      {
        apply: true,
      },
    );
    expect(result.merged.map((e) => e.id)).toEqual([DEMO.ada]);
    expect((await requests())[`PUT ${USERS}/:userId`]).toBe(2);
    expect(userByEmail(await state(), "ada@acme.example")[0]).toMatchObject({
      title: "Countess",
      department: "Marketing",
    });
  });

  test("fails a user after maxConflicts version conflicts, and carries on with the others", async () => {
    // §7.2: a 409 on PUT is a version conflict; this one never clears for Ada.
    await api().admin("PUT", "/faults", [{ kind: "status", status: 409, match: `PUT ${USERS}/${DEMO.ada}` }]);
    await api().admin("DELETE", "/requests");
    const result = await provisionUsers(
      client(),
      [
        desired("ada@acme.example", { displayName: "Ada King" }),
        desired("alan@acme.example", { displayName: "Alan M. Turing" }),
      ],
      { apply: true, maxConflicts: 2 },
    );
    expect(result.failed).toEqual([
      expect.objectContaining({
        userName: "ada@acme.example",
        id: DEMO.ada,
        changes: [{ attribute: "displayName", from: "Ada Lovelace", to: "Ada King" }],
        error: expect.stringContaining("still a version conflict after 2 re-read(s)") as unknown,
      }),
    ]);
    expect(result.merged.map((e) => e.id)).toEqual([DEMO.alan]);
    expect((await requests())[`PUT ${USERS}/:userId`]).toBe(4); // Ada 1 + 2 retries, Alan 1
    expect(usersExitCode(result)).toBe(1);
  });

  test("one bad user (an unknown division: 400) fails while the others succeed", async () => {
    const result = await provisionUsers(
      client(),
      [
        desired("quinn@acme.example", { displayName: "Quinn", division: "Atlantis" }),
        desired("grace@acme.example", { displayName: "Grace Hopper", division: "Atlantis" }),
        desired("ravi@acme.example", { displayName: "Ravi" }),
      ],
      { apply: true },
    );
    expect(result.failed.map((e) => [e.userName, e.error])).toEqual([
      ["quinn@acme.example", expect.stringContaining("400 invalidValue: Division 'Atlantis' does not exist.")],
      ["grace@acme.example", expect.stringContaining("400 invalidValue: Division 'Atlantis' does not exist.")],
    ]);
    expect(result.failed[1]?.changes).toEqual([{ attribute: "division", from: "Home", to: "Atlantis" }]);
    expect(result.created.map((e) => e.userName)).toEqual(["ravi@acme.example"]);
    const after = await state();
    expect(userByEmail(after, "quinn@acme.example")).toEqual([]);
    expect(userByEmail(after, "ravi@acme.example")).toHaveLength(1);
    expect(usersExitCode(result)).toBe(1);
  });

  test("fails every copy of a userName the export lists twice, without touching Genesys for it", async () => {
    const result = await provisionUsers(
      client(),
      [desired("twin@acme.example", { origin: "a.csv:2" }), desired("TWIN@acme.example", { origin: "a.csv:9" })],
      { apply: true },
    );
    expect(result.failed.map((e) => e.error)).toEqual([
      "userName appears 2 times in the export (a.csv:2, a.csv:9); keep one",
      "userName appears 2 times in the export (a.csv:2, a.csv:9); keep one",
    ]);
    expect(userByEmail(await state(), "twin@acme.example")).toEqual([]);
  });

  test("fails the whole run on a permission error (403) instead of failing each user", async () => {
    const readonly = client({ clientId: "gcguard-readonly", clientSecret: "demo-secret-readonly" });
    await expect(
      provisionUsers(readonly, [desired("sam@acme.example"), desired("tia@acme.example")], { apply: true }),
    ).rejects.toMatchObject({ status: 403, code: "missing.permissions" });
    // The same client may still look: a dry run needs only view permissions.
    const dry = await provisionUsers(readonly, [desired("sam@acme.example")], { apply: false });
    expect(dry.created.map((e) => e.userName)).toEqual(["sam@acme.example"]);
  });
});

describe("SCIM user operations and conflict helpers", () => {
  const api = useEmulator();
  const client = () =>
    createGenesysClient({
      baseUrl: api().emulator.url,
      clientId: "gcguard-ci",
      clientSecret: "demo-secret-ci",
      env: {},
      clock,
    });

  test("create, get and replace a user with its ETag; the whole representation comes back", async () => {
    const genesys = client();
    const created = await genesys.scim.createUser({
      schemas: [CORE, ENTERPRISE],
      userName: "ops@acme.example",
      displayName: "Ops",
      [ENTERPRISE]: { department: "Ops" },
    });
    expect(created.etag).toBe('"1"');
    const { user, etag } = await genesys.scim.getUser(created.user.id);
    expect(etag).toBe('"1"');
    // Nothing is trimmed away: emails, groups and both extensions are kept for a full replace.
    expect(user).toMatchObject({
      userName: "ops@acme.example",
      emails: [{ value: "ops@acme.example", type: "work", primary: true }],
      groups: [],
      [ENTERPRISE]: { division: "Home", department: "Ops" },
      [GENESYS]: { routingSkills: [], routingLanguages: [] },
      meta: { resourceType: "User", version: '"1"' },
    });
    const replaced = await genesys.scim.replaceUser(
      user.id,
      { ...mergeUser(user, desired("ops@acme.example", { displayName: "Ops Team" })).body },
      etag,
    );
    expect(replaced).toMatchObject({ etag: '"2"', user: { displayName: "Ops Team" } });
    expect((await genesys.scim.fullUserByUserName("KEN@acme.example"))?.active).toBe(false); // inactive users too
    expect(await genesys.scim.fullUserByUserName("nobody@acme.example")).toBeUndefined();
  });

  test("a stale If-Match is a version conflict whatever the status (§7.2); a taken userName is not", async () => {
    const genesys = client();
    const { user, etag } = await genesys.scim.getUser(DEMO.grace);
    const body = mergeUser(user, desired("grace@acme.example", { displayName: "Grace B. Hopper" })).body;
    await genesys.scim.replaceUser(DEMO.grace, body, etag);
    for (const status of [400, 409, 412] as const) {
      await api().admin("PATCH", "/settings", { scimVersionMismatchStatus: status });
      const stale = await genesys.scim.replaceUser(DEMO.grace, body, etag).catch((e: unknown) => e);
      expect(stale).toMatchObject({ status, code: "invalidVers" });
      expect([isVersionConflict(stale), isUniquenessConflict(stale)]).toEqual([true, false]);
    }
    await api().admin("PATCH", "/settings", { scimVersionMismatchStatus: 409 });
    const taken = await genesys.scim
      .createUser({ schemas: [CORE], userName: "grace@acme.example", displayName: "Grace" })
      .catch((e: unknown) => e);
    expect(taken).toMatchObject({ status: 409, code: "uniqueness" });
    expect([isVersionConflict(taken), isUniquenessConflict(taken)]).toEqual([false, true]);
  });

  test("conflict helpers: a bare 409 on POST /users is uniqueness, other 400s and non-API errors are neither", () => {
    const error = (status: number, code: string | undefined, method = "PUT", path = `${USERS}/u-1`) =>
      new GenesysApiError({ status, code, message: "x", method, path });
    expect(isUniquenessConflict(error(409, undefined, "POST", USERS))).toBe(true);
    expect(isVersionConflict(error(409, undefined, "POST", USERS))).toBe(false);
    expect(isUniquenessConflict(error(409, "uniqueness"))).toBe(true);
    expect(isVersionConflict(error(409, "general.conflict"))).toBe(true);
    expect(isVersionConflict(error(412, undefined))).toBe(true);
    expect(isVersionConflict(error(400, "invalidValue"))).toBe(false);
    expect(isVersionConflict(new Error("409"))).toBe(false);
    expect(isUniquenessConflict({ status: 409, code: "uniqueness" })).toBe(false);
  });
});

describe("users reports", () => {
  const hostile = "<b>x</b>|*y*@acme.example";
  const result: UsersResult = {
    apply: false,
    created: [
      {
        userName: hostile,
        origin: "export.csv:2",
        changes: [{ attribute: "displayName", from: null, to: "Bo | `tick`" }],
      },
    ],
    merged: [
      {
        userName: "ada@acme.example",
        origin: "export.csv:3",
        id: DEMO.ada,
        changes: [{ attribute: "active", from: true, to: false }],
      },
    ],
    unchanged: [{ userName: "grace@acme.example", origin: "export.csv:4", id: DEMO.grace, changes: [] }],
    failed: [{ userName: "bad@acme.example", origin: "export.csv:5", changes: [], error: "POST failed: 400\nboom" }],
  };

  test("text lists creates, merges and failures with old -> new values, and the exit code", () => {
    expect(renderUsersText(result)).toBe(
      [
        "gcguard scim users (dry run: nothing was written)",
        "",
        "to create (1):",
        `  ${hostile}  (export.csv:2)`,
        '      displayName: (none) -> "Bo | `tick`"',
        "",
        "to merge (1):",
        `  ada@acme.example ${DEMO.ada}  (export.csv:3)`,
        "      active: true -> false",
        "",
        "failed (1):",
        "  bad@acme.example  (export.csv:5)",
        "      error: POST failed: 400 boom",
        "",
        "1 to create, 1 to merge, 1 unchanged, 1 failed; exit 1",
        "",
      ].join("\n"),
    );
  });

  test("JSON is versioned and stable, with null for absent values", () => {
    const json = JSON.parse(renderUsersJson(result)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual([
      "version",
      "apply",
      "exitCode",
      "summary",
      "created",
      "merged",
      "unchanged",
      "failed",
    ]);
    expect(json).toMatchObject({
      version: 1,
      apply: false,
      exitCode: 1,
      summary: { created: 1, merged: 1, unchanged: 1, failed: 1 },
      created: [
        { userName: hostile, id: null, changes: [{ attribute: "displayName", from: null, to: "Bo | `tick`" }] },
      ],
      failed: [{ userName: "bad@acme.example", error: "POST failed: 400\nboom" }],
    });
    expect(renderUsersJson(result)).toBe(renderUsersJson(result));
  });

  test("Markdown escapes names and values so they cannot break the table or render as markup", () => {
    const md = renderUsersMarkdown(result);
    expect(md).toContain("## gcguard scim users: 1 to create, 1 to merge, 1 unchanged, 1 failed");
    expect(md).toContain("Dry run: nothing was written · exit code 1");
    expect(md).toContain("| to create | &lt;b&gt;x&lt;/b&gt;\\|\\*y\\*@acme.example | `export.csv:2` |");
    expect(md).toContain("displayName: _none_ → `` Bo \\| `tick` ``");
    expect(md).toContain("| failed | bad@acme.example | `export.csv:5` | POST failed: 400 boom |");
    expect(md).not.toContain("<b>");
    for (const row of md.split("\n").filter((l) => l.startsWith("| "))) {
      expect(row.replace(/\\\|/g, "").split("|")).toHaveLength(6);
    }
  });
});
