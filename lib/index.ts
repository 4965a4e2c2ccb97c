/**
 * gcguard's programmatic API (`import { run } from "gcguard"`): the CLI as a function, for tools that embed it.
 * `run(["preflight", "--plan", "plan.json"], io)` resolves to the exit code the command line would give (0 clean,
 * 1 findings, 2 bad input, 3 could not verify) and writes to `io` what it would print; what `io` leaves out
 * (the environment, the terminals, the clock) is the process's own. The constructs are
 * `gcguard/constructs` and the provider bindings `gcguard/provider` (docs/npm-package.md).
 */
export { run } from "../scripts/cli";
export type { CommandIo } from "./command-io";
export { version } from "../scripts/command-io";
export { ExitCode, InputError } from "./errors";
