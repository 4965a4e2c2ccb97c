/**
 * The delta state file: the cursor to send as `since` next time, and the endpoint it belongs to (README "Delta
 * state file"). A cursor is meaningful only to the endpoint that issued it, so a file written for another endpoint
 * is refused rather than silently reused.
 *
 *   {"version": 1, "endpoint": "https://idp.example/scim-delta", "cursor": "…", "updatedAt": "2025-…Z"}
 */

import { z } from "zod";

import { InputError, isInputError } from "../errors";
import { readInputText } from "../limits";
import { writeFileAtomic } from "../fs";
import { invalidJsonInput } from "../messages";
import { endpointOf } from "./delta";
import { readFailure } from "./export";

const text = z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") });

const CursorState = z.strictObject(
  {
    version: z.literal(1, { error: "must be 1" }),
    endpoint: text,
    cursor: text.min(1, "is empty"),
    updatedAt: text,
  },
  {
    error: (i) =>
      i.code === "invalid_type" ? "must be a JSON object with version, endpoint, cursor and updatedAt" : undefined,
  },
);

/** The format of the state file, as written by `writeCursor`. */
export type CursorState = z.infer<typeof CursorState>;

/**
 * The stored cursor for `endpoint` (a URL; its query is ignored), or undefined when the file does not exist: a
 * first run, which loads everything.
 */
export function readCursor(file: string, endpoint: string): string | undefined {
  let text: string;
  try {
    text = readInputText(file, "delta state file");
  } catch (err) {
    if (isInputError(err)) throw err;
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(`cannot read delta state file ${file}: ${readFailure(err)}; fix it or pass --state <file>`);
  }
  const fix = "delete it (the next run then loads everything) or fix it";
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // The shared wording keeps the parser's quote of the file on one line, without its control characters.
    throw invalidJsonInput(file, "delta state file", err, fix);
  }
  const parsed = CursorState.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(`${file}: not a gcguard delta state file; ${fix}`, {
      problems: parsed.error.issues.map((i) =>
        i.code === "unrecognized_keys"
          ? `unknown key${i.keys.length === 1 ? "" : "s"} ${i.keys.map((k) => JSON.stringify(k)).join(", ")}`
          : `${i.path.map(String).join(".") || "(file)"}: ${i.message}`,
      ),
    });
  }
  const expected = endpointOf(endpoint);
  if (parsed.data.endpoint !== expected) {
    throw new InputError(
      `${file}: this state file belongs to another endpoint (${parsed.data.endpoint}, not ${expected}); pass --state ` +
        "with another file for this endpoint",
    );
  }
  return parsed.data.cursor;
}

/** Stores `cursor` for `endpoint` (its query is dropped), atomically: a crash leaves the old file or the new. */
export function writeCursor(file: string, endpoint: string, cursor: string, now: Date = new Date()): void {
  const state: CursorState = { version: 1, endpoint: endpointOf(endpoint), cursor, updatedAt: now.toISOString() };
  writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
}
