/**
 * The error of an IdP delta endpoint that could not be read, or whose answer breaks the contract (README "Delta
 * endpoint"). Either way the desired state is unknown, and what is wrong is the endpoint, not the user's input: exit
 * 3, could not verify (lib/errors.ts).
 */
import { ExitCode } from "../errors";

export class IdpDeltaError extends Error {
  override readonly name = "IdpDeltaError";
  /** Could not verify (exit code 3, lib/errors.ts): the desired state is unknown. */
  readonly exitCode: ExitCode = ExitCode.Unverified;

  constructor(
    message: string,
    /** The endpoint without query. */
    readonly endpoint: string,
    /** The HTTP status of the last answer, when there was one. */
    readonly status?: number,
    /** What is wrong with a malformed answer, one line each, printed below the message. */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}
