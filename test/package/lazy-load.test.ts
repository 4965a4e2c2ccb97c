/**
 * `gcguard --version` and `--help` load the program and the option declarations, nothing of the commands
 * themselves (docs/npm-package.md, "Start-up"); `npm run bench` times it, this checks what is loaded.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");

/** The modules a run of the CLI (from its sources) loaded, relative to the repo; tsx's own left out. */
function loaded(args: string[]): string[] {
  const dir = tempDir("gcguard-lazy-");
  const hook = path.join(dir, "hook.cjs");
  const out = path.join(dir, "loaded.txt");
  writeFileSync(
    hook,
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, Object.keys(require.cache).join("\\n")));\n`,
  );
  const r = spawnSync(process.execPath, ["-r", hook, path.join(ROOT, "scripts", "gcguard.cjs"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(r.status).toBe(0);
  return readFileSync(out, "utf8")
    .split("\n")
    .filter((f) => f.startsWith(ROOT) && !/node_modules\/(tsx|esbuild)\//.test(f))
    .map((f) => path.relative(ROOT, f).split(path.sep).join("/"));
}

/**
 * What every run loads: the program, each subcommand's option declarations and the constants their help shows, the
 * redaction every printed line passes through, and the local-file error messages every failure may need.
 */
const PROGRAM = [
  "lib/emulator/defaults.ts",
  "lib/errors.ts",
  "lib/fs-errors.ts",
  "lib/genesys/config.ts",
  "lib/genesys/gateway.ts",
  "lib/genesys/regions.ts",
  "lib/genesys/target.ts",
  "lib/redact.ts",
  "lib/scim/defaults.ts",
  "lib/snapshot/rehearsal-client.ts",
];

describe("the CLI loads only what it runs", () => {
  it.each(["--version", "preflight --help", "scim sync --help"])("gcguard %s", (line) => {
    const files = loaded(line.split(" "));
    expect(files.filter((f) => f.startsWith("lib/")).sort()).toEqual(PROGRAM);
    const packages = files.filter((f) => f.startsWith("node_modules/")).map((f) => f.split("/")[1]);
    expect(new Set(packages)).toEqual(new Set(["commander"]));
  });

  it("a command loads its own module when it runs", () => {
    const files = loaded(["synth", "--config", path.join(ROOT, "examples", "gcguard.config.yaml"), "--out", tempDir()]);
    expect(files).toContain("lib/stack/synth.ts");
    expect(files).not.toContain("lib/preflight/command.ts");
    expect(files).not.toContain("lib/emulator/server.ts");
  });
});
