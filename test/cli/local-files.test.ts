import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import { loadFaultsFile } from "../../lib/emulator/cli-options";
import { describeFailure } from "../../lib/errors";
import { writeFileAtomic } from "../../lib/fs";
import { localFileProblem } from "../../lib/fs-errors";
import { parseWaivers } from "../../lib/preflight/waivers";
import { run } from "../../scripts/cli";
import { renderedError, tempDir } from "../helpers";

// A path the user gave that cannot be used (a directory where a file goes, a file where a directory goes, a
// read-only place) is bad input: exit 2, naming the path and the fix, never Node's raw text and never exit 3.

async function gcguard(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await run(argv, { stdout: () => {}, stderr: (t) => (stderr += t), env: {} });
  return { code, stderr };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error, got none");
}

/** YAML lines whose alias `*i` stands for 10^9 values: nine levels of ten references each. */
function aliasBomb(): string {
  const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++) {
    const name = String.fromCharCode(97 + i);
    const prev = String.fromCharCode(96 + i);
    lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

/** A folder with a regular file `file` and an empty folder `dir`. */
function layout(): { root: string; file: string; dir: string } {
  const root = tempDir();
  const file = path.join(root, "file");
  const dir = path.join(root, "dir");
  writeFileSync(file, "x");
  mkdirSync(dir);
  return { root, file, dir };
}

describe("local file errors exit 2 with the path and the fix", () => {
  test("emulator --write-seed to a directory", async () => {
    const { root, dir } = layout();
    expect(await gcguard(["emulator", "--write-seed", dir])).toEqual({
      code: 2,
      stderr: `gcguard: ${dir}: is a directory; pass the path of a file\n`,
    });
    expect(readdirSync(root).sort()).toEqual(["dir", "file"]); // no temporary file left behind
  });

  test("emulator --write-seed under a file", async () => {
    const { file } = layout();
    expect(await gcguard(["emulator", "--write-seed", path.join(file, "seed.json")])).toEqual({
      code: 2,
      stderr: `gcguard: ${file}: is a file where a directory is needed; pass a directory, or move the file\n`,
    });
  });

  test("synth --out on a file", async () => {
    const { file } = layout();
    const { code, stderr } = await gcguard(["synth", "--config", "examples/gcguard.config.yaml", "--out", file]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `gcguard: ${file}: is a file where a directory is needed; pass a directory, or move the file\n`,
    );
  });

  test("rehearse --workdir on a file", async () => {
    const { file } = layout();
    expect(await gcguard(["rehearse", "--workdir", file])).toEqual({
      code: 2,
      stderr: `gcguard: --workdir ${file}: is a file; pass a directory (a new one is created)\n`,
    });
  });

  test("a log path that is a directory", async () => {
    const { dir } = layout();
    const { code, stderr } = await gcguard(["resolve", dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^gcguard: ${dir}: is a directory; `));
    expect(stderr).not.toContain("EISDIR");
  });

  test("a YAML alias bomb in the config", async () => {
    const { root } = layout();
    const config = path.join(root, "bomb.yaml");
    writeFileSync(config, `${aliasBomb()}version: 1\norgs: *i\n`);
    const { code, stderr } = await gcguard(["synth", "--config", config, "--out", path.join(root, "out")]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^gcguard: ${config}: the YAML's aliases \\(\\*name\\) expand to too many values`),
    );
  });
});

describe("a YAML alias bomb is an input error in every YAML reader", () => {
  const bomb = /: the YAML's aliases \(\*name\) expand to too many values/;

  test("waivers", () => {
    expect(renderedError(() => parseWaivers(`${aliasBomb()}waivers: *i\n`, "w.yaml"))).toMatch(bomb);
  });

  test("emulator --faults", () => {
    const file = path.join(tempDir(), "faults.yaml");
    writeFileSync(file, `${aliasBomb()}rules: *i\n`);
    expect(renderedError(() => loadFaultsFile(file))).toMatch(bomb);
  });
});

describe("describeFailure on file-system errors", () => {
  test("an output path that is a directory names it, not the temporary file", () => {
    const { root, dir } = layout();
    expect(describeFailure(thrown(() => writeFileAtomic(dir, "x")))).toEqual({
      exitCode: 2,
      text: `${dir}: is a directory; pass the path of a file`,
    });
    expect(readdirSync(root).sort()).toEqual(["dir", "file"]);
  });

  test("a read-only place is exit 2 with the fix", () => {
    // As root, permissions do not stop a write: the error a non-root user would get is made here.
    const denied = Object.assign(new Error("EACCES: permission denied, open '/ro/out.json'"), {
      code: "EACCES",
      syscall: "open",
      path: "/ro/out.json",
    });
    expect(describeFailure(denied)).toEqual({
      exitCode: 2,
      text: "/ro/out.json: permission denied; pass a path you may write to (or read), or fix its permissions",
    });
    const readOnly = { ...denied, code: "EROFS" };
    expect(localFileProblem(readOnly)).toBe("/ro/out.json: is on a read-only file system; pass a writable path");
  });

  test("a read-only directory refuses a write when not root", () => {
    const { dir } = layout();
    chmodSync(dir, 0o555);
    const err = process.getuid?.() === 0 ? undefined : thrown(() => writeFileAtomic(path.join(dir, "x.json"), "x"));
    chmodSync(dir, 0o755);
    if (err !== undefined) expect(describeFailure(err).exitCode).toBe(2);
  });

  test("errors that are not about a given path keep exit 3", () => {
    const spawn = Object.assign(new Error("spawn terraform ENOENT"), {
      code: "ENOENT",
      syscall: "spawn terraform",
      path: "terraform",
    });
    expect(describeFailure(spawn).exitCode).toBe(3);
    const full = Object.assign(new Error("ENOSPC"), { code: "ENOSPC", syscall: "write", path: "/tmp/x" });
    expect(describeFailure(full).exitCode).toBe(3);
    const network = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" });
    expect(describeFailure(network).exitCode).toBe(3);
  });
});
