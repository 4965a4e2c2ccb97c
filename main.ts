/**
 * The cdktf app: builds one stack per org in the org config and synthesizes it (cdktf.json runs this).
 *
 *   tsx main.ts [--config FILE] [--imports FILE] [--out DIR] [--strict]
 *
 * The config is --config, else $GCGUARD_CONFIG, else gcguard.config.yaml; --strict (or GCGUARD_STRICT=1) refuses an
 * adoption that matches nothing in the app. What was synthesized goes to stdout (cdktf shows an app's stderr as
 * errors); problems go to stderr. The command line itself: lib/stack/app-main.ts.
 *
 * Exit codes: 0 synthesized, 2 bad config or manifest (every problem listed on stderr).
 */
import { appMain } from "./lib/stack/app-main";

process.exitCode = appMain(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
