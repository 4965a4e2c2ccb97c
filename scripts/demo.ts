/**
 * `npm start`: the demo. Synthesizes the example org (examples/gcguard.config.yaml) with its adoption manifest
 * and prints what it produced. Needs no Genesys credentials and no terraform.
 */
import { describeFailure } from "../lib/errors";
import { renderSynthSummary } from "../lib/stack/summary";
import { synthesize } from "../lib/stack/synth";

function main(): number {
  try {
    const result = synthesize({ config: "examples/gcguard.config.yaml", outdir: "cdktf.out" });
    const summary = renderSynthSummary(result);
    process.stdout.write(summary.text);
    for (const warning of summary.warnings) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(
      [
        "",
        "Next steps:",
        "  - edit examples/gcguard.config.yaml (or write your own gcguard.config.yaml) and run: npx gcguard synth",
        "  - with terraform and the genesyscloud provider available: cd cdktf.out/stacks/acme-prod && terraform init && terraform plan",
        "",
      ].join("\n"),
    );
    return 0;
  } catch (err) {
    const failure = describeFailure(err);
    process.stderr.write(`demo: ${failure.text}\n`);
    return failure.exitCode;
  }
}

process.exitCode = main();
