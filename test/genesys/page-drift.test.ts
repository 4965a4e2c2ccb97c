/**
 * Page drift: objects added or removed between two pages of a listing. The listing is read again; when it still
 * does not add up, the read fails closed (ListingDriftError, exit 3) instead of returning a list that may be
 * missing the very object a collision check looks for.
 */
import { describe, expect, test } from "vitest";
import { z } from "zod";

import { describeFailure } from "../../lib/errors";
import type { GenesysHttp, RequestSpec } from "../../lib/genesys/http";
import { isListingDriftError } from "../../lib/genesys/errors";
import { driftOf, pageNumberAll, scimAll, searchAll } from "../../lib/genesys/pagination";

const Item = z.object({ id: z.string(), name: z.string() });
type Item = z.infer<typeof Item>;

const items = (n: number, from = 0): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: `id-${from + i}`, name: `Queue ${from + i}` }));

/**
 * A stub of the client's http over one mutable collection, answering page-number and SCIM pages from it.
 * `between(n)` runs after the n-th request is answered: another writer changing the org mid-walk.
 */
function stubHttp(store: Item[], between: (n: number) => void = () => {}) {
  const log: string[] = [];
  const http = {
    request: async <T>(spec: RequestSpec<T>) => {
      const q = spec.query ?? {};
      let body: unknown;
      if (spec.method === "POST" || q.q64 !== undefined) {
        const n = q.q64 === undefined ? 1 : Number(q.q64);
        const results = store.slice((n - 1) * 10, n * 10);
        const nextPage = n * 10 < store.length ? `/api/v2/groups/search?q64=${n + 1}` : undefined;
        body = { total: store.length, results, pageNumber: n, ...(nextPage ? { nextPage } : {}) };
      } else if (q.startIndex !== undefined) {
        const start = Number(q.startIndex) - 1;
        body = { Resources: store.slice(start, start + Number(q.count)), totalResults: store.length };
      } else {
        const size = Number(q.pageSize);
        const n = Number(q.pageNumber);
        const pageCount = Math.ceil(store.length / size);
        body = { entities: store.slice((n - 1) * size, n * size), total: store.length, pageCount, pageNumber: n };
      }
      log.push(`${spec.method} ${spec.path} ${JSON.stringify(q)}`);
      const data = spec.schema.parse(body);
      between(log.length);
      return { data, status: 200, headers: {} };
    },
  };
  return { http: http as unknown as GenesysHttp, log };
}

const spec = { path: "/api/v2/routing/queues", item: Item, pageSize: 10 };
const scim = { path: "/api/v2/scim/v2/groups", item: Item, count: 10 };

describe("page drift", () => {
  test("a listing that stays put is read once", async () => {
    const { http, log } = stubHttp(items(25));
    expect(await pageNumberAll(http, spec)).toHaveLength(25);
    expect(log).toHaveLength(3);
  });

  test("an object created between pages shifts the listing: it is read again and nothing is missed", async () => {
    const store = items(25);
    // After page 1: a new queue sorts first, pushing "Queue 9" from page 1 to page 2 (already read as page 1's)...
    const { http, log } = stubHttp(store, (n) => {
      if (n === 1) store.unshift({ id: "new", name: "A new queue" });
    });
    const read = await pageNumberAll(http, spec);
    expect(log.length).toBeGreaterThan(3);
    expect(read.map((q) => q.id).sort()).toEqual(store.map((q) => q.id).sort());
  });

  test("an object removed between pages would hide one from the walk: it is read again", async () => {
    const store = items(25);
    const { http } = stubHttp(store, (n) => {
      if (n === 1) store.splice(0, 1); // page 2 now starts one later: "Queue 10" was never on a page read
    });
    const read = await pageNumberAll(http, spec);
    expect(read.map((q) => q.id)).toContain("id-10");
    expect(read).toHaveLength(24);
  });

  test("fails closed (exit 3, naming the listing) when the listing keeps changing", async () => {
    const store = items(25);
    let created = 0;
    const { http } = stubHttp(store, () => store.unshift({ id: `new-${created}`, name: `New ${created++}` }));
    const err = await pageNumberAll(http, {
      ...spec,
      path: "/api/v2/groups/:groupId/members",
      params: { groupId: "g1" },
    }).catch((e: unknown) => e);
    expect(isListingDriftError(err)).toBe(true);
    const { text, exitCode } = describeFailure(err);
    expect(exitCode).toBe(3);
    expect(text).toMatch(/^GET \/api\/v2\/groups\/g1\/members: the listing changed while gcguard read it, twice/);
    expect(text).not.toContain("\n");
  });

  test("SCIM lists: drift is read again, and fails closed when it persists", async () => {
    const store = items(25);
    const once = stubHttp(store, (n) => {
      if (n === 1) store.splice(0, 2);
    });
    expect((await scimAll(once.http, scim)).map((g) => g.id)).toContain("id-10");

    const busy = items(25);
    const always = stubHttp(busy, () => busy.unshift({ id: `x${busy.length}`, name: "x" }));
    await expect(scimAll(always.http, scim)).rejects.toThrow(/GET \/api\/v2\/scim\/v2\/groups: the listing changed/);
  });

  test("SCIM: a first page passed by the caller is not trusted on the re-read", async () => {
    const store = items(25);
    const stale = { Resources: items(10), totalResults: 26 };
    const { http, log } = stubHttp(store);
    expect(await scimAll(http, scim, stale)).toHaveLength(25);
    expect(log.filter((l) => l.includes('"startIndex":1,'))).toHaveLength(1);
  });

  test("searches behind collision checks: drift is searched again, and fails closed when it persists", async () => {
    const search = { path: "/api/v2/groups/search", body: { query: [] }, item: Item };
    const store = items(25);
    const once = stubHttp(store, (n) => {
      if (n === 1) store.splice(0, 1);
    });
    expect((await searchAll(once.http, search)).map((g) => g.id)).toContain("id-10");

    const busy = items(25);
    const always = stubHttp(busy, () => busy.unshift({ id: `x${busy.length}`, name: "x" }));
    await expect(searchAll(always.http, search)).rejects.toThrow(
      /^POST \/api\/v2\/groups\/search: the listing changed/,
    );
  });

  test("driftOf: a changed total, a count short of the total, or nothing to compare", () => {
    expect(driftOf([25, 26], 25)).toMatch(/total went from 25 to 26/);
    expect(driftOf([25, 25], 24)).toMatch(/said 25 in all, the pages held 24/);
    expect(driftOf([undefined, undefined], 7)).toBeUndefined();
    expect(driftOf([3, undefined], 3)).toBeUndefined();
  });
});
