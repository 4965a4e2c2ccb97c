import { describe, expect, test } from "vitest";

import type { BenchResults } from "../../lib/bench/render";
import { chartFor, renderMarkdown, renderSvg } from "../../lib/bench/render";

const measured = (requests: number, wallMs: number, extra: object = {}) => ({
  requests,
  wallMs,
  runs: 3,
  rateLimited: 0,
  peakRssMb: 200,
  ...extra,
});

const results: BenchResults = {
  generatedAt: "2026-01-01T00:00:00.000Z",
  mode: "quick",
  machine: { cpu: "Test CPU", cores: 2, node: "20.0.0", totalMemoryGb: 8, platform: "linux x64" },
  settings: {
    latencyMs: 40,
    requestsPerWindow: 300,
    windowMs: 60_000,
    gcguardConcurrency: 4,
    gcguardRequestsPerSecond: 20,
    gcguardHeadroom: 3,
    naiveCapMs: 60_000,
  },
  scenarios: [
    {
      scenario: "preflight 300",
      orgFraction: 0.2,
      gcguard: measured(11, 600),
      naive: measured(605, 121_000, { rateLimited: 2 }),
      floor: { requests: 10, wallMs: 100 },
    },
    {
      scenario: "preflight 300",
      orgFraction: 1,
      gcguard: measured(19, 900),
      naive: measured(302, 61_000, { capped: true, rateLimited: 1 }),
      floor: { requests: 18, wallMs: 880, wallBoundBy: "pacing" as const },
    },
    {
      scenario: "snapshot (whole org)",
      orgFraction: 1,
      gcguard: measured(5_054, 1_030_000, { runs: 1 }),
      floor: { requests: 5_054, wallMs: 1_020_080, wallBoundBy: "rate limit" as const },
    },
  ],
  synth: [
    { resources: 100, ms: 200, peakRssMb: 150 },
    { resources: 5_000, ms: 7_000, peakRssMb: 330 },
  ],
  totalSeconds: 100,
};

describe("bench rendering", () => {
  test("the table shows the machine, all three request counts, 429s, both ratios to the floor and lower bounds", () => {
    const md = renderMarkdown(results);
    expect(md).toContain("Machine: Test CPU, 2 cores, 8 GB, Node 20.0.0 (linux x64)");
    expect(md).toContain("gcguard concurrency 4, at most 20 requests a second, 3 of each window left unused;");
    expect(md).toContain(
      "| preflight 300 | 20% | 11 / 605 / 10 | 0.60 s (3) / 121 s (3) / 0.10 s | - | 0 / 2 | 200 / 200 | 1.10 | 6.00 | 55 |",
    );
    expect(md).toContain(
      "| preflight 300 | 100% | 19 / >=302 / 18 | 0.90 s (3) / >=61 s (3) / 0.88 s | pacing | 0 / >=1 | 200 / 200 | 1.06 | 1.02 | >=16 |",
    );
    // No naive baseline for the snapshot.
    expect(md).toContain(
      "| snapshot (whole org) | 100% | 5054 / - / 5054 | 1030 s (1) / - / 1020 s | rate limit | 0 / - | 200 / - | 1.00 | 1.01 | - |",
    );
    expect(md).toContain("| 5000 | 7.00 s | 35x | 330 |");
  });

  test("the emulator table shows each org size's generate and start times and memory", () => {
    const md = renderMarkdown({
      ...results,
      emulator: [{ orgFraction: 1, users: 50_000, generateMs: 493, startMs: 613, rssGrowthMb: 104 }],
    });
    expect(md).toContain("| 100% | 50,000 | 0.49 s | 0.61 s | 104 |");
    expect(renderMarkdown(results)).not.toContain("| Emulator org |");
  });

  test("the parse table shows each input kind's sizes and flags a superlinear step; older results have none", () => {
    const at = (items: number, cpuMs: number) => ({
      kind: "plan JSON",
      unit: "changes",
      items,
      bytes: items * 260,
      ms: cpuMs + 1,
      cpuMs,
      fixedCpuMs: 0,
      runs: 3,
      peakRssMb: 5,
    });
    const md = renderMarkdown({ ...results, parse: [at(1_000, 20), at(10_000, 180), at(100_000, 4_000)] });
    expect(md).toContain("| plan JSON | 10,000 changes | 2.6 MB | 181 ms | 180 ms (3) |  | 9.0x | 5 |");
    expect(md).toContain(
      "| plan JSON | 100,000 changes | 26.0 MB | 4001 ms | 4000 ms (3) |  | 22.2x **superlinear** | 5 |",
    );
    expect(renderMarkdown(results)).not.toContain("| Input |");
  });

  test("the chart is deterministic SVG with two log panels, three series and a legend", () => {
    const svg = chartFor(results, "preflight 300");
    expect(svg).toBe(chartFor(results, "preflight 300"));
    expect(svg.startsWith("<svg xmlns")).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(6);
    for (const text of ["gcguard", "naive baseline", "floor", "requests (log)", "seconds (log)", "20%", "100%"])
      expect(svg).toContain(text);
    // The capped naive point is hollow.
    expect(svg).toContain('fill="white" stroke="#d62728"');
  });

  test("labels are escaped", () => {
    const svg = renderSvg(
      "a < b & c",
      [
        { title: "t", yLabel: "y", series: [{ name: "s", color: "#000", points: [{ x: 1, y: 10 }] }] },
        { title: "u", yLabel: "y", series: [{ name: "s", color: "#000", points: [{ x: 1, y: 10 }] }] },
      ],
      "x",
      [{ x: 1, label: "1" }],
    );
    expect(svg).toContain("<title>a &lt; b &amp; c</title>");
  });
});
