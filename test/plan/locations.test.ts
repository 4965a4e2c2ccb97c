/** Where findings point (lib/plan/locations.ts): the line a person edits, never a line that is not there. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { parseConfig } from "../../lib/config/load";
import { configLocator, fileLocator, locate, reportPath, terraformLocator } from "../../lib/plan/locations";
import { tempDir } from "../helpers";

const CONFIG = [
  "version: 1",
  "orgs:",
  "  - name: acme-prod",
  "    divisions:",
  "      - name: Sales",
  "      - name: Home",
  "        mode: home",
  "    scimGroups:",
  "      - name: GC-Sales-Agents",
  "      - name: GC-Tier1",
  "        mode: lookup",
  "    queues:",
  "      - name: Sales Inbound",
  "        division: Sales",
  "        groups: [GC-Sales-Agents]",
  "",
].join("\n");

describe("configLocator", () => {
  const org = parseConfig(CONFIG, "conf/gcguard.config.yaml").orgs[0]!;
  const root = path.resolve("/repo");
  const locator = configLocator(org, path.join(root, "conf", "gcguard.config.yaml"), root);

  it.each([
    ["genesyscloud_auth_division.sales", 5],
    ["data.genesyscloud_auth_division_home.home", 6],
    ["genesyscloud_group.gc_sales_agents", 9],
    ["data.genesyscloud_group.gc_tier1", 10],
    ["genesyscloud_routing_queue.sales_inbound", 13],
  ])("points %s at the line of its entry's name", (address, line) => {
    expect(locate(locator, address)).toEqual({ file: "conf/gcguard.config.yaml", line });
  });

  it("points stack-wide findings and unknown addresses at the org's name", () => {
    expect(locate(locator, undefined)).toEqual({ file: "conf/gcguard.config.yaml", line: 3 });
    expect(locate(locator, "genesyscloud_group.not_in_config")).toEqual({ file: "conf/gcguard.config.yaml", line: 3 });
  });
});

describe("terraformLocator", () => {
  it("finds resource and data blocks in the root module's .tf files, instances by their declaration", () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, "main.tf"),
      [
        "terraform {}",
        'resource "genesyscloud_auth_division" "sales" {',
        '  name = "Sales"',
        "}",
        '  resource "genesyscloud_group" "agents" {',
        '    for_each = toset(["a", "b"])',
        "  }",
        'data "genesyscloud_auth_division_home" "home" {}',
        '# resource "genesyscloud_routing_queue" "commented" {',
      ].join("\n"),
    );
    writeFileSync(path.join(dir, "queues.tf"), 'resource "genesyscloud_routing_queue" "inbound" {\r\n}\r\n');
    mkdirSync(path.join(dir, "modules"));
    writeFileSync(path.join(dir, "modules", "x.tf"), 'resource "genesyscloud_group" "nested" {}\n');
    const input = path.join(dir, "plan.json");
    writeFileSync(input, "{}");
    const locator = terraformLocator(dir, fileLocator(input, dir).stack, dir)!;
    expect(locate(locator, "genesyscloud_auth_division.sales")).toEqual({ file: "main.tf", line: 2 });
    expect(locate(locator, 'genesyscloud_group.agents["a"]')).toEqual({ file: "main.tf", line: 5 });
    expect(locate(locator, "data.genesyscloud_auth_division_home.home")).toEqual({ file: "main.tf", line: 8 });
    expect(locate(locator, "genesyscloud_routing_queue.inbound")).toEqual({ file: "queues.tf", line: 1 });
    // Commented out, in a module, or inside a module's address: the plan file itself.
    for (const address of [
      "genesyscloud_routing_queue.commented",
      "genesyscloud_group.nested",
      "module.x.genesyscloud_group.nested",
    ])
      expect(locate(locator, address)).toEqual({ file: "plan.json", line: 1 });
  });

  it("gives up (undefined) on a folder without blocks or that cannot be read", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "README.md"), "no terraform here");
    const stack = { file: "x", line: 1 };
    expect(terraformLocator(dir, stack)).toBeUndefined();
    expect(terraformLocator(path.join(dir, "missing"), stack)).toBeUndefined();
  });
});

describe("reportPath", () => {
  it("is relative to the root inside it and absolute outside it, with forward slashes", () => {
    const root = path.resolve("/repo");
    expect(reportPath(path.join(root, "a", "b.yaml"), root)).toBe("a/b.yaml");
    expect(reportPath("a/b.yaml", root)).toBe("a/b.yaml");
    expect(reportPath(path.resolve("/elsewhere/c.yaml"), root)).toBe(path.resolve("/elsewhere/c.yaml"));
    expect(reportPath(path.join(root, "..cache", "d.yaml"), root)).toBe("..cache/d.yaml");
    expect(reportPath(path.join(root, ".."), root)).toBe(path.resolve(root, ".."));
  });
});
