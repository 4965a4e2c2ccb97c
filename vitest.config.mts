import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

/**
 * Three projects (`vitest run --project unit`): `unit` runs in this process only (the CLI through `run(argv, io)`,
 * the emulator on loopback, rate limits and retries on a virtual clock) and takes seconds; `integration` starts
 * real processes (the gcguard bin, terraform, tsx, bash under `script`, git hooks...); `e2e` is the whole loop with
 * a real terraform. `vitest run` runs all three, as CI does.
 */
const E2E = ["test/e2e/**/*.test.ts"];
const INTEGRATION = [
  "test/adoption/render.test.ts",
  "test/bench/parse-child.test.ts",
  "test/ci/github-actions.test.ts",
  "test/docs/*.test.ts",
  "test/emulator/cli.test.ts",
  "test/escape/escape.test.ts",
  "test/fs/signals.test.ts",
  "test/package/lazy-load.test.ts",
  "test/preflight/command.test.ts",
  "test/preflight/escaping.test.ts",
  "test/preflight/terminal.test.ts",
  "test/preflight/output/sarif-multitool.test.ts",
  "test/provider/bindings.test.ts",
  "test/resolve/cli-journey.test.ts",
  "test/resolve/real-artifacts.test.ts",
  "test/snapshot/snapshot.test.ts",
  "test/stack/escaping-everywhere.test.ts",
  "test/stack/synth-cli.test.ts",
  "test/tfprovider/handshake.test.ts",
  "test/tfprovider/hosted.test.ts",
  "test/tfprovider/terraform.test.ts",
];

export default defineConfig({
  test: {
    // No `include` here: a project's would be added to it, not replace it.
    setupFiles: ["test/setup.ts"],
    // Once for the run (and once more per project: test/global-setup.ts counts them): a TMPDIR of the run's own,
    // checked at the end for temporary folders left behind.
    globalSetup: ["test/global-setup.ts"],
    reporters: ["default", "./test/summary-reporter.mts"],
    testTimeout: 30_000,
    // Most of the slow files wait (on terraform, a child process, a rate-limit window) rather than compute, so run
    // more of them at once than there are CPUs; vitest's default is one fewer than the CPUs, one on a 2-CPU runner.
    maxWorkers: Math.max(4, os.availableParallelism()),
    // Snapshots live in the root __snapshots__/, one file per test file, named after its path below test/
    // with "/" turned into "__", so test/a/x.test.ts and test/b/x.test.ts cannot share a file.
    resolveSnapshotPath: (testPath, snapExtension) =>
      path.join(
        root,
        "__snapshots__",
        path.relative(path.join(root, "test"), testPath).split(path.sep).join("__") + snapExtension,
      ),
    projects: [
      // Worker threads start faster than forked processes (a third less CPU for this project); the other projects
      // fork, since their tests change directory (process.chdir is not allowed in a worker thread).
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...E2E, ...INTEGRATION], pool: "threads" },
      },
      // Their beforeAll hooks start emulators, synthesize and install: more than vitest's 10 s on a busy machine.
      { extends: true, test: { name: "integration", include: INTEGRATION, hookTimeout: 60_000 } },
      { extends: true, test: { name: "e2e", include: E2E, hookTimeout: 180_000 } },
    ],
  },
});
