/**
 * Resolve on a duplicate-name failure of every kind in the table, from logs built out of the provider's own format
 * strings (test/resolve/fixtures/kinds/README.md): the class and name, the name from the plan when the summary has
 * none, the lookup and adoption through the generic reader, and the import block written for the kind's type.
 * The org is a fake GenesysClient (the emulator's routes for these kinds are not served yet).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test, vi } from "vitest";

import type * as ClientModule from "../../lib/genesys/client";
import type { GenesysClient } from "../../lib/genesys/client";
import type { NamedObject } from "../../lib/genesys/operations/named";
import { nameKey } from "../../lib/names";
import type { KindSpec } from "../../lib/org/kinds";
import { attribute, PlannedIndex } from "../../lib/resolve/attribute";
import { classify, typeFromSummary } from "../../lib/resolve/classify";
import { resolveCommand } from "../../lib/resolve/command";
import { diagnose } from "../../lib/resolve/diagnose";
import { inScope } from "../../lib/resolve/lookup";
import { parseApplyLogText } from "../../lib/resolve/parse";
import { tempDir } from "../helpers";
import type { KindFixture } from "./fixtures/kinds/build";
import { fileOf, FIXTURES } from "./fixtures/kinds/build";

const FORMS = ["human", "json"] as const;
const CASES = FIXTURES.flatMap((f) => FORMS.map((form) => ({ f, form, kind: f.spec.kind })));

/** The org's objects the fake client answers with, by kind. */
let org = new Map<string, NamedObject[]>();

/** A fake client: the generic reader and the three legacy reads, all answering from `org`. */
function fakeClient(): GenesysClient {
  const byNames = (items: readonly NamedObject[], field: string, names: readonly string[]) =>
    new Map(names.map((n) => [nameKey(n), items.filter((i) => nameKey(String(i[field])) === nameKey(n))]));
  const legacy = (kind: string) => ({
    findByNames: async (names: readonly string[]) => byNames(org.get(kind) ?? [], "name", names),
  });
  return {
    named: {
      findByNames: async (listing: { path: string }, field: string, names: readonly string[]) => {
        const kind = FIXTURES.find((f) => f.spec.list.path === listing.path)?.spec.kind ?? "";
        return byNames(org.get(kind) ?? [], field, names);
      },
    },
    divisions: { list: async () => org.get("division") ?? [] },
    groups: legacy("group"),
    queues: legacy("queue"),
    stats: () => undefined,
  } as unknown as GenesysClient;
}

vi.mock("../../lib/genesys/client", async (original) => ({
  ...(await original<typeof ClientModule>()),
  createGenesysClient: () => fakeClient(),
}));

const ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "id", GENESYSCLOUD_OAUTHCLIENT_SECRET: "a-secret-value" };
const ID = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** An object of the kind with the fixture's name (as the API spells it: the kind's name field). */
function existing(spec: KindSpec, name: string, n: number, extra: Record<string, unknown> = {}): NamedObject {
  return { id: ID(n), [spec.name.field]: name, ...extra };
}

/** The plan that creates the fixture's object: its name attribute set to the fixture's name. */
function planOf(f: KindFixture): PlannedIndex {
  const planned = new PlannedIndex();
  planned.add(f.address, { action: "create", name: f.name });
  return planned;
}

async function diagnosed(f: KindFixture, form: "human" | "json", planned = planOf(f)) {
  const { failures } = attribute(await parseApplyLogText(form === "human" ? f.human : f.json), planned);
  const { diagnoses } = await diagnose(failures, { org: () => ({ client: fakeClient() }), planned });
  expect(diagnoses).toHaveLength(1);
  return diagnoses[0]!;
}

describe("the per-kind fixtures", () => {
  test.each(CASES)("$kind ($form) is what build.ts builds from the table", ({ f, form }) => {
    expect(readFileSync(fileOf(f, form), "utf8")).toBe(form === "human" ? f.human : f.json);
  });
});

