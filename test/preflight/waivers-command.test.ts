/**
 * Waivers through the real command, in-process against the emulator's demo org (five error findings): waiving them
 * all turns exit 1 into 0, and one waiver past its date (on a virtual clock) brings back its finding plus GCG901.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { InputError } from "../../lib/errors";
import { preflightCommand } from "../../lib/preflight/command";
import type { PreflightReport } from "../../lib/preflight/report";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import { VirtualClock } from "../virtual-clock";

const ROOT = path.join(__dirname, "..", "..");
const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

/** The demo org's findings (test/preflight/command.test.ts), the first waived until the end of January 2030. */
const WAIVERS = `waivers:
  - rule: GCG101
    address: genesyscloud_auth_division.support
    reason: adopted in the next change window
    expires: 2030-01-31
  - rule: name-collision
    address: genesyscloud_group.sales_agents
    reason: adopted in the next change window
  - rule: GCG101
    address: genesyscloud_routing_queue.sales_callback
    stack: acme-prod
    reason: adopted in the next change window
  - rule: ambiguous-name
    address: genesyscloud_group.support_tier2
    reason: the duplicate group is being deleted by hand
  - rule: GCG201
    address: genesyscloud_auth_division.legacy_sales
    reason: users move out before the apply
`;

describe("gcguard preflight with waivers", () => {
  const api = useEmulator();

  async function run(waivers: string, day: number): Promise<{ code: number; report: PreflightReport; err: string }> {
    let out = "";
    let err = "";
    const code = await preflightCommand(
      {
        config: path.join(ROOT, "examples", "gcguard.config.yaml"),
        state: [path.join(ROOT, "examples", "demo.tfstate")],
        baseUrl: api().emulator.url,
        format: "json",
        progress: false,
        waivers,
      },
      {
        stdout: (t) => (out += t),
        stderr: (t) => (err += t),
        env: { ...CI_ENV },
        version: "test",
        clock: new VirtualClock(day),
      },
    );
    return { code, report: JSON.parse(out) as PreflightReport, err };
  }

  test("every finding waived: exit 0, the findings still reported as suppressed", async () => {
    const file = path.join(tempDir(), ".gcguard-waivers.yaml");
    writeFileSync(file, WAIVERS);
    const { code, report, err } = await run(file, Date.UTC(2030, 0, 31, 23, 59));
    expect(code).toBe(0);
    expect(report.summary).toMatchObject({ errors: 0, suppressed: 5, exitCode: 0 });
    expect(report.findings).toHaveLength(5);
    expect(report.findings.every((f) => f.suppression?.file === file)).toBe(true);
    expect(err).toContain("preflight: clean: 0 error(s), 0 warning(s), 0 unverified, 5 suppressed;");
  });

  test("a waiver past its date: its finding counts again, GCG901 points at the waiver, exit 1", async () => {
    const file = path.join(tempDir(), "waivers.yaml");
    writeFileSync(file, WAIVERS);
    const { code, report } = await run(file, Date.UTC(2030, 1, 1));
    expect(code).toBe(1);
    expect(report.summary).toMatchObject({ errors: 2, suppressed: 4, exitCode: 1 });
    const unwaived = report.findings.filter((f) => f.suppression === undefined);
    expect(unwaived.map((f) => `${f.code} ${f.address}`)).toEqual([
      "GCG101 genesyscloud_auth_division.support",
      "GCG901 genesyscloud_auth_division.support",
    ]);
    expect(unwaived[1]).toMatchObject({ level: "error", location: { file, line: 2 } });
    expect(unwaived[1]!.message).toContain("expired on 2030-01-31");
    expect(report.rules.find((r) => r.code === "GCG901")?.results).toEqual([
      { stack: "acme-prod", status: "fail", findings: 1 },
    ]);
  });

  test("a named waiver file that is missing or names an unknown rule is bad input (exit 2)", async () => {
    const dir = tempDir();
    await expect(run(path.join(dir, "none.yaml"), 0)).rejects.toThrow(
      /none\.yaml: cannot read the waiver file \(ENOENT\)/,
    );
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(bad, "waivers:\n  - rule: GCG999\n    address: a.b\n    reason: r\n");
    const err = await run(bad, 0).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(2);
    expect((err as InputError).message).toMatch(
      /bad\.yaml: waivers\[0\] \(line 2\): rule GCG999 is not a preflight rule/,
    );
  });
});
