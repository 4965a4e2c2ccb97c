/**
 * `gcguard emulator` as a function: serves a local Genesys Cloud API (lib/emulator) until SIGINT or SIGTERM, or
 * writes its seed and exits (--write-seed). The URL goes to stdout as the only line, so scripts can read it; the
 * banner and progress go to stderr. scripts/emulator.ts only declares the options; flag parsing and the banner:
 * lib/emulator/cli-options.ts; the large-org generator: lib/emulator/generate.ts.
 */
import type { CommandIo } from "../command-io";
import { ExitCode } from "../errors";
import { writeFileAtomic } from "../fs";
import type { RunningEmulator } from ".";
import { DEMO_SEED_FILE, startEmulator } from ".";
import type { EmulatorFlags, EmulatorPlan } from "./cli-options";
import { connectHost, listenError, planEmulator, renderBanner } from "./cli-options";
import { generateSeed } from "./generate";
import type { Seed } from "./seed";
import { loadSeedFile } from "./seed";

/** The org to serve, and where it came from (for the banner). */
interface Served {
  readonly seed: Seed;
  readonly source: string;
}

export async function emulatorCommand(flags: EmulatorFlags, io: CommandIo): Promise<number> {
  const plan = planEmulator(flags, DEMO_SEED_FILE);
  const served = seedOf(plan, flags, io);
  if (plan.writeSeed !== undefined) {
    writeSeed(plan.writeSeed, served.seed, io);
    return ExitCode.Clean;
  }
  await serveUntilSignal(plan, served, io);
  return ExitCode.Clean;
}

/** The seed file's org, or a generated one (its timing on stderr: a large org takes a moment). */
function seedOf(plan: EmulatorPlan, flags: EmulatorFlags, io: CommandIo): Served {
  if (plan.source.kind === "file") return { seed: loadSeedFile(plan.source.file), source: plan.source.file };
  const { spec } = plan.source;
  const started = performance.now();
  const seed = generateSeed(spec);
  io.stderr(
    `gcguard emulator: generated ${spec.divisions} divisions, ${spec.users} users, ${spec.queues} queues, ${spec.groups} groups in ${Math.round(performance.now() - started)} ms\n`,
  );
  return { seed, source: `--generate ${flags.generate ?? ""}` };
}

function writeSeed(file: string, seed: Seed, io: CommandIo): void {
  writeFileAtomic(file, `${JSON.stringify(seed, null, 2)}\n`);
  io.stdout(
    `Wrote ${file}: ${seed.divisions.length} divisions, ${seed.users.length} users, ${seed.groups.length} groups, ${seed.queues.length} queues\n`,
  );
}

async function serveUntilSignal(plan: EmulatorPlan, { seed, source }: Served, io: CommandIo): Promise<void> {
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
}

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
