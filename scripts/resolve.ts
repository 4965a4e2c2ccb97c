/** `gcguard resolve`: a failed apply's log to a diagnosis and import artifacts (logic: lib/resolve). */
import { createReadStream, statSync } from "node:fs";

import type { Command } from "commander";

import { InputError } from "../lib/errors";
import type { ResolveFlags } from "../lib/resolve/command";
import type { CommandIo } from "../lib/command-io";
import { setExitCode } from "./command-io";
import { formatOption } from "./options";

/**
 * The log's raw lines, streamed and decoded: a file, or stdin for "-" (or no argument with input piped in); stdin
 * is the io's when it has one (a test's), else the process's.
 */
async function* lines(file: string | undefined, io: CommandIo): AsyncGenerator<string> {
  const { logLines, MAX_LOG_BYTES, sizeText } = await import("../lib/logs/input");
  const name = file === undefined || file === "-" ? "stdin" : file;
  if (name !== "stdin") {
    let size: number;
    try {
      const stat = statSync(name);
      if (stat.isDirectory())
        throw new InputError(`${name}: is a directory; pass the log file that terraform apply or cdktf deploy wrote`);
      size = stat.size;
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(
        `${name}: cannot read the log (${(err as NodeJS.ErrnoException).code ?? "unreadable"}); pass the file that terraform apply or cdktf deploy wrote, or - for stdin`,
      );
    }
    if (size > MAX_LOG_BYTES) {
      throw new InputError(
        `${name}: the log is ${sizeText(size)}, more than gcguard reads (${sizeText(MAX_LOG_BYTES)}); pass only the output of the failed apply`,
      );
    }
  }
  const stream = name === "stdin" ? (io.stdin ?? process.stdin) : createReadStream(name);
  yield* logLines(stream as AsyncIterable<Uint8Array | string>, name);
}

/**
 * --to, --apply and --yes say how to fix; without --fix they would be ignored, and a user who asked for --apply
 * would read a diagnosis as if the fix had run.
 */
function checkFixFlags(opts: ResolveFlags): void {
  if (opts.fix !== undefined) return;
  const given = (["to", "apply", "yes"] as const).filter((k) => opts[k] !== undefined).map((k) => `--${k}`);
  if (given.length > 0)
    throw new InputError(
      `${given.join(" and ")} only ${given.length === 1 ? "goes" : "go"} with --fix move-objects; add --fix move-objects, or leave ${given.length === 1 ? "it" : "them"} out`,
    );
}

export function registerResolve(program: Command, io: CommandIo): void {
  program
    .command("resolve")
    .description("turn a failed apply's log into import blocks, import commands and a diagnosis")
    .argument("[log]", "terraform apply (-json or human) or cdktf deploy output; - or none for stdin")
    .option("--plan <file>", "the plan the apply ran (terraform show -json), for names and addresses")
    .option("--stack <file>", "the synthesized stack (cdk.tf.json), for names and construct paths")
    .option("-c, --config <file>", "org config to synthesize for names (default: gcguard.config.yaml if present)")
    .option("--stack-name <name>", "stack for logs that do not name one")
    .option(
      "-i, --imports <file>",
      "adoption manifest to merge into (default: beside the config, where the synth reads it; with no config, in --out)",
    )
    .option("-o, --out <dir>", "where imports.tf and import.sh go", ".")
    .option("--no-write", "diagnose only; write no artifacts")
    .option("--offline", "diagnose from the log alone: no Genesys lookups, so no ids to import")
    .addOption(formatOption("-f, --format <format>", "report format", ["text", "json"]))
    .option("--base-url <url>", "Genesys API base URL (e.g. the emulator)")
    .option("--fix <fix>", "move-objects: move users and queues out of a division whose delete was refused")
    .option("--to <division>", "with --fix move-objects: the target division, by name or id")
    .option("--apply", "with --fix: make the change (default: a dry run that shows exactly what would move)")
    .option("--yes", "with --apply: do not ask (required when stdin is not a terminal)")
    .addHelpText(
      "after",
      [
        "",
        "Reads terraform apply (human or -json) and cdktf deploy output, raw or as a CI runner logged it (GitHub",
        "Actions, Azure Pipelines, GitLab, Jenkins timestamps and markers are taken off).",
        "",
        "Exit codes: 0 the log holds no error; 1 failures diagnosed (artifacts written), another provider's failure,",
        "or an error gcguard cannot attribute; 2 bad input (not an apply log); 3 could not look objects up in Genesys.",
        "",
        "Examples:",
        "  terraform apply -json plan.out | tee apply.log; gcguard resolve apply.log --plan plan.json",
        "  cdktf deploy 2>&1 | gcguard resolve -",
        "  gcguard resolve apply.log --fix move-objects --to Home --apply --yes",
      ].join("\n"),
    )
    .action(async (log: string | undefined, opts: ResolveFlags, command: Command) => {
      if (log === undefined && io.stdinIsTty === true)
        throw new InputError("give the log file, or pipe the log in (gcguard resolve -)");
      checkFixFlags(opts);
      const { resolveCommand } = await import("../lib/resolve/command");
      const name = log === undefined || log === "-" ? "stdin" : log;
      setExitCode(command, await resolveCommand(lines(log, io), name, opts, io));
    });
}
