/**
 * The generic PlanResourceChange of the contract in ./types.ts, before a resource's own plan hook:
 *
 * - create: the proposed state, with every computed attribute that is null in it Unknown (in nested blocks too),
 *   since the apply decides it;
 * - update: the proposed state as it is (Terraform already carried the prior computed values into it);
 * - destroy: null.
 */
import type { JsonBlock } from "./schema";
import type { ObjectValue, PlanRequest, PlanResult, ResourceImpl, Value } from "./types";
import { Unknown } from "./types";

export function genericPlan(
  req: PlanRequest,
  block: JsonBlock,
  defaults: Readonly<Record<string, Value>> = {},
): PlanResult {
  if (req.proposed === null) return { planned: null };
  const proposed = withDefaults(req.proposed, req.config, defaults);
  if (req.prior === null) return { planned: markComputedUnknown(proposed, block) };
  return { planned: proposed };
}

/** SDKv2 `Default`: an attribute the config leaves null plans its default. */
export function withDefaults(
  proposed: ObjectValue,
  config: ObjectValue | null,
  defaults: Readonly<Record<string, Value>>,
): ObjectValue {
  const out: ObjectValue = { ...proposed };
  for (const [name, value] of Object.entries(defaults)) {
    if ((config?.[name] ?? null) === null && value !== null) out[name] = value;
  }
  return out;
}

/** The generic plan followed by the resource's hook, when it has one. */
export function planResourceChange(req: PlanRequest, block: JsonBlock, impl: ResourceImpl | undefined): PlanResult {
  const generic = genericPlan(req, block, impl?.defaults);
  return impl?.plan ? impl.plan(req, generic) : generic;
}

/** A copy of `value` with each computed attribute that is null set to Unknown, through all nested blocks. */
export function markComputedUnknown(value: ObjectValue, block: JsonBlock): ObjectValue {
  const out: ObjectValue = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (attr.computed && (out[name] ?? null) === null) out[name] = Unknown;
  }
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const v = out[name];
    if (Array.isArray(v)) {
      out[name] = v.map((e) => markNested(e, nested.block));
    } else if (!isObject(v)) {
      continue;
    } else if (nested.nesting_mode === "map") {
      out[name] = Object.fromEntries(Object.entries(v).map(([k, e]) => [k, markNested(e, nested.block)]));
    } else {
      out[name] = markNested(v, nested.block);
    }
  }
  return out;
}

function markNested(value: Value, block: JsonBlock): Value {
  return isObject(value) ? markComputedUnknown(value, block) : value;
}

function isObject(value: Value | undefined): value is ObjectValue {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
