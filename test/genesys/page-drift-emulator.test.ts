/**
 * Page drift against the emulator: another writer renames a group while the client walks the group listing, so the
 * group moves to a page already read. The client notices (the distinct groups fall short of the total), reads the
 * listing again and returns every group; when the renames keep coming, it refuses with exit 3.
 */
import { describe, expect, test } from "vitest";

import { createGenesysClient } from "../../lib/genesys/client";
import { describeFailure } from "../../lib/errors";
import { useEmulator } from "../emulator/helpers";
import { VirtualClock } from "../virtual-clock";

const CI = { clientId: "gcguard-ci", clientSecret: "demo-secret-ci" };
const LEGACY_TEAM = "c0000000-0000-4000-8000-000000000004";

describe("page drift in the group listing (emulator write faults)", () => {
  const api = useEmulator();
  const client = () =>
    createGenesysClient({
      baseUrl: api().emulator.url,
      ...CI,
      env: {},
      clock: new VirtualClock(),
      limits: { groupsPageSize: 1 },
    });
  /** Renames "Legacy Sales Team" (sorted last) so it sorts first, right before the n-th group page is answered. */
  const rename = (times: number) => ({
    kind: "write",
    match: "GET /api/v2/groups",
    after: 1,
    times,
    write: { group: LEGACY_TEAM, displayName: `AAA renamed` },
  });

  test("a group renamed onto a page already read is not missed: the listing is read again", async () => {
    const expected = (await client().groups.list()).map((g) => g.id).sort();
    await api().admin("PUT", "/faults", [rename(1)]);
    const groups = await client().groups.list();
    expect(groups.map((g) => g.id).sort()).toEqual(expected);
    expect(groups.find((g) => g.id === LEGACY_TEAM)?.name).toBe("AAA renamed");
  });

  test("fails closed (exit 3, naming the listing) when the listing keeps changing", async () => {
    // Each rename alternates the name, so the group keeps jumping between the first and the last page.
    const flip = (n: number) => ({
      ...rename(1),
      after: n,
      write: { group: LEGACY_TEAM, displayName: n % 2 ? "AAA" : "ZZZ" },
    });
    await api().admin("PUT", "/faults", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(flip));
    const err = await client()
      .groups.list()
      .catch((e: unknown) => e);
    const { text, exitCode } = describeFailure(err);
    expect(exitCode).toBe(3);
    expect(text).toMatch(/^GET \/api\/v2\/groups: the listing changed while gcguard read it, twice/);
  });
});
