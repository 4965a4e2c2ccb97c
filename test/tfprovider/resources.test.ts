import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { createProviderContext } from "../../lib/tfprovider/context";
import { dataSourceByType, resourceByType } from "../../lib/tfprovider/resources";
import type { ObjectValue, ProviderContext, ResourceImpl } from "../../lib/tfprovider/types";
import { Unknown } from "../../lib/tfprovider/types";
import { DEMO, useEmulator } from "../emulator/helpers";
import type { Api } from "../emulator/helpers";

const fixture = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Replaces the correlation ids (random per request) with <corr>. */
const anonymise = (text: string, corrs: readonly string[]) => corrs.reduce((t, c) => t.split(c).join("<corr>"), text);

function providerConfig(api: Api, extra: ObjectValue = {}): ObjectValue {
  return {
    oauthclient_id: "gcguard-ci",
    oauthclient_secret: "demo-secret-ci",
    gateway: [{ host: "127.0.0.1", port: String(api.emulator.port), protocol: "http", path_params: [], auth: [] }],
    ...extra,
  };
}

async function connect(api: Api): Promise<ProviderContext> {
  const { ctx, diagnostics } = await createProviderContext(providerConfig(api), {}, { timeScale: 0 });
  expect(diagnostics).toEqual([]);
  return ctx;
}

const impl = (type: string): ResourceImpl => {
  const r = resourceByType(type);
  if (!r) throw new Error(type);
  return r;
};

async function counts(api: Api): Promise<Record<string, number>> {
  return (await api.admin<{ byRoute: Record<string, number> }>("GET", "/requests")).body.byRoute;
}

describe("provider configuration", () => {
  const api = useEmulator();

  test("logs in through the gateway (1 + token pool) and makes the start-up calls", async () => {
    await api().admin("DELETE", "/requests");
    const { ctx, diagnostics } = await createProviderContext(providerConfig(api(), { token_pool_size: 2 }), {});
    expect(diagnostics).toEqual([]);
    expect(ctx.apiBaseUrl).toBe(`http://127.0.0.1:${api().emulator.port}`);
    expect(await counts(api())).toEqual({
      "GET /api/v2/authorization/products": 1,
      "GET /api/v2/organizations/me": 1,
      "POST /oauth/token": 3,
    });
  });

  test("takes the gateway and credentials from GENESYSCLOUD_* variables; config wins", async () => {
    const env = {
      GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "wrong",
      GENESYSCLOUD_GATEWAY_HOST: "127.0.0.1",
      GENESYSCLOUD_GATEWAY_PORT: String(api().emulator.port),
      GENESYSCLOUD_GATEWAY_PROTOCOL: "http",
    };
    const ok = await createProviderContext({ oauthclient_secret: "demo-secret-ci", token_pool_size: 1 }, env);
    expect(ok.diagnostics).toEqual([]);
    const bad = await createProviderContext({ token_pool_size: 1 }, env);
    expect(bad.diagnostics[0]?.summary).toMatch(
      /^failed to authorize Genesys Cloud client credentials: Auth Error: \d{3} - invalid_client \(authentication failed\)$/,
    );
    expect(bad.diagnostics[0]?.detail).toBeUndefined();
    expect(JSON.stringify(bad.diagnostics)).not.toContain("wrong");
  });

  test("refuses an unknown region", async () => {
    const { diagnostics } = await createProviderContext({ access_token: "t", aws_region: "mars-1" }, {});
    expect(diagnostics[0]?.summary).toMatch(/^expected aws_region to be one of \["us-east-1" .*\], got mars-1$/);
    expect(diagnostics[0]?.attribute).toEqual(["aws_region"]);
  });

  test("sends the provider's User-Agent and retries a 503 like the Go SDK", async () => {
    const ctx = await connect(api());
    await api().admin("PUT", "/faults", [
      { kind: "status", status: 503, match: "GET /api/v2/authorization/divisions/home", times: 2 },
    ]);
    const res = await ctx.request({ method: "GET", path: "/api/v2/authorization/divisions/home" });
    await api().admin("DELETE", "/faults");
    expect(res.status).toBe(200);
    expect(res.urlPath).toBe("/api/v2/authorization/divisions/home");
  });
});

