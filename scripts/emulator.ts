/**
 * `gcguard emulator`: serves a local Genesys Cloud API (lib/emulator) until SIGINT or SIGTERM. The URL goes to
 * stdout as the only line, so scripts can read it; the banner and progress go to stderr. Flag parsing:
 * lib/emulator/cli-options.ts; the large-org generator: lib/emulator/generate.ts.
 */
import type { Command } from "commander";

import type { RunningEmulator } from "../lib/emulator";
import type { EmulatorFlags } from "../lib/emulator/cli-options";
import { DEFAULT_HOST, DEFAULT_PORT } from "../lib/emulator/defaults";
import type { Seed } from "../lib/emulator/seed";
import type { CommandIo } from "../lib/command-io";
import { collect } from "./options";

/** Resolves on the first SIGINT or SIGTERM; `dispose` removes the handlers (a second signal then kills). */
function untilSignal(): { readonly signal: Promise<NodeJS.Signals>; dispose(): void } {
  let handler: (signal: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    handler = (s) => {
      dispose();
      resolve(s);
    };
  });
  const dispose = (): void => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return { signal, dispose };
}

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
    .action(async (flags: EmulatorFlags) => {
      const [{ DEMO_SEED_FILE, startEmulator }, { loadSeedFile }, options, { generateSeed }, { writeFileAtomic }] =
        await Promise.all([
          import("../lib/emulator"),
          import("../lib/emulator/seed"),
          import("../lib/emulator/cli-options"),
          import("../lib/emulator/generate"),
          import("../lib/fs"),
        ]);
      const { connectHost, listenError, planEmulator, renderBanner } = options;
      const plan = planEmulator(flags, DEMO_SEED_FILE);
      let seed: Seed;
      let source: string;
      if (plan.source.kind === "generate") {
        const { spec } = plan.source;
        source = `--generate ${flags.generate ?? ""}`;
        const started = performance.now();
        seed = generateSeed(spec);
        io.stderr(
          `gcguard emulator: generated ${spec.divisions} divisions, ${spec.users} users, ${spec.queues} queues, ${spec.groups} groups in ${Math.round(performance.now() - started)} ms\n`,
        );
      } else {
        source = plan.source.file;
        seed = loadSeedFile(plan.source.file);
      }

      if (plan.writeSeed !== undefined) {
        writeFileAtomic(plan.writeSeed, `${JSON.stringify(seed, null, 2)}\n`);
        io.stdout(
          `Wrote ${plan.writeSeed}: ${seed.divisions.length} divisions, ${seed.users.length} users, ${seed.groups.length} groups, ${seed.queues.length} queues\n`,
        );
        return;
      }

      // Handlers first: a signal that arrives as soon as the URL is out must stop the server, not kill the process.
      const stop = untilSignal();
      let emulator: RunningEmulator;
      try {
        emulator = await startEmulator({
          seed,
          settings: plan.settings,
          faults: plan.faults,
          port: plan.port,
          host: plan.host,
        });
      } catch (err) {
        stop.dispose();
        throw listenError(err, plan.host, plan.port);
      }
      const host = connectHost(plan.host);
      const url = `http://${host.includes(":") ? `[${host}]` : host}:${emulator.port}`;
      io.stdout(`${url}\n`);
      io.stderr(
        renderBanner({
          seed,
          source,
          url,
          host: plan.host,
          port: emulator.port,
          settings: plan.settings,
          faults: plan.faults,
        }),
      );

      const signal = await stop.signal;
      io.stderr(`gcguard emulator: ${signal}, stopping\n`);
      await emulator.close();
      io.stderr("gcguard emulator: stopped\n");
    });
}
