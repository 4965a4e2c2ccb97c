/**
 * The users part of issue 19's acceptance with real terraform: a plain HCL configuration (not our example, not
 * cdktf) planned by terraform through gcguard's emulator-backed provider, whose users' emails the org already
 * has: an active user (a collision, adopted by id), a deleted one (the provider restores it: GCG106, a warning),
 * and a fresh one. Every other kind is planned in terraform's format by hand (test/preflight/kinds-command.test.ts):
 * the emulator-backed provider serves divisions, groups, queues and users only (docs/emulator-provider.md).
 */
import { mkdirSync, writeFileSync } from "node:fs";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Workspace } from "./harness";
import { demoSeed, TERRAFORM_VERSION, workspace } from "./harness";

const TIMEOUT = { timeout: 180_000 };
const e2e = describe.skipIf(!TERRAFORM_VERSION);

const MAIN_TF = `terraform {
  required_providers {
    genesyscloud = { source = "mypurecloud/genesyscloud" }
  }
}

provider "genesyscloud" {}

resource "genesyscloud_user" "ada" {
  name  = "Ada (again)"
  email = "ADA@acme.example"
}

resource "genesyscloud_user" "returning" {
  name  = "Returning Colleague"
  email = "gone@acme.example"
}

resource "genesyscloud_user" "new_hire" {
  name  = "New Hire"
  email = "new.hire@acme.example"
}
`;

e2e("users in a plain HCL plan, planned by real terraform", () => {
  let ws: Workspace;
  beforeAll(async () => {
    const seed = demoSeed();
    const home = seed.divisions.find((d) => d.home)!.id;
    seed.users.push({
      id: "e0000000-0000-4000-8000-0000000000d1",
      name: "Gone Person",
      email: "gone@acme.example",
      divisionId: home,
      state: "deleted",
      version: 3,
    });
    ws = await workspace(seed, "hcl");
    mkdirSync(ws.stackDir, { recursive: true });
    writeFileSync(`${ws.stackDir}/main.tf`, MAIN_TF);
  }, TIMEOUT.timeout);
  afterAll(() => ws.close());

  test("an active user's email is a collision with its id; a deleted one's is a restore warning", TIMEOUT, async () => {
    const { file, code } = await ws.plan();
    expect(code).toBe(0);
    const { code: gate, report } = await ws.preflight(file);
    expect(gate).toBe(1);
    expect(report.findings.map((f) => [f.code, f.address, f.adoption?.id ?? f.objects?.[0]?.id])).toEqual([
      ["GCG101", "genesyscloud_user.ada", "e0000000-0000-4000-8000-000000000001"],
      ["GCG106", "genesyscloud_user.returning", "e0000000-0000-4000-8000-0000000000d1"],
    ]);
    expect(report.stacks[0]?.coverage.checked).toEqual([{ type: "genesyscloud_user", kind: "user", changes: 3 }]);
  });
});
