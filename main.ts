/**
 * The cdktf app: builds one stack per org in the org config and synthesizes it (cdktf.json runs this).
 *
 *   tsx main.ts [--config gcguard.config.yaml] [--imports gcguard.imports.json] [--out cdktf.out]
 *
 * Exit codes: 0 synthesized, 2 bad config or manifest (every problem listed on stderr).
 */
import { parseArgs } from "node:util";

import { describeFailure, ExitCode, InputError } from "./lib/errors";
import { synthesize } from "./lib/stack/synth";

function main(argv: string[]): number {
  try {
    let values: { config?: string; imports?: string; out?: string };
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { config: { type: "string" }, imports: { type: "string" }, out: { type: "string" } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new InputError(
        `main.ts: ${(err as Error).message}; usage: tsx main.ts [--config FILE] [--imports FILE] [--out DIR]`,
      );
    }
    const result = synthesize({ config: values.config, imports: values.imports, outdir: values.out });
    for (const stack of result.stacks) {
      process.stderr.write(`synthesized ${stack.file} (${stack.adopted.length} adopted)\n`);
      for (const address of stack.unmatched) {
        process.stderr.write(
          `warning: ${result.importsFile}: ${address} matches no resource in stack ${stack.name}; it was ignored (remove the entry, or fix the address)\n`,
        );
      }
    }
    return ExitCode.Clean;
  } catch (err) {
    const failure = describeFailure(err);
    process.stderr.write(`error: ${failure.text}\n`);
    return failure.exitCode;
  }
}

process.exitCode = main(process.argv.slice(2));
