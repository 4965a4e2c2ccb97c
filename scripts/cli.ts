/**
 * The `gcguard` command line: one program, one thin subcommand per file in scripts/, each over a function in lib/.
 * A subcommand file declares its options and loads its lib/ module only when it runs, so `--help` and `--version`
 * load almost nothing (docs/npm-package.md).
 * Results go to stdout, progress and diagnostics to stderr. Exit codes (lib/errors.ts): 0 clean, 1 findings,
 * 2 bad usage or input, 3 could not verify.
 */
import { Command, CommanderError } from "commander";

import { describeFailure, ExitCode } from "../lib/errors";
import type { CommandIo } from "../lib/command-io";
import { exitCodeOf, processIo, version } from "./command-io";
import { checkCommandLine, checkControlCharacters } from "./flag-checks";
import { registerCompletion } from "./completion";
import { registerEmulator } from "./emulator";
import { registerPreflight } from "./preflight";
import { registerProvider } from "./provider";
import { registerRehearse } from "./rehearse";
import { registerResolve } from "./resolve";
import { registerScim } from "./scim";
import { registerSnapshot } from "./snapshot";
import { registerSynth } from "./synth";

/** The program over `given` io; what it leaves out is the process's own (scripts/command-io.ts). */
export function buildProgram(given: Partial<CommandIo> = {}): Command {
  const io = processIo(given);
  const program = new Command("gcguard")
    .description("Make Terraform applies against Genesys Cloud boring.")
    .version(version(), "-v, --version", "print the gcguard version (also: gcguard version)")
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
  program
    .command("version")
    .description("print the gcguard version")
    .action(() => io.stdout(`${version()}\n`));
  registerCompletion(program, io);
  program.hook("preAction", (_program, command) => checkCommandLine(command));
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
export async function run(argv: readonly string[], given: Partial<CommandIo> = {}): Promise<number> {
  const io = processIo(given);
  const program = buildProgram(given);
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return ExitCode.BadInput;
  }
  try {
    checkControlCharacters(argv);
    // -V was the version flag before -v; it still is, and is no other option's.
    await program.parseAsync(
      argv.map((a, i) => (i === 0 && a === "-V" ? "--version" : a)),
      { from: "user" },
    );
    return exitCodeOf(program) ?? ExitCode.Clean;
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
