import { writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { ExitCode, isInputError } from "../../lib/errors";
import type { SeedInput } from "../../lib/emulator/seed";
import { loadSeedFile, parseSeed } from "../../lib/emulator/seed";
import { renderedError, tempDir } from "../helpers";

const HOME = { id: "d-home", name: "Home", home: true };

function seedFile(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

/** Nine levels of ten aliases each: a few hundred bytes that stand for 10^9 strings. */
function aliasBomb(): string {
  const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i <= 9; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
  return `${lines.join("\n")}\n`;
}

describe("loadSeedFile", () => {
  test("fails on a YAML alias bomb with one line naming the file, without expanding it", () => {
    const file = seedFile("bomb.yaml", aliasBomb());
    let caught: unknown;
    try {
      loadSeedFile(file);
    } catch (err) {
      caught = err;
    }
    expect(isInputError(caught) && caught.exitCode).toBe(ExitCode.BadInput);
    const message = renderedError(() => loadSeedFile(file));
    expect(message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the YAML's aliases`));
    expect(message).not.toContain("\n");
  });

  test("reads a YAML seed that uses an alias a few times", () => {
    const file = seedFile(
      "aliases.yaml",
      [
        "version: 1",
        "org: { id: o1, name: Acme }",
        "divisions: [{ id: d-home, name: Home, home: true }]",
        "queues:",
        "  - { id: q1, name: Q1, divisionId: d-home, settings: &media { mediaSettings: { call: { alertingTimeoutSeconds: 8 } } } }",
        "  - { id: q2, name: Q2, divisionId: d-home, settings: *media }",
        "",
      ].join("\n"),
    );
    expect(loadSeedFile(file).queues.map((q) => q.settings)).toEqual([
      { mediaSettings: { call: { alertingTimeoutSeconds: 8 } } },
      { mediaSettings: { call: { alertingTimeoutSeconds: 8 } } },
    ]);
  });
});

describe("parseSeed", () => {
  const base: SeedInput = { version: 1, org: { id: "o1", name: "Acme" }, divisions: [HOME] };

  test("fails on every reference to a division, user or group the seed does not hold, naming each", () => {
    const seed: SeedInput = {
      ...base,
      users: [{ id: "u1", name: "Ann", email: "ann@example.com", divisionId: "d-gone" }],
      groups: [{ id: "g1", name: "G", memberIds: ["u1", "u-gone"], ownerIds: ["u-gone2"] }],
      queues: [{ id: "q1", name: "Q", divisionId: "d-home", memberGroups: [{ id: "g-gone" }] }],
      objects: { skill: [{ id: "s1", name: "S", divisionId: "d-gone2" }] },
      clients: [{ id: "c", secret: "s", divisions: ["d-gone3"] }],
    };
    expect(renderedError(() => parseSeed(seed, "seed.json")).split("\n")).toEqual([
      "seed.json: inconsistent emulator seed",
      "  - users[0].divisionId: no division d-gone",
      "  - groups[0]: member or owner u-gone is not a user",
      "  - groups[0]: member or owner u-gone2 is not a user",
      "  - queues[0].memberGroups: no group g-gone",
      "  - objects.skill[0].divisionId: no division d-gone2",
      "  - clients[0].divisions: no division d-gone3",
    ]);
  });

  test("fails on an ID used twice, naming both places", () => {
    const seed: SeedInput = {
      ...base,
      users: [{ id: "d-home", name: "Ann", email: "ann@example.com", divisionId: "d-home" }],
    };
    expect(renderedError(() => parseSeed(seed, "seed.json"))).toContain(
      "users[0]: id d-home is already used by divisions[0]",
    );
  });
});
