/**
 * `gcguard snapshot`: reads a live org (read-only) and writes it as an emulator seed, to rehearse against a copy of
 * the org with `gcguard emulator --seed FILE` (logic: lib/snapshot/command.ts).
 */
import type { Command } from "commander";

import type { CommandIo } from "../lib/command-io";
import { CONNECTION_ENV } from "../lib/genesys/config";
import type { SnapshotFlags } from "../lib/snapshot/command";
import { REHEARSAL_CLIENT } from "../lib/snapshot/rehearsal-client";
import { setExitCode } from "./command-io";
import { caseInsensitiveFormat } from "./options";

export function registerSnapshot(program: Command, io: CommandIo): void {
  program
    .command("snapshot")
    .description("read a live org (read-only) and write it as an emulator seed, to rehearse against a copy of it")
    .requiredOption("-o, --out <file>", "seed file to write (.json or .yaml/.yml)")
    .option("--redact", "replace user names, emails, external ids and titles with stable pseudonyms")
    .addOption(
      caseInsensitiveFormat("--format <format>", "seed format (default: from the --out extension)", ["json", "yaml"], {
        yml: "yaml",
      }),
    )
    .option("--force", "overwrite --out if it exists")
    .option("--base-url <url>", "API base URL instead of the region, e.g. the emulator's http://127.0.0.1:8080")
    .addHelpText(
      "after",
      [
        "",
        `Connection: ${CONNECTION_ENV.clientId} and ${CONNECTION_ENV.clientSecret} (or ${CONNECTION_ENV.accessToken}),`,
        `${CONNECTION_ENV.region} or the gateway variables; --base-url wins over both. Only GET requests and searches are`,
        "made. The org's OAuth clients and secrets are not read: the seed holds one rehearsal client instead,",
        `${REHEARSAL_CLIENT.id} with secret ${REHEARSAL_CLIENT.secret}, which the emulator will accept.`,
        "--redact keeps every id, department, division, group and queue name and all memberships; see",
        "lib/snapshot/redact.ts.",
        "",
        "Examples:",
        "  gcguard snapshot --out org.json",
        "  gcguard snapshot --out org.yaml --redact",
        "  gcguard emulator --seed org.json",
        "",
      ].join("\n"),
    )
    .action(async (flags: SnapshotFlags, command: Command) => {
      const { snapshotCommand } = await import("../lib/snapshot/command");
      setExitCode(command, await snapshotCommand(flags, io));
    });
}