describe("classify, every kind in the table", () => {
  test.each(CASES)("$kind ($form): a name conflict of that kind, with the summary's name", async ({ f, form }) => {
    const { failures } = attribute(await parseApplyLogText(form === "human" ? f.human : f.json), new PlannedIndex());
    expect(failures).toHaveLength(1);
    const cls = classify(failures[0]!.failure, failures[0]!.address);
    expect(cls).toEqual({ kind: "name-conflict", resource: f.spec.kind, ...(f.nameInSummary ? { name: f.name } : {}) });
  });

  test.each(FIXTURES.filter((f) => !f.nameInSummary).map((f) => ({ f, kind: f.spec.kind })))(
    "$kind: the summary prints no name, so the plan's name is the one looked up",
    async ({ f }) => {
      org = new Map();
      const d = await diagnosed(f, "human");
      expect(d.class).toMatchObject({ kind: "name-conflict", name: f.name });
    },
  );

  test.each(CASES)("$kind ($form): the summary alone names the type", async ({ f, form }) => {
    const parsed = await parseApplyLogText(form === "human" ? f.human : f.json);
    expect(typeFromSummary(parsed.failures[0]!.summary)).toBe(f.spec.type);
  });

  test("the longest prefix wins: a skill group's summary is not a skill's, a user prompt's not a user's", () => {
    expect(typeFromSummary("Failed to create skill groups 0xc000a1b2c3 error: API Error: 400 - x (y)")).toBe(
      "genesyscloud_routing_skill_group",
    );
    expect(typeFromSummary("Failed to create skill Spanish error: API Error: 400 - x (y)")).toBe(
      "genesyscloud_routing_skill",
    );
    expect(typeFromSummary("Failed to create user prompt Welcome: API Error: 400 - x (y)")).toBe(
      "genesyscloud_architect_user_prompt",
    );
    expect(typeFromSummary("Exhausted retries. Last error: Failed to create IVR config Main error: x")).toBe(
      "genesyscloud_architect_ivr",
    );
    expect(typeFromSummary("Failed to create widget Main error: x")).toBeUndefined();
  });

  test("a name holding the format's own separator is kept whole when the SDK text follows", async () => {
    const summary = "Failed to create group Sales: EU: API Error: 409 - A group with that name already exists. (c)";
    const { failures } = attribute(
      await parseApplyLogText(
        `Error: ${summary}\n\n  with genesyscloud_group.x,\n  on main.tf line 1, in resource "genesyscloud_group" "x":\n   1: resource "genesyscloud_group" "x" {\n`,
      ),
      new PlannedIndex(),
    );
    expect(classify(failures[0]!.failure)).toEqual({ kind: "name-conflict", resource: "group", name: "Sales: EU" });
  });
});

describe("diagnose, every kind: the existing object is looked up and adopted", () => {
  test.each(FIXTURES.map((f, i) => ({ f, i, kind: f.spec.kind })))(
    "$kind: one object with the name is adopted by its id",
    async ({ f, i }) => {
      org = new Map([[f.spec.kind, [existing(f.spec, f.name, i, { state: "active" })]]]);
      const d = await diagnosed(f, "json");
      expect(d.adoption).toEqual({ address: f.address, id: ID(i), name: f.name });
      expect(d.headline).toContain(`the ${f.spec.noun} "${f.name}" already exists (id ${ID(i)}); adopt it`);
    },
  );

  test.each(FIXTURES.map((f, i) => ({ f, i, kind: f.spec.kind })))(
    "$kind: two objects with the name give no import",
    async ({ f, i }) => {
      org = new Map([[f.spec.kind, [existing(f.spec, f.name, i), existing(f.spec, f.name.toUpperCase(), i + 100)]]]);
      const d = await diagnosed(f, "human");
      expect(d.adoption).toBeUndefined();
      expect(d.objects).toHaveLength(2);
      expect(d.headline).toContain(`2 ${f.spec.plural} are named`);
      expect(d.explanation.includes("the script the failed apply uploaded")).toBe(f.spec.kind === "script");
    },
  );

  test("a user's email held by a deleted user is no conflict to adopt (the provider restores such users itself)", async () => {
    const f = FIXTURES.find((x) => x.spec.kind === "user")!;
    org = new Map([["user", [existing(f.spec, f.name, 1, { state: "deleted" })]]]);
    const d = await diagnosed(f, "json");
    expect(d.adoption).toBeUndefined();
    expect(d.headline).toContain("no user with that name is visible now");
  });

  test("a 409 on an update stays a version conflict, whatever the kind", async () => {
    const f = FIXTURES.find((x) => x.spec.kind === "wrapupcode")!;
    const json = f.json
      .replace('\\"method\\":\\"POST\\"', '\\"method\\":\\"PUT\\"')
      .replace(/\\"statusCode\\":400/, '\\"statusCode\\":409');
    const { failures } = attribute(await parseApplyLogText(json), new PlannedIndex());
    expect(classify(failures[0]!.failure, failures[0]!.address)).toMatchObject({
      kind: "version-conflict",
      resource: "wrapupcode",
    });
  });
});

