/** `gcguard rehearse`: the real terraform apply against an emulated copy of the org (logic: lib/rehearse/command.ts). */
import type { Command } from "commander";

import type { RehearseFlags } from "../lib/rehearse/command";
import type { VersionedIo } from "../lib/command-io";
import { setExitCode } from "./command-io";

export function registerRehearse(program: Command, io: VersionedIo): void {
  program
    .command("rehearse")
    .description("run the real terraform plan and apply against the emulator seeded with a copy of the org")
    .option("-c, --config <file>", "org config (default: gcguard.config.yaml or $GCGUARD_CONFIG)")
    .option("-i, --imports <file>", "adoption manifest (default: gcguard.imports.json beside the config)")
    .option("--seed <file>", "emulator seed, e.g. gcguard snapshot output (default: the demo org)")
    .option("--workdir <dir>", "where stacks, plans, logs and resolve's artifacts go (default: a new temp dir)")
    .addHelpText(
      "after",
      [
        "",
        "Needs terraform on PATH. The provider is gcguard's emulator-backed one (a local mirror); GENESYSCLOUD_*",
        "variables are not passed to terraform, so a rehearsal never reaches a real org.",
        "Exit codes: 0 the apply ran clean, 1 it failed (the report says why and how to fix it), 2 bad input,",
        "3 terraform missing or the rehearsal could not run.",
        "",
        "Examples:",
        "  gcguard rehearse --config examples/gcguard.config.yaml",
        "  gcguard snapshot --out org.json --redact && gcguard rehearse --seed org.json",
      ].join("\n"),
    )
    .action(async (opts: RehearseFlags, command: Command) => {
      const { rehearseCommand } = await import("../lib/rehearse/command");
      setExitCode(command, await rehearseCommand(opts, io));
    });
}
