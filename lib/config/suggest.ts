/**
 * Near misses for the config loader's messages (lib/config/load.ts): the key an unknown one was likely meant to be,
 * and the entry a dangling reference likely meant.
 */
import { nameKey } from "../names";
import { toCamelCase } from "./binding-names";
import { configJsonSchema } from "./schema";

let knownKeys: Set<string> | undefined;

/** A likely intended key for an unknown one: its camelCase form, or a near miss among the format's keys. */
export function suggestKey(key: string): string | undefined {
  knownKeys ??= collectKeys(configJsonSchema());
  const camel = toCamelCase(key);
  if (camel !== key && knownKeys.has(camel)) return camel;
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of knownKeys) {
    const d = editDistance(key.toLowerCase(), known.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best;
}

function collectKeys(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) collectKeys(s, into);
  else if (schema && typeof schema === "object") {
    const props = (schema as { properties?: Record<string, unknown> }).properties;
    if (props) for (const k of Object.keys(props)) into.add(k);
    for (const v of Object.values(schema)) collectKeys(v, into);
  }
  return into;
}

export function closest(name: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 3));
  for (const c of candidates) {
    const d = editDistance(nameKey(name), nameKey(c));
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = row;
  }
  return prev[b.length] as number;
}
