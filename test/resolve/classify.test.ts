/** Every fixture, in all three input styles, yields the right classification per address. */
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { classify } from "../../lib/resolve/classify";
import { parseApplyLogText } from "../../lib/resolve/parse";
import { run } from "../../scripts/cli";

const fixture = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");

async function kinds(name: string): Promise<string[]> {
  const { failures } = await parseApplyLogText(fixture(name));
  return failures.map((f) => `${f.stack ? `${f.stack}:` : ""}${f.address ?? "?"}=${classify(f).kind}`);
}

describe("classification of failed applies", () => {
  test.each([
    [
      "json-apply.log",
      [
        "genesyscloud_auth_division.sales=name-conflict",
        "genesyscloud_routing_queue.support_eu=name-conflict",
        "genesyscloud_group.sales_agents=version-conflict",
        "genesyscloud_auth_division.legacy=non-empty-division",
        "genesyscloud_routing_queue.billing=rate-limited",
        "genesyscloud_auth_division.support=unauthorized",
        "genesyscloud_group.sales_agents_eu=forbidden",
        "genesyscloud_routing_queue.support_emea=not-found",
      ],
    ],
    [
      "human-color-wrapped.log",
      ["genesyscloud_auth_division.sales=name-conflict", "genesyscloud_group.sales_agents=forbidden"],
    ],
    [
      "human-plain.log",
      ["genesyscloud_auth_division.sales=name-conflict", "genesyscloud_routing_queue.support_emea=not-found"],
    ],
    ["human-resource-name.log", ["genesyscloud_routing_queue.support=version-conflict"]],
    ["human-retry-exhausted.log", ["genesyscloud_auth_division.legacy=non-empty-division"]],
    [
      "cdktf-two-stacks.log",
      [
        "acme-prod:genesyscloud_auth_division.sales=name-conflict",
        "acme-dev:genesyscloud_routing_queue.support=name-conflict",
      ],
    ],
    ["real-tf1.11-no-color.log", ["?=name-conflict"]],
    ["no-errors.log", []],
  ])("%s", async (name, expected) => {
    expect(await kinds(name)).toEqual(expected);
  });

  test("the name comes from the provider's create summaries when there is no plan", async () => {
    const { failures } = await parseApplyLogText(fixture("json-apply.log"));
    expect(classify(failures[0]!)).toEqual({ kind: "name-conflict", resource: "division", name: "Sales" });
    expect(classify(failures[3]!)).toMatchObject({
      kind: "non-empty-division",
      divisionId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
    });
  });
});

describe("gcguard resolve (the command)", () => {
  // Reading the log from stdin, through the real process: test/resolve/cli-journey.test.ts.
  test("a missing log file is bad input (exit 2) naming the file", async () => {
    let out = "";
    let err = "";
    const code = await run(["resolve", "/nonexistent/apply.log"], {
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
    });
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain("/nonexistent/apply.log: cannot read the log (ENOENT)");
  });
});
