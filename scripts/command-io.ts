/**
 * What every subcommand file shares with the program (scripts/cli.ts): the output streams, the version and the exit
 * code. A leaf module: it imports nothing of gcguard, so the subcommands and the program do not import each other.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * What the Genesys clients of `snapshot`, `scim`, `preflight` and `resolve` read and wait on (lib/clock.ts's Clock, spelled out here so
   * this module stays a leaf); tests pass a virtual one so retries and rate limits take no real time.
   * @default real time
   */
  readonly clock?: { now(): number; sleep(ms: number): Promise<void> };
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

let cachedVersion: string | undefined;

/** gcguard's version, from its package.json (the repo's root, or the package's root when run from dist/). */
export function version(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version: string;
      };
      if (pkg.name === "gcguard") return (cachedVersion = pkg.version);
    } catch {
      // not here: look one folder up
    }
    if (path.dirname(dir) === dir) throw new Error(`gcguard's package.json is not above ${__dirname}`);
  }
}

/** Subcommands record their exit code on the program they ran under. */
const exitCodes = new WeakMap<Command, number>();

export function setExitCode(command: Command, code: number): void {
  let root = command;
  while (root.parent) root = root.parent;
  exitCodes.set(root, code);
}

export function exitCodeOf(program: Command): number | undefined {
  return exitCodes.get(program);
}
