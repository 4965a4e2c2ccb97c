/**
 * Real Terraform launches this repo's provider through dev_overrides (no registry, no `terraform init`): the schema
 * it reads back is schema.json's, and a configuration using the provider validates.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { writeDevOverridesConfig } from "../../lib/tfprovider/cli-config";
import { PROVIDER_ADDRESS, SCHEMA_FILE } from "../../lib/tfprovider/schema";
import { tempDir } from "../helpers";

const hasTerraform =
  spawnSync("terraform", ["version"], { env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } }).status === 0;
if (!hasTerraform) {
  process.stderr.write(
    "[terraform.test] SKIPPED the Terraform runs of the genesyscloud provider: terraform not on PATH\n",
  );
}

const REQUIRED_PROVIDERS = `terraform {
  required_providers {
    genesyscloud = { source = "mypurecloud/genesyscloud" }
  }
}
`;

function workspace(tf: string): { dir: string; run: (...args: string[]) => ReturnType<typeof spawnSync> } {
  const dir = tempDir("gcguard-tfprovider-");
  writeFileSync(path.join(dir, "main.tf"), tf);
  const env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: writeDevOverridesConfig(dir),
    TF_IN_AUTOMATION: "1",
    TF_LOG: "",
    CHECKPOINT_DISABLE: "1",
  };
  return {
    dir,
    run: (...args) => spawnSync("terraform", args, { cwd: dir, env, encoding: "utf8", timeout: 30_000 }),
  };
}

/**
 * Terraform's JSON omits empty `attributes` / `block_types` maps (omitempty in its jsonprovider package), which
 * schema.json spells out in one place; drop them on both sides so only real differences count.
 */
function withoutEmptyMaps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyMaps);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => !(v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0))
      .map(([k, v]) => [k, withoutEmptyMaps(v)]),
  );
}

describe("terraform with the emulator-backed provider", () => {
  test.skipIf(!hasTerraform)("reads back the provider schema of schema.json", () => {
    const { run } = workspace(REQUIRED_PROVIDERS);
    const result = run("providers", "schema", "-json");
    expect(result.status, String(result.stderr)).toBe(0);
    const printed = JSON.parse(String(result.stdout)) as { provider_schemas: Record<string, unknown> };
    const expected = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as { provider_schemas: Record<string, unknown> };
    expect(withoutEmptyMaps(printed.provider_schemas[PROVIDER_ADDRESS])).toEqual(
      withoutEmptyMaps(expected.provider_schemas[PROVIDER_ADDRESS]),
    );
  });

  test.skipIf(!hasTerraform)("validates a configuration with a genesyscloud_auth_division", () => {
    const { run } = workspace(`${REQUIRED_PROVIDERS}
resource "genesyscloud_auth_division" "ops" {
  name        = "Operations"
  description = "Managed by gcguard"
}
`);
    const result = run("validate", "-no-color");
    expect(result.status, String(result.stderr)).toBe(0);
    expect(String(result.stdout)).toContain("Success! The configuration is valid");
  });

  test.skipIf(!hasTerraform)("rejects an attribute the schema does not have", () => {
    const { run } = workspace(`${REQUIRED_PROVIDERS}
resource "genesyscloud_auth_division" "ops" {
  name  = "Operations"
  color = "blue"
}
`);
    const result = run("validate", "-no-color");
    expect(result.status).toBe(1);
    expect(String(result.stderr)).toContain('An argument named "color" is not expected here.');
  });
});
