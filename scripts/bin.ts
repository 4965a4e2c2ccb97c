#!/usr/bin/env node
/**
 * The `gcguard` executable: package.json's bin is its compiled form (dist/scripts/bin.js); in this repo
 * scripts/gcguard.cjs runs it from the TypeScript sources. The command itself is scripts/cli.ts.
 */
import { redactorFor } from "../lib/redact";
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
    const text = err instanceof Error && err.stack ? err.stack : String(err);
    process.stderr.write(`gcguard: internal error: ${redactorFor(process.env)(text)}\n`);
    process.exitCode = 1;
  },
);
