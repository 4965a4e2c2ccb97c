/**
 * `gcguard preflight` with stderr a terminal, against the emulator: the progress lines scroll above a status line
 * (lib/progress.ts) that says what the run waits on, here a small rate limit window; the line is gone before the
 * report, and stdout never gets an escape code. The emulator and the clients share a virtual clock, so the waits
 * are exact and take no real time.
 */
import path from "node:path";

import { describe, expect, test } from "vitest";

import { preflightCommand } from "../../lib/preflight/command";
import { useEmulator } from "../emulator/helpers";
import { play } from "../terminal-screen";
import { VirtualClock } from "../virtual-clock";

const ROOT = path.join(__dirname, "..", "..");
const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

describe("gcguard preflight on a terminal", () => {
  // 8 requests per 2 s: the preflight's 13 requests wait a second or more at least once.
  const clock = new VirtualClock();
  const api = useEmulator({ settings: { rateLimit: { requestsPerWindow: 8, windowMs: 2_000 } }, clock });

  test("shows the wait on the rate limit in a status line, and clears it before the report", async () => {
    let out = "";
    let err = "";
    const code = await preflightCommand(
      {
        config: path.join(ROOT, "examples", "gcguard.config.yaml"),
        state: [path.join(ROOT, "examples", "demo.tfstate")],
        baseUrl: api().emulator.url,
        format: "json",
      },
      { stdout: (t) => (out += t), stderr: (t) => (err += t), env: { ...CI_ENV }, isTty: true, version: "test", clock },
    );
    expect(code).toBe(1);

    expect(out).not.toContain("\u001b");
    expect(JSON.parse(out)).toMatchObject({ summary: { errors: 5 } });
    // The status line was drawn, with the wait: cli-progress hid the cursor and turned wrapping off meanwhile.
    expect(err).toContain("\u001b[?25l\u001b[?7l");
    expect(err).toMatch(
      /preflight: working; waiting \d s (for the org's rate limit window to reset|to space requests out)/,
    );
    // What is left on the screen: the progress lines whole, no status line, the cursor and wrapping back.
    const screen = play(err, process.stderr.columns ?? 80);
    expect(screen).toMatchObject({ cursorVisible: true, wrapping: true });
    expect(screen.rows.filter((r) => r.startsWith("preflight: "))).toEqual([
      "preflight: stack acme-prod: Plan: 1 to import, 11 to add, 0 to change, 1 to destroy",
      expect.stringMatching(/^preflight: reading divisions of Genesys Cloud at http:\/\/127\.0\.0\.1:\d+ /),
      "preflight: looking up 4 group and 5 queue names",
      expect.stringMatching(/^preflight: findings: 5 error\(s\)/),
    ]);
    expect(screen.rows.some((r) => r.includes("waiting"))).toBe(false);
  });
});
