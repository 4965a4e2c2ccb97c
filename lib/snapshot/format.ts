/** Seed files as `gcguard snapshot` writes them: JSON or YAML, chosen by flag or file extension. */
import { stringify } from "yaml";

import type { Seed } from "../emulator/seed";

export type SeedFormat = "json" | "yaml";

/** The format a file name implies: `.json`, or `.yaml` / `.yml`; undefined for anything else. */
export function formatForFile(file: string): SeedFormat | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith(".json")) return "json";
  if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  return undefined;
}

/** The seed as file text; the same seed always gives the same bytes. */
export function serializeSeed(seed: Seed, format: SeedFormat): string {
  return format === "json" ? `${JSON.stringify(seed, null, 2)}\n` : stringify(seed, { lineWidth: 0 });
}
