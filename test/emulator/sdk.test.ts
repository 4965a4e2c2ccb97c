/**
 * The official Genesys JavaScript SDK against the emulator: if Genesys' own client works against it, the
 * emulator's paths, bodies, auth and errors are the real ones (as far as the SDK encodes them).
 */
import { createRequire } from "node:module";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { RunningEmulator } from "../../lib/emulator";
import { startEmulator } from "../../lib/emulator";
import { DEMO } from "./helpers";

// The SDK ships CommonJS without types we can rely on; describe just the calls this test makes.
interface Listing<T> {
  entities: T[];
  total: number;
}
/** The SDK rejects with the ErrorBody itself. */
interface SdkError {
  status: number;
  code: string;
  message: string;
  messageWithParams: string;
  messageParams: Record<string, string>;
  contextId: string;
}
interface Sdk {
  ApiClient: {
    instance: {
      setGateway(g: { host: string; protocol: string; port: number }): void;
      loginClientCredentialsGrant(id: string, secret: string): Promise<{ accessToken: string }>;
    };
  };
  AuthorizationApi: new () => {
    getAuthorizationDivisions(opts: Record<string, unknown>): Promise<Listing<{ id: string; name: string }>>;
    postAuthorizationDivisions(body: Record<string, unknown>): Promise<{ id: string; name: string }>;
  };
  UsersApi: new () => {
    postUsersSearch(body: Record<string, unknown>): Promise<{ total: number; results: { id: string }[] }>;
  };
  RoutingApi: new () => {
    getRoutingQueues(opts: Record<string, unknown>): Promise<Listing<{ id: string; name: string }>>;
    deleteRoutingQueueMember(queueId: string, memberId: string): Promise<unknown>;
  };
  SCIMApi: new () => {
    getScimV2Groups(
      filter: string,
      opts?: Record<string, unknown>,
    ): Promise<{ totalResults: number; Resources: { id: string; displayName: string }[] }>;
    getScimV2Group(
      groupId: string,
      opts?: Record<string, unknown>,
    ): Promise<{ id: string; members?: { value: string }[]; meta: { version: string } }>;
    patchScimV2Group(
      groupId: string,
      body: Record<string, unknown>,
      opts?: Record<string, unknown>,
    ): Promise<{ members?: { value: string }[]; meta: { version: string } }>;
  };
}

const sdk = createRequire(__filename)("purecloud-platform-client-v2") as Sdk;

describe("the official Genesys JavaScript SDK against the emulator", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator();
    sdk.ApiClient.instance.setGateway({ host: emulator.host, protocol: "http", port: emulator.port });
    await sdk.ApiClient.instance.loginClientCredentialsGrant("gcguard-ci", "demo-secret-ci");
  });
  afterAll(async () => {
    await emulator.close();
  });

  test("logs in with client credentials and lists divisions", async () => {
    const res = await new sdk.AuthorizationApi().getAuthorizationDivisions({ pageSize: 100, objectCount: true });
    expect(res.total).toBe(5);
    expect(res.entities.map((d) => d.name)).toContain("Legacy Sales");
  });

  test("creates a division, and gets the conflict error on a duplicate", async () => {
    const api = new sdk.AuthorizationApi();
    const created = await api.postAuthorizationDivisions({ name: "Created By SDK", description: "x" });
    expect(created.name).toBe("Created By SDK");
    const err = (await api.postAuthorizationDivisions({ name: "created by sdk" }).catch((e: unknown) => e)) as SdkError;
    expect(err).toMatchObject({ status: 409, code: "general.conflict" });
    expect(err.contextId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("searches users by division", async () => {
    const res = await new sdk.UsersApi().postUsersSearch({
      pageSize: 25,
      query: [{ type: "EXACT", fields: ["divisionId"], values: [DEMO.legacySales] }],
    });
    expect(res.results.map((u) => u.id).sort()).toEqual([DEMO.edsger, DEMO.barbara].sort());
  });

  test("lists queues, by name and by division (sent comma-joined by the SDK)", async () => {
    const api = new sdk.RoutingApi();
    const byName = await api.getRoutingQueues({ name: "Sales Callback" });
    expect(byName.entities.map((q) => q.id)).toEqual([DEMO.salesCallback]);
    const byDivisions = await api.getRoutingQueues({ divisionId: [DEMO.legacySales, DEMO.partnerBpo], pageSize: 100 });
    expect(byDivisions.total).toBe(2);
  });

  test("removes one queue member with deleteRoutingQueueMember", async () => {
    await new sdk.RoutingApi().deleteRoutingQueueMember(DEMO.legacyInbound, DEMO.barbara);
    expect(emulator.state.queues.get(DEMO.legacyInbound)?.members.has(DEMO.barbara)).toBe(false);
  });

  test("gets a 429 with Genesys' current code and the message as template and params", async () => {
    emulator.context.faults.set([{ kind: "rate-limit", retryAfterSeconds: 4, times: 1 }]);
    const err = (await new sdk.RoutingApi().getRoutingQueues({}).catch((e: unknown) => e)) as SdkError;
    expect(err).toMatchObject({
      status: 429,
      code: "too.many.requests.retry.after",
      message: "Rate limit exceeded the maximum. Retry the request in [4] seconds",
      messageWithParams: "Rate limit exceeded the maximum. Retry the request in [{retryAfter}] seconds",
      messageParams: { retryAfter: "4" },
    });
  });

  test("reads a SCIM group by display name and patches its members with If-Match", async () => {
    const api = new sdk.SCIMApi();
    const found = await api.getScimV2Groups("displayName eq GC-Sales-Agents");
    expect(found.Resources.map((g) => g.id)).toEqual([DEMO.salesAgents]);
    const group = await api.getScimV2Group(DEMO.salesAgents);
    const patched = await api.patchScimV2Group(
      DEMO.salesAgents,
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "add", path: "members", value: [{ value: DEMO.john }] }],
      },
      { ifMatch: group.meta.version },
    );
    expect(patched.members?.map((m) => m.value)).toContain(DEMO.john);
    expect(patched.meta.version).not.toBe(group.meta.version);
    expect(emulator.state.groups.get(DEMO.salesAgents)?.memberIds.has(DEMO.john)).toBe(true);
  });
});
