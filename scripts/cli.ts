/**
 * The `gcguard` command line: one program, one thin subcommand per file in scripts/, each over a function in lib/.
 * Results go to stdout, progress and diagnostics to stderr. Exit codes (lib/errors.ts): 0 clean, 1 findings,
 * 2 bad usage or input, 3 could not verify.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { Command, CommanderError } from "commander";

import { describeFailure, ExitCode } from "../lib/errors";
import { registerEmulator } from "./emulator";
import { registerPreflight } from "./preflight";
import { registerProvider } from "./provider";
import { registerRehearse } from "./rehearse";
import { registerResolve } from "./resolve";
import { registerScim } from "./scim";
import { registerSnapshot } from "./snapshot";
import { registerSynth } from "./synth";

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export function version(): string {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function buildProgram(io: Io): Command {
  const program = new Command("gcguard")
    .description("Make Terraform applies against Genesys Cloud boring.")
    .version(version(), "-V, --version", "print the gcguard version")
    .helpOption("-h, --help", "show help")
    .showHelpAfterError("(run gcguard --help for usage)")
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();
  program.addHelpText(
    "after",
    [
      "",
      "Exit codes: 0 clean, 1 findings or unresolved conflicts, 2 bad usage or input, 3 could not verify.",
      "Credentials: the provider's own variables (GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET,",
      "GENESYSCLOUD_REGION, GENESYSCLOUD_ACCESS_TOKEN, GENESYSCLOUD_GATEWAY_HOST/_PORT/_PROTOCOL).",
    ].join("\n"),
  );
  registerSynth(program, io);
  registerEmulator(program, io);
  registerSnapshot(program, io);
  registerPreflight(program, io);
  registerResolve(program, io);
  registerScim(program, io);
  registerRehearse(program, io);
  registerProvider(program, io);
  const configure = (command: Command): void => {
    for (const sub of command.commands) {
      sub.configureOutput({ writeOut: io.stdout, writeErr: io.stderr }).exitOverride();
      configure(sub);
    }
  };
  configure(program);
  return program;
}

/** Runs gcguard with the given arguments (without `node` and the script) and returns the exit code. */
export async function run(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return ExitCode.BadInput;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCodes.get(program) ?? ExitCode.Clean;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version end with exitCode 0; every parse failure is bad usage.
      return err.exitCode === 0 ? ExitCode.Clean : ExitCode.BadInput;
    }
    const failure = describeFailure(err);
    io.stderr(`gcguard: ${failure.text}\n`);
    return failure.exitCode;
  }
}

/** Subcommands record their exit code on the program they ran under. */
const exitCodes = new WeakMap<Command, number>();

export function setExitCode(command: Command, code: number): void {
  let root = command;
  while (root.parent) root = root.parent;
  exitCodes.set(root, code);
}
