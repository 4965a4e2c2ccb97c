/**
 * Atomic writes (lib/fs.ts): a failed write leaves the old content and no temporary file, and a set of files is
 * written whole or not at all, whichever of its files fails, and at whichever step (writing or renaming).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { writeFileAtomic, writeFilesAtomic } from "../../lib/fs";
import { tempsInFlight } from "../../lib/temp-files";
import { tempDir } from "../helpers";

const temporaries = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".tmp"));

describe("writeFileAtomic", () => {
  test("replaces the content and leaves no temporary file", () => {
    const dir = tempDir();
    const file = path.join(dir, "out.json");
    writeFileSync(file, "old");
    writeFileAtomic(file, "new");
    expect(readFileSync(file, "utf8")).toBe("new");
    expect(temporaries(dir)).toEqual([]);
    expect(tempsInFlight()).toEqual([]);
  });

  test("fails on a target it cannot replace (a folder) and removes its temporary file", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "out.json", "inside"), { recursive: true });
    expect(() => writeFileAtomic(path.join(dir, "out.json"), "new")).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(temporaries(dir)).toEqual([]);
    expect(tempsInFlight()).toEqual([]);
  });
});

describe("writeFilesAtomic", () => {
  function setUp(): { dir: string; first: string } {
    const dir = tempDir();
    const first = path.join(dir, "first.json");
    writeFileSync(first, "old first");
    return { dir, first };
  }

  test("writes every file of the set", () => {
    const { dir, first } = setUp();
    writeFilesAtomic([
      { file: first, data: "new first" },
      { file: path.join(dir, "sub", "second.tf"), data: "new second" },
    ]);
    expect(readFileSync(first, "utf8")).toBe("new first");
    expect(readFileSync(path.join(dir, "sub", "second.tf"), "utf8")).toBe("new second");
    expect(temporaries(dir)).toEqual([]);
  });

  test("fails writing the second file (its folder is under a file): the first keeps its old content", () => {
    const { dir, first } = setUp();
    writeFileSync(path.join(dir, "blocker"), "a file, not a folder");
    const second = path.join(dir, "blocker", "second.tf");
    expect(() =>
      writeFilesAtomic([
        { file: first, data: "new first" },
        { file: second, data: "new second" },
      ]),
    ).toThrow(/ENOTDIR|EEXIST/);
    expect(readFileSync(first, "utf8")).toBe("old first");
    expect(temporaries(dir)).toEqual([]);
    expect(tempsInFlight()).toEqual([]);
  });

  test("fails renaming the third file (a folder is in its place): the first two are put back as they were", () => {
    const { dir, first } = setUp();
    const second = path.join(dir, "second.tf");
    mkdirSync(path.join(dir, "third.sh", "inside"), { recursive: true });
    expect(() =>
      writeFilesAtomic([
        { file: first, data: "new first" },
        { file: second, data: "new second" },
        { file: path.join(dir, "third.sh"), data: "new third" },
      ]),
    ).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(readFileSync(first, "utf8")).toBe("old first");
    expect(readdirSync(dir).sort()).toEqual(["first.json", "third.sh"]); // second.tf was new: removed again
    expect(temporaries(dir)).toEqual([]);
    expect(tempsInFlight()).toEqual([]);
  });
});
