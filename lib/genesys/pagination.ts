/**
 * Async iterators over Genesys' four pagination styles (docs/genesys-api.md §8), each de-duplicating by id so a record
 * that moves between pages during the walk is seen once.
 */
import type { z } from "zod";

import { nameKey } from "../names";
import { settledMap } from "./concurrent";
import type { GenesysHttp, QueryValue } from "./http";
import { ListingDriftError } from "./errors";
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

/** A page-number listing: its path (with parameters), extra query, item schema and page size. */
interface PageNumberSpec<S> {
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly item: S;
  readonly pageSize: number;
}

/** A SCIM list: its path, extra query (a filter), item schema and the count asked for per page. */
interface ScimSpec<S> {
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly item: S;
  readonly count: number;
}

/** One page of a page-number listing. */
export async function pageNumberPage<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: PageNumberSpec<S>,
  pageNumber: number,
) {
  const { data } = await http.request({
    method: "GET",
    path: spec.path,
    ...(spec.params ? { params: spec.params } : {}),
    query: { ...spec.query, pageSize: spec.pageSize, pageNumber },
    schema: listing(spec.item),
  });
  return { ...data, entities: data.entities as z.infer<S>[] };
}

/** Page-number listings: pageNumber 1, 2, ... until pageCount, a missing nextUri, or an empty page. */
export async function* pageNumberPages<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: PageNumberSpec<S>,
): AsyncGenerator<z.infer<S>[]> {
  const fresh = dedupe<z.infer<S>>();
  for (let pageNumber = 1; ; pageNumber++) {
    const data = await pageNumberPage(http, spec, pageNumber);
    yield fresh(data.entities);
    const more = data.pageCount !== undefined ? pageNumber < data.pageCount : data.nextUri !== undefined;
    if (!more || data.entities.length === 0) return;
  }
}

/** One read of a whole listing: the distinct items, and how its pages disagreed (page drift), if they did. */
interface ListingRead<T> {
  readonly items: T[];
  readonly drift?: string | undefined;
}

/**
 * How a listing's pages disagree, if they do: a total that changed between pages, or distinct items that are not the
 * first page's total. Either means objects were added or removed during the walk, and one may have slipped between
 * two pages (docs/genesys-api.md §8). Listings without a total (member listings) cannot be checked this way.
 */
export function driftOf(totals: readonly (number | undefined)[], distinct: number): string | undefined {
  const first = totals[0];
  if (first === undefined) return undefined;
  const changed = totals.find((t) => t !== undefined && t !== first);
  if (changed !== undefined) return `its total went from ${first} to ${changed} between pages`;
  if (distinct !== first) return `the first page said ${first} in all, the pages held ${distinct}`;
  return undefined;
}

/** Reads a whole listing; once more when its pages disagreed; fails closed (exit 3) when they disagree again. */
async function settle<T>(listing: string, read: () => Promise<ListingRead<T>>): Promise<T[]> {
  const first = await read();
  if (first.drift === undefined) return first.items;
  const again = await read();
  if (again.drift === undefined) return again.items;
  throw new ListingDriftError(listing, again.drift);
}

/** `GET /path` of a listing, its parameters filled in, for messages. */
function listingName(spec: { readonly path: string; readonly params?: Readonly<Record<string, string>> }): string {
  return `GET ${spec.path.replace(/:([A-Za-z]+)/g, (m, name: string) => spec.params?.[name] ?? m)}`;
}

/**
 * Every item of a page-number listing, in page order. The first page says how many pages there are; the rest are
 * then requested at once (the client's pacer decides how many go together): the same requests as walking the
 * pages, without waiting for each answer before asking for the next. A listing without a pageCount (member
 * listings) is walked page by page, following nextUri, as pageNumberPages does. A listing whose pages disagree
 * on its total is read again, then refused (settle).
 */
export function pageNumberAll<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: PageNumberSpec<S>,
): Promise<z.infer<S>[]> {
  return settle(listingName(spec), () => readPageNumber(http, spec));
}

async function readPageNumber<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: PageNumberSpec<S>,
): Promise<ListingRead<z.infer<S>>> {
  const page = (pageNumber: number) => pageNumberPage(http, spec, pageNumber);
  const first = await page(1);
  const pages = [first];
  if (first.entities.length > 0 && first.pageCount !== undefined) {
    const numbers = Array.from({ length: Math.max(0, first.pageCount - 1) }, (_, i) => i + 2);
    pages.push(...(await settledMap(numbers, page)));
  } else if (first.entities.length > 0) {
    for (let last = first, n = 2; last.nextUri !== undefined && last.entities.length > 0; n++) {
      last = await page(n);
      pages.push(last);
    }
  }
  const fresh = dedupe<z.infer<S>>();
  const items = pages.flatMap((p) => fresh(p.entities));
  return {
    items,
    drift: driftOf(
      pages.map((p) => p.total),
      items.length,
    ),
  };
}

