import { describe, expect, test } from "vitest";

import { renderMarkdown } from "../../../lib/preflight/output/markdown";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { onlyWaivedReport, waivedReport } from "./waived-fixture";

/** GFM table cells: split at pipes not escaped by a backslash (an even run of backslashes escapes itself). */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = "";
  let backslashes = 0;
  for (const c of row.slice(1, -1)) {
    if (c === "|" && backslashes % 2 === 0) {
      out.push(cell.trim());
      cell = "";
    } else {
      cell += c;
    }
    backslashes = c === "\\" ? backslashes + 1 : 0;
  }
  out.push(cell.trim());
  return out;
}

/** Each run of consecutive table lines. */
function tables(markdown: string): string[][] {
  const found: string[][] = [];
  let current: string[] = [];
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      current.push(line);
    } else if (current.length > 0) {
      found.push(current);
      current = [];
    }
  }
  return found;
}

describe("Markdown report", () => {
  test("renders a summary table and a findings table per stack", async () => {
    await expect(renderMarkdown(sampleReport)).toMatchFileSnapshot(snapshotFile("report.md"));
  });

  test("keeps every table row on one line with the header's number of cells, whatever the names hold", () => {
    const [summary, prod, legacy, ...rest] = tables(renderMarkdown(sampleReport));
    expect(rest).toEqual([]);
    expect(summary).toHaveLength(2 + 3);
    expect(prod).toHaveLength(2 + 8);
    expect(legacy).toHaveLength(2 + 5);
    for (const table of [summary!, prod!, legacy!]) {
      const width = cells(table[0]!).length;
      for (const row of table) {
        expect(row.endsWith("|"), row).toBe(true);
        expect(cells(row), row).toHaveLength(width);
      }
    }
    expect(cells(summary![3]!)).toEqual(['eu&amp;apac "legacy"', "3", "1", "1", "6"]);
    expect(cells(summary![4]!)).toEqual(["**Total**", "6", "4", "3", "23"]);
  });

  test("lets no name render as HTML or markup outside code spans", () => {
    const withoutCode = renderMarkdown(sampleReport).replace(/(`+)[^`][\s\S]*?\1/g, "");
    expect(withoutCode).not.toContain("<");
    expect(withoutCode).not.toContain("\u001b");
    expect(withoutCode).toContain("Support &lt;Tier 1&gt; &amp; Billing");
    expect(withoutCode).toContain("Sales \\| EU \\*VIP\\*");
    expect(withoutCode).toContain("Billing \\${var.region}");
  });

  test("lists each finding's remediation, with its detail lines nested", () => {
    const md = renderMarkdown(sampleReport);
    expect(md).toContain(
      "- **GCG103** `genesyscloud_auth_division.emea`: Move the users and queues to another division first, or keep the division.\n" +
        "  - Genesys refuses to delete a division that holds objects; the apply fails half-way.\n",
    );
  });

  test("says so when a stack has no findings", () => {
    const md = renderMarkdown(cleanReport);
    expect(md).toContain("No findings.");
    expect(md.startsWith("## gcguard preflight: 0 errors, 0 warnings, 0 unverified\n")).toBe(true);
    expect(tables(md)).toHaveLength(1);
  });
});

describe("Markdown report with waivers", () => {
  test("marks a waived finding suppressed with its reason (escaped), not counted as an error", () => {
    const md = renderMarkdown(onlyWaivedReport);
    expect(md).toContain("## gcguard preflight: 0 errors, 0 warnings, 0 unverified, 1 suppressed");
    expect(md).toMatch(/\| acme-prod \| 0 \| 0 \| 0 \| 17 \|/);
    expect(md).toContain("| error, suppressed: Adopted in &lt;PR \\#12&gt; \\| owner: Ana &amp; Bo |");
    expect(md).toMatch(/- \*\*GCG101\*\* .* \(suppressed: Adopted in .*until 2030-01-31, .*:2\)\):/);
  });

  test("shows an expired waiver as an error row", () => {
    expect(renderMarkdown(waivedReport)).toMatch(/\| error \| GCG901 \| `genesyscloud_routing_queue.billing` \|/);
  });
});
