/**
 * diagnose() when the org answers only part of what a diagnosis asks: a read that fails is said in the diagnosis,
 * never dropped (the client is a stub; no emulator needed).
 */
import { describe, expect, test } from "vitest";

import type { GenesysClient } from "../../lib/genesys/client";
import { GenesysApiError } from "../../lib/genesys/errors";
import { attribute, PlannedIndex } from "../../lib/resolve/attribute";
import { diagnose } from "../../lib/resolve/diagnose";
import { parseApplyLog } from "../../lib/resolve/parse";

const GROUP = "6b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
const DIVISION = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const CORR = "0f1e2d3c-4b5a-4969-8877-665544332211";

/** A `terraform apply -json` diagnostic line as the provider's errors produce it (docs/terraform-provider.md §4.3). */
function diagnostic(address: string, summary: string, detail: Record<string, unknown>): string {
  return JSON.stringify({
    "@level": "error",
    "@message": `Error: ${summary}`,
    "@module": "terraform.ui",
    diagnostic: { severity: "error", summary, detail: JSON.stringify(detail), address },
    type: "diagnostic",
  });
}

const versionConflict = diagnostic(
  "genesyscloud_group.sales",
  `Failed to update group: API Error: 409 - Unexpected version (${CORR})`,
  {
    resourceType: "genesyscloud_group",
    method: "PUT",
    path: `/api/v2/groups/${GROUP}`,
    statusCode: 409,
    errorMessage: `API Error: 409 - Unexpected version (${CORR})`,
    correlationId: CORR,
  },
);

const refusedDelete = diagnostic(
  "genesyscloud_auth_division.legacy",
  `Failed to delete Division ${DIVISION} error: API Error: 400 - Scope '${DIVISION}' may not be deleted because it has objects in it. (${CORR})`,
  {
    resourceType: "genesyscloud_auth_division",
    method: "DELETE",
    path: `/api/v2/authorization/divisions/${DIVISION}`,
    statusCode: 400,
    errorMessage: `API Error: 400 - Scope '${DIVISION}' may not be deleted because it has objects in it. (${CORR})`,
    correlationId: CORR,
  },
);

async function* asLines(lines: readonly string[]): AsyncGenerator<string> {
  for (const l of lines) yield l;
}

const apiError = (status: number, path: string) =>
  new GenesysApiError({ status, method: "GET", path, message: "the emulated failure", code: "internal" });

/** Diagnoses of the log's lines with `client` as the org. */
async function diagnosed(line: string, client: Partial<Record<keyof GenesysClient, unknown>>) {
  const planned = new PlannedIndex();
  const { failures } = attribute(await parseApplyLog(asLines([line])), planned);
  const org = () => ({ client: client as unknown as GenesysClient });
  return (await diagnose(failures, { org, planned })).diagnoses;
}

describe("a version conflict on a group", () => {
  test("says the group's current version when it can be read", async () => {
    const [d] = await diagnosed(versionConflict, { groups: { get: async () => ({ id: GROUP, version: 7 }) } });
    expect(d?.class.kind).toBe("version-conflict");
    expect(d?.explanation).toContain("The group is now at version 7");
  });

  test("says why the current version could not be read, instead of nothing", async () => {
    const [d] = await diagnosed(versionConflict, {
      groups: { get: () => Promise.reject(apiError(503, `/api/v2/groups/${GROUP}`)) },
    });
    expect(d?.explanation).toContain(
      `gcguard could not read the group's current version: the Genesys API answered 503 to GET /api/v2/groups/${GROUP}`,
    );
  });

  test("a group that is gone (404) adds nothing", async () => {
    const [d] = await diagnosed(versionConflict, {
      groups: { get: () => Promise.reject(apiError(404, `/api/v2/groups/${GROUP}`)) },
    });
    expect(d?.explanation).toBe(`Genesys refused an update made against an old version (correlation id ${CORR}).`);
  });
});

describe("a refused division delete", () => {
  test("whose contents cannot be read says why the org was not asked", async () => {
    const [d] = await diagnosed(refusedDelete, {
      divisions: { get: () => Promise.reject(apiError(500, `/api/v2/authorization/divisions/${DIVISION}`)) },
      users: { searchByDivisions: async function* () {} },
      queues: { listByDivisions: async () => [] },
    });
    expect(d?.class.kind).toBe("non-empty-division");
    expect(d?.division).toBeUndefined();
    expect(d?.remediation).toContain("gcguard resolve <apply log> --fix move-objects --to <division>");
    expect(d?.lookupFailed).toBe(`the Genesys API answered 500 to GET /api/v2/authorization/divisions/${DIVISION}`);
  });
});
