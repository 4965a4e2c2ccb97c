/** What the kinds table's entries share: the provider release their facts were read from, and the usual answers. */
import type { DuplicateAnswer } from "../kind-spec";

/** The provider release the table's provider facts come from (docs/kinds.md). */
export const PROVIDER = "provider v1.84.1";
/** The SDK release the table's API facts come from (docs/kinds.md). */
export const SDK = "JS SDK 259.0.0 docs";

/**
 * The answer to a duplicate name when no source gives one: a 400 with Genesys' generic bad-request code, the most
 * common refusal of a create in the API (docs/kinds.md, "Duplicate answers"); the emulator can be told otherwise.
 */
export function unverifiedDuplicate(noun: string): DuplicateAnswer {
  return { status: 400, code: "general.bad.request", message: `A ${noun} with that name already exists.` };
}

/** The usual permissions of a kind: `<domain>:<entity>:view`, `:add`, `:edit`, `:delete`. */
export function permissionsOf(prefix: string): { view: string; add: string; edit: string; delete: string } {
  return { view: `${prefix}:view`, add: `${prefix}:add`, edit: `${prefix}:edit`, delete: `${prefix}:delete` };
}
