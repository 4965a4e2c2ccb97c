/**
 * Async iterators over Genesys' four pagination styles (genesys-api.md §8), each de-duplicating by id so a record
 * that moves between pages during the walk is seen once.
 */
import type { z } from "zod";

import type { GenesysHttp, QueryValue } from "./http";
import { listing, scimList, searchResponse } from "./schemas";

interface WithId {
  readonly id: string;
}

function dedupe<T extends WithId>(): (items: readonly T[]) => T[] {
  const seen = new Set<string>();
  return (items) =>
    items.filter((i) => {
      if (seen.has(i.id)) return false;
      seen.add(i.id);
      return true;
    });
}

/** Page-number listings: pageNumber 1, 2, ... until pageCount, a missing nextUri, or an empty page. */
export async function* pageNumberPages<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: {
    readonly path: string;
    readonly params?: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, QueryValue>>;
    readonly item: S;
    readonly pageSize: number;
  },
): AsyncGenerator<z.infer<S>[]> {
  const fresh = dedupe<z.infer<S>>();
  const schema = listing(spec.item);
  for (let pageNumber = 1; ; pageNumber++) {
    const { data } = await http.request({
      method: "GET",
      path: spec.path,
      ...(spec.params ? { params: spec.params } : {}),
      query: { ...spec.query, pageSize: spec.pageSize, pageNumber },
      schema,
    });
    const entities = data.entities as z.infer<S>[];
    yield fresh(entities);
    const more = data.pageCount !== undefined ? pageNumber < data.pageCount : data.nextUri !== undefined;
    if (!more || entities.length === 0) return;
  }
}

/** Search pages: POST the request, then follow the q64 `nextPage` links with GET (§8.3). */
export async function* searchPages<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: { readonly path: string; readonly body: Readonly<Record<string, unknown>>; readonly item: S },
): AsyncGenerator<z.infer<S>[]> {
  const fresh = dedupe<z.infer<S>>();
  const schema = searchResponse(spec.item);
  let { data } = await http.request({ method: "POST", path: spec.path, body: spec.body, schema, idempotent: true });
  for (;;) {
    yield fresh(data.results);
    const next = data.nextPage;
    if (!next || data.results.length === 0) return;
    const q64 = new URL(next, "http://base").searchParams.get("q64");
    if (!q64) return;
    ({ data } = await http.request({ method: "GET", path: spec.path, query: { q64 }, schema }));
  }
}

/** Cursor listings: follow `after` from nextUri until there is none (§8.2). */
export async function* cursorPages<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: {
    readonly path: string;
    readonly query?: Readonly<Record<string, QueryValue>>;
    readonly item: S;
    readonly pageSize: number;
  },
): AsyncGenerator<z.infer<S>[]> {
  const fresh = dedupe<z.infer<S>>();
  const schema = listing(spec.item);
  let after: string | undefined;
  for (;;) {
    const { data } = await http.request({
      method: "GET",
      path: spec.path,
      query: { ...spec.query, pageSize: spec.pageSize, ...(after ? { after } : {}) },
      schema,
    });
    yield fresh(data.entities);
    after = data.nextUri ? (new URL(data.nextUri, "http://base").searchParams.get("after") ?? undefined) : undefined;
    if (!after || data.entities.length === 0) return;
  }
}

/** SCIM pages: startIndex (1-based) and count, until totalResults (§7.1, §7.4). */
export async function* scimPages<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: {
    readonly path: string;
    readonly query?: Readonly<Record<string, QueryValue>>;
    readonly item: S;
    readonly count: number;
  },
): AsyncGenerator<z.infer<S>[]> {
  const fresh = dedupe<z.infer<S>>();
  const schema = scimList(spec.item);
  for (let startIndex = 1; ;) {
    const { data } = await http.request({
      method: "GET",
      path: spec.path,
      query: { ...spec.query, startIndex, count: spec.count },
      schema,
    });
    const resources = data.Resources as z.infer<S>[];
    yield fresh(resources);
    startIndex += resources.length;
    if (resources.length === 0 || startIndex > data.totalResults) return;
  }
}

/** Every item of an async page iterator, in order. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}
