/** `gcguard preflight`: the pre-apply gate (logic: lib/preflight/command.ts). */
import type { Command } from "commander";

import type { PreflightFlags } from "../lib/preflight/command";
import type { VersionedIo } from "../lib/command-io";
import { setExitCode } from "./command-io";
import { checkOptions, collect } from "./options";

export function registerPreflight(program: Command, io: VersionedIo): void {
  program
    .command("preflight")
    .description("check a plan against the live org before apply: name collisions, blocked destroys, membership traps")
    .option("--plan <file>", "Terraform JSON plan (terraform show -json plan.out); [stack=]file, repeatable", collect)
    .option("--stack <file>", "synthesized cdktf stack (cdk.tf.json); [stack=]file, repeatable", collect)
    .option(
      "--state <file>",
      "state for --stack or the config's stacks (.tfstate or terraform show -json); [stack=]file",
      collect,
    )
    .option("-c, --config <file>", "org config to synthesize in-process when no --plan or --stack is given")
    .option("-i, --imports <file>", "adoption manifest (read by the synth, merged into by --write-imports)")
    .option(
      "-f, --format <format[=file]>",
      "text, json, sarif, junit, github, markdown, codeclimate (GitLab) or azure, to stdout or =FILE; repeatable (default: text)",
      collect,
    )
    .option("-o, --output <file>", "with one --format: write it to a file (atomically) instead of stdout")
    .option("--fail-on <level>", "lowest level that fails the gate: error or warning", "error")
    .option("--allow-unverified", "do not exit 3 for what could not be checked (still reported)")
    .option("--require-coverage", "exit 3 when the plan holds Genesys types gcguard cannot check (GCG104)")
    .option(
      "--list-kinds",
      "list the resource types gcguard checks, with their sources (text or --format json), and stop",
    )
    .option("--waivers <file>", "accepted findings (rule, address, reason, expires); default .gcguard-waivers.yaml")
    .option(
      "--write-imports [dir]",
      "write adoptions: imports.tf and import.sh in dir (default .), manifest entries where the synth reads them " +
        "(--imports, else beside the config; with --plan or --stack, in dir)",
    )
    .option("--base-url <url>", "Genesys API base URL (e.g. the emulator); default from GENESYSCLOUD_* variables")
    .option("--no-progress", "no progress lines on stderr")
    .addHelpText(
      "after",
      [
        "",
        "Credentials: GENESYSCLOUD_OAUTHCLIENT_ID/_SECRET and GENESYSCLOUD_REGION (or _ACCESS_TOKEN, or a gateway).",
        "Per stack: GCGUARD_<STACK>_GENESYSCLOUD_... (stack upper-cased, non-alphanumerics as _) override them.",
        "",
        "Exit codes: 0 clean, 1 findings, 2 bad input, 3 could not verify (unless --allow-unverified).",
        "",
        "Examples:",
        "  terraform show -json plan.out > plan.json && gcguard preflight --plan plan.json --format sarif -o preflight.sarif",
        "  gcguard preflight --plan acme-prod=plan.json --format sarif=gcguard.sarif --format junit=gcguard.xml --format github",
        "  gcguard preflight --stack cdktf.out/stacks/acme-prod/cdk.tf.json --state terraform.acme-prod.tfstate",
        "  gcguard preflight --config gcguard.config.yaml --write-imports",
      ].join("\n"),
    )
    .action(async (opts: PreflightFlags, command: Command) => {
      const { parseOutputs, preflightCommand } = await import("../lib/preflight/command");
      if (!opts.listKinds) checkOptions(command, () => parseOutputs(opts.format, opts.output));
      setExitCode(command, await preflightCommand(opts, io));
    });
}
