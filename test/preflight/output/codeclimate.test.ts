/** GitLab Code Quality (lib/preflight/output/codeclimate.ts), against the fields GitLab's docs say it reads. */
import { describe, expect, test } from "vitest";

import { renderCodeClimate } from "../../../lib/preflight/output/codeclimate";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { onlyWaivedReport, waivedReport } from "./waived-fixture";

interface Entry {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

describe("GitLab Code Quality report", () => {
  test("renders one entry per finding", async () => {
    await expect(renderCodeClimate(sampleReport, { root: "/repo" })).toMatchFileSnapshot(
      snapshotFile("report.codequality.json"),
    );
  });

  test("has every field GitLab requires, distinct fingerprints, a known severity and a relative path", () => {
    const text = renderCodeClimate(sampleReport, { root: "/repo" });
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    const entries = JSON.parse(text) as Entry[];
    expect(entries).toHaveLength(sampleReport.findings.length);
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual(["check_name", "description", "fingerprint", "location", "severity"]);
      expect(["info", "minor", "major", "critical", "blocker"]).toContain(e.severity);
      expect(Number.isInteger(e.location.lines.begin) && e.location.lines.begin >= 1).toBe(true);
      expect(e.location.path).not.toMatch(/^\//);
      expect(e.description).not.toContain("\n");
      expect(e.description).not.toContain("\u001b");
    }
    expect(new Set(entries.map((e) => e.fingerprint)).size).toBe(entries.length);
    expect(entries[1]).toMatchObject({
      check_name: "GCG101",
      severity: "blocker",
      location: { path: "gcguard.config.yaml", lines: { begin: 42 } },
    });
  });

  test("is an empty array for a clean report", () => {
    expect(JSON.parse(renderCodeClimate(cleanReport))).toEqual([]);
  });
});

describe("GitLab Code Quality with waivers", () => {
  test("leaves a waived finding out, keeps the others' fingerprints, and lists an expired waiver", () => {
    type Entry = { check_name: string; fingerprint: string; severity: string; location: { lines: { begin: number } } };
    expect(JSON.parse(renderCodeClimate(onlyWaivedReport))).toEqual([]);
    const entries = JSON.parse(renderCodeClimate(waivedReport)) as Entry[];
    const before = JSON.parse(renderCodeClimate(sampleReport)) as Entry[];
    expect(entries.map((e) => e.fingerprint)).toEqual(
      expect.arrayContaining(before.slice(1).map((e) => e.fingerprint)),
    );
    expect(entries.map((e) => e.fingerprint)).not.toContain(before[0]!.fingerprint);
    expect(entries.find((e) => e.check_name === "GCG901")).toMatchObject({
      severity: "blocker",
      location: { lines: { begin: 7 } },
    });
  });
});
