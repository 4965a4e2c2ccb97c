/**
 * Deterministic fault injection: latency, 5xx, connection resets, forced 429s, malformed bodies and "another
 * writer" changing a group under the client, globally or per route, switchable at run time through the admin API.
 * Probabilities draw from a seeded PRNG, so a run with the same seed and the same requests injects the same faults.
 *
 * Precedence for one request: every matching `latency` rule and every matching `write` rule fires (each counted
 * and limited by its own match/times/after/probability); of the other kinds (`status`, `reset`, `rate-limit`,
 * `malformed`) only the first that fires does, and the later ones are not counted. The server waits the latency,
 * then applies the writes in rule order, then the fault, so a write also happens when the request then fails.
 */
import { z } from "zod";

import { createRandom } from "./ids";
import type { OrgStore } from "./store";

const groupChangeShape = {
  /** User ids to add as direct members. */
  addMembers: z.array(z.string().min(1)).optional(),
  /** User ids to remove. */
  removeMembers: z.array(z.string().min(1)).optional(),
  /** A new externalId; null (or blank) clears it. */
  externalId: z.string().nullable().optional(),
  displayName: z.string().trim().min(1).optional(),
};

function noOverlap(change: { addMembers?: string[]; removeMembers?: string[] }, ctx: z.RefinementCtx): void {
  const removed = new Set(change.removeMembers);
  for (const id of new Set(change.addMembers)) {
    if (removed.has(id))
      ctx.addIssue({ code: "custom", path: ["addMembers"], message: `${id} is both added and removed` });
  }
}

/**
 * A change to a group's SCIM attributes (docs/genesys-api.md §7.4: displayName, externalId, members) by another
 * writer.
 */
export const GroupChange = z.strictObject(groupChangeShape).superRefine(noOverlap);
export type GroupChange = z.infer<typeof GroupChange>;

/** A `write` fault: which group (by id) another writer changes, and how. */
export const GroupWrite = z.strictObject({ group: z.string().min(1), ...groupChangeShape }).superRefine(noOverlap);
export type GroupWrite = z.infer<typeof GroupWrite>;

const KINDS = ["status", "reset", "rate-limit", "malformed", "latency", "write"] as const;

export const FaultRule = z
  .strictObject({
    kind: z.enum(KINDS),
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
    /** For `write`: the change another writer makes right before the request is handled. */
    write: GroupWrite.optional(),
  })
  .superRefine((rule, ctx) => {
    if (rule.kind === "write" && rule.write === undefined) {
      ctx.addIssue({ code: "custom", path: ["write"], message: 'a "write" rule needs a write: { group, ... }' });
    }
    if (rule.kind !== "write" && rule.write !== undefined) {
      ctx.addIssue({ code: "custom", path: ["write"], message: 'only a "write" rule takes a write' });
    }
  });
export type FaultRule = z.infer<typeof FaultRule>;

/** Kinds that fire alongside everything else instead of competing to be the request's one fault. */
const ADDITIVE = new Set<FaultRule["kind"]>(["latency", "write"]);

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

  /**
   * The faults that fire for this request: every matching latency and write rule, plus the first other one (see
   * the precedence at the top of this file).
   */
  pick(method: string, path: string): { latencyMs: number; writes: GroupWrite[]; fault?: FaultRule } {
    let latencyMs = 0;
    const writes: GroupWrite[] = [];
    let fault: FaultRule | undefined;
    for (const active of this.rules) {
      if (active.method && active.method !== method.toUpperCase()) continue;
      if (!active.pattern.test(path)) continue;
      if (fault && !ADDITIVE.has(active.rule.kind)) continue;
      active.seen++;
      const { rule } = active;
      if (rule.after !== undefined && active.seen <= rule.after) continue;
      if (rule.times !== undefined && active.fired >= rule.times) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      active.fired++;
      if (rule.kind === "latency") latencyMs += rule.latencyMs ?? 0;
      else if (rule.kind === "write") {
        if (rule.write) writes.push(rule.write);
      } else fault = rule;
    }
    return fault ? { latencyMs, writes, fault } : { latencyMs, writes };
  }
}

/** Why a change cannot apply: an unknown group, or user ids that name no user (or a deleted one). */
export function groupChangeProblems(store: OrgStore, groupId: string, change: GroupChange): string[] {
  const problems: string[] = [];
  if (!store.groups.has(groupId)) problems.push(`unknown group ${groupId}`);
  const users = [...new Set([...(change.addMembers ?? []), ...(change.removeMembers ?? [])])];
  const unknown = users.filter((id) => {
    const user = store.users.get(id);
    return !user || user.state === "deleted";
  });
  if (unknown.length > 0) problems.push(`unknown user${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}`);
  return problems;
}

/** The problems of every write rule against the store, each prefixed with the rule's position. */
export function faultRuleProblems(store: OrgStore, rules: readonly FaultRule[]): string[] {
  return rules.flatMap((rule, index) =>
    rule.write
      ? groupChangeProblems(store, rule.write.group, rule.write).map((p) => `rule ${index} (write): ${p}`)
      : [],
  );
}

/**
 * Applies a change as another writer would: removals, then additions, externalId, displayName. Only a real change
 * bumps the group's version (store.touchGroup), the rule the SCIM routes follow. The caller checks the ids first
 * (groupChangeProblems). Returns whether anything changed.
 */
export function applyGroupChange(store: OrgStore, groupId: string, change: GroupChange): boolean {
  const group = store.groups.get(groupId);
  if (!group) throw new Error(`emulator: unknown group ${groupId}`);
  let changed = false;
  for (const id of change.removeMembers ?? []) changed = group.memberIds.delete(id) || changed;
  for (const id of change.addMembers ?? []) {
    if (group.memberIds.has(id)) continue;
    group.memberIds.add(id);
    changed = true;
  }
  if (change.externalId !== undefined) {
    // As the SCIM routes read strings: trimmed, and blank means absent.
    const next = change.externalId?.trim() || undefined;
    if (next !== group.externalId) {
      if (next === undefined) delete group.externalId;
      else group.externalId = next;
      changed = true;
    }
  }
  if (change.displayName !== undefined && change.displayName !== group.name) {
    group.name = change.displayName;
    changed = true;
  }
  if (changed) store.touchGroup(group);
  return changed;
}
