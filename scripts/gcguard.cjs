#!/usr/bin/env node
// gcguard from its TypeScript sources, through tsx's loaders: what the tests and README journeys in this repo run, so
// they never test a stale build. Both hooks: require() for static imports, the ESM one for the subcommands' lazy
// import(). The package's bin is the compiled dist/scripts/bin.js (npm run build).
"use strict";
import("tsx/esm/api").then(({ register }) => {
  register();
  require("tsx/cjs");
  require("./bin.ts");
});