/**
 * The items of a page-number listing whose name equals `name`, trimmed and case-insensitively (how Genesys compares
 * names). The API's `name` filter is a search term (docs/genesys-api.md §3.2, §5.1), so the exact comparison is
 * done here.
 */
export async function pageNumberByName<S extends z.ZodType<WithId & { readonly name: string }>>(
  http: GenesysHttp,
  spec: Omit<PageNumberSpec<S>, "query">,
  name: string,
): Promise<z.infer<S>[]> {
  const candidates = await pageNumberAll(http, { ...spec, query: { name: name.trim() } });
  return candidates.filter((item) => nameKey(item.name) === nameKey(name));
}

/** Search pages: POST the request, then follow the q64 `nextPage` links with GET (§8.3); `onTotal` sees each total. */
export async function* searchPages<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: { readonly path: string; readonly body: Readonly<Record<string, unknown>>; readonly item: S },
  onTotal: (total: number) => void = () => {},
): AsyncGenerator<z.infer<S>[]> {
  const fresh = dedupe<z.infer<S>>();
  const schema = searchResponse(spec.item);
  let { data } = await http.request({ method: "POST", path: spec.path, body: spec.body, schema, idempotent: true });
  for (;;) {
    onTotal(data.total);
    yield fresh(data.results);
    const next = data.nextPage;
    if (!next || data.results.length === 0) return;
    const q64 = new URL(next, "http://base").searchParams.get("q64");
    if (!q64) return;
    ({ data } = await http.request({ method: "GET", path: spec.path, query: { q64 }, schema }));
  }
}

/**
 * Every result of a search, checked for drift as pageNumberAll checks a listing: the `total` of every page must stay
 * the first page's, and the distinct results must add up to it; else the search runs again once, then is refused.
 * For the searches behind collision checks (a few names or emails a batch), not whole-org walks.
 */
export function searchAll<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: { readonly path: string; readonly body: Readonly<Record<string, unknown>>; readonly item: S },
): Promise<z.infer<S>[]> {
  return settle(`POST ${spec.path}`, async () => {
    const totals: number[] = [];
    const items = await collect(searchPages(http, spec, (total) => totals.push(total)));
    return { items, drift: driftOf(totals, items.length) };
  });
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
  spec: ScimSpec<S>,
): AsyncGenerator<z.infer<S>[]> {
  const fresh = dedupe<z.infer<S>>();
  for (let startIndex = 1; ;) {
    const data = await scimPage(http, spec, startIndex);
    const resources = data.Resources;
    yield fresh(resources);
    startIndex += resources.length;
    if (resources.length === 0 || startIndex > data.totalResults) return;
  }
}

/** One page of a SCIM list: its resources and the total the listing reports. */
export interface ScimPage<T> {
  readonly Resources: readonly T[];
  readonly totalResults: number;
}

/**
 * Every resource of a SCIM list, in order. The first page gives totalResults and the page size the server keeps to;
 * the other pages' startIndex values follow, and they are requested at once (the pacer decides how many go
 * together). `first`, when the caller already read page 1 (to choose between listing and filtering), is not read
 * again, unless the pages disagree on totalResults: then the list is read again, then refused (settle).
 */
export function scimAll<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: ScimSpec<S>,
  first?: ScimPage<z.infer<S>>,
): Promise<z.infer<S>[]> {
  let given = first;
  return settle(listingName(spec), () => {
    const head = given;
    given = undefined;
    return readScim(http, spec, head);
  });
}

async function readScim<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: ScimSpec<S>,
  first: ScimPage<z.infer<S>> | undefined,
): Promise<ListingRead<z.infer<S>>> {
  const head = first ?? (await scimPage(http, spec, 1));
  const size = head.Resources.length;
  const starts: number[] = [];
  for (let start = 1 + size; size > 0 && start <= head.totalResults; start += size) starts.push(start);
  const pages = [head, ...(await settledMap(starts, (start) => scimPage(http, spec, start)))];
  const fresh = dedupe<z.infer<S>>();
  const items = pages.flatMap((p) => fresh(p.Resources));
  return {
    items,
    drift: driftOf(
      pages.map((p) => p.totalResults),
      items.length,
    ),
  };
}

/** The SCIM list page at `startIndex` (1-based). */
export async function scimPage<S extends z.ZodType<WithId>>(
  http: GenesysHttp,
  spec: ScimSpec<S>,
  startIndex: number,
): Promise<ScimPage<z.infer<S>>> {
  const { data } = await http.request({
    method: "GET",
    path: spec.path,
    query: { ...spec.query, startIndex, count: spec.count },
    schema: scimList(spec.item),
  });
  return { Resources: data.Resources, totalResults: data.totalResults };
}

/** Every item of an async page iterator, in order. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}
