/** The kinds table: one entry per kind (lib/org/kind-spec.ts), gathered from the files beside this one. */
import type { Kind, KindSpec } from "../kind-spec";
import * as architect from "./architect";
import * as core from "./core";
import * as outbound from "./outbound";
import * as platform from "./platform";
import * as routing from "./routing";
import * as telephony from "./telephony";

/** Every kind, in report order; the type makes a kind without an entry (or an entry without a kind) an error. */
export const KIND_TABLE: Readonly<Record<Kind, KindSpec>> = {
  ...core,
  ...routing,
  ...telephony,
  ...architect,
  ...outbound,
  ...platform,
};
