/**
 * What the program (scripts/cli.ts) and its subcommand files share: the process as a command's io
 * (lib/command-io.ts), the version and the exit code. A leaf module: it imports nothing of gcguard at run time but
 * the redaction pass (itself a leaf, lib/redact.ts), so the subcommands and the program do not import each other,
 * and `--help` loads nothing more for it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";

import type { CommandIo, VersionedIo } from "../lib/command-io";
import { redactorFor } from "../lib/redact";

/**
 * The io a command gets: the caller's (a test's, an embedder's), and the process's own for whatever the caller left
 * out. stdin is touched only when a command asks whether it is a terminal. Everything written to stdout and stderr
 * goes through the redaction pass (lib/redact.ts) for the io's environment, whoever supplied the writers.
 */
export function processIo(given: Partial<CommandIo> = {}): VersionedIo {
  const io = withProcessDefaults(given);
  const redact = redactorFor(io.env);
  return { ...io, stdout: (text) => io.stdout(redact(text)), stderr: (text) => io.stderr(redact(text)) };
}

function withProcessDefaults(given: Partial<CommandIo>): VersionedIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: process.stderr.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    get stdinIsTty() {
      return process.stdin.isTTY === true;
    },
    version: version(),
    confirm: askOnTerminal,
    ...given,
  };
}

/** Asks on stderr and reads the answer from stdin: only an explicit "yes" is a yes. */
async function askOnTerminal(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  rl.close();
  return answer.trim().toLowerCase() === "yes";
}

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
