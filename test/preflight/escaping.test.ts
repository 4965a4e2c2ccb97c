/**
 * A name from the org with `${`, quotes and a newline travels through the preflight into imports.tf, import.sh and
 * the reports without breaking any of them.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import { loadSeedFile } from "../../lib/emulator/seed";
import { preflightCommand } from "../../lib/preflight/command";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const NASTY = 'Ops ${var.x} %{if y} "EU"\nline2 $(id) `whoami`';
const seed = loadSeedFile(DEMO_SEED_FILE);
const nastySeed = {
  ...seed,
  divisions: [...seed.divisions, { id: "d0000000-0000-4000-8000-0000000000aa", name: NASTY }],
};
const hasTerraform =
  spawnSync("terraform", ["version"], { env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } }).status === 0;
if (!hasTerraform) process.stderr.write("SKIPPED: terraform fmt check of imports.tf: no terraform on PATH\n");

describe("names with template sequences, quotes and newlines", () => {
  const api = useEmulator({ seed: nastySeed });

  test("reach imports.tf, import.sh and the reports intact and harmless", async () => {
    const dir = tempDir("gcguard-nasty-");
    const config = path.join(dir, "gcguard.config.yaml");
    writeFileSync(
      config,
      JSON.stringify({
        version: 1,
        orgs: [{ name: "acme", divisions: [{ name: NASTY.replace("Ops", "OPS"), key: "ops" }] }],
      }),
    );
    const outputs: Record<string, string> = {};
    // The last run writes the adoptions (the manifest beside the config then adopts, so it must come last).
    for (const format of ["json", "markdown", "github", "sarif", "junit", "text"]) {
      let out = "";
      const code = await preflightCommand(
        {
          config,
          baseUrl: api().emulator.url,
          format,
          progress: false,
          ...(format === "text" ? { writeImports: dir } : {}),
        },
        {
          stdout: (t) => (out += t),
          stderr: () => {},
          env: { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" },
          isTty: false,
          version: "test",
        },
      );
      expect(code).toBe(1);
      outputs[format] = out;
    }
    const report = JSON.parse(outputs.json!) as { findings: { adoption?: { name: string; id: string } }[] };
    expect(report.findings[0]?.adoption).toEqual({
      address: "genesyscloud_auth_division.ops",
      id: "d0000000-0000-4000-8000-0000000000aa",
      name: NASTY,
    });
    // Markdown tables stay one line per row; GitHub commands stay one line per annotation.
    for (const line of outputs.markdown!.split("\n").filter((l) => l.startsWith("|")))
      expect(line).not.toContain("\nline2");
    expect(
      outputs
        .github!.split("\n")
        .filter((l) => l.startsWith("::"))
        .every((l) => !l.includes("\r")),
    ).toBe(true);

    const tf = readFileSync(path.join(dir, "imports.tf"), "utf8");
    expect(tf).toContain('to = genesyscloud_auth_division.ops\n  id = "d0000000-0000-4000-8000-0000000000aa"');
    const sh = path.join(dir, "import.sh");
    expect(spawnSync("sh", ["-n", sh]).status).toBe(0);
    // Each command line of import.sh, run with a fake terraform, passes exactly the address and the id.
    const fake = path.join(dir, "bin");
    spawnSync("mkdir", ["-p", fake]);
    writeFileSync(path.join(fake, "terraform"), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const ran = spawnSync("sh", [sh], { encoding: "utf8", env: { PATH: `${fake}:${process.env.PATH}` } });
    expect(ran.status).toBe(0);
    expect(ran.stdout).toContain("import\ngenesyscloud_auth_division.ops\nd0000000-0000-4000-8000-0000000000aa\n");
    expect(ran.stdout).not.toContain("uid=");
    if (hasTerraform) {
      const fmt = spawnSync("terraform", ["fmt", "-check", "-"], {
        input: tf,
        encoding: "utf8",
        env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" },
      });
      expect(fmt.status).toBe(0);
    }
  });
});
