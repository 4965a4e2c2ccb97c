import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { measureParse, PARSE_KINDS } from "../../lib/bench/parse";
import type { ParsePoint } from "../../lib/bench/parse-growth";
import { growth, renderParse } from "../../lib/bench/parse-growth";
import { tempDir } from "../helpers";

/** What each reader returns for a generated input of 20 items. */
const EXPECTED: Readonly<Record<string, number>> = {
  "apply log (human)": 2,
  "apply log (-json)": 2,
  "plan JSON": 20,
  "state JSON": 20,
  config: 1,
  "IdP export (CSV)": 1,
  "IdP export (JSON)": 1,
  "emulator seed": 20,
  "adoption manifest": 20,
  synth: 1,
};

describe("parse bench inputs", () => {
  it.each(PARSE_KINDS.map((k) => [k.name, k] as const))(
    "%s: gcguard's reader accepts the generated input",
    async (_, kind) => {
      const file = path.join(tempDir("gcguard-parse-bench-"), kind.file);
      writeFileSync(file, kind.generate(20));
      expect(await kind.read(file)).toBe(EXPECTED[kind.name]);
    },
  );

  it("covers every kind the issue names, at sizes 10x apart", () => {
    expect(PARSE_KINDS.map((k) => k.name)).toEqual(Object.keys(EXPECTED));
    for (const k of PARSE_KINDS) expect(k.sizes.slice(1).map((s, i) => s / k.sizes[i]!)).toEqual([10, 10]);
  });

  it("measures each kind at each size, in order", async () => {
    const kinds = PARSE_KINDS.filter((k) => k.name === "plan JSON").map((k) => ({ ...k, sizes: [5, 50] }));
    const points = await measureParse(kinds, 2, () => {});
    expect(points.map((p) => [p.kind, p.items, p.runs])).toEqual([
      ["plan JSON", 5, 2],
      ["plan JSON", 50, 2],
    ]);
    expect(points[1]!.bytes).toBeGreaterThan(points[0]!.bytes * 5);
  });

  it("fails when a reader reads nothing", async () => {
    const kind = { ...PARSE_KINDS[2]!, sizes: [1], read: () => 0 };
    await expect(measureParse([kind], 1, () => {})).rejects.toThrow(/read nothing/);
  });
});

const point = (kind: string, items: number, ms: number): ParsePoint => ({
  kind,
  unit: "items",
  items,
  bytes: items * 100,
  ms,
  runs: 3,
  rssMb: 1,
});

describe("growth verdict", () => {
  const points = [
    point("a", 1_000, 10),
    point("a", 10_000, 120),
    point("a", 100_000, 1_600),
    point("b", 10, 1),
    point("b", 100, 9),
  ];

  it("gives each 10x step's time ratio within a kind, never across kinds", () => {
    expect(growth(points).map((s) => [s.kind, s.from, s.to, s.timeRatio])).toEqual([
      ["a", 1_000, 10_000, 12],
      ["a", 10_000, 100_000, 1_600 / 120],
      ["b", 10, 100, 9],
    ]);
  });

  it("flags a step whose time grows more than 15x over a 10x size step", () => {
    const steps = growth([point("a", 1_000, 10), point("a", 10_000, 150), point("a", 100_000, 1_510)]);
    expect(steps.map((s) => s.superlinear)).toEqual([false, false]);
    const quadratic = growth([point("a", 1_000, 10), point("a", 10_000, 1_000)]);
    expect(quadratic[0]!.superlinear).toBe(true);
  });

  it("renders the ratio and the flag in the table", () => {
    const md = renderParse([point("a", 1_000, 10), point("a", 10_000, 1_000)]);
    expect(md).toContain("| a | 1,000 items | 100 kB | 10 ms (3) | - | 1 |");
    expect(md).toContain("| a | 10,000 items | 1.0 MB | 1000 ms (3) | 100.0x **superlinear** | 1 |");
  });
});
