import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { beforeEach, describe, expect, test } from "vitest";

import { readCursor, writeCursor } from "../../lib/scim/cursor";
import { inputError } from "./helpers";
import { tempDir } from "../helpers";

const ENDPOINT = "https://idp.example/scim-delta";

let dir: string;
let file: string;

beforeEach(() => {
  dir = tempDir("gcguard-cursor-");
  file = path.join(dir, "state", "scim-delta.json");
});

describe("readCursor and writeCursor", () => {
  test("round-trip a cursor, creating the directory and leaving no temporary file", () => {
    writeCursor(file, ENDPOINT, "opaque/cursor==", new Date("2025-03-01T10:00:00.000Z"));
    expect(readCursor(file, ENDPOINT)).toBe("opaque/cursor==");
    expect(readFileSync(file, "utf8")).toBe(
      JSON.stringify(
        { version: 1, endpoint: ENDPOINT, cursor: "opaque/cursor==", updatedAt: "2025-03-01T10:00:00.000Z" },
        null,
        2,
      ) + "\n",
    );
    writeCursor(file, ENDPOINT, "next");
    expect(readCursor(file, ENDPOINT)).toBe("next");
    expect(readdirSync(path.dirname(file))).toEqual(["scim-delta.json"]);
  });

  test("store the endpoint without its query, and ignore the query when reading", () => {
    writeCursor(file, `${ENDPOINT}?tenant=acme&key=secret`, "c1");
    expect(readFileSync(file, "utf8")).not.toContain("secret");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ endpoint: ENDPOINT });
    expect(readCursor(file, `${ENDPOINT}?tenant=other`)).toBe("c1");
  });

  test("read no cursor from a missing file: a first run", () => {
    expect(readCursor(file, ENDPOINT)).toBeUndefined();
  });

  test("fails on a state file written for another endpoint, telling to pass --state", () => {
    writeCursor(file, "https://other.example/delta", "c1");
    const err = inputError(() => readCursor(file, ENDPOINT));
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      `${file}: this state file belongs to another endpoint (https://other.example/delta, not ${ENDPOINT}); pass ` +
        "--state with another file for this endpoint",
    );
  });

  test("fails on a file that is not JSON, naming it and saying to delete or fix it", () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "{not json");
    expect(inputError(() => readCursor(file, ENDPOINT)).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: the delta state file is not valid JSON \\(.*\\); delete it \\(the next run then loads everything\\) or fix it$`,
      ),
    );
  });

  test("fails on JSON of the wrong shape, listing what is wrong", () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ version: 2, endpoint: ENDPOINT, cursor: "", extra: true }));
    const err = inputError(() => readCursor(file, ENDPOINT));
    expect(err.message).toBe(
      `${file}: not a gcguard delta state file; delete it (the next run then loads everything) or fix it`,
    );
    expect(err.problems).toEqual([
      "version: must be 1",
      "cursor: is empty",
      "updatedAt: is required",
      'unknown key "extra"',
    ]);
    writeFileSync(file, "[]");
    expect(inputError(() => readCursor(file, ENDPOINT)).problems).toEqual([
      "(file): must be a JSON object with version, endpoint, cursor and updatedAt",
    ]);
  });

  test("fails on a state file that cannot be read", () => {
    mkdirSync(file, { recursive: true });
    expect(inputError(() => readCursor(file, ENDPOINT)).message).toBe(
      `cannot read delta state file ${file}: it is a directory; fix it or pass --state <file>`,
    );
  });
});
