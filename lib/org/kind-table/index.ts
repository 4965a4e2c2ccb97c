/** The kinds table: one entry per kind (lib/org/kind-spec.ts), gathered from the files beside this one. */
import type { Kind, KindSpec } from "../kind-spec";
import { KIND_IDS } from "../kind-spec";
import * as architect from "./architect";
import * as core from "./core";
import * as outbound from "./outbound";
import * as platform from "./platform";
import * as routing from "./routing";
import * as telephony from "./telephony";

/** Every entry; the type makes a kind without an entry (or an entry without a kind) an error. */
const ENTRIES: Readonly<Record<Kind, KindSpec>> = {
  ...core,
  ...routing,
  ...telephony,
  ...architect,
  ...outbound,
  ...platform,
};

/**
 * Every kind, in KIND_IDS order. Not the spread's order: a module namespace lists its exports alphabetically under
 * native ESM but in source order once compiled to CommonJS, and reports, snapshots and seeds must not depend on how
 * gcguard was loaded.
 */
export const KIND_TABLE: Readonly<Record<Kind, KindSpec>> = Object.fromEntries(
  KIND_IDS.map((id) => [id, ENTRIES[id]]),
) as Record<Kind, KindSpec>;
