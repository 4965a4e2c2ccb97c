import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { KIND_IDS } from "../../lib/org/kind-spec";
import { UNNAMED_TYPES } from "../../lib/org/kind-table/unnamed";
import { KINDS, KIND_OF_TYPE, specOfType } from "../../lib/org/kinds";

/** The provider's resource types at the release the table was read from (provenance in the file's header). */
const PROVIDER_TYPES = new Set(
  readFileSync(path.join(__dirname, "..", "fixtures", "provider", "resource-types-v1.84.1.txt"), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#")),
);

describe("the kinds table", () => {
  test("has one entry per kind id and covers at least 23 types beyond none", () => {
    expect(KINDS.map((k) => k.kind)).toEqual([...KIND_IDS]); // one order, however gcguard is loaded
    expect(new Set(KINDS.map((k) => k.type)).size).toBe(KINDS.length);
    expect(KINDS.length).toBeGreaterThanOrEqual(23);
  });

  test("names only types the provider has, so no type is checked under a misspelt name", () => {
    for (const k of KINDS) expect(PROVIDER_TYPES.has(k.type), k.type).toBe(true);
    for (const type of Object.keys(UNNAMED_TYPES)) expect(PROVIDER_TYPES.has(type), type).toBe(true);
  });

  test("no type is both checked and declared to have no unique name", () => {
    for (const type of Object.keys(UNNAMED_TYPES)) expect(specOfType(type), type).toBeUndefined();
  });

  test.each(KINDS.map((k) => [k.type, k] as const))("%s: every fact has a source and a usable reading", (_, k) => {
    expect(KIND_OF_TYPE[k.type]).toBe(k.kind);
    for (const source of Object.values(k.sources)) expect(source.length).toBeGreaterThan(10);
    expect(k.list.path).toMatch(/^\/api\/v2\//);
    expect(k.list.pageSize).toBeGreaterThan(0);
    if (k.list.style === "search") expect(k.list.valuesPerQuery).toBeGreaterThan(0);
    expect(k.provider.create.length).toBeGreaterThan(0);
    for (const f of [...k.provider.create, ...(k.provider.update ?? [])]) expect(f).toMatch(/%[sv]/);
    expect(k.permissions.view).toMatch(/^[a-zA-Z]+:[a-zA-Z]+:[a-zA-Z]+$/);
    expect([400, 409]).toContain(k.duplicate.status);
    expect(k.noun.length).toBeGreaterThan(0);
  });
});
