import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";
import { parse } from "yaml";

import { readManifest } from "../lib/adoption/manifest";
import { loadConfig } from "../lib/config/load";
import { DEMO_SEED_FILE } from "../lib/emulator";
import { loadSeedFile } from "../lib/emulator/seed";
import { INPUT_LIMITS, megabytes, readInputText, stripBom } from "../lib/limits";
import { PRODUCE_PLAN, readJsonFile } from "../lib/plan/inputs/common";
import { readStateFile } from "../lib/plan/inputs/state";
import { readCursor } from "../lib/scim/cursor";
import { readIdpExport } from "../lib/scim/export";
import { renderedError, tempDir } from "./helpers";

const BOM = "\uFEFF";
const ENDPOINT = "https://idp.example/delta";

/** A file of `bytes` that takes no disk: sparse, so a test of a 600 MB limit costs nothing. */
function sparse(name: string, bytes: number): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, "");
  truncateSync(file, bytes);
  return file;
}

function withBom(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, BOM + text);
  return file;
}

const config = "version: 1\norgs:\n  - name: acme\n    region: eu-west-1\n    divisions: [{ name: Sales }]\n";

// Every reader gets a leading BOM: Windows editors add one, and JSON.parse would refuse it.
describe("a leading UTF-8 BOM is accepted by every input reader", () => {
  test("org config, YAML and JSON", () => {
    expect(loadConfig(withBom("c.yaml", config)).orgs[0]?.divisions[0]?.name).toBe("Sales");
    const json = JSON.stringify(parse(config));
    expect(loadConfig(withBom("c.json", json)).orgs[0]?.name).toBe("acme");
  });

  test("Terraform plan and state JSON", () => {
    expect(readJsonFile(withBom("plan.json", '{"format_version":"1.2"}'), "plan", PRODUCE_PLAN)).toEqual({
      format_version: "1.2",
    });
    expect(readStateFile(withBom("terraform.tfstate", '{"version":4,"resources":[]}'))).toEqual([]);
  });

  test("adoption manifest", () => {
    expect(readManifest(withBom("imports.json", '{"version":1,"stacks":{}}'))).toEqual({ version: 1, stacks: {} });
  });

  test("emulator seed, YAML and JSON", () => {
    const yamlText = readFileSync(DEMO_SEED_FILE, "utf8");
    expect(loadSeedFile(withBom("seed.yaml", yamlText)).org.name).toBe("Acme Contact Centre");
    const json = JSON.stringify(parse(yamlText));
    expect(loadSeedFile(withBom("seed.json", json)).org.name).toBe("Acme Contact Centre");
  });

  test("IdP export, JSON and CSV", () => {
    const json = readIdpExport(withBom("idp.json", '{"groups":[{"displayName":"GC-Sales","members":["a@x.io"]}]}'));
    expect(json.groups.map((g) => g.displayName)).toEqual(["GC-Sales"]);
    const csv = readIdpExport(withBom("idp.csv", "groupDisplayName,email\nGC-Sales,a@x.io\n"));
    expect(csv.groups.map((g) => g.displayName)).toEqual(["GC-Sales"]);
  });

  test("delta state file", () => {
    const state = { version: 1, endpoint: ENDPOINT, cursor: "c1", updatedAt: "2025-03-01T10:00:00.000Z" };
    expect(readCursor(withBom("delta.json", JSON.stringify(state)), ENDPOINT)).toBe("c1");
  });

  test("stripBom removes one leading BOM and nothing else", () => {
    expect(stripBom(`${BOM}{}`)).toBe("{}");
    expect(stripBom(`{}${BOM}`)).toBe(`{}${BOM}`);
    expect(stripBom("")).toBe("");
  });
});

describe("an input past its size limit is refused before it is read, naming its size, the limit and the fix", () => {
  const over = (kind: keyof typeof INPUT_LIMITS) => INPUT_LIMITS[kind] + 1024 * 1024;
  const message = (file: string, what: string, size: number, limit: string) =>
    `${file}: the ${what} is ${megabytes(size)}, over gcguard's limit of ${limit} for it; ` +
    `check that this is the right file, or split it (README.md, "Limits")`;

  test.each([
    ["org config", "gcguard.config.yaml", (f: string) => loadConfig(f), "64 MB"],
    ["adoption manifest", "imports.json", (f: string) => readManifest(f), "64 MB"],
    ["Terraform JSON", "plan.json", (f: string) => readJsonFile(f, "Terraform JSON", PRODUCE_PLAN), "256 MB"],
    ["emulator seed", "seed.yaml", (f: string) => loadSeedFile(f), "256 MB"],
    ["IdP export", "idp.csv", (f: string) => readIdpExport(f), "256 MB"],
    ["delta state file", "delta.json", (f: string) => readCursor(f, ENDPOINT), "1 MB"],
  ] as const)("%s", (kind, name, read, limit) => {
    const file = sparse(name, over(kind));
    expect(renderedError(() => read(file))).toBe(message(file, kind, over(kind), limit));
  });

  test("a Terraform state names itself in the message", () => {
    const file = sparse("terraform.tfstate", over("Terraform JSON"));
    expect(renderedError(() => readStateFile(file))).toBe(
      message(file, "Terraform state", over("Terraform JSON"), "256 MB"),
    );
  });

  test("a file at the limit is read", () => {
    const file = sparse("delta.json", INPUT_LIMITS["delta state file"]);
    expect(readInputText(file, "delta state file")).toHaveLength(INPUT_LIMITS["delta state file"]);
  });
});

describe("progress while a large input is read", () => {
  test("says 'reading <file> (NN MB)' above 10 MB, and nothing below", () => {
    const lines: string[] = [];
    const large = sparse("big.json", 11 * 1024 * 1024);
    readInputText(large, "Terraform JSON", { notify: (line) => lines.push(line) });
    const small = sparse("small.json", 10 * 1024 * 1024);
    readInputText(small, "Terraform JSON", { notify: (line) => lines.push(line) });
    expect(lines).toEqual([`reading ${large} (11 MB)`]);
  });
});

describe("README's Limits table", () => {
  test("states the limits of lib/limits.ts", () => {
    const readme = readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Limits"), readme.indexOf("## Exit codes"));
    const rows: [string, number][] = [
      ["Org config", INPUT_LIMITS["org config"]],
      ["Adoption manifest", INPUT_LIMITS["adoption manifest"]],
      ["Terraform plan, state, synthesized stack", INPUT_LIMITS["Terraform JSON"]],
      ["Emulator seed", INPUT_LIMITS["emulator seed"]],
      ["IdP export", INPUT_LIMITS["IdP export"]],
      ["Delta state file", INPUT_LIMITS["delta state file"]],
    ];
    for (const [input, limit] of rows) expect(section).toMatch(new RegExp(`\\| ${input}.*\\| ${megabytes(limit)} `));
  });
});
