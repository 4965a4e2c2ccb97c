/** CLI start-up measurement (lib/bench/startup.ts), with a scripted clock instead of real processes. */
import { describe, expect, it } from "vitest";

import { measureStartup, renderStartup } from "../../lib/bench/startup";

describe("measureStartup", () => {
  it("warms each command up once, interleaves the timed runs and reports medians against the baseline", () => {
    const calls: string[] = [];
    const times: Record<string, number[]> = {
      "-e 0": [999, 50, 60, 40],
      "bin --version": [999, 100, 90, 400],
    };
    const results = measureStartup(
      { name: "node -e 0", args: ["-e", "0"] },
      [{ name: "gcguard --version", args: ["bin", "--version"] }],
      3,
      (args) => {
        const key = args.join(" ");
        calls.push(key);
        return times[key]!.shift()!;
      },
    );
    const round = ["-e 0", "bin --version"];
    expect(calls).toEqual([...round, ...round, ...round, ...round]);
    expect(results).toEqual([
      { name: "node -e 0", medianMs: 50, runs: 3, ratio: 1 },
      { name: "gcguard --version", medianMs: 100, runs: 3, ratio: 2 },
    ]);
  });

  it("renders the table with the goal", () => {
    expect(
      renderStartup(
        [
          { name: "node -e 0", medianMs: 50.4, runs: 3, ratio: 1 },
          { name: "gcguard --version", medianMs: 80.6, runs: 3, ratio: 1.6 },
        ],
        3,
      ),
    ).toBe(
      [
        "| CLI start-up (compiled, dist/) | Median wall (runs) | vs `node -e 0` (goal <= 3x) |",
        "| --- | --- | --- |",
        "| `node -e 0` | 50 ms (3) | 1.00x |",
        "| `gcguard --version` | 81 ms (3) | 1.60x |",
      ].join("\n"),
    );
  });
});
