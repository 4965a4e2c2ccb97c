/**
 * `gcguard scim sync --delta`: a fake IdP delta endpoint (a real HTTP server on loopback) against the emulator.
 * The cursor advances only after a clean `--apply`, and the next run asks for changes since it.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { scimDiffCommand, scimSyncCommand } from "../../lib/scim/command";
import { DEMO, useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const TOKEN = "idp-token-never-printed";
const ENV = {
  GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci",
  GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci",
  GCGUARD_IDP_TOKEN: TOKEN,
};

describe("gcguard scim sync --delta", () => {
  const api = useEmulator();
  const seen: (string | null)[] = [];
  let server: Server;
  let url = "";

  beforeAll(async () => {
    server = createServer((req, res) => {
      const since = new URL(req.url ?? "/", "http://x").searchParams.get("since");
      seen.push(since);
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401).end();
        return;
      }
      const body =
        since === null
          ? {
              cursor: "c1",
              groups: [{ displayName: "GC-Sales-Agents", add: ["edsger@acme.example"], remove: ["alan@acme.example"] }],
            }
          : { cursor: "c2", groups: [] };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gc-delta`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function sync(flags: { apply?: boolean; state: string }, command = scimSyncCommand) {
    let out = "";
    let err = "";
    const code = await command(
      { delta: url, baseUrl: api().emulator.url, format: "json", ...flags },
      { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { ...ENV } },
    );
    return { code, out, err, report: JSON.parse(out) as { cursor?: { stored: boolean; next: string } } };
  }

  test("a dry run and a diff leave the cursor alone; --apply converges and stores it; the next run asks since it", async () => {
    const state = path.join(tempDir("gcguard-delta-"), "cursor.json");

    const dry = await sync({ state });
    expect(dry.code).toBe(1);
    expect(dry.report.cursor).toMatchObject({ stored: false, next: "c1" });
    expect(existsSync(state)).toBe(false);
    const diff = await sync({ state }, scimDiffCommand);
    expect(diff.code).toBe(1);
    expect(existsSync(state)).toBe(false);

    const applied = await sync({ state, apply: true });
    expect(applied.code).toBe(0);
    expect(applied.report.cursor).toMatchObject({ stored: true, next: "c1" });
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ version: 1, endpoint: url, cursor: "c1" });
    const scim = await api().call<{ members: { value: string }[] }>(
      "GET",
      `/api/v2/scim/v2/groups/${DEMO.salesAgents}`,
    );
    expect(scim.body.members.map((m) => m.value).sort()).toEqual([DEMO.ada, DEMO.grace, DEMO.edsger].sort());

    const next = await sync({ state, apply: true });
    expect(next.code).toBe(0);
    expect(seen.at(-1)).toBe("c1");
    expect(JSON.parse(readFileSync(state, "utf8"))).toMatchObject({ cursor: "c2" });
    for (const r of [dry, diff, applied, next]) expect(r.out + r.err).not.toContain(TOKEN);
  });
});