describe("genesyscloud_auth_division", () => {
  const api = useEmulator();
  const division = impl("genesyscloud_auth_division");

  test("creates, reads, updates, imports and deletes", async () => {
    const ctx = await connect(api());
    const created = await division.apply(
      { prior: null, planned: { id: Unknown, name: "Tier 3", description: "d", home: null }, config: null },
      ctx,
    );
    expect(created.diagnostics ?? []).toEqual([]);
    const state = created.state as ObjectValue;
    expect(state).toMatchObject({ name: "Tier 3", description: "d", home: false });
    const updated = await division.apply(
      { prior: state, planned: { ...state, name: "Tier Three", description: null }, config: null },
      ctx,
    );
    expect(updated.state).toMatchObject({ name: "Tier Three", description: null });
    const imported = await division.importState(state.id as string, ctx);
    expect((await division.read(imported.state as ObjectValue, ctx)).state).toMatchObject({ name: "Tier Three" });
    const deleted = await division.apply({ prior: updated.state, planned: null, config: null }, ctx);
    expect(deleted).toEqual({ state: null });
    expect(await division.read(state, ctx)).toEqual({ state: null });
  });

  test("a duplicate name fails with the provider's 409 diagnostic", async () => {
    const ctx = await connect(api());
    const res = await division.apply(
      { prior: null, planned: { name: "Billing", description: null }, config: null },
      ctx,
    );
    expect(res.state).toBeNull();
    const [d] = res.diagnostics ?? [];
    const corrs = [...(d?.detail ?? "").matchAll(/"correlationId":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(anonymise(d?.summary ?? "", corrs)).toBe(fixture("division-create-409.summary.txt"));
    expect(anonymise(d?.detail ?? "", corrs)).toBe(fixture("division-create-409.detail.txt"));
  });

  test("deleting non-empty Legacy Sales retries on 400 ten times, then reports the real 400", async () => {
    const ctx = await connect(api());
    await api().admin("DELETE", "/requests");
    const prior = { id: DEMO.legacySales, name: "Legacy Sales", description: null, home: false };
    const res = await division.apply({ prior, planned: null, config: null }, ctx);
    expect(res.state).toEqual(prior);
    const summary = res.diagnostics?.[0]?.summary ?? "";
    const corrs = (summary.match(/\(([^)]*)\)/g) ?? []).map((m) => m.slice(1, -1)).filter((c) => UUID.test(c));
    expect(anonymise(summary, [...new Set(corrs)])).toBe(fixture("division-delete-nonempty.summary.txt"));
    expect((await counts(api()))["DELETE /api/v2/authorization/divisions/:divisionId"]).toBe(10);
  });

  test("the home division is adopted on create and never deleted", async () => {
    const ctx = await connect(api());
    const res = await division.apply(
      { prior: null, planned: { name: "Home", description: "The home division", home: true }, config: null },
      ctx,
    );
    expect(res.state).toMatchObject({ id: DEMO.home, home: true });
    expect(await division.apply({ prior: res.state, planned: null, config: null }, ctx)).toEqual({ state: null });
    expect(api().emulator.state.divisions.has(DEMO.home)).toBe(true);
  });
});

describe("genesyscloud_group", () => {
  const api = useEmulator();
  const group = impl("genesyscloud_group");

  test("create POSTs, PUTs the description, PATCHes the voicemail policy; delete polls until gone", async () => {
    const ctx = await connect(api());
    await api().admin("DELETE", "/requests");
    const planned: ObjectValue = {
      id: Unknown,
      name: "GC-Billing",
      description: "billing agents",
      type: "official",
      visibility: "public",
      member_ids: Unknown,
      owner_ids: Unknown,
      voicemail_policy: [
        { send_email_notifications: true, disable_email_pii: null, include_email_transcriptions: null },
      ],
    };
    const created = await group.apply({ prior: null, planned, config: { ...planned, member_ids: null } }, ctx);
    expect(created.diagnostics ?? []).toEqual([]);
    const state = created.state as ObjectValue;
    expect(state).toMatchObject({
      name: "GC-Billing",
      description: "billing agents",
      member_ids: [],
      owner_ids: [],
      voicemail_policy: [{ send_email_notifications: true, disable_email_pii: false }],
    });
    const byRoute = await counts(api());
    expect(byRoute["POST /api/v2/groups"]).toBe(1);
    expect(byRoute["PUT /api/v2/groups/:groupId"]).toBe(1);
    expect(byRoute["PATCH /api/v2/voicemail/groups/:groupId/policy"]).toBe(1);
    expect(byRoute["GET /api/v2/voicemail/groups/:groupId/policy"]).toBe(1);

    const imported = await group.read((await group.importState(state.id as string, ctx)).state as ObjectValue, ctx);
    expect(imported.state).toMatchObject({ id: state.id, name: "GC-Billing" });

    const withMembers = { ...state, member_ids: [DEMO.ada, DEMO.john] };
    const updated = await group.apply({ prior: state, planned: withMembers, config: withMembers }, ctx);
    expect([...((updated.state as ObjectValue).member_ids as string[])].sort()).toEqual([DEMO.ada, DEMO.john].sort());

    expect(await group.apply({ prior: updated.state, planned: null, config: null }, ctx)).toEqual({ state: null });
    expect(await group.read(state, ctx)).toEqual({ state: null });
  });

  test("without member_ids in config the provider never touches membership", async () => {
    const ctx = await connect(api());
    await api().admin("DELETE", "/requests");
    const prior = (await group.read({ id: DEMO.salesAgents }, ctx)).state as ObjectValue;
    expect((prior.member_ids as string[]).length).toBe(3);
    const planned = { ...prior, description: "SCIM-managed" };
    const res = await group.apply({ prior, planned, config: { ...planned, member_ids: null } }, ctx);
    expect((res.state as ObjectValue).member_ids).toEqual(prior.member_ids);
    const byRoute = await counts(api());
    expect(byRoute["POST /api/v2/groups/:groupId/members"]).toBeUndefined();
    expect(byRoute["DELETE /api/v2/groups/:groupId/members"]).toBeUndefined();
  });
});

describe("genesyscloud_routing_queue", () => {
  const api = useEmulator();
  const queue = impl("genesyscloud_routing_queue");

  test("creates with groups, updates, imports and deletes", async () => {
    const ctx = await connect(api());
    const planned: ObjectValue = {
      id: Unknown,
      name: "Billing Inbound",
      groups: [DEMO.salesAgents],
      members: [],
      division_id: Unknown,
    };
    const created = await queue.apply({ prior: null, planned, config: null }, ctx);
    expect(created.diagnostics ?? []).toEqual([]);
    const state = created.state as ObjectValue;
    expect(state).toMatchObject({
      name: "Billing Inbound",
      division_id: DEMO.home,
      groups: [DEMO.salesAgents],
      members: [],
      skill_evaluation_method: "ALL",
      acw_wrapup_prompt: "MANDATORY_TIMEOUT",
    });
    const updated = await queue.apply(
      {
        prior: state,
        planned: { ...state, description: "bills", groups: [], division_id: DEMO.billing },
        config: null,
      },
      ctx,
    );
    expect(updated.state).toMatchObject({ description: "bills", groups: [], division_id: DEMO.billing });
    const imported = await queue.read((await queue.importState(state.id as string, ctx)).state as ObjectValue, ctx);
    expect(imported.state).toMatchObject({ name: "Billing Inbound" });
    expect(await queue.apply({ prior: updated.state, planned: null, config: null }, ctx)).toEqual({ state: null });
    expect(api().emulator.state.queues.has(state.id as string)).toBe(false);
  });

  test("an adopted queue with ignore_members keeps its direct members", async () => {
    const ctx = await connect(api());
    const imported = await queue.read((await queue.importState(DEMO.salesCallback, ctx)).state as ObjectValue, ctx);
    const prior = imported.state as ObjectValue;
    expect((prior.members as ObjectValue[]).length).toBe(2);
    await api().admin("DELETE", "/requests");
    const proposed = { ...prior, ignore_members: true, members: [], description: "Now in Terraform" };
    const plan = queue.plan?.({ prior, proposed, config: proposed }, { planned: proposed });
    expect(plan?.planned?.members).toEqual(prior.members);
    const res = await queue.apply({ prior, planned: plan?.planned ?? proposed, config: proposed }, ctx);
    expect(res.diagnostics ?? []).toEqual([]);
    expect(api().emulator.state.queues.get(DEMO.salesCallback)?.members.size).toBe(2);
    const byRoute = await counts(api());
    expect(byRoute["POST /api/v2/routing/queues/:queueId/members"]).toBeUndefined();
    expect(byRoute["GET /api/v2/routing/queues/:queueId/members"]).toBeUndefined();
  });

  test("without ignore_members an omitted members block removes every direct member (§5 trap)", async () => {
    const ctx = await connect(api());
    const prior = (await queue.read({ id: DEMO.salesCallback }, ctx)).state as ObjectValue;
    const res = await queue.apply(
      { prior, planned: { ...prior, ignore_members: null, members: [] }, config: null },
      ctx,
    );
    expect(res.state).toMatchObject({ members: [] });
    expect(api().emulator.state.queues.get(DEMO.salesCallback)?.members.size).toBe(0);
  });
});

describe("genesyscloud_user", () => {
  const api = useEmulator();
  const user = impl("genesyscloud_user");

  test("creates, updates, imports, deletes, and restores a deleted user with the same email", async () => {
    const ctx = await connect(api());
    const planned: ObjectValue = {
      id: Unknown,
      name: "Hedy Lamarr",
      email: "hedy@acme.example",
      division_id: Unknown,
      title: "Eng",
    };
    const created = await user.apply({ prior: null, planned, config: null }, ctx);
    expect(created.diagnostics ?? []).toEqual([]);
    const state = created.state as ObjectValue;
    expect(state).toMatchObject({ email: "hedy@acme.example", state: "active", division_id: DEMO.home, title: "Eng" });
    const updated = await user.apply(
      { prior: state, planned: { ...state, department: "R&D", division_id: DEMO.billing }, config: null },
      ctx,
    );
    expect(updated.state).toMatchObject({ department: "R&D", division_id: DEMO.billing });
    const imported = await user.read((await user.importState(state.id as string, ctx)).state as ObjectValue, ctx);
    expect(imported.state).toMatchObject({ name: "Hedy Lamarr" });
    expect(await user.apply({ prior: updated.state, planned: null, config: null }, ctx)).toEqual({ state: null });
    expect(await user.read(state, ctx)).toEqual({ state: null });

    const again = await user.apply({ prior: null, planned, config: null }, ctx);
    expect(again.state).toMatchObject({ id: state.id, state: "active" });
  });

  test("an active user with the same email is not adopted", async () => {
    const ctx = await connect(api());
    const res = await user.apply(
      { prior: null, planned: { name: "Ada", email: "ada@acme.example" }, config: null },
      ctx,
    );
    expect(res.diagnostics?.[0]?.summary).toMatch(/^Failed to create user ada@acme\.example error: API Error: 409 - /);
  });
});

describe("data sources", () => {
  const api = useEmulator();
  const read = async (type: string, config: ObjectValue) => {
    const ctx = await connect(api());
    const ds = dataSourceByType(type);
    if (!ds) throw new Error(type);
    return ds.read(config, ctx);
  };

  test("find divisions, the home division, groups, queues and users", async () => {
    expect((await read("genesyscloud_auth_division", { name: "Billing" })).state).toMatchObject({ id: DEMO.billing });
    expect((await read("genesyscloud_auth_division_home", {})).state).toMatchObject({ id: DEMO.home, name: "Home" });
    expect((await read("genesyscloud_group", { name: "GC-Sales-Agents" })).state).toMatchObject({
      id: DEMO.salesAgents,
    });
    expect((await read("genesyscloud_routing_queue", { name: "Sales Callback" })).state).toMatchObject({
      id: DEMO.salesCallback,
    });
    expect((await read("genesyscloud_user", { email: "ada@acme.example" })).state).toMatchObject({ id: DEMO.ada });
  });

  test("fail as the provider does", async () => {
    expect((await read("genesyscloud_group", { name: "GC-Support-Tier2" })).diagnostics?.[0]?.summary).toBe(
      "Multiple groups found with name GC-Support-Tier2 ",
    );
    expect((await read("genesyscloud_user", {})).diagnostics?.[0]?.summary).toBe("no user search field specified");
    const missing = await read("genesyscloud_auth_division", { name: "Nope" });
    expect(missing.diagnostics?.[0]?.summary).toMatch(
      /^Could not find division "Nope" \| error: unable to find auth division with name Nope\n\{"resourceType":"genesyscloud_auth_division","method":"GET",.*\}\n$/,
    );
  });
});
