import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import type { SizeRunner } from "../../lib/bench/parse";
import { measureParse, PARSE_KINDS } from "../../lib/bench/parse";
import { measureInProcess, processProbe } from "../../lib/bench/parse-time";
import type { ParsePoint } from "../../lib/bench/parse-growth";
import { growth, renderParse } from "../../lib/bench/parse-growth";
import { tempDir } from "../helpers";

/** What each reader returns for a generated input of 20 items. */
const EXPECTED: Readonly<Record<string, number>> = {
  "apply log (human)": 2,
  "apply log (-json)": 2,
  "plan JSON": 20,
  "state JSON": 20,
  "JSON.parse alone (state)": 20,
  config: 1,
  "IdP export (CSV)": 1,
  "IdP export (JSON)": 1,
  "emulator seed": 20,
  "JSON.parse alone (seed)": 20,
  "adoption manifest": 20,
  synth: 1,
  "synth (divisions)": 1,
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

  /** Each size timed in this process (the bench starts a process per size: test/bench/parse-child.test.ts). */
  const here: SizeRunner = (kind, items, runs) => measureInProcess(kind, items, runs, processProbe());

  it("measures each kind at each size, in order, quick reads more often than asked", async () => {
    const kinds = PARSE_KINDS.filter((k) => k.name === "plan JSON").map((k) => ({ ...k, sizes: [5, 50] }));
    const points = await measureParse(kinds, 2, () => {}, here);
    expect(points.map((p) => [p.kind, p.items, p.runs])).toEqual([
      ["plan JSON", 5, 9],
      ["plan JSON", 50, 9],
    ]);
    expect(points[1]!.bytes).toBeGreaterThan(points[0]!.bytes * 5);
    expect(points[0]!.peakRssMb).toBeGreaterThan(0);
  });

  it("reads a size at least as often as asked, after a warm-up and the fixed cost's reads, each after a full GC", async () => {
    const generated: number[] = [];
    let now = 0;
    let collected = 0;
    const probe = { now: () => now, cpuMs: () => now / 2, gc: () => void collected++, peakRssMb: () => 42 };
    const slow = {
      ...PARSE_KINDS[2]!,
      generate: (items: number) => (generated.push(items), String(items)),
      // A read of 300 ms of wall time and 150 ms of CPU; a one-item read of 100 ms and 50 ms.
      read: (file: string) => ((now += readFileSync(file, "utf8") === "1" ? 100 : 300), 1),
    };
    const reads = await measureInProcess(slow, 30, 3, probe);
    // 300 ms reads pass the quick budget (2 s) at the 7th read; 100 ms reads stop at the most runs, 9.
    expect(reads).toEqual({
      bytes: 2,
      ms: Array(7).fill(300),
      cpuMs: Array(7).fill(150),
      fixedCpuMs: 50,
      peakRssMb: 42,
    });
    // One input of one item for the warm-up and the fixed cost, then the size's.
    expect(generated).toEqual([1, 30]);
    expect(collected).toBe(9 + 7);
  });

  it("fails when a reader reads nothing", async () => {
    const kind = { ...PARSE_KINDS[2]!, sizes: [1], read: () => 0 };
    await expect(measureParse([kind], 1, () => {}, here)).rejects.toThrow(/read nothing/);
  });
});

const point = (kind: string, items: number, cpuMs: number, fixedCpuMs = 0): ParsePoint => ({
  kind,
  unit: "items",
  items,
  bytes: items * 100,
  ms: cpuMs * 2,
  cpuMs,
  fixedCpuMs,
  runs: 3,
  peakRssMb: 1,
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

  it("takes the fixed cost off both sizes before the ratio", () => {
    // 110 ms to 200 ms looks flat, but less the 100 ms of one item it is 10 ms of work becoming 100 ms: linear.
    const [linear] = growth([point("a", 1_000, 110, 100), point("a", 10_000, 200, 100)]);
    expect(linear).toMatchObject({ timeRatio: 10, superlinear: false });
    // And a quadratic reader hidden under a large fixed cost is flagged.
    const [hidden] = growth([point("a", 1_000, 101, 100), point("a", 10_000, 200, 100)]);
    expect(hidden).toMatchObject({ timeRatio: 100, superlinear: true });
  });

  it("gives no ratio for a step from a size within its fixed cost", () => {
    const [step] = growth([point("a", 1_000, 9, 10), point("a", 10_000, 500, 10)]);
    expect(step).toMatchObject({ timeRatio: undefined, superlinear: false });
  });

  it("renders the times, the fixed cost on the kind's first row, the ratio and the flag in the table", () => {
    const md = renderParse([point("a", 1_000, 12, 2), point("a", 10_000, 1_002, 2)]);
    expect(md).toContain("| a | 1,000 items | 100 kB | 24 ms | 12 ms (3) | 2 ms | - | 1 |");
    expect(md).toContain("| a | 10,000 items | 1.0 MB | 2004 ms | 1002 ms (3) |  | 100.0x **superlinear** | 1 |");
  });
});
