/** Shared by the SCIM tests. */
import type { InputError } from "../../lib/errors";
import { isInputError } from "../../lib/errors";

/** The InputError `fn` throws; anything else (or nothing) fails the test. */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    if (isInputError(err)) return err;
    throw err;
  }
  throw new Error("expected an InputError, got none");
}
