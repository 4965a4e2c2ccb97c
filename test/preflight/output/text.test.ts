import { describe, expect, test } from "vitest";

import { renderText } from "../../../lib/preflight/output/text";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { WAIVER_REASON, onlyWaivedReport, waivedReport } from "./waived-fixture";

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;

describe("text report", () => {
  test("groups each stack's findings by level and ends with one summary line", async () => {
    const text = renderText(sampleReport);
    await expect(text).toMatchFileSnapshot(snapshotFile("report.txt"));
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "6 errors, 4 warnings, 3 unverified in 2 stacks; 23 API calls (2 retries, 1 rate-limited); exit 2",
    );
  });

  test("has no escape sequences without colour, even when a name holds one", () => {
    expect(renderText(sampleReport)).not.toContain("\u001b");
    expect(renderText(sampleReport)).toContain("Setting members would remove 1 member: [31mroot[0m.");
  });

  test("with colour, differs from the plain text only by SGR sequences", () => {
    const colored = renderText(sampleReport, { color: true });
    expect(colored).toMatch(SGR);
    expect(colored.replace(SGR, "")).toBe(renderText(sampleReport));
  });

  test("keeps every finding's multi-line values on their own indented lines", () => {
    const text = renderText(sampleReport);
    expect(text).toContain('      Renames queue "Support (old) line two" to "Support <Tier 1> & Billing".\n');
    expect(text).toContain("          users (42): Ana O'Neil,");
    expect(text).toContain("      fix: Import it:\n           import {\n             to = genesyscloud_routing_queue");
  });

  test("says so when a stack has no findings", () => {
    const text = renderText(cleanReport);
    expect(text).toContain("  no findings\n");
    expect(text).toMatch(/0 errors, 0 warnings, 0 unverified in 1 stack; 17 API calls .*; exit 0\n$/);
  });
});

describe("text report with waivers", () => {
  test("lists a waived finding under Suppressed with its reason, and an expired waiver as an error", () => {
    const text = renderText(waivedReport);
    expect(text).toContain("  Suppressed (1)\n    GCG101 name-collision");
    expect(text).toContain(`      suppressed: ${WAIVER_REASON} (until 2030-01-31, .gcguard-waivers.yaml:2)\n`);
    expect(text).toMatch(/ {2}Errors \(\d+\)\n[^]*GCG901 waiver-expired {2}genesyscloud_routing_queue\.billing\n/);
    expect(text).toContain("expired on 2029-12-31");
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/^6 errors, 4 warnings, 3 unverified, 1 suppressed in 2 stacks/);
  });

  test("a stack whose only finding is waived counts no errors and exits 0", () => {
    const text = renderText(onlyWaivedReport);
    expect(text).not.toContain("Errors (");
    expect(text).toMatch(/0 errors, 0 warnings, 0 unverified, 1 suppressed in 1 stack; .*; exit 0\n$/);
  });
});
