/**
 * On the demo, the reports land where a reviewer looks (docs/report-locations.md): every SARIF result and GitHub
 * annotation names a tracked file and the line of the config entry, and the line hash survives another run and a
 * line added above the entry.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import type * as Sarif from "sarif";
import { describe, expect, test } from "vitest";

import { parseConfig } from "../../lib/config/load";
import type { PreflightFlags } from "../../lib/preflight/command";
import { preflightCommand } from "../../lib/preflight/command";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const CONFIG = "examples/gcguard.config.yaml";
const STATE = "examples/demo.tfstate";
const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

async function preflight(flags: PreflightFlags): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await preflightCommand(
    { progress: false, ...flags },
    { stdout: (t) => (out += t), stderr: () => {}, env: { ...CI_ENV }, isTty: false, version: "test" },
  );
  return { code, out };
}

/**
 * The text a finding's line must hold: its entry's name, or for an address the config no longer has (a destroy),
 * the org's name.
 */
function entryNames(configText: string): { get(address: string): string } {
  const org = parseConfig(configText, CONFIG).orgs[0]!;
  const names = new Map<string, string>();
  for (const d of org.divisions) names.set(`genesyscloud_auth_division.${d.key}`, d.name);
  for (const g of org.scimGroups) names.set(`genesyscloud_group.${g.key}`, g.name);
  for (const q of org.queues) names.set(`genesyscloud_routing_queue.${q.key}`, q.name);
  return { get: (address) => names.get(address) ?? org.name };
}

describe("report locations on the demo", () => {
  const api = useEmulator();

  async function sarifAndGithub(config: string): Promise<{ sarif: Sarif.Log; github: string; code: number }> {
    const file = path.join(tempDir(), "gcguard.sarif");
    const { code, out } = await preflight({
      config,
      state: [STATE],
      baseUrl: api().emulator.url,
      format: [`sarif=${file}`, "github"],
    });
    return { sarif: JSON.parse(readFileSync(file, "utf8")) as Sarif.Log, github: out, code };
  }

  test("every SARIF result and annotation points at a tracked file, on the line of its entry's name", async () => {
    const { sarif, github, code } = await sarifAndGithub(CONFIG);
    expect(code).toBe(1);
    const tracked = new Set(execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n"));
    const text = readFileSync(path.join(ROOT, CONFIG), "utf8");
    const lines = text.split("\n");
    const names = entryNames(text);
    const results = sarif.runs[0]!.results ?? [];
    expect(results.length).toBeGreaterThanOrEqual(5);
    for (const result of results) {
      const physical = result.locations?.[0]?.physicalLocation;
      const uri = decodeURIComponent(physical?.artifactLocation?.uri ?? "");
      expect(tracked.has(uri), uri).toBe(true);
      const address = result.locations?.[0]?.logicalLocations?.[0]?.name ?? "";
      expect(lines[physical!.region!.startLine! - 1]).toContain(`name: ${names.get(address)}`);
    }
    const annotations = github.trimEnd().split("\n");
    expect(annotations).toHaveLength(results.length);
    for (const line of annotations) {
      const m = /^::error file=([^,]+),line=(\d+),endLine=(\d+),title=[^:]*::\[acme-prod\] ([^:]+):/.exec(line);
      expect(m, line).not.toBeNull();
      expect(tracked.has(m![1]!)).toBe(true);
      expect(m![2]).toBe(m![3]);
      expect(lines[Number(m![2]) - 1]).toContain(`name: ${names.get(m![4]!)}`);
    }
  });

  test("the line hash is the same on another run and after a line is added above the entries", async () => {
    const hashes = (log: Sarif.Log) =>
      (log.runs[0]!.results ?? []).map((r) => r.partialFingerprints?.primaryLocationLineHash);
    const lines = (log: Sarif.Log) =>
      (log.runs[0]!.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0);
    const first = (await sarifAndGithub(CONFIG)).sarif;
    const second = (await sarifAndGithub(CONFIG)).sarif;
    expect(hashes(first).every((h) => /^[0-9a-f]+:\d+$/.test(h ?? ""))).toBe(true);
    expect(hashes(second)).toEqual(hashes(first));

    // The same config (and its manifest) elsewhere, with a comment line added at the top.
    const dir = tempDir();
    const edited = path.join(dir, "gcguard.config.yaml");
    writeFileSync(edited, `# reviewed by the platform team\n${readFileSync(path.join(ROOT, CONFIG), "utf8")}`);
    copyFileSync(path.join(ROOT, "examples", "gcguard.imports.json"), path.join(dir, "gcguard.imports.json"));
    const moved = (await sarifAndGithub(edited)).sarif;
    expect(lines(moved)).toEqual(lines(first).map((n) => n + 1));
    expect(hashes(moved)).toEqual(hashes(first));
  });
});
