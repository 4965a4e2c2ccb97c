/** convergeWithIfMatch: the re-read-and-retry loop the SCIM writers share; writeOutcomeUnknown: exit 1 or 3. */
import { describe, expect, test } from "vitest";

import { GenesysApiError, GenesysUnreachableError, ResponseShapeError } from "../../lib/genesys/errors";
import type { IfMatchLoop } from "../../lib/scim/converge";
import { convergeWithIfMatch, writeOutcomeUnknown } from "../../lib/scim/converge";

const conflict = (status: number, code?: string) =>
  new GenesysApiError({ status, code, message: "version mismatch", method: "PUT", path: "/scim/v2/Users/u1" });

/** A loop whose attempts throw `failures` in turn, then succeed with the version they started from. */
function scripted(failures: Error[], maxConflicts = 3) {
  const calls: string[] = [];
  let version = 1;
  const loop: IfMatchLoop<number, string> = {
    maxConflicts,
    attempt: async (v) => {
      calls.push(`attempt ${v}`);
      const failure = failures.shift();
      if (failure) throw failure;
      return `wrote on ${v}`;
    },
    reread: async (n) => {
      calls.push(`reread ${n}`);
      return ++version;
    },
    giveUp: (v, n) => `gave up on ${v} at conflict ${n}`,
  };
  return { loop, calls };
}

describe("convergeWithIfMatch", () => {
  test("re-reads after each version conflict and converges on the fresh state", async () => {
    const { loop, calls } = scripted([conflict(412), conflict(400, "invalidVers")]);
    await expect(convergeWithIfMatch(1, loop)).resolves.toBe("wrote on 3");
    expect(calls).toEqual(["attempt 1", "reread 1", "attempt 2", "reread 2", "attempt 3"]);
  });

  test("gives up on the conflict after maxConflicts re-reads, with the state last attempted", async () => {
    const { loop, calls } = scripted([conflict(409), conflict(409), conflict(412)], 2);
    await expect(convergeWithIfMatch(1, loop)).resolves.toBe("gave up on 3 at conflict 3");
    expect(calls).toEqual(["attempt 1", "reread 1", "attempt 2", "reread 2", "attempt 3"]);
  });

  test("maxConflicts 0 gives up on the first conflict without re-reading", async () => {
    const { loop, calls } = scripted([conflict(412)], 0);
    await expect(convergeWithIfMatch(1, loop)).resolves.toBe("gave up on 1 at conflict 1");
    expect(calls).toEqual(["attempt 1"]);
  });

  test("errors other than a version conflict pass through untouched", async () => {
    const notFound = conflict(404);
    const uniqueness = conflict(409, "uniqueness");
    for (const err of [notFound, uniqueness, new TypeError("boom")]) {
      const { loop, calls } = scripted([err]);
      await expect(convergeWithIfMatch(1, loop)).rejects.toBe(err);
      expect(calls).toEqual(["attempt 1"]);
    }
  });
});

describe("writeOutcomeUnknown", () => {
  const answered = (status: number, code?: string) =>
    new GenesysApiError({ status, code, message: "m", method: "PATCH", path: "/api/v2/scim/v2/groups/g1" });

  test("a write with no usable answer may have landed: 5xx, a 429 given up on, no answer, an unreadable body", () => {
    const unknown = [
      answered(500),
      answered(502),
      answered(503),
      answered(429),
      new GenesysUnreachableError("PATCH", "/api/v2/scim/v2/groups/g1", "the API did not answer in 30 s", 1),
      new ResponseShapeError("PATCH /api/v2/scim/v2/groups/:id", [], "<html>"),
    ];
    expect(unknown.map(writeOutcomeUnknown)).toEqual(unknown.map(() => true));
  });

  test("a refusal or a conflict is an answer", () => {
    const answers = [answered(400), answered(400, "invalidVers"), answered(404), answered(409), answered(412)];
    expect(answers.map(writeOutcomeUnknown)).toEqual(answers.map(() => false));
  });
});
