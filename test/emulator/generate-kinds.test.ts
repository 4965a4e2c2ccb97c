/**
 * The generated org's objects of the table-driven kinds (lib/emulator/generate-kinds.ts): every kind, counts that
 * scale, deterministic, valid seeds, the documented traps, and the rest of a generated org unchanged by them.
 */
import { createHash } from "node:crypto";

import { describe, expect, test } from "vitest";

import type { GenerateSpec } from "../../lib/emulator/generate";
import { generateSeed } from "../../lib/emulator/generate";
import type { ObjectKind } from "../../lib/emulator/generate-kinds";
import { GENERATED_FLOW_TYPES, objectCount } from "../../lib/emulator/generate-kinds";
import type { Seed, SeedObject } from "../../lib/emulator/seed";
import { parseSeed } from "../../lib/emulator/seed";
import { KINDS } from "../../lib/org/kinds";

const SMALL: GenerateSpec = { divisions: 12, users: 300, queues: 40, groups: 30 };
const OWN_SECTIONS = new Set(["division", "group", "queue", "user"]);
const OBJECT_KINDS = KINDS.map((k) => k.kind).filter((k): k is ObjectKind => !OWN_SECTIONS.has(k));

/** sha256 of the seed's JSON without `objects`. */
function hashWithoutObjects(spec: GenerateSpec): string {
  const seed: Partial<Seed> = generateSeed(spec);
  delete seed.objects;
  return createHash("sha256").update(JSON.stringify(seed)).digest("hex");
}

const objectsOf = (spec: GenerateSpec, kind: ObjectKind): SeedObject[] => generateSeed(spec).objects[kind] ?? [];

describe("generated objects of the table-driven kinds", () => {
  const seed = generateSeed(SMALL);

  // The hashes were computed with the generator before it made objects.
  test("leave the rest of the org as the generator made it before", () => {
    expect(hashWithoutObjects(SMALL)).toBe("501b95c1af7751d89cfa26a33fddebe9049082d8969ec076672edcff52b5d43b");
    expect(hashWithoutObjects({ ...SMALL, seed: "other" })).toBe(
      "e7c5f5273bcc29db02c8f37b9d90b9777352af3b3377d0325e5f46c6e41b7720",
    );
  });

  test("every kind of the table but divisions, groups, queues and users has objects; `objects` is the last key", () => {
    expect(OBJECT_KINDS).toHaveLength(28);
    expect(Object.keys(seed.objects).sort()).toEqual([...OBJECT_KINDS].sort());
    for (const kind of OBJECT_KINDS) expect(seed.objects[kind]?.length, kind).toBe(objectCount(kind, SMALL));
    expect(Object.keys(seed).at(-1)).toBe("objects");
  });

  test("are deterministic for a key and differ for another; the seed stays valid through JSON", () => {
    expect(JSON.stringify(generateSeed({ ...SMALL }).objects)).toBe(JSON.stringify(seed.objects));
    expect(JSON.stringify(generateSeed({ ...SMALL, seed: "other" }).objects)).not.toBe(JSON.stringify(seed.objects));
    expect(parseSeed(JSON.parse(JSON.stringify(seed)) as unknown, "generated")).toEqual(seed);
  });

  test("counts scale with the org: skills ~ users/20, wrap-up codes ~ queues, at least one of each kind", () => {
    const large: GenerateSpec = { divisions: 100, users: 10_000, queues: 1_000, groups: 10 };
    expect(objectCount("skill", large)).toBe(500);
    expect(objectCount("wrapupcode", large)).toBe(1_000);
    expect(objectCount("location", large)).toBe(100);
    const tiny: GenerateSpec = { divisions: 1, users: 0, queues: 0, groups: 0 };
    for (const kind of OBJECT_KINDS) expect(objectCount(kind, tiny), kind).toBeGreaterThanOrEqual(1);
    expect(parseSeed(generateSeed(tiny), "tiny").objects.flow).toHaveLength(2);
  });

  test("ids are unique across the whole seed; divisions exist and are spread", () => {
    const objects = Object.values(seed.objects).flatMap((list) => list ?? []);
    const all = [...seed.divisions, ...seed.users, ...seed.groups, ...seed.queues, ...objects].map((o) => o.id);
    expect(new Set(all).size).toBe(all.length);
    const divisionIds = new Set(seed.divisions.map((d) => d.id));
    const wrapups = seed.objects.wrapupcode ?? [];
    for (const w of wrapups) expect(divisionIds.has(w.divisionId ?? "")).toBe(true);
    expect(new Set(wrapups.map((w) => w.divisionId)).size).toBeGreaterThan(5);
    expect((seed.objects.language ?? []).every((l) => l.divisionId === undefined)).toBe(true);
  });

  test("traps: flow names shared across types (never within one), duplicate script names, deleted skills", () => {
    const flows = objectsOf({ ...SMALL, queues: 400 }, "flow");
    expect(new Set(flows.map((f) => f.type))).toEqual(new Set(GENERATED_FLOW_TYPES));
    const byName = new Map<string, SeedObject[]>();
    for (const f of flows) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
    const shared = [...byName.values()].filter((same) => same.length > 1);
    expect(shared).toHaveLength(20);
    for (const same of shared) expect(new Set(same.map((f) => f.type)).size).toBe(same.length);
    const scripts = objectsOf({ ...SMALL, queues: 1_000 }, "script").map((s) => s.name);
    expect(scripts.length - new Set(scripts).size).toBe(2);
    const skills = objectsOf({ ...SMALL, users: 20_000 }, "skill");
    const deleted = skills.filter((s) => s.state === "deleted").length / skills.length;
    expect(deleted).toBeGreaterThan(0.005);
    expect(deleted).toBeLessThan(0.04);
    for (const kind of OBJECT_KINDS.filter((k) => k !== "flow" && k !== "script")) {
      const names = (seed.objects[kind] ?? []).map((o) => o.name.toLowerCase());
      expect(new Set(names).size, kind).toBe(names.length);
    }
  });
});
