/**
 * The pages of an IdP delta (lib/scim/delta.ts reads them): each checked against the contract (README "Delta
 * endpoint"), every problem listed and scrubbed of the token, and the pages merged in order, a later change to a
 * member winning over an earlier one.
 */
import { z } from "zod";

import { nameKey } from "../names";
import { IdpDeltaError } from "./delta-error";
import { caseClash, groupNameProblem, parseMemberInput } from "./export-rules";
import type { GroupDelta, MemberRef, Origin } from "./model";
import { refKey } from "./model";

/** At most this many problems of a malformed page are listed. */
const MAX_PROBLEMS = 10;

/** Replaces the token in text that came from the endpoint. */
export type Scrub = (text: string) => string;

const DeltaPage = z.object({
  cursor: z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") }).min(1, "is empty"),
  groups: z.array(z.unknown(), { error: "must be an array" }).optional(),
  next: z.string({ error: "must be a string or null" }).nullable().optional(),
});

const DeltaGroup = z.strictObject({
  displayName: z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") }),
  add: z.array(z.unknown(), { error: "must be an array" }).optional(),
  remove: z.array(z.unknown(), { error: "must be an array" }).optional(),
});

interface ParsedGroup {
  readonly displayName: string;
  readonly add: readonly MemberRef[];
  readonly remove: readonly MemberRef[];
  readonly origin: Origin;
}

interface ParsedPage {
  readonly cursor: string;
  readonly next: string | undefined;
  readonly groups: readonly ParsedGroup[];
}

/** The endpoint named in messages, and how to keep its token out of text that came from it. */
export interface Endpoint {
  readonly source: string;
  readonly scrub: Scrub;
}

/**
 * A page that does not follow the contract; every problem (text from the endpoint) is scrubbed of the token. Exit 3
 * like any answer gcguard cannot use (a refused token, a page past the limits): the endpoint is at fault, and what
 * the IdP wants is unknown.
 */
export function malformed(endpoint: Endpoint, page: number, problems: readonly string[]): IdpDeltaError {
  const shown = problems.slice(0, MAX_PROBLEMS).map(endpoint.scrub);
  if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more`);
  return new IdpDeltaError(
    `${endpoint.source}: page ${page} is not a valid delta answer; fix the endpoint (README "Delta endpoint")`,
    endpoint.source,
    undefined,
    shown,
  );
}

export function readPage(text: string, endpoint: Endpoint, page: number): ParsedPage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Not V8's message: it quotes the start of the body, which could be a (cut, so unscrubbable) echoed token.
    throw malformed(endpoint, page, ["the body is not JSON"]);
  }
  const parsed = DeltaPage.safeParse(raw);
  if (!parsed.success) throw malformed(endpoint, page, issues(parsed.error, ""));
  const problems: string[] = [];
  const groups: ParsedGroup[] = [];
  (parsed.data.groups ?? []).forEach((entry, i) => {
    const at = `groups[${i}]`;
    const group = DeltaGroup.safeParse(entry);
    if (!group.success) {
      problems.push(...issues(group.error, at));
      return;
    }
    const refs = (list: readonly unknown[] | undefined, key: string): MemberRef[] =>
      (list ?? []).flatMap((m, j) => {
        const ref = parseMemberInput(m);
        if (typeof ref !== "string") return [ref];
        problems.push(`${at}.${key}[${j}]: ${ref}`);
        return [];
      });
    const bad = groupNameProblem(group.data.displayName);
    if (bad !== undefined) problems.push(`${at}: ${bad}`);
    const add = refs(group.data.add, "add");
    const remove = refs(group.data.remove, "remove");
    const both = new Set(add.map(refKey));
    const clash = remove.filter((r) => both.has(refKey(r)));
    if (clash.length > 0) {
      problems.push(`${at}: ${clash.map((r) => JSON.stringify(r.value)).join(", ")} both added and removed`);
    }
    groups.push({ displayName: group.data.displayName, add, remove, origin: `delta page ${page} ${at}` });
  });
  if (problems.length > 0) throw malformed(endpoint, page, problems);
  return { cursor: parsed.data.cursor, next: parsed.data.next ?? undefined, groups };
}

function issues(error: z.ZodError, at: string): string[] {
  return error.issues.map((issue) => {
    const where = [at, ...issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))]
      .join("")
      .replace(/^\./, "");
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`
        : issue.message;
    return `${where || "(body)"}: ${message}`;
  });
}

interface Draft {
  readonly displayName: string;
  readonly origin: Origin;
  /** Latest change per member, in first-seen order. */
  readonly changes: Map<string, { ref: MemberRef; op: "add" | "remove" }>;
}

/** Merges pages in order: a later add or remove of a member replaces an earlier one. */
export class DeltaMerge {
  private readonly groups = new Map<string, Draft>();

  constructor(private readonly endpoint: Endpoint) {}

  page(groups: readonly ParsedGroup[], page: number): void {
    const problems: string[] = [];
    for (const g of groups) {
      const id = nameKey(g.displayName);
      const draft = this.groups.get(id) ?? { displayName: g.displayName, origin: g.origin, changes: new Map() };
      if (draft.displayName !== g.displayName) {
        problems.push(`${g.origin.replace(/^delta page \d+ /, "")}: ${caseClash(g.displayName, draft)}`);
        continue;
      }
      this.groups.set(id, draft);
      for (const ref of g.add) draft.changes.set(refKey(ref), { ref, op: "add" });
      for (const ref of g.remove) draft.changes.set(refKey(ref), { ref, op: "remove" });
    }
    if (problems.length > 0) throw malformed(this.endpoint, page, problems);
  }

  result(): GroupDelta[] {
    return [...this.groups.values()].map((d) => {
      const changes = [...d.changes.values()];
      return {
        displayName: d.displayName,
        add: changes.filter((c) => c.op === "add").map((c) => c.ref),
        remove: changes.filter((c) => c.op === "remove").map((c) => c.ref),
        origin: d.origin,
      };
    });
  }
}
