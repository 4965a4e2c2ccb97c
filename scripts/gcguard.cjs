#!/usr/bin/env node
// The `gcguard` executable. gcguard is written in TypeScript and runs through tsx's require hook, so there is no
// separate build step to forget; the command itself lives in scripts/cli.ts.
"use strict";
require("tsx/cjs");
const { run } = require("./cli.ts");

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`gcguard: internal error: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  },
);
