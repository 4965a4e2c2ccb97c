/**
 * gcguard's programmatic API (`import { run } from "gcguard"`): the CLI as a function, for tools that embed it.
 * `run(["preflight", "--plan", "plan.json"], io)` resolves to the exit code the command line would give (0 clean,
 * 1 findings, 2 bad input, 3 could not verify) and writes to `io` what it would print. The constructs are
 * `gcguard/constructs` and the provider bindings `gcguard/provider` (docs/npm-package.md).
 */
export { run } from "../scripts/cli";
export type { Io } from "../scripts/command-io";
export { version } from "../scripts/command-io";
export { ExitCode, InputError } from "./errors";
