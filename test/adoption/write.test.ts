/**
 * `--write-imports` and resolve write a set: the adoption manifest, imports.tf and import.sh (lib/adoption/write.ts).
 * The set is written whole or not at all: whichever file cannot be written, the manifest keeps its previous bytes
 * (a manifest adopting what imports.tf does not show would split the two adoption paths).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import type { AdoptionToWrite } from "../../lib/adoption/write";
import { writeImports } from "../../lib/adoption/write";
import { tempsInFlight } from "../../lib/temp-files";
import { tempDir } from "../helpers";

const PREVIOUS = `${JSON.stringify(
  {
    version: 1,
    stacks: { "acme-prod": { "genesyscloud_group.kept": { id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" } } },
  },
  null,
  2,
)}\n`;

const ADOPT: AdoptionToWrite[] = [
  {
    stack: "acme-prod",
    address: "genesyscloud_routing_queue.sales",
    id: "b0000000-0000-4000-8000-000000000002",
    name: "Sales",
    source: "preflight",
  },
];

function project(): { dir: string; manifestFile: string } {
  const dir = tempDir();
  const manifestFile = path.join(dir, "gcguard.imports.json");
  writeFileSync(manifestFile, PREVIOUS);
  return { dir, manifestFile };
}

const temporaries = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".tmp"));

describe("writeImports", () => {
  test("writes the merged manifest, imports.tf and import.sh", () => {
    const { dir, manifestFile } = project();
    const written = writeImports(ADOPT, { manifestFile, dir, stacks: ["acme-prod"] });
    expect(written.added).toBe(1);
    expect(readFileSync(manifestFile, "utf8")).toContain("genesyscloud_routing_queue.sales");
    expect(readFileSync(path.join(dir, "imports.tf"), "utf8")).toContain("to = genesyscloud_routing_queue.sales");
    expect(readFileSync(path.join(dir, "import.sh"), "utf8")).toContain("import genesyscloud_routing_queue.sales");
  });

  test("fails when the import files' folder cannot be written (it is a file): the manifest keeps its old bytes", () => {
    const { dir, manifestFile } = project();
    const importsDir = path.join(dir, "imports");
    writeFileSync(importsDir, "a file where the folder should be");
    expect(() => writeImports(ADOPT, { manifestFile, dir: importsDir, stacks: ["acme-prod"] })).toThrow(
      /ENOTDIR|EEXIST/,
    );
    expect(readFileSync(manifestFile, "utf8")).toBe(PREVIOUS);
    expect(temporaries(dir)).toEqual([]);
    expect(tempsInFlight()).toEqual([]);
  });

  test("fails when import.sh cannot replace what is there (a folder): nothing of the set is left written", () => {
    const { dir, manifestFile } = project();
    mkdirSync(path.join(dir, "import.sh", "inside"), { recursive: true });
    expect(() => writeImports(ADOPT, { manifestFile, dir, stacks: ["acme-prod"] })).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readFileSync(manifestFile, "utf8")).toBe(PREVIOUS);
    expect(existsSync(path.join(dir, "imports.tf"))).toBe(false); // renamed into place, then removed again
    expect(temporaries(dir)).toEqual([]);
  });

  test("with no manifest before, a failure leaves none", () => {
    const dir = tempDir();
    const manifestFile = path.join(dir, "gcguard.imports.json");
    mkdirSync(path.join(dir, "imports.tf", "inside"), { recursive: true });
    expect(() => writeImports(ADOPT, { manifestFile, dir, stacks: ["acme-prod"] })).toThrow();
    expect(existsSync(manifestFile)).toBe(false);
    expect(existsSync(path.join(dir, "import.sh"))).toBe(false);
    expect(temporaries(dir)).toEqual([]);
  });
});
