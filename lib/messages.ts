/**
 * Texts that more than one place says: the advice preflight gives before an apply and resolve gives after it fails,
 * and the input errors every command raises on a file it cannot use. One function per message, so a user who meets
 * the same problem through two commands reads the same words, and a fix to the wording lands everywhere at once.
 * Each returns a fragment or the error; the callers add what only they know (where the text goes, what comes next).
 */
import { InputError } from "./errors";

const q = (s: string): string => JSON.stringify(s);

// --- Adoption: a name the org already has --------------------------------------------------------------------

/** The adoption that fixes a create whose name is taken: import the existing object's id into the address. */
export function importAdvice(id: string, address: string): string {
  return `import id ${id} into ${address}`;
}

/**
 * Several objects share the name: adopting one of them would be a guess, so neither command offers it. `plural` is
 * the kind's plural noun (lib/org/kinds.ts: "skill groups", "wrap-up codes").
 */
export function ambiguousAdoption(count: number, plural: string, name: string): string {
  return `${count} ${plural} are named ${q(name)}; adopting either would be a guess`;
}

/** Why a create fails on an existing name rather than taking the object over (docs/terraform-provider.md §4.2). */
export const PROVIDER_DOES_NOT_ADOPT = "the provider does not adopt existing objects";

// --- A division that still holds objects ----------------------------------------------------------------------

/** What Genesys answers a delete of a division that is not empty (docs/terraform-provider.md §4.1). */
export function divisionNotEmptyRefusal(divisionId: string): string {
  return `Scope '${divisionId}' may not be deleted because it has objects in it.`;
}

/** The resolve command that empties a division whose delete was refused; without `apply`, its dry run. */
export function moveObjectsCommand(options: { readonly apply: boolean }): string {
  return `gcguard resolve <apply log> --fix move-objects --to <division>${options.apply ? " --apply" : ""}`;
}

/** The Terraform block that stops managing a division without deleting it (Terraform 1.7+). */
export function keepDivisionBlock(address: string): string {
  return `removed { from = ${address} lifecycle { destroy = false } }`;
}

// --- SCIM --------------------------------------------------------------------------------------------------

/** Why waiting for the IdP never fills a group Genesys lacks (docs/genesys-api.md §7.1). */
export const SCIM_CANNOT_CREATE_GROUPS =
  "SCIM cannot create groups: the identity provider only fills groups that already exist under its exact display name";

// --- Input files ----------------------------------------------------------------------------------------------

/** The code of a failed file read (ENOENT, EACCES, EISDIR...), or "unreadable" when the error has none. */
function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException | null)?.code ?? "unreadable";
}

const withFix = (text: string, fix: string | undefined): string => (fix === undefined ? text : `${text}; ${fix}`);

/** An input file that cannot be read at all: `<file>: cannot read the <what> (<code>)[; <fix>]`. */
export function unreadableInput(file: string, what: string, err: unknown, fix?: string): InputError {
  return new InputError(withFix(`${file}: cannot read the ${what} (${errorCode(err)})`, fix), { cause: err });
}

/** An input file with nothing in it: `<file>: the <what> is empty[; <fix>]`. */
export function emptyInput(file: string, what: string, fix?: string): InputError {
  return new InputError(withFix(`${file}: the ${what} is empty`, fix));
}

/** An input file that does not parse as JSON: `<file>: the <what> is not valid JSON (<why>); <fix>`. */
export function invalidJsonInput(file: string, what: string, err: unknown, fix: string): InputError {
  return new InputError(`${file}: the ${what} is not valid JSON (${parseComplaint(err)}); ${fix}`, { cause: err });
}

/**
 * JSON.parse's complaint, kept on one line: it quotes the input, which can hold any byte. Control characters and
 * undecodable bytes in the quote mean the file is not UTF-8 text at all, which is said, since that is the fix.
 */
export function parseComplaint(err: unknown): string {
  const why = err instanceof Error ? err.message : String(err);
  // eslint-disable-next-line no-control-regex
  const garbled = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/.test(why);
  // eslint-disable-next-line no-control-regex
  const oneLine = why.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return garbled ? `${oneLine}; the file is not UTF-8 text: binary data, or UTF-16?` : oneLine;
}

/** Two flags that each give the same input, both given: `otherwise` says what giving neither does, if anything. */
export function bothFlagsGiven(first: string, second: string, what: string, otherwise?: string): InputError {
  return new InputError(
    `${first} and ${second} are two ${what}; give one of them${otherwise === undefined ? "" : ` (or ${otherwise})`}`,
  );
}

/** A synthesized stack that carries no cdktf metadata, given without a stack name: `fix` says how to name it. */
export function unnamedStackInput(file: string, fix: string): InputError {
  return new InputError(`--stack ${file}: the file names no stack (no cdktf metadata); ${fix}`);
}
