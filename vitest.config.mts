import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    reporters: ["default", "./test/summary-reporter.mts"],
    testTimeout: 30_000,
    // Snapshots live in the root __snapshots__/, one file per test file, named after its path below test/
    // with "/" turned into "__", so test/a/x.test.ts and test/b/x.test.ts cannot share a file.
    resolveSnapshotPath: (testPath, snapExtension) =>
      path.join(
        root,
        "__snapshots__",
        path.relative(path.join(root, "test"), testPath).split(path.sep).join("__") + snapExtension,
      ),
  },
});
