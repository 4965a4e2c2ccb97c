/** `npm start` on a machine with no Genesys credentials: the demo runs the whole loop and exits 0. */
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, test } from "vitest";

const ROOT = path.join(__dirname, "..", "..");

describe("npm start (the demo)", () => {
  test(
    "synthesizes the example, runs the preflight on the emulator, shows every trap and exits 0",
    { timeout: 60_000 },
    () => {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir() };
      const r = spawnSync(process.execPath, [require.resolve("tsx/cli"), "scripts/demo.ts"], {
        cwd: ROOT,
        encoding: "utf8",
        env,
      });
      expect(r.status).toBe(0);
      for (const fragment of [
        "Synthesized 1 stack from examples/gcguard.config.yaml",
        "GCG101 name-collision  genesyscloud_auth_division.support",
        "GCG101 name-collision  genesyscloud_group.sales_agents",
        "GCG101 name-collision  genesyscloud_routing_queue.sales_callback",
        "GCG103 ambiguous-name  genesyscloud_group.support_tier2",
        "GCG201 non-empty-division  genesyscloud_auth_division.legacy_sales",
        "The gate's exit code: 1",
        "to = genesyscloud_group.sales_agents",
        "GCG401 1 division hidden from these credentials",
        "+ add      edsger@acme.example",
        "The diff's exit code: 1",
        "The sync sent 1 PATCH request(s) and exited 0; the diff now exits 0",
        "the gate exits 3",
        "Against a real org",
      ]) {
        expect(r.stdout).toContain(fragment);
      }
    },
  );
});
