import { afterEach, describe, expect, test, vi } from "vitest";

import { parseConfig } from "../../lib/config/load";
import type * as names from "../../lib/names";
import { nameKey } from "../../lib/names";

// Loading must grow with the config, not with its square: a 300,000-entry config once took minutes because every
// queue's references were searched for among every group. Work is counted (name comparisons), not timed.
vi.mock("../../lib/names", async (importOriginal) => {
  const actual = await importOriginal<typeof names>();
  return { ...actual, nameKey: vi.fn(actual.nameKey) };
});

/** A config of `n` entries: a quarter divisions, a quarter SCIM groups, half queues naming one of each. */
function config(n: number): string {
  const lines = ["version: 1", "orgs:", "  - name: big", "    region: eu-west-1", "    divisions:"];
  for (let i = 0; i < n / 4; i++) lines.push(`      - name: Division ${i}`);
  lines.push("    scimGroups:");
  for (let i = 0; i < n / 4; i++) lines.push(`      - name: Group ${i}`);
  lines.push("    queues:");
  for (let i = 0; i < n / 2; i++) {
    lines.push(
      `      - name: Queue ${i}`,
      `        division: Division ${i % (n / 4)}`,
      `        groups: [Group ${i % (n / 4)}]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Name comparisons made loading a config of `n` entries. */
function work(n: number): number {
  const text = config(n);
  vi.mocked(nameKey).mockClear();
  const loaded = parseConfig(text, "big.yaml");
  expect(loaded.orgs[0]?.queues).toHaveLength(n / 2);
  return vi.mocked(nameKey).mock.calls.length;
}

afterEach(() => {
  vi.mocked(nameKey).mockClear();
});

describe("loading a large config", () => {
  test("does work in proportion to its entries: twice the entries, twice the name comparisons", () => {
    const small = work(2_000);
    const large = work(4_000);
    expect(large / small).toBeLessThan(2.1);
  });

  test("loads 20,000 entries with a few name comparisons per entry", { timeout: 60_000 }, () => {
    expect(work(20_000) / 20_000).toBeLessThan(10);
  });
});
