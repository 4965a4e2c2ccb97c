/**
 * `gcguard scim diff` with stderr a terminal, against the emulator: the progress lines scroll above a status line
 * (lib/progress.ts) that says what the run waits on, here a small rate limit window; it is gone before the report.
 * The emulator and the client share a virtual clock: the waits are exact and take no real time (on the real clock,
 * a loaded machine could shorten a wait below the one second a status line announces).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { scimDiffCommand } from "../../lib/scim/command";
import { useEmulator } from "../emulator/helpers";
import { play } from "../terminal-screen";
import { tempDir } from "../helpers";
import { VirtualClock } from "../virtual-clock";

const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };
const CSV = "group,userName\nGC-Sales-Agents,ada@acme.example\nGC-Sales-Agents,alan@acme.example\n";

describe("gcguard scim diff on a terminal", () => {
  // 5 requests a second: with the client's headroom of 3, every other request waits for the window to reset.
  const clock = new VirtualClock();
  const api = useEmulator({ settings: { rateLimit: { requestsPerWindow: 5, windowMs: 1_000 } }, clock });

  test("shows the wait on the rate limit in a status line, and clears it before the report", async () => {
    const idp = path.join(tempDir("gcguard-scim-tty-"), "idp.csv");
    writeFileSync(idp, CSV);
    let out = "";
    let err = "";
    const code = await scimDiffCommand(
      { export: idp, baseUrl: api().emulator.url },
      { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { ...CI_ENV }, isTty: true, clock },
    );
    expect(code).toBe(1);
    expect(out).toContain("! orphan   grace@acme.example");
    expect(out).not.toContain("\u001b");
    expect(err).toMatch(/scim diff: working; waiting \d s for the org's rate limit window to reset/);
    const screen = play(err, 80);
    expect(screen).toMatchObject({ rows: ["scim diff: 1/1 groups found", expect.any(String), ""], wrapping: true });
    expect(screen.rows[1]).toMatch(/^scim diff: \d+\/\d+ member references resolved$/);
    expect(screen.cursorVisible).toBe(true);
  });
});
