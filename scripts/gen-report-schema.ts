/**
 * Writes lib/preflight/output/report.schema.json, the JSON Schema of the preflight report (`--format json`), from
 * its zod definition. `--check` compares instead of writing and exits 1 when the committed file is stale.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { writeFileAtomic } from "../lib/fs";
import { renderReportJsonSchema } from "../lib/preflight/output/json-schema";

const file = path.join(__dirname, "..", "lib", "preflight", "output", "report.schema.json");
const text = renderReportJsonSchema();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write(`${file} is stale; run npx tsx scripts/gen-report-schema.ts\n`);
    process.exitCode = 1;
  }
} else {
  writeFileAtomic(file, text);
  process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
