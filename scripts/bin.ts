#!/usr/bin/env node
/**
 * The `gcguard` executable: package.json's bin is its compiled form (dist/scripts/bin.js); in this repo
 * scripts/gcguard.cjs runs it from the TypeScript sources. The command itself is scripts/cli.ts.
 */
import { run } from "./cli";

// `gcguard ... | head` closes stdout early: stop quietly, with the status a shell gives a process killed by SIGPIPE
// (never 0, so `set -o pipefail` cannot read a cut-short report as a clean one).
const SIGPIPE_STATUS = 141;
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(SIGPIPE_STATUS);
  throw err;
});

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`gcguard: internal error: ${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