describe("gcguard resolve --plan, every kind: the import block is written for the kind's type", () => {
  /** A plan that creates the fixture's object under its name attribute. */
  function planFile(dir: string, f: KindFixture): string {
    const file = path.join(dir, "plan.json");
    const [type, label] = f.address.split(".");
    const change = { actions: ["create"], before: null, after: { [f.spec.name.attribute]: f.name }, after_unknown: {} };
    const provider_name = "registry.terraform.io/mypurecloud/genesyscloud";
    const resource = { address: f.address, mode: "managed", type, name: label, provider_name, change };
    writeFileSync(
      file,
      JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: [resource] }),
    );
    return file;
  }

  test.each(FIXTURES.map((f, i) => ({ f, i, kind: f.spec.kind })))("$kind", async ({ f, i }) => {
    org = new Map([[f.spec.kind, [existing(f.spec, f.name, i)]]]);
    const dir = tempDir();
    const out = path.join(dir, "out");
    let stdout = "";
    const code = await resolveCommand(
      (async function* () {
        yield* f.human.split("\n");
      })(),
      "apply.log",
      // The client is the fake above: the base URL only satisfies the connection settings, nothing is sent to it.
      { plan: planFile(dir, f), out, baseUrl: "http://127.0.0.1:9" },
      {
        stdout: (t) => (stdout += t),
        stderr: () => undefined,
        env: ENV,
      },
    );
    expect(code).toBe(1);
    expect(stdout).toContain(`already exists (id ${ID(i)}); adopt it`);
    expect(readdirSync(out)).toContain("imports.tf");
    const imports = readFileSync(path.join(out, "imports.tf"), "utf8");
    expect(imports).toContain(f.address);
    expect(imports).toContain(ID(i));
  });
});

describe("creates the apply never reached, of any kind", () => {
  test("a skill group whose name is taken is adopted with the failure, named by its noun", async () => {
    const f = FIXTURES.find((x) => x.spec.kind === "wrapupcode")!;
    const group = FIXTURES.find((x) => x.spec.kind === "skillgroup")!;
    org = new Map([
      [f.spec.kind, [existing(f.spec, f.name, 1)]],
      [group.spec.kind, [existing(group.spec, "Night shift", 2)]],
    ]);
    const dir = tempDir();
    const provider_name = "registry.terraform.io/mypurecloud/genesyscloud";
    const create = (address: string, after: Record<string, string>) => {
      const [type, name] = address.split(".");
      const change = { actions: ["create"], before: null, after, after_unknown: {} };
      return { address, mode: "managed", type, name, provider_name, change };
    };
    const plan = path.join(dir, "plan.json");
    writeFileSync(
      plan,
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          create(f.address, { name: f.name }),
          create("genesyscloud_routing_skill_group.night", { name: "Night shift" }),
        ],
      }),
    );
    let stdout = "";
    await resolveCommand(
      (async function* () {
        yield* f.json.split("\n");
      })(),
      "apply.log",
      { plan, out: path.join(dir, "out"), baseUrl: "http://127.0.0.1:9" },
      { stdout: (t) => (stdout += t), stderr: () => undefined, env: ENV },
    );
    expect(stdout).toContain(`the skill group "Night shift" exists (id ${ID(2)}); adopted with the others`);
    expect(readFileSync(path.join(dir, "out", "imports.tf"), "utf8")).toContain(ID(2));
  });
});

describe("scoped kinds", () => {
  test("a flow's candidates are those of the plan's flow type; all of them when the type is unknown", () => {
    const flows = [
      { id: ID(1), name: "Main", kind: "flow" as const, scope: "INBOUNDCALL" },
      { id: ID(2), name: "Main", kind: "flow" as const, scope: "inboundemail" },
    ];
    expect(inScope(flows, "inboundcall").map((o) => o.id)).toEqual([ID(1)]);
    expect(inScope(flows, undefined)).toHaveLength(2);
  });
});

describe("a role that takes a built-in role over (default_role_id)", () => {
  test("claims no name, so resolve does not look it up as a create the apply never reached", async () => {
    const f = FIXTURES.find((x) => x.spec.kind === "wrapupcode")!;
    const role = FIXTURES.find((x) => x.spec.kind === "role")!;
    org = new Map([
      [f.spec.kind, [existing(f.spec, f.name, 1)]],
      [role.spec.kind, [existing(role.spec, "employee", 3)]],
    ]);
    const dir = tempDir();
    const plan = path.join(dir, "plan.json");
    const change = (after: Record<string, string>) => ({ actions: ["create"], before: null, after, after_unknown: {} });
    const provider_name = "registry.terraform.io/mypurecloud/genesyscloud";
    writeFileSync(
      plan,
      JSON.stringify({
        format_version: "1.2",
        resource_changes: [
          {
            address: f.address,
            mode: "managed",
            type: f.spec.type,
            name: "existing",
            provider_name,
            change: change({ name: f.name }),
          },
          {
            address: "genesyscloud_auth_role.employee",
            mode: "managed",
            type: "genesyscloud_auth_role",
            name: "employee",
            provider_name,
            change: change({ name: "employee", default_role_id: "employee" }),
          },
        ],
      }),
    );
    let stdout = "";
    await resolveCommand(
      (async function* () {
        yield* f.json.split("\n");
      })(),
      "apply.log",
      { plan, out: path.join(dir, "out"), baseUrl: "http://127.0.0.1:9", format: "json" },
      { stdout: (t) => (stdout += t), stderr: () => undefined, env: ENV },
    );
    const report = JSON.parse(stdout) as { ahead: unknown[]; failures: { adoption?: { id: string } }[] };
    expect(report.failures[0]?.adoption?.id).toBe(ID(1));
    expect(report.ahead).toEqual([]);
  });
});
