/**
 * `gcguard rehearse` with stderr a terminal: the real apply gets a status line (lib/progress.ts) counting the plan's
 * resource changes as terraform finishes them, under the step lines; it is gone before the results on stdout.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { rehearseCommand } from "../../lib/rehearse/command";
import { play } from "../terminal-screen";
import { cleanSeed, TERRAFORM_VERSION } from "./harness";
import { tempDir } from "../helpers";

const CONFIG = path.join(__dirname, "..", "..", "examples", "gcguard.config.yaml");

describe.skipIf(!TERRAFORM_VERSION)("gcguard rehearse on a terminal", () => {
  test("counts the apply's resources in a status line, and clears it", { timeout: 180_000 }, async () => {
    const dir = tempDir("gcguard-rh-tty-");
    const seed = path.join(dir, "clean-org.json");
    writeFileSync(seed, JSON.stringify(cleanSeed()));
    let out = "";
    let err = "";
    const code = await rehearseCommand(
      { config: CONFIG, seed, workdir: path.join(dir, "work") },
      {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: { ...process.env },
        version: "test",
        isTty: true,
      },
    );
    expect(code).toBe(0);
    expect(out).toContain("Apply: succeeded against the emulator");
    expect(out).not.toContain("\u001b");

    // The status line counted up to the plan's total: every change the plan makes finished once.
    const counts = [...err.matchAll(/rehearse: acme-prod: resources (\d+)\/(\d+)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(counts.length).toBeGreaterThan(1);
    const total = counts[0]![1]!;
    expect(total).toBeGreaterThan(0);
    expect(counts[0]![0]).toBe(0);
    expect(counts.at(-1)).toEqual([total, total]);
    // What is left: the step lines, whole, and no status line; the cursor and wrapping back.
    const screen = play(err, 80);
    expect(screen).toMatchObject({ cursorVisible: true, wrapping: true });
    expect(screen.rows.some((r) => r.includes("resources"))).toBe(false);
    expect(screen.rows).toContainEqual(expect.stringMatching(/^rehearse: \[\d+\.\ds\] acme-prod: terraform apply$/));
    expect(screen.rows).toContainEqual(expect.stringMatching(/^rehearse: \[\d+\.\ds\] acme-prod: preflight$/));
    expect(screen.rows.filter((r) => / acme-prod: .*: Creation complete/.test(r))).toHaveLength(total);
  });
});
