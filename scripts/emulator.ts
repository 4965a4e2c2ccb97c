/**
 * `gcguard emulator`: serves a local Genesys Cloud API until SIGINT or SIGTERM (logic: lib/emulator/command.ts).
 */
import type { Command } from "commander";

import type { CommandIo } from "../lib/command-io";
import type { EmulatorFlags } from "../lib/emulator/cli-options";
import { DEFAULT_HOST, DEFAULT_PORT } from "../lib/emulator/defaults";
import { setExitCode } from "./command-io";
import { collect } from "./options";

export function registerEmulator(program: Command, io: CommandIo): void {
  program
    .command("emulator")
    .description("serve a local Genesys Cloud API (demo org, a seed file or a generated large org) until Ctrl-C")
    .option("-p, --port <n>", `port to listen on; 0 picks a free one (default: ${DEFAULT_PORT})`)
    .option("--host <address>", `address to bind (default: ${DEFAULT_HOST})`)
    .option("-s, --seed <file>", "org to serve, JSON or YAML (default: the demo org, lib/emulator/seeds/demo.yaml)")
    .option("-g, --generate <spec>", "serve a generated org instead: divisions=N,users=N,queues=N,groups=N[,seed=TEXT]")
    .option("--latency <ms>", "latency added to every request (default: 0)")
    .option("--rate-limit <per-minute>", "requests per minute per token (default: 300; 0 switches the limit off)")
    .option(
      "--fault <spec>",
      "inject a fault, repeatable: kind=...,match=...,status=...,probability=...,times=...",
      collect,
      [],
    )
    .option("--faults <file>", "fault rules from a JSON or YAML list (applied before each --fault)")
    .option("--write-seed <file>", "write the seed (e.g. the generated org) as JSON and exit instead of serving")
    .addHelpText(
      "after",
      [
        "",
        "Prints the URL (e.g. http://127.0.0.1:8080) as the only line on stdout; the banner goes to stderr.",
        "Fault keys are FaultRule's (lib/emulator/faults.ts): kind=status|reset|rate-limit|malformed|latency, match,",
        "status, retryAfterSeconds, latencyMs, body, times, after, probability. A kind=write rule (another writer",
        "changing a group right before a request) needs its `write` object: set it with PUT /__emulator/faults.",
        "",
        "Examples:",
        "  gcguard emulator",
        "  gcguard emulator --port 0 --seed my-org.yaml",
        "  gcguard emulator --generate divisions=1000,users=50000,queues=5000,groups=3000 --rate-limit 0",
        "  gcguard emulator --fault kind=status,status=503,match='GET /api/v2/users*',probability=0.2,times=3",
        "  gcguard emulator --generate divisions=50,users=2000,queues=100,groups=80 --write-seed big-org.json",
        "",
      ].join("\n"),
    )
    .action(async (flags: EmulatorFlags, command: Command) => {
      const { emulatorCommand } = await import("../lib/emulator/command");
      setExitCode(command, await emulatorCommand(flags, io));
    });
}
