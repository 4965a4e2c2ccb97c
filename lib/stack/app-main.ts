/**
 * The cdktf app's command line (main.ts, which cdktf.json runs): `tsx main.ts [--config FILE] [--imports FILE]
 * [--out DIR] [--strict]`. A function of its arguments, streams and environment, so tests run it in-process; main.ts
 * hands it the process's own.
 *
 * The config is --config, else $GCGUARD_CONFIG, else gcguard.config.yaml; --strict (or GCGUARD_STRICT=1) refuses an
 * adoption that matches nothing in the app. What was synthesized goes to stdout (cdktf shows an app's stderr as
 * errors); problems go to stderr. Exit codes: 0 synthesized, 2 bad config or manifest (every problem listed).
 */
import { parseArgs } from "node:util";

import type { CommandIo } from "../command-io";
import { describeFailure, ExitCode, InputError } from "../errors";
import { synthWarnings } from "./summary";
import { synthesize } from "./synth";

export function appMain(argv: readonly string[], io: CommandIo): number {
  try {
    let values: { config?: string; imports?: string; out?: string; strict?: boolean };
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          config: { type: "string" },
          imports: { type: "string" },
          out: { type: "string" },
          strict: { type: "boolean" },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new InputError(
        `main.ts: ${(err as Error).message}; usage: tsx main.ts [--config FILE] [--imports FILE] [--out DIR] [--strict]`,
      );
    }
    const strict = values.strict === true || io.env.GCGUARD_STRICT === "1";
    // The cdktf CLI names its output directory (cdktf.json's "output", or --output) in CDKTF_OUTDIR and reads the
    // manifest.json there; an explicit --out wins for direct runs.
    const outdir = values.out ?? io.env.CDKTF_OUTDIR;
    const result = synthesize({ config: values.config, imports: values.imports, outdir, strict, env: io.env });
    for (const stack of result.stacks) {
      io.stdout(`synthesized ${stack.file} (${stack.adopted.length} adopted)\n`);
    }
    for (const warning of synthWarnings(result)) io.stderr(`warning: ${warning}\n`);
    return ExitCode.Clean;
  } catch (err) {
    const failure = describeFailure(err);
    io.stderr(`error: ${failure.text}\n`);
    return failure.exitCode;
  }
}
