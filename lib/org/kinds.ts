/**
 * The Genesys kinds whose names must be unique in an org, as data: one entry per Terraform resource type, with how
 * to read the org's objects of that kind, how their names compare, how to import one, and where each fact comes
 * from (docs/kinds.md). The gate (lib/org/read.ts, lib/preflight/rules/), resolve (lib/resolve/classify.ts) and the
 * emulator (lib/emulator/routes/kinds.ts) all read this table; `gcguard preflight --list-kinds` prints it.
 */
import type { Kind, KindSpec } from "./kind-spec";
import { KIND_TABLE } from "./kind-table";

export type { Kind, KindSpec, ListSpec, DuplicateAnswer } from "./kind-spec";

export const KINDS: readonly KindSpec[] = Object.values(KIND_TABLE);

export const KIND_OF_TYPE: Readonly<Record<string, Kind>> = Object.fromEntries(KINDS.map((k) => [k.type, k.kind]));

export function kindSpec(kind: Kind): KindSpec {
  return KIND_TABLE[kind];
}

/** The spec of a resource type gcguard checks, or undefined. */
export function specOfType(type: string): KindSpec | undefined {
  const kind = KIND_OF_TYPE[type];
  return kind === undefined ? undefined : KIND_TABLE[kind];
}

/** The kinds read with the generic reader (lib/org/named.ts); divisions, groups and queues have their own reads. */
export const LEGACY_KINDS: ReadonlySet<Kind> = new Set<Kind>(["division", "group", "queue"]);
