/**
 * Fail closed on a queue the credentials cannot see: the demo seed's gcguard-bpo client is limited to some divisions
 * and cannot see "Partner BPO", where the queue "Partner Overflow" lives. A plan that adopts or updates that queue
 * used to pass (the queue read by id simply did not come back); it is GCG401 naming the address and the division.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { preflightCommand } from "../../lib/preflight/command";
import type { PreflightReport } from "../../lib/preflight/report";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const OVERFLOW = "b0000000-0000-4000-8000-000000000003";
const PARTNER_BPO = "d0000000-0000-4000-8000-000000000005";
const BPO = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-bpo", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-bpo" };
const CI = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

/** A `terraform show -json` plan with one queue change: adopted by an import block, or updated in place. */
function planFile(action: "import" | "update"): string {
  const attrs = { name: "Partner Overflow", division_id: PARTNER_BPO, ignore_members: true };
  const change =
    action === "import"
      ? { actions: ["no-op"], before: null, after: attrs, importing: { id: OVERFLOW } }
      : { actions: ["update"], before: { ...attrs, id: OVERFLOW }, after: { ...attrs, description: "new" } };
  const plan = {
    format_version: "1.2",
    resource_changes: [
      {
        address: "genesyscloud_routing_queue.overflow",
        mode: "managed",
        type: "genesyscloud_routing_queue",
        provider_name: "registry.terraform.io/mypurecloud/genesyscloud",
        change,
      },
    ],
  };
  const file = path.join(tempDir("gcguard-hidden-queue-"), "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

describe("preflight: a queue in a division the credentials cannot see", () => {
  const api = useEmulator();

  async function run(action: "import" | "update", env: Record<string, string>) {
    let out = "";
    const code = await preflightCommand(
      { progress: false, plan: [`bpo=${planFile(action)}`], baseUrl: api().emulator.url, format: "json" },
      { stdout: (t) => (out += t), stderr: () => {}, env: { ...env }, isTty: false, version: "test" },
    );
    return { code, report: JSON.parse(out) as PreflightReport };
  }

  test.each(["import", "update"] as const)("%s: GCG401 names the address and the division, exit 3", async (action) => {
    const { code, report } = await run(action, BPO);
    expect(code).toBe(3);
    const findings = report.findings.filter((f) => f.code === "GCG401");
    expect(findings).toHaveLength(1);
    expect(findings[0]?.address).toBe("genesyscloud_routing_queue.overflow");
    expect(findings[0]?.message).toContain(`the queue ${OVERFLOW}, which these credentials cannot read`);
    expect(findings[0]?.message).toContain(`"Partner BPO" (id ${PARTNER_BPO})`);
  });

  test("credentials that see every division read the queue, and it passes", async () => {
    const { code, report } = await run("import", CI);
    expect(report.findings.filter((f) => f.code === "GCG401")).toEqual([]);
    expect(code).toBe(0);
  });
});
