/** `gcguard synth`: the org config to Terraform JSON, one stack per org (logic: lib/stack/synth.ts). */
import type { Command } from "commander";

import { renderSynthSummary } from "../lib/stack/summary";
import { synthesize } from "../lib/stack/synth";
import type { Io } from "./cli";

export function registerSynth(program: Command, io: Io): void {
  program
    .command("synth")
    .description("synthesize the org config into cdktf.out/stacks/<org>/cdk.tf.json (no terraform needed)")
    .option("-c, --config <file>", "org config (default: $GCGUARD_CONFIG or gcguard.config.yaml)")
    .option("-i, --imports <file>", "adoption manifest (default: gcguard.imports.json beside the config)")
    .option("-o, --out <dir>", "output directory", "cdktf.out")
    .addHelpText("after", "\nExamples:\n  gcguard synth --config examples/gcguard.config.yaml\n")
    .action((opts: { config?: string; imports?: string; out: string }) => {
      const result = synthesize({ config: opts.config, imports: opts.imports, outdir: opts.out });
      const summary = renderSynthSummary(result);
      io.stdout(summary.text);
      for (const warning of summary.warnings) io.stderr(`warning: ${warning}\n`);
    });
}
