/** Which errors stop an item-by-item write run (SCIM sync, user provisioning) instead of failing one item. */
import { describe, expect, test } from "vitest";

import { GenesysApiError, stopsTheRun } from "../../lib/genesys/errors";

const api = (status: number, code?: string) =>
  new GenesysApiError({ status, code, message: "x", method: "PATCH", path: "/api/v2/scim/v2/groups/g" });

describe("stopsTheRun", () => {
  test("stops on auth, permission and a 429 the client gave up on, and on anything that is not an API answer", () => {
    for (const status of [401, 403, 429]) expect(stopsTheRun(api(status))).toBe(true);
    expect(stopsTheRun(new Error("ECONNREFUSED"))).toBe(true);
  });

  test("fails only the item on other API answers", () => {
    for (const status of [400, 404, 409, 412, 500, 503]) expect(stopsTheRun(api(status, "invalidValue"))).toBe(false);
  });
});
