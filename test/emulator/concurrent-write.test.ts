import { beforeEach, describe, expect, test } from "vitest";

import { startEmulator } from "../../lib/emulator";
import type { Seed } from "../../lib/emulator";
import { VirtualClock } from "../virtual-clock";
import { DEMO, useEmulator } from "./helpers";

const GROUPS = "/api/v2/scim/v2/groups";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

interface ScimGroup {
  id: string;
  displayName: string;
  externalId?: string;
  members: { value: string }[];
  meta: { version: string };
}

const addMember = (userId: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "add", path: "members", value: [{ value: userId }] }],
});

describe("emulator: another writer (write faults and the admin write)", () => {
  const clock = new VirtualClock();
  const api = useEmulator({ clock });

  beforeEach(async () => {
    await api().admin("DELETE", "/faults");
    await api().admin("POST", "/reset");
    await api().admin("PATCH", "/settings", { scimVersionMismatchStatus: 409 });
  });

  const group = async (id: string = DEMO.salesAgents) => {
    const state = await api().admin<Seed>("GET", "/state");
    return state.body.groups.find((g) => g.id === id)!;
  };
  const read = async (id: string = DEMO.salesAgents) => {
    const res = await api().call<ScimGroup>("GET", `${GROUPS}/${id}`);
    return { etag: res.headers.get("etag") ?? "", group: res.body };
  };
  const patchWith = (etag: string, body: unknown, id: string = DEMO.salesAgents) =>
    api().call<ScimGroup>("PATCH", `${GROUPS}/${id}`, { body, headers: { "if-match": etag } });

  test("a write rule fires once, on the Nth matching PATCH, which then gets the version-mismatch error", async () => {
    const set = await api().admin("PUT", "/faults", [
      {
        kind: "write",
        match: `PATCH ${GROUPS}/*`,
        after: 1,
        times: 1,
        write: { group: DEMO.salesAgents, addMembers: [DEMO.frances], externalId: "changed-elsewhere" },
      },
    ]);
    expect(set.status).toBe(200);
    const before = await group();

    // The first PATCH goes through untouched (after: 1).
    const first = await patchWith((await read()).etag, addMember(DEMO.donald));
    expect(first.status).toBe(200);
    expect((await group()).version).toBe(before.version + 1);

    // The second: the other writer changes the group between our read and our PATCH.
    const { etag } = await read();
    const raced = await patchWith(etag, addMember(DEMO.margaret));
    expect(raced).toMatchObject({ status: 409, body: { scimType: "invalidVers", status: "409" } });
    const after = await group();
    expect(after.version).toBe(before.version + 2);
    expect(after.memberIds).toContain(DEMO.frances);
    expect(after.memberIds).not.toContain(DEMO.margaret);
    expect(after.externalId).toBe("changed-elsewhere");

    // Spent (times: 1): a re-read and retry converges.
    const retried = await patchWith((await read()).etag, addMember(DEMO.margaret));
    expect(retried.status).toBe(200);
    expect(retried.body.members.map((m) => m.value)).toEqual(expect.arrayContaining([DEMO.frances, DEMO.margaret]));
    expect((await group()).version).toBe(before.version + 3);
  });

  test("the mismatch status is the configured scimVersionMismatchStatus (§7.2: 400, 409 or 412)", async () => {
    await api().admin("PATCH", "/settings", { scimVersionMismatchStatus: 412 });
    await api().admin("PUT", "/faults", [
      {
        kind: "write",
        match: `PATCH ${GROUPS}/*`,
        times: 1,
        write: { group: DEMO.salesAgents, displayName: "Renamed" },
      },
    ]);
    const raced = await patchWith((await read()).etag, addMember(DEMO.donald));
    expect(raced).toMatchObject({ status: 412, body: { scimType: "invalidVers" } });
    expect((await group()).name).toBe("Renamed");
  });

  test("a write that changes nothing does not bump the version, so the PATCH succeeds", async () => {
    const before = await group();
    await api().admin("PUT", "/faults", [
      {
        kind: "write",
        match: `PATCH ${GROUPS}/*`,
        write: {
          group: DEMO.salesAgents,
          addMembers: [DEMO.ada], // already a member
          removeMembers: [DEMO.donald], // not a member
          externalId: before.externalId ?? null,
          displayName: before.name,
        },
      },
    ]);
    const res = await patchWith((await read()).etag, addMember(DEMO.donald));
    expect(res.status).toBe(200);
    expect((await group()).version).toBe(before.version + 1); // the PATCH's own change only
  });

  test("a write rule fires alongside a status or latency rule on the same request", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "status", status: 503, match: `GET ${GROUPS}/*`, times: 1 },
      { kind: "latency", latencyMs: 60, match: `GET ${GROUPS}/*`, times: 1 },
      { kind: "write", match: `GET ${GROUPS}/*`, times: 1, write: { group: DEMO.salesAgents, externalId: null } },
    ]);
    const before = await group();
    const started = clock.now();
    const res = await api().call("GET", `${GROUPS}/${DEMO.salesAgents}`);
    expect(res.status).toBe(503);
    expect(clock.now() - started).toBe(60); // the latency, on the emulator's clock
    const after = await group();
    expect(after.externalId).toBeUndefined();
    expect(after.version).toBe(before.version + 1);
    expect((await api().call("GET", `${GROUPS}/${DEMO.salesAgents}`)).status).toBe(200);
  });

  test("POST /__emulator/groups/:id/write applies a change now, bumping the version once", async () => {
    const before = await group(DEMO.tier2a);
    const res = await api().admin("POST", `/groups/${DEMO.tier2a}/write`, {
      addMembers: [DEMO.frances, DEMO.margaret],
      removeMembers: [DEMO.donald],
      displayName: "GC-Support-Tier2-A",
    });
    expect(res.status).toBe(204);
    const after = await group(DEMO.tier2a);
    expect(after).toMatchObject({ name: "GC-Support-Tier2-A", version: before.version + 1 });
    expect(after.memberIds).toEqual([DEMO.frances, DEMO.margaret]);
    // The same change again is a no-op: 204, no new version.
    await api().admin("POST", `/groups/${DEMO.tier2a}/write`, { addMembers: [DEMO.frances] });
    expect((await group(DEMO.tier2a)).version).toBe(before.version + 1);
  });

  test("fails the admin write for an unknown group (404), unknown users or a bad body (400)", async () => {
    const unknownGroup = await api().admin<{ error: string }>("POST", "/groups/no-such-group/write", {});
    expect(unknownGroup).toMatchObject({ status: 404, body: { error: "unknown group no-such-group" } });
    const unknownUser = await api().admin<{ error: string }>("POST", `/groups/${DEMO.tier2a}/write`, {
      addMembers: ["ghost-1", DEMO.ada],
      removeMembers: ["ghost-2"],
    });
    expect(unknownUser).toMatchObject({ status: 400, body: { error: "unknown users ghost-1, ghost-2" } });
    const both = await api().admin("POST", `/groups/${DEMO.tier2a}/write`, {
      addMembers: [DEMO.ada],
      removeMembers: [DEMO.ada],
    });
    expect(both.status).toBe(400);
    expect(both.text).toContain("is both added and removed");
    expect((await api().admin("POST", `/groups/${DEMO.tier2a}/write`, { group: DEMO.tier2a })).status).toBe(400);
    expect((await group(DEMO.tier2a)).version).toBe(1);
  });

  test("fails to set write rules that name unknown groups or users, keeping the rules in place", async () => {
    const kept = [{ kind: "latency", latencyMs: 1 }];
    await api().admin("PUT", "/faults", kept);
    const res = await api().admin<{ error: string; problems: string[] }>("PUT", "/faults", [
      { kind: "latency", latencyMs: 5 },
      { kind: "write", write: { group: "no-such-group", addMembers: ["ghost"] } },
      { kind: "write", write: { group: DEMO.salesAgents, removeMembers: [DEMO.ada, "ghost-2"] } },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.problems).toEqual([
      "rule 1 (write): unknown group no-such-group",
      "rule 1 (write): unknown user ghost",
      "rule 2 (write): unknown user ghost-2",
    ]);
    expect(res.body.error).toContain("unknown group no-such-group");
    expect((await api().admin("GET", "/faults")).body).toEqual(kept);
  });

  test("fails a write rule without a write, and a write on another kind", async () => {
    expect((await api().admin("PUT", "/faults", [{ kind: "write" }])).status).toBe(400);
    const misplaced = await api().admin("PUT", "/faults", [
      { kind: "status", status: 500, write: { group: DEMO.salesAgents } },
    ]);
    expect(misplaced.status).toBe(400);
    expect(misplaced.text).toContain('only a \\"write\\" rule takes a write');
  });

  test("fails loudly (500 naming the ids) when a write rule's user is gone by the time it fires", async () => {
    await api().admin("PUT", "/faults", [
      { kind: "write", match: `GET ${GROUPS}/*`, write: { group: DEMO.tier2a, addMembers: [DEMO.margaret] } },
    ]);
    expect((await api().call("DELETE", `/api/v2/scim/v2/users/${DEMO.margaret}`)).status).toBe(204);
    const res = await api().call<{ code: string; message: string }>("GET", `${GROUPS}/${DEMO.tier2a}`);
    expect(res.status).toBe(500);
    expect(res.body.code).toBe("emulator.fault.invalid");
    expect(res.body.message).toContain(`unknown user ${DEMO.margaret}`);
  });

  test("fails to start with a write rule that names an unknown group", async () => {
    await expect(startEmulator({ faults: [{ kind: "write", write: { group: "no-such-group" } }] })).rejects.toThrow(
      "emulator: invalid fault rules: rule 0 (write): unknown group no-such-group",
    );
  });
});
