/**
 * Keeps results consistent with what Terraform planned, the way the real provider's SDK (terraform-plugin-sdk v2,
 * docs/terraform-provider.md "Sources") behaves without relying on its `legacy_type_system` escape hatch, which the
 * protocol reserves for that SDK:
 *
 * - after apply, an attribute that is not Computed takes the planned value (Terraform rejects any other), and a
 *   Computed one takes what the resource read back;
 * - after a read, an attribute that is not Computed and was null keeps null when the API answers its zero value
 *   (false, "", 0, empty list or map): SDKv2 cannot tell those from "unset", so neither plan shows a change, and an
 *   import does not plan an update for attributes the config leaves out.
 */
import type { JsonBlock } from "./schema";
import type { ObjectValue, Value } from "./types";
import { Unknown } from "./types";

function isZero(v: Value): boolean {
  if (v === false || v === "" || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v !== null && typeof v === "object") return Object.keys(v).length === 0;
  return false;
}

/** The state to return from apply: planned values for non-computed attributes, read values for the rest. */
export function afterApply(
  block: JsonBlock,
  planned: ObjectValue | null,
  result: ObjectValue | null,
): ObjectValue | null {
  if (planned === null || result === null) return result;
  const out: ObjectValue = { ...result };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    const want = planned[name];
    if (want === undefined || want === Unknown) continue;
    if (!attr.computed) out[name] = want;
    else if (want !== null && !(name in result)) out[name] = want;
  }
  return out;
}

/** The state to return from read: zero values stay null where the prior state had null (non-computed only). */
export function afterRead(
  block: JsonBlock,
  prior: ObjectValue,
  result: ObjectValue | null,
  defaults: Readonly<Record<string, Value>> = {},
): ObjectValue | null {
  if (result === null) return null;
  const out: ObjectValue = { ...result };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    // An attribute with a Default is never "unset" in SDKv2: its zero value is a real value.
    if (attr.computed || name in defaults) continue;
    const got = result[name];
    if (prior[name] === null && got !== undefined && isZero(got)) out[name] = null;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const got = result[name];
    const before = prior[name];
    if ((before === null || (Array.isArray(before) && before.length === 0)) && got !== undefined && got !== null) {
      if (Array.isArray(got) && got.length === 0) out[name] = before ?? null;
      else if (nested.nesting_mode === "single" && typeof got === "object" && isZero(got)) out[name] = null;
    }
  }
  return out;
}
