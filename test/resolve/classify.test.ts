/** Every fixture, in all three input styles, yields the right classification per address. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { classify } from "../../lib/resolve/classify";
import { parseApplyLogText } from "../../lib/resolve/parse";

const ROOT = path.join(__dirname, "..", "..");
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
  test("reads the log from stdin and diagnoses without writing anything", async () => {
    const child = spawn(
      process.execPath,
      ["scripts/gcguard.cjs", "resolve", "-", "--no-write", "--base-url", "http://127.0.0.1:9"],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          GENESYSCLOUD_OAUTHCLIENT_ID: "x",
          GENESYSCLOUD_OAUTHCLIENT_SECRET: "y",
        },
      },
    );
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stdin.end(fixture("human-resource-name.log"));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stdout).toContain("[version-conflict] genesyscloud_routing_queue.support");
    expect(stdout).toContain("Run terraform plan again");
    expect(status).toBe(1);
  });

  test("a missing log file is bad input (exit 2) naming the file", async () => {
    const child = spawn(process.execPath, ["scripts/gcguard.cjs", "resolve", "/nonexistent/apply.log"], {
      cwd: ROOT,
      env: { PATH: process.env.PATH },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(status).toBe(2);
    expect(stderr).toContain("/nonexistent/apply.log: cannot read the log (ENOENT)");
  });
});
