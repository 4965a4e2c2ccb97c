/** `gcguard synth`: the org config to Terraform JSON, one stack per org (logic: lib/stack/synth.ts). */
import type { Command } from "commander";

import type { CommandIo } from "../lib/command-io";

export function registerSynth(program: Command, io: CommandIo): void {
  program
    .command("synth")
    .description("synthesize the org config into cdktf.out/stacks/<org>/cdk.tf.json (no terraform needed)")
    .option("-c, --config <file>", "org config (default: $GCGUARD_CONFIG or gcguard.config.yaml)")
    .option("-i, --imports <file>", "adoption manifest (default: gcguard.imports.json beside the config)")
    .option("-o, --out <dir>", "output directory", "cdktf.out")
    .option("--strict", "exit 2, writing nothing, when an adoption matches no stack or resource (for CI)")
    .addHelpText(
      "after",
      "\nExamples:\n  gcguard synth --config examples/gcguard.config.yaml\n  gcguard synth --strict   # in CI: a stale or misplaced adoption fails the build\n",
    )
    .action(async (opts: { config?: string; imports?: string; out: string; strict?: boolean }) => {
      const [{ synthesize }, { renderSynthSummary }] = await Promise.all([
        import("../lib/stack/synth"),
        import("../lib/stack/summary"),
      ]);
      const result = synthesize({
        config: opts.config,
        imports: opts.imports,
        outdir: opts.out,
        strict: opts.strict,
        env: io.env, // GCGUARD_CONFIG and GCGUARD_IMPORTS: the io's, as every command reads its environment
      });
      const summary = renderSynthSummary(result);
      io.stdout(summary.text);
      for (const warning of summary.warnings) io.stderr(`warning: ${warning}\n`);
    });
}
