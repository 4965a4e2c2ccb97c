import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, test } from "vitest";

import type { AdoptionManifest } from "../../lib/adoption/manifest";
import {
  emptyManifest,
  mergeManifest,
  readManifest,
  serializeManifest,
  writeManifest,
} from "../../lib/adoption/manifest";
import { renderedError, tempDir } from "../helpers";

const ID_A = "6b1f4e2a-8c3d-4a5b-9e7f-0a1b2c3d4e5f";
const ID_B = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";

function tempFile(name: string, content?: string): string {
  const file = path.join(tempDir("gcguard-manifest-"), name);
  if (content !== undefined) writeFileSync(file, content);
  return file;
}

describe("adoption manifest", () => {
  test("reads a valid manifest", () => {
    const file = tempFile(
      "m.json",
      JSON.stringify({ version: 1, stacks: { acme: { "genesyscloud_group.agents": { id: ID_A, name: "Agents" } } } }),
    );
    expect(readManifest(file)?.stacks.acme?.["genesyscloud_group.agents"]).toEqual({ id: ID_A, name: "Agents" });
  });

  test("a missing file is fine when optional, and an error naming the flag when given explicitly", () => {
    const file = path.join(tmpdir(), "gcguard-does-not-exist", "m.json");
    expect(readManifest(file, { optional: true })).toBeUndefined();
    expect(renderedError(() => readManifest(file))).toBe(
      `${file}: cannot read the adoption manifest (ENOENT); check the --imports path`,
    );
  });

  test("fails on broken JSON, bad ids and bad addresses, naming each entry", () => {
    expect(renderedError(() => readManifest(tempFile("m.json", "{ not json")))).toMatch(
      /m.json: the adoption manifest is not valid JSON \(.*\); fix it or restore it from git$/,
    );
    const text = renderedError(() =>
      readManifest(
        tempFile(
          "m.json",
          JSON.stringify({
            version: 1,
            stacks: { acme: { "genesyscloud_group.x": { id: "nope" }, "aws_s3_bucket.b": { id: ID_A } } },
          }),
        ),
      ),
    );
    expect(text).toContain("stacks.acme.genesyscloud_group.x.id: is not a Genesys ID");
    expect(text).toContain('stacks.acme.aws_s3_bucket.b: "aws_s3_bucket.b" is not a genesyscloud resource');
  });

  test("fails on a newer format version, telling the user to upgrade", () => {
    expect(renderedError(() => readManifest(tempFile("m.json", '{"version":2,"stacks":{}}')))).toMatch(
      /adoption manifest version 2 was written by a newer gcguard; .* so upgrade gcguard$/,
    );
  });

  test("merging never clobbers an entry that adopts a different object", () => {
    const base: AdoptionManifest = {
      version: 1,
      stacks: { acme: { "genesyscloud_group.a": { id: ID_A, source: "resolve" } } },
    };
    const result = mergeManifest(base, [
      { stack: "acme", address: "genesyscloud_group.a", entry: { id: ID_B } },
      { stack: "acme", address: "genesyscloud_group.b", entry: { id: ID_B, name: "B" } },
      { stack: "other", address: "genesyscloud_group.a", entry: { id: ID_A } },
    ]);
    expect(result.manifest.stacks.acme?.["genesyscloud_group.a"]).toEqual({ id: ID_A, source: "resolve" });
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]?.existing.id).toBe(ID_A);
    expect(result.added.map((a) => `${a.stack}/${a.address}`)).toEqual([
      "acme/genesyscloud_group.b",
      "other/genesyscloud_group.a",
    ]);
    expect(base.stacks.acme).not.toHaveProperty("genesyscloud_group.b"); // the input is not mutated
  });

  test("serializes sorted, so the same content is always the same bytes, and writes atomically", () => {
    const one = mergeManifest(emptyManifest(), [
      { stack: "b", address: "genesyscloud_group.z", entry: { id: ID_A } },
      { stack: "a", address: "genesyscloud_group.y", entry: { id: ID_B } },
    ]).manifest;
    const two = mergeManifest(emptyManifest(), [
      { stack: "a", address: "genesyscloud_group.y", entry: { id: ID_B } },
      { stack: "b", address: "genesyscloud_group.z", entry: { id: ID_A } },
    ]).manifest;
    expect(serializeManifest(one)).toBe(serializeManifest(two));
    const file = tempFile("gcguard.imports.json");
    writeManifest(file, one);
    expect(readFileSync(file, "utf8")).toBe(serializeManifest(one));
    expect(readdirSync(path.dirname(file))).toEqual(["gcguard.imports.json"]); // no temp file left behind
    expect(readManifest(file)).toEqual(one);
  });
});
