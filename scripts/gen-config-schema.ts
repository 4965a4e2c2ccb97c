/**
 * Writes lib/config/gcguard.config.schema.json, the JSON Schema of the org config, from its zod definition.
 * `--check` compares instead of writing and exits 1 when the committed file is stale.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { renderConfigJsonSchema } from "../lib/config/json-schema";
import { writeFileAtomic } from "../lib/fs";

const file = path.join(__dirname, "..", "lib", "config", "gcguard.config.schema.json");
const text = renderConfigJsonSchema();
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write(`${file} is stale; run npm run schema\n`);
    process.exitCode = 1;
  }
} else {
  writeFileAtomic(file, text);
  process.stderr.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
