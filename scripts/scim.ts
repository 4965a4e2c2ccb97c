/** `gcguard scim diff | sync | users`: SCIM membership drift and a safe sync (logic: lib/scim/command.ts). */
import type { Command } from "commander";
import { Option } from "commander";

import type { ScimFlags } from "../lib/scim/command";
import type * as ScimCommands from "../lib/scim/command";
import { DEFAULT_STATE_FILE, DEFAULT_TOKEN_ENV, REPORT_FORMATS } from "../lib/scim/defaults";
import type { CommandIo } from "../lib/command-io";
import { setExitCode } from "./command-io";
import { collect, formatOption, wholeNumber } from "./options";

function source(command: Command): Command {
  return command
    .option("--export <file>", "IdP export: JSON or CSV, group display name to members (see README)")
    .option("--delta <url>", "IdP delta endpoint: additions and removals per group since the stored cursor")
    .option("--token-env <name>", "environment variable holding the delta endpoint's bearer token", DEFAULT_TOKEN_ENV)
    .option("--state <file>", "where a delta run keeps its cursor", DEFAULT_STATE_FILE)
    .option("--group <name>", "only this group (exact display name); repeatable", collect);
}

function output(command: Command): Command {
  return command
    .addOption(formatOption("-f, --format <format>", "report format", REPORT_FORMATS))
    .option("-o, --output <file>", "write the report to a file (atomically) instead of stdout")
    .option("--base-url <url>", "Genesys API base URL (e.g. the emulator); default from GENESYSCLOUD_* variables")
    .option("--no-progress", "no progress lines on stderr");
}

/** `--max-conflicts <n>`: re-reads of one `item` (a group, a user) after version conflicts. */
function maxConflicts(item: string): Option {
  return new Option("--max-conflicts <n>", `re-reads after version conflicts before giving a ${item} up`)
    .argParser(wholeNumber("--max-conflicts", 0))
    .default("3");
}

export function registerScim(program: Command, io: CommandIo): void {
  const scim = program
    .command("scim")
    .description("SCIM membership: drift between the identity provider and Genesys, a safe sync, user provisioning");
  type Subcommand = "scimDiffCommand" | "scimSyncCommand" | "scimUsersCommand";
  const run = (name: Subcommand) => async (opts: ScimFlags, command: Command) => {
    const commands: typeof ScimCommands = await import("../lib/scim/command");
    setExitCode(command, await commands[name](opts, io));
  };

  output(source(scim.command("diff").description("report adds, removes, orphans and unknown users per group")))
    .addHelpText(
      "after",
      [
        "",
        "Exit codes: 0 no drift, 1 drift or unresolved (missing/ambiguous group, unknown user), 2 bad input, 3 API.",
        "",
        "Examples:",
        "  gcguard scim diff --export idp/groups.csv",
        "  GCGUARD_IDP_TOKEN=... gcguard scim diff --delta https://idp.example/gc-delta --format markdown",
      ].join("\n"),
    )
    .action(run("scimDiffCommand"));

  output(
    source(scim.command("sync").description("bring Genesys group membership to the IdP's (dry run unless --apply)")),
  )
    .option("--apply", "send the PATCH requests (default: print them and change nothing)")
    .option("--chunk-size <n>", "member changes per PATCH request", wholeNumber("--chunk-size", 1), "50")
    .option("--no-remove", "never remove members (additive-only rollouts)")
    .option("--keep-orphans", "keep members the IdP does not know at all (still reported)")
    .addOption(maxConflicts("group"))
    .addHelpText(
      "after",
      [
        "",
        "Every PATCH carries If-Match; on a version conflict the group is re-read and the changes recomputed.",
        "Exit codes: 0 converged, 1 changes pending (dry run) or unresolved, 2 bad input, 3 API trouble.",
        "",
        "Examples:",
        "  gcguard scim sync --export idp/groups.json                # prints the exact PATCH requests",
        "  gcguard scim sync --export idp/groups.json --apply --no-remove",
      ].join("\n"),
    )
    .action(run("scimSyncCommand"));

  output(scim.command("users").description("create the export's users through SCIM, merging into existing ones"))
    .option("--export <file>", "IdP export with users: JSON (users list) or a users CSV")
    .option("--apply", "create and update users (default: show what would change)")
    .addOption(maxConflicts("user"))
    .addHelpText(
      "after",
      ["", "Exit codes: 0 every user present and up to date, 1 pending changes or failures, 2 bad input, 3 API."].join(
        "\n",
      ),
    )
    .action(run("scimUsersCommand"));
}
