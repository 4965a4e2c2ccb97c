/**
 * The cdktf app: builds one stack per org in the org config and synthesizes it (cdktf.json runs this).
 *
 *   tsx main.ts [--config FILE] [--imports FILE] [--out DIR] [--strict]
 *
 * The config is --config, else $GCGUARD_CONFIG, else gcguard.config.yaml; --strict (or GCGUARD_STRICT=1) refuses an
 * adoption that matches nothing in the app. What was synthesized goes to stdout (cdktf shows an app's stderr as
 * errors); problems go to stderr.
 *
 * Exit codes: 0 synthesized, 2 bad config or manifest (every problem listed on stderr).
 */
import { parseArgs } from "node:util";

import { describeFailure, ExitCode, InputError } from "./lib/errors";
import { synthesize } from "./lib/stack/synth";

function main(argv: string[]): number {
  try {
    let values: { config?: string; imports?: string; out?: string; strict?: boolean };
    try {
      ({ values } = parseArgs({
        args: argv,
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
    const strict = values.strict === true || process.env.GCGUARD_STRICT === "1";
    // The cdktf CLI names its output directory (cdktf.json's "output", or --output) in CDKTF_OUTDIR and reads the
    // manifest.json there; an explicit --out wins for direct runs.
    const outdir = values.out ?? process.env.CDKTF_OUTDIR;
    const result = synthesize({ config: values.config, imports: values.imports, outdir, strict });
    for (const stack of result.stacks) {
      process.stdout.write(`synthesized ${stack.file} (${stack.adopted.length} adopted)\n`);
    }
    for (const problem of result.problems) {
      process.stderr.write(`warning: ${result.importsFile ?? "synth"}: ${problem} (GCGUARD_STRICT=1 refuses it)\n`);
    }
    return ExitCode.Clean;
  } catch (err) {
    const failure = describeFailure(err);
    process.stderr.write(`error: ${failure.text}\n`);
    return failure.exitCode;
  }
}

process.exitCode = main(process.argv.slice(2));
