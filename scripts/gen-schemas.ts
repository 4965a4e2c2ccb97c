/**
 * `npm run schema`: writes the committed JSON Schemas from their zod definitions (the org config's, for editors;
 * the preflight report's, for tools reading `--format json`). `--check` compares instead of writing and exits 1
 * when a committed file is stale (tests do the same check).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { renderConfigJsonSchema } from "../lib/config/json-schema";
import { writeFileAtomic } from "../lib/fs";
import { renderReportJsonSchema } from "../lib/preflight/output/json-schema";

const ROOT = path.join(__dirname, "..");
const SCHEMAS: readonly [string, () => string][] = [
  ["lib/config/gcguard.config.schema.json", renderConfigJsonSchema],
  ["lib/preflight/output/report.schema.json", renderReportJsonSchema],
];

const check = process.argv.includes("--check");
for (const [file, render] of SCHEMAS) {
  const target = path.join(ROOT, file);
  const text = render();
  if (!check) {
    writeFileAtomic(target, text);
    process.stderr.write(`wrote ${file}\n`);
    continue;
  }
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // a missing file is a stale one
  }
  if (current !== text) {
    process.stderr.write(`${file} is stale; run npm run schema\n`);
    process.exitCode = 1;
  }
}
