/** `gcguard rehearse`: the real apply against an emulated copy of the org, and its refusal without terraform. */
import { readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { run } from "../../scripts/cli";
import { cleanSeed, TERRAFORM_VERSION } from "./harness";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG = path.join(ROOT, "examples", "gcguard.config.yaml");

async function gcguard(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe.skipIf(!TERRAFORM_VERSION)("gcguard rehearse with real terraform", () => {
  test(
    "on the demo org: prints what the real apply hit and the import blocks that fix it, and exits 1",
    { timeout: 180_000 },
    async () => {
      const r = await gcguard("rehearse", "--config", CONFIG, "--workdir", tempDir("gcguard-rh-"));
      expect(r.code).toBe(1);
      expect(r.out).toContain("Apply: FAILED");
      expect(r.out).toContain("[name-conflict] genesyscloud_auth_division.support");
      expect(r.out).toContain("[name-conflict] genesyscloud_group.sales_agents");
      expect(r.out).toMatch(
        /import \{\n\s+to = genesyscloud_auth_division\.support\n\s+id = "d0000000-0000-4000-8000-000000000003"/,
      );
      expect(r.out).toContain("The real apply would fail.");
      // Every collision the gate found is in the fix, including what the apply never reached: one round fixes it.
      expect(r.out).toContain("Not reached by this apply, but their names are taken too");
      expect(r.out).toMatch(
        /to = genesyscloud_routing_queue\.sales_callback\n\s+id = "b0000000-0000-4000-8000-000000000002"/,
      );
      // Progress on stderr, step by step, with the time since the start.
      expect(r.err).toMatch(/rehearse: \[\d+\.\ds\] acme-prod: terraform init/);
      expect(r.err).toMatch(/rehearse: \[\d+\.\ds\] acme-prod: genesyscloud_auth_division\.support: Creation errored/);
    },
  );

  test("on a clean org: the apply runs clean and it exits 0", { timeout: 180_000 }, async () => {
    const dir = tempDir("gcguard-rh-");
    const seed = path.join(dir, "clean-org.json");
    writeFileSync(seed, JSON.stringify(cleanSeed()));
    const r = await gcguard("rehearse", "--config", CONFIG, "--seed", seed, "--workdir", path.join(dir, "work"));
    expect(r.err).not.toContain("FAILED");
    expect(r.out).toContain("Apply: succeeded against the emulator");
    expect(r.code).toBe(0);
  });
});

describe.skipIf(!TERRAFORM_VERSION)("gcguard rehearse that cannot run", () => {
  test("fails on a bad config with exit 2 and leaves no temporary folder behind", async () => {
    const dir = tempDir("gcguard-rh-bad-");
    const config = path.join(dir, "bad.yaml");
    writeFileSync(config, "version: 1\norgs: [{ name: x, divisions: [{ name: '' }] }]\n");
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith("gcguard-rehearse-")));
    const r = await gcguard("rehearse", "--config", config);
    expect(r.code).toBe(2);
    const after = readdirSync(tmpdir()).filter((f) => f.startsWith("gcguard-rehearse-") && !before.has(f));
    expect(after).toEqual([]);
  });
});

describe("gcguard rehearse without terraform", () => {
  test("refuses with a one-line message naming the fix, and exits 3", async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.dirname(process.execPath);
    try {
      const r = await gcguard("rehearse", "--config", CONFIG);
      expect(r.code).toBe(3);
      expect(r.err).toContain("there is no working `terraform` on PATH; install Terraform");
      expect(r.out).toBe("");
    } finally {
      process.env.PATH = saved;
    }
  });
});
