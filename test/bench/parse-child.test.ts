import { describe, expect, it } from "vitest";

import { childRunner, PARSE_KINDS } from "../../lib/bench/parse";

// Integration (vitest.config.mts): each size of the parse bench is timed in a process of its own.
describe("the parse bench's child process", () => {
  const plan = PARSE_KINDS.find((k) => k.name === "plan JSON")!;

  it("times one size in a fresh process and hands back its reads", async () => {
    const reads = await childRunner(plan, 20, 2);
    expect(reads.bytes).toBe(Buffer.byteLength(plan.generate(20)));
    expect(reads.ms.length).toBeGreaterThanOrEqual(2);
    expect(reads.cpuMs).toHaveLength(reads.ms.length);
    expect(reads.fixedCpuMs).toBeGreaterThanOrEqual(0);
    expect(reads.peakRssMb).toBeGreaterThan(10);
  });

  it("fails with the child's error when the child fails", async () => {
    await expect(childRunner({ ...plan, name: "no such kind" }, 20, 1)).rejects.toThrow(
      /no such kind at 20 failed: .*no input kind "no such kind"/,
    );
  });
});
