/**
 * The provider hosted in this process (lib/tfprovider/hosted.ts): real terraform reattaches to it through
 * TF_REATTACH_PROVIDERS, initialises without installing it, plans and applies against an emulator; its socket is
 * private and goes when it closes.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { InputError } from "../../lib/errors";
import { DEMO_SEED_FILE, startEmulator } from "../../lib/emulator";
import { loadSeedFile } from "../../lib/emulator/seed";
import { hostedRehearsal, rehearsalEnv, terraform, terraformVersion } from "../../lib/rehearse/terraform";
import { writeRehearsalConfig } from "../../lib/tfprovider/cli-config";
import { hostProvider, REATTACH_ENV } from "../../lib/tfprovider/hosted";
import { PROVIDER_ADDRESS } from "../../lib/tfprovider/schema";
import { apiFor } from "../emulator/helpers";
import { tempDir } from "../helpers";

const version = await terraformVersion(process.env);
if (!version) process.stderr.write("[hosted.test] SKIPPED the reattach runs: terraform not on PATH\n");

const MAIN_TF = `terraform {
  required_providers {
    genesyscloud = { source = "mypurecloud/genesyscloud" }
  }
}

resource "genesyscloud_auth_division" "ops" {
  name = "Operations \\"east\\""
}
`;

describe("the hosted provider", () => {
  test.skipIf(!version)(
    "terraform reattaches to it: init installs nothing, plan and apply reach the emulator",
    async () => {
      const dir = tempDir("gcguard-hosted-");
      writeFileSync(path.join(dir, "main.tf"), MAIN_TF);
      const emulator = await startEmulator({ seed: loadSeedFile(DEMO_SEED_FILE) });
      const settings = {
        cliConfigFile: writeRehearsalConfig(dir),
        emulatorUrl: emulator.url,
        clientId: "gcguard-ci",
        clientSecret: "demo-secret-ci",
      };
      const { env, provider } = await hostedRehearsal(process.env, settings);
      try {
        const attach = JSON.parse(provider.reattach) as Record<string, { Addr: { Network: string; String: string } }>;
        const socket = attach[PROVIDER_ADDRESS]!.Addr;
        expect(socket.Network).toBe("unix");
        expect(statSync(path.dirname(socket.String)).mode & 0o777).toBe(0o700);

        expect(env[REATTACH_ENV]).toBe(provider.reattach);
        const init = await terraform(["init", "-input=false", "-no-color"], { cwd: dir, env });
        expect(init.code, init.stderr).toBe(0);
        expect(existsSync(path.join(dir, ".terraform", "providers"))).toBe(false);

        const plan = await terraform(["plan", "-input=false", "-no-color", "-out=plan.out"], { cwd: dir, env });
        expect(plan.code, plan.stderr).toBe(0);
        expect(plan.stdout).toContain("Plan: 1 to add, 0 to change, 0 to destroy.");
        const apply = await terraform(["apply", "-input=false", "-no-color", "plan.out"], { cwd: dir, env });
        expect(apply.code, apply.stderr).toBe(0);
        const state = await apiFor(emulator).admin<{ divisions: { name: string }[] }>("GET", "/state");
        expect(state.body.divisions.map((d) => d.name)).toContain('Operations "east"');

        await provider.close();
        expect(existsSync(path.dirname(socket.String))).toBe(false);
      } finally {
        await provider.close();
        await emulator.close();
      }
    },
  );

  test("a temporary folder too long for a socket's path is a one-line error naming TMPDIR, leaving nothing", async () => {
    const base = path.join(tempDir("gcguard-hosted-long-"), "x".repeat(80));
    mkdirSync(base);
    const failure = hostProvider({ env: {}, tmpdir: base });
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(`the temporary folder ${base} is too long a path`);
    await expect(failure).rejects.toThrow("set TMPDIR to a shorter folder");
    expect(readdirSync(base)).toEqual([]);
  });

  test("a rehearsal never reattaches to a provider of the caller's environment", () => {
    const settings = {
      cliConfigFile: "/x/terraform.rc",
      emulatorUrl: "http://127.0.0.1:1",
      clientId: "a",
      clientSecret: "b",
    };
    const theirs = { PATH: "/bin", [REATTACH_ENV]: '{"registry.terraform.io/mypurecloud/genesyscloud":{}}' };
    expect(rehearsalEnv(theirs, settings)[REATTACH_ENV]).toBeUndefined();
    expect(rehearsalEnv(theirs, { ...settings, reattach: "ours" })[REATTACH_ENV]).toBe("ours");
  });
});
