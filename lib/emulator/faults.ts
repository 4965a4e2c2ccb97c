/**
 * Deterministic fault injection: latency, 5xx, connection resets, forced 429s and malformed bodies, globally or
 * per route, switchable at run time through the admin API. Probabilities draw from a seeded PRNG, so a run with
 * the same seed and the same requests injects the same faults.
 */
import { z } from "zod";

import { createRandom } from "./ids";

export const FaultRule = z.strictObject({
  kind: z.enum(["status", "reset", "rate-limit", "malformed", "latency"]),
  /** `METHOD /path` or `/path`, `*` matching any run of characters; absent matches every API request. */
  match: z.string().optional(),
  /** For `status`: the HTTP status to answer (e.g. 500, 502, 503, 504). */
  status: z.number().int().min(400).max(599).optional(),
  /** For `rate-limit`: the Retry-After to send. */
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** For `latency`: added milliseconds. */
  latencyMs: z.number().int().min(0).optional(),
  /** For `malformed`: a body cut off mid-JSON, or valid JSON of the wrong shape. */
  body: z.enum(["truncated", "wrong-shape"]).optional(),
  /** Fire only this many times. */
  times: z.number().int().min(1).optional(),
  /** Let this many matching requests through first. */
  after: z.number().int().min(0).optional(),
  /** Fire on this share of matching requests (seeded). */
  probability: z.number().min(0).max(1).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

interface ActiveRule {
  readonly rule: FaultRule;
  readonly method?: string;
  readonly pattern: RegExp;
  seen: number;
  fired: number;
}

function compile(rule: FaultRule): ActiveRule {
  const match = rule.match?.trim() ?? "*";
  const space = match.indexOf(" ");
  const method = space > 0 ? match.slice(0, space).toUpperCase() : undefined;
  const path = space > 0 ? match.slice(space + 1).trim() : match;
  const source = path
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return { rule, ...(method ? { method } : {}), pattern: new RegExp(`^${source}$`, "i"), seen: 0, fired: 0 };
}

export class FaultController {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(
    rules: readonly FaultRule[] = [],
    private readonly seed = 1,
  ) {
    this.random = createRandom(seed);
    this.set(rules);
  }

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((r) => compile(FaultRule.parse(r)));
    this.random = createRandom(this.seed);
  }

  add(rule: FaultRule): void {
    this.rules.push(compile(FaultRule.parse(rule)));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** The faults that fire for this request: every matching latency rule, plus the first other one. */
  pick(method: string, path: string): { latencyMs: number; fault?: FaultRule } {
    let latencyMs = 0;
    let fault: FaultRule | undefined;
    for (const active of this.rules) {
      if (active.method && active.method !== method.toUpperCase()) continue;
      if (!active.pattern.test(path)) continue;
      if (fault && active.rule.kind !== "latency") continue;
      active.seen++;
      const { rule } = active;
      if (rule.after !== undefined && active.seen <= rule.after) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      active.fired++;
      if (rule.kind === "latency") latencyMs += rule.latencyMs ?? 0;
      else fault = rule;
    }
    return fault ? { latencyMs, fault } : { latencyMs };
  }
}
