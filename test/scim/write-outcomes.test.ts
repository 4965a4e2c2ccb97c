/**
 * What a failed write makes of `scim sync --apply` and `scim users --apply` (README "Exit codes"): a write the API
 * refused (a 400, a version conflict still standing after the re-reads) is a finding, exit 1; a write whose outcome
 * is unknown (a persistent 5xx, a reset, no answer within the timeout) could not be verified, exit 3, and the report
 * or the error line names the write and why. The emulator and the client share a virtual clock, so the timeout
 * case waits nothing real.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import type { FaultRule } from "../../lib/emulator";
import type { ScimFlags } from "../../lib/scim/command";
import { scimSyncCommand, scimUsersCommand } from "../../lib/scim/command";
import { DEMO, useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import { VirtualClock } from "../virtual-clock";

const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };
const clock = new VirtualClock();

/** Legacy Sales Team (Edsger today) should hold Barbara: one PATCH. */
const GROUPS = { groups: [{ displayName: "Legacy Sales Team", members: ["barbara@acme.example"] }] };
const GROUP_PATCH = `PATCH /api/v2/scim/v2/groups/${DEMO.legacyTeam}`;
/** One user to create, one to merge. */
const USERS = {
  users: [
    { userName: "new1@acme.example", displayName: "New One" },
    { userName: "ada@acme.example", displayName: "Ada Lovelace", title: "Countess" },
  ],
};

function exportFile(content: unknown): string {
  const file = path.join(tempDir("gcguard-outcomes-"), "idp.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

describe("exit codes of a failed write", () => {
  const api = useEmulator({ clock });

  async function run(command: typeof scimSyncCommand, content: unknown, faults: FaultRule[]): Promise<Outcome> {
    await api().admin("PUT", "/faults", faults);
    let out = "";
    let err = "";
    const flags: ScimFlags = {
      progress: false,
      format: "json",
      apply: true,
      export: exportFile(content),
      baseUrl: api().emulator.url,
    };
    const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), env: { ...CI_ENV }, clock };
    return { code: await command(flags, io), out, err };
  }
  /** The error a command threw (a failure that stops the run), with its exit code. */
  async function thrown(command: typeof scimSyncCommand, content: unknown, faults: FaultRule[]) {
    const err = await run(command, content, faults).then(
      () => undefined,
      (e: unknown) => e as Error & { exitCode?: number },
    );
    await clock.sleep(60_000); // a write held back past the timeout lands now, not in the next test
    return { exitCode: err?.exitCode, message: err?.message ?? "(no error)" };
  }
  const syncOf = (out: string) =>
    (JSON.parse(out) as { groups: { displayName: string; sync?: { outcome: string; error?: string } }[] }).groups[0]
      ?.sync;

  test("sync: a PATCH answered 500 every time could not be verified (exit 3); the report says which, why", async () => {
    const r = await run(scimSyncCommand, GROUPS, [{ kind: "status", status: 500, match: GROUP_PATCH }]);
    expect(r.code).toBe(3);
    expect(syncOf(r.out)).toMatchObject({
      outcome: "unverified",
      error: expect.stringMatching(
        new RegExp(`^${GROUP_PATCH} failed: 500 .*; the PATCH may have landed: run the sync again to converge$`),
      ) as unknown,
    });
    expect(r.err).toContain("sync: could not verify: a PATCH failed and may have landed");
  });

  test("sync: a PATCH the API refused (400) is a finding (exit 1)", async () => {
    const r = await run(scimSyncCommand, GROUPS, [{ kind: "status", status: 400, match: GROUP_PATCH }]);
    expect(r.code).toBe(1);
    expect(syncOf(r.out)).toMatchObject({
      outcome: "failed",
      error: expect.stringContaining("failed: 400") as unknown,
    });
  });

  test("sync: a PATCH still meeting version conflicts after the re-reads is a finding (exit 1)", async () => {
    const r = await run(scimSyncCommand, GROUPS, [{ kind: "status", status: 409, match: GROUP_PATCH }]);
    expect(r.code).toBe(1);
    expect(syncOf(r.out)).toMatchObject({ outcome: "conflicts" });
  });

  test("sync: a PATCH whose connection is reset stops the run: exit 3 naming the PATCH", async () => {
    const e = await thrown(scimSyncCommand, GROUPS, [{ kind: "reset", match: GROUP_PATCH }]);
    expect(e.exitCode).toBe(3);
    expect(e.message).toContain(`${GROUP_PATCH}: no answer from Genesys`);
  });

  test("sync: a PATCH answered after the timeout stops the run: exit 3, 'did not answer in 30 s'", async () => {
    const e = await thrown(scimSyncCommand, GROUPS, [{ kind: "latency", latencyMs: 40_000, match: GROUP_PATCH }]);
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(
      /^PATCH \/api\/v2\/scim\/v2\/groups\/\S+: .*the API did not answer in 30 s\) after 1 attempt;/,
    );
  });

  test("users: a create and a merge answered 500 could not be verified (exit 3), each marked so", async () => {
    const r = await run(scimUsersCommand, USERS, [
      { kind: "status", status: 500, match: "POST /api/v2/scim/v2/users" },
      { kind: "status", status: 500, match: "PUT /api/v2/scim/v2/users/*" },
    ]);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.out) as { failed: { userName: string; error: string; unverified?: boolean }[] };
    expect(report.failed.map((f) => [f.userName, f.unverified])).toEqual([
      ["new1@acme.example", true],
      ["ada@acme.example", true],
    ]);
    expect(report.failed[0]?.error).toMatch(/^POST \/api\/v2\/scim\/v2\/users failed: 500 .*the user may exist now/);
    expect(report.failed[1]?.error).toMatch(/^PUT \/api\/v2\/scim\/v2\/users\/\S+ failed: 500 .*its state is unknown/);
    expect(r.err).toContain("could not verify: POST /api/v2/scim/v2/users failed: 500");
  });

  test("users: a create the API refused (400) is a finding (exit 1), not marked unverified", async () => {
    const r = await run(scimUsersCommand, USERS, [
      { kind: "status", status: 400, match: "POST /api/v2/scim/v2/users" },
    ]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { failed: { userName: string; unverified?: boolean }[] };
    expect(report.failed).toEqual([expect.not.objectContaining({ unverified: true })]);
    expect(r.err).toContain("error: POST /api/v2/scim/v2/users failed: 400");
  });

  test("users: a create answered after the timeout stops the run: exit 3, 'did not answer in 30 s'", async () => {
    const e = await thrown(scimUsersCommand, USERS, [
      { kind: "latency", latencyMs: 40_000, match: "POST /api/v2/scim/v2/users" },
    ]);
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/^POST \/api\/v2\/scim\/v2\/users: .*the API did not answer in 30 s\) after 1 attempt;/);
  });
});
