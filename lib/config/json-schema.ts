import { configJsonSchema } from "./schema";

/** The config's JSON Schema as committed: stable key order, two-space indent, trailing newline. */
export function renderConfigJsonSchema(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
