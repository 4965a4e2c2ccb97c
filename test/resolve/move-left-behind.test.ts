/**
 * `resolve --fix move-objects --apply` fails closed: the move can only move what the credentials see, so after it
 * the division's object counts are read again. Objects left behind (a client limited to some divisions) are
 * reported with exit 1, never "moved … run the apply again" with exit 0; counts that cannot be read give exit 3.
 */
import { describe, expect, test } from "vitest";

import type { ResolveFlags } from "../../lib/resolve/command";
import { resolveCommand } from "../../lib/resolve/command";
import { DEMO, useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const BPO = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-bpo", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-bpo" };
const CI = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

/** The `terraform apply -json` line of a division delete Genesys refused because the division holds objects. */
function refusedDelete(address: string, divisionId: string): string {
  const message = `API Error: 400 - Scope '${divisionId}' may not be deleted because it has objects in it.`;
  return JSON.stringify({
    "@level": "error",
    "@message": `Error: Failed to delete Division ${divisionId}`,
    "@module": "terraform.ui",
    "@timestamp": "2026-11-22T10:00:00.000000Z",
    type: "diagnostic",
    diagnostic: {
      severity: "error",
      summary: `Failed to delete Division ${divisionId} error: ${message}`,
      address,
      detail: JSON.stringify({
        resourceType: "genesyscloud_auth_division",
        method: "DELETE",
        path: `/api/v2/authorization/divisions/${divisionId}`,
        statusCode: 400,
        errorMessage: message,
      }),
    },
  });
}

async function* asLines(lines: readonly string[]): AsyncGenerator<string> {
  for (const l of lines) yield l;
}

describe("resolve --fix move-objects --apply: objects left behind", () => {
  const api = useEmulator();

  async function move(divisionId: string, env: Record<string, string>) {
    let out = "";
    let err = "";
    const flags: ResolveFlags = {
      out: tempDir("gcguard-move-"),
      baseUrl: api().emulator.url,
      fix: "move-objects",
      to: "Home",
      apply: true,
      yes: true,
    };
    const log = [refusedDelete("genesyscloud_auth_division.old", divisionId)];
    const code = await resolveCommand(asLines(log), "apply.log", flags, {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      env: { ...env },
      stdinIsTty: false,
    });
    return { code, out, err };
  }

  test("credentials that cannot see the division's objects: exit 1, the counts left, no 'run the apply again'", async () => {
    const r = await move(DEMO.partnerBpo, BPO);
    expect(r.code).toBe(1);
    expect(r.out).toContain("Not fixed (--fix move-objects moved what it could; the division is not empty):");
    expect(r.out).toContain('moved 0 user(s) and 0 queue(s) from "Partner BPO" to "Home"');
    expect(r.out).toContain('"Partner BPO" still holds QUEUE 1, USER 1: objects these credentials could not see');
    expect(r.out).not.toMatch(/^ {2}run the apply again$/m);
    expect(r.out).not.toContain("gcguard moved them out");
    // The division really is not empty: its delete is still refused.
    expect((await api().call("DELETE", `/api/v2/authorization/divisions/${DEMO.partnerBpo}`)).status).toBe(400);
  });

  test("credentials that see everything: the division is emptied, exit 0", async () => {
    const r = await move(DEMO.partnerBpo, CI);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Fixed (--fix move-objects):");
    expect(r.out).toContain("  run the apply again");
    expect((await api().call("DELETE", `/api/v2/authorization/divisions/${DEMO.partnerBpo}`)).status).toBe(204);
  });

  test("fails closed (exit 3) when the division's counts cannot be read after the move", async () => {
    // The diagnosis reads the division once; the read after the move is refused.
    const match = `GET /api/v2/authorization/divisions/${DEMO.legacySales}`;
    await api().admin("PUT", "/faults", [{ kind: "status", status: 403, match, after: 1 }]);
    try {
      const r = await move(DEMO.legacySales, CI);
      expect(r.code).toBe(3);
      expect(r.err).toContain('resolve: --fix move-objects: could not read what "Legacy Sales" holds after the move');
      expect(r.out).toContain("Not verified (--fix move-objects moved what it could");
      expect(r.out).not.toMatch(/^ {2}run the apply again$/m);
    } finally {
      await api().admin("DELETE", "/faults");
    }
  });
});
