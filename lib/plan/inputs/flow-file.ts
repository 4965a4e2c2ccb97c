/**
 * A flow's name and type, from the file it publishes. `genesyscloud_flow` has no name attribute the API reads: the
 * provider reads the YAML at `filepath`, replaces each `{{key}}` with `substitutions[key]` as plain text, and
 * publishes it; the flow's type is the file's one top-level key (`inboundCall` is `inboundcall`) and its name that
 * key's `name` (docs/kinds.md, "Flows"). The plan readers call this so the gate sees `after.name` and `after.type`
 * like any other kind's, or learns in `unknown` why it cannot.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { parse } from "yaml";

import { checkYamlNesting } from "../../limits";
import type { PlannedChange } from "../model";

export const FLOW_TYPE = "genesyscloud_flow";

/** Flow files are small; a larger one is not a flow file and is not read whole. */
const MAX_FLOW_FILE_BYTES = 10 * 1024 * 1024;

type Resolved = { readonly name: string; readonly type: string } | { readonly unknown: string };

function substitute(
  text: string,
  values: Readonly<Record<string, unknown>>,
  unknown: ReadonlySet<string>,
): Resolved | string {
  let missing: string | undefined;
  const out = text.replace(/\{\{([^{}]+)\}\}/g, (whole, key: string) => {
    const value = values[key];
    if (typeof value === "string") return value;
    if (unknown.has(key) || unknown.has("*")) missing ??= key;
    return whole;
  });
  return missing === undefined ? out : { unknown: `substitution ${missing} is known only after apply` };
}

/** The file a flow's `filepath` names, looked for as given, then beside each of `baseDirs`. */
function locate(filepath: string, baseDirs: readonly string[]): string | undefined {
  if (path.isAbsolute(filepath)) return existsSync(filepath) ? filepath : undefined;
  for (const dir of baseDirs) {
    const candidate = path.resolve(dir, filepath);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function readFlowFile(change: PlannedChange, baseDirs: readonly string[]): Resolved {
  const after = change.after ?? {};
  const filepath = after.filepath;
  if (change.unknown?.filepath || typeof filepath !== "string")
    return { unknown: "its filepath is known only after apply" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filepath)) return { unknown: `its file ${filepath} is not on this machine` };
  const file = locate(filepath, baseDirs);
  if (!file) return { unknown: `its file ${filepath} was not found (looked in ${baseDirs.join(", ")})` };
  if (statSync(file).size > MAX_FLOW_FILE_BYTES) return { unknown: `its file ${filepath} is over 10 MB` };
  const subs = after.substitutions;
  const values = typeof subs === "object" && subs !== null ? (subs as Record<string, unknown>) : {};
  const unknownKeys = new Set<string>(change.unknown?.substitutions ? ["*"] : []);
  const text = substitute(readFileSync(file, "utf8"), values, unknownKeys);
  if (typeof text !== "string") return text;
  let doc: unknown;
  try {
    checkYamlNesting(text, filepath);
    doc = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    return {
      unknown: `its file ${filepath} is not YAML (${err instanceof Error ? err.message.split("\n")[0] : String(err)})`,
    };
  }
  const keys = typeof doc === "object" && doc !== null ? Object.keys(doc) : [];
  const body = keys.length === 1 ? (doc as Record<string, unknown>)[keys[0]!] : undefined;
  const name = typeof body === "object" && body !== null ? (body as { name?: unknown }).name : undefined;
  if (typeof name !== "string" || name.trim() === "")
    return { unknown: `its file ${filepath} has no <flowType>.name (one top-level key, the flow's type)` };
  return { name, type: keys[0]!.toLowerCase() };
}

/**
 * Each flow change with the name and type of the file it publishes in `after`, or the reason they are unknown in
 * `unknown.name`. Relative paths are looked for in `baseDirs` (the working directory, then the plan's folder).
 */
export function withFlowNames(changes: readonly PlannedChange[], baseDirs: readonly string[]): PlannedChange[] {
  return changes.map((c) => {
    if (c.type !== FLOW_TYPE || c.mode !== "managed" || c.action === "delete" || c.action === "no-op") return c;
    const resolved = readFlowFile(c, baseDirs);
    if ("unknown" in resolved) return { ...c, unknown: { ...c.unknown, name: resolved.unknown } };
    return { ...c, after: { ...c.after, name: resolved.name, type: resolved.type } };
  });
}
