/**
 * The search APIs (`POST /api/v2/users/search`, `POST /api/v2/groups/search`; docs/genesys-api.md §4.2, §6.1):
 * criteria with EXACT, STARTS_WITH and CONTAINS over named fields, ANDed; q64 next-page links.
 */
import { z } from "zod";

import { badRequest } from "./errors";
import { decodeQ64, encodeQ64 } from "./paging";
import type { EmulatorSettings } from "./settings";

const Criterion = z.object({
  type: z.string(),
  fields: z.array(z.string()).optional(),
  field: z.string().optional(),
  value: z.string().optional(),
  values: z.array(z.string()).optional(),
  operator: z.string().optional(),
  group: z.array(z.unknown()).optional(),
});

export const SearchRequest = z.object({
  pageSize: z.number().int().positive().optional(),
  pageNumber: z.number().int().positive().optional(),
  sortOrder: z.string().optional(),
  sortBy: z.string().optional(),
  expand: z.array(z.string()).optional(),
  query: z.array(Criterion).default([]),
});
export type SearchRequest = z.infer<typeof SearchRequest>;

const SUPPORTED_TYPES = new Set(["EXACT", "STARTS_WITH", "CONTAINS"]);

/** Field accessors of one searchable kind: field name -> the record's value(s). */
export type Fields<T> = Readonly<Record<string, (record: T) => string | undefined>>;

export interface SearchOutcome<T> {
  readonly results: T[];
  readonly response: (render: (record: T) => unknown) => Record<string, unknown>;
}

export function parseSearchRequest(body: unknown): SearchRequest {
  const parsed = SearchRequest.safeParse(body);
  if (!parsed.success) {
    throw badRequest("The search request is not valid: {reason}.", "bad.request", {
      reason: parsed.error.issues[0]?.message ?? "malformed",
    });
  }
  return parsed.data;
}

export function requestFromQ64(q64: string | undefined): SearchRequest {
  if (!q64) throw badRequest("A required field is missing a value: q64.", "required.field.missing");
  return parseSearchRequest(decodeQ64(q64));
}

/** Builds the record predicate for a request, enforcing the criterion limits. */
function predicate<T>(request: SearchRequest, fields: Fields<T>, settings: EmulatorSettings): (record: T) => boolean {
  const { maxCriteria, maxValuesPerCriterion } = settings.search;
  if (request.query.length > maxCriteria) {
    throw badRequest("The search has {count} criteria; the maximum is {max}.", "invalid.value", {
      count: String(request.query.length),
      max: String(maxCriteria),
    });
  }
  const tests = request.query.map((c) => {
    const type = c.type.toUpperCase();
    if (!SUPPORTED_TYPES.has(type)) {
      throw badRequest(
        "Search criteria type {type} is not supported by the emulator (EXACT, STARTS_WITH, CONTAINS).",
        "invalid.value",
        { type: c.type },
      );
    }
    if (c.group || (c.operator && c.operator.toUpperCase() !== "AND")) {
      throw badRequest("Nested groups and OR/NOT operators are not supported by the emulator.", "invalid.value");
    }
    const names = c.fields ?? (c.field ? [c.field] : []);
    if (names.length === 0) throw badRequest("A search criterion needs fields.", "required.field.missing");
    for (const n of names) {
      if (!fields[n]) throw badRequest("Search field {field} is not supported.", "invalid.value", { field: n });
    }
    const values = (c.values ?? (c.value === undefined ? [] : [c.value])).map((v) => v.toLowerCase());
    if (values.length === 0) throw badRequest("A search criterion needs a value or values.", "required.field.missing");
    if (values.length > maxValuesPerCriterion) {
      throw badRequest("A search criterion has {count} values; the maximum is {max}.", "invalid.value", {
        count: String(values.length),
        max: String(maxValuesPerCriterion),
      });
    }
    const set = new Set(values);
    // Case-insensitive, as search indexes normalise (docs/genesys-api.md §6.1: EXACT case sensitivity unverified);
    // clients re-check exact names themselves.
    const match =
      type === "EXACT"
        ? (v: string) => set.has(v)
        : type === "STARTS_WITH"
          ? (v: string) => values.some((x) => v.startsWith(x))
          : (v: string) => values.some((x) => v.includes(x));
    const getters = names.map((n) => fields[n] as (r: T) => string | undefined);
    return (record: T) =>
      getters.some((get) => {
        const v = get(record);
        return v !== undefined && match(v.toLowerCase());
      });
  });
  return (record) => tests.every((t) => t(record));
}

/** How a search runs over one kind of record. */
interface SearchOptions<T> {
  settings: EmulatorSettings;
  path: string;
  type: string;
  sortKey: (r: T) => string;
  /** Records the caller may see at all (division visibility), checked in the same pass. */
  include?: (r: T) => boolean;
  /**
   * Keeps the full result between pages: the next page of an unchanged org costs no scan. `key` must name
   * everything that shapes the result besides the request (e.g. the client); `revision` changes with the data.
   */
  cache?: {
    readonly store: Map<string, { revision: number; matched: readonly unknown[] }>;
    readonly key: string;
    readonly revision: number;
  };
}

/**
 * The records the search matches, in the order asked for; cached between pages when `options.cache` is given, so
 * the next page of an unchanged org costs no scan.
 */
function matchedRecords<T>(
  records: Iterable<T>,
  request: SearchRequest,
  fields: Fields<T>,
  options: SearchOptions<T>,
): T[] {
  const test = predicate(request, fields, options.settings);
  const include = options.include ?? (() => true);
  const cacheKey =
    options.cache && `${options.cache.key}|${JSON.stringify([request.query, request.sortBy, request.sortOrder])}`;
  const cached = cacheKey === undefined ? undefined : options.cache?.store.get(cacheKey);
  const hit = cached !== undefined && cached.revision === options.cache?.revision;
  let matched: T[] = hit ? (cached.matched as T[]) : [];
  if (!hit) for (const r of records) if (include(r) && test(r)) matched.push(r);
  // Without sortBy, results keep the org's stable order, so paging is consistent and each page costs one scan.
  if (request.sortBy && !hit) {
    const sign = (request.sortOrder ?? "ASC").toUpperCase() === "DESC" ? -1 : 1;
    const keyed = matched.map((r) => [options.sortKey(r).toLowerCase(), r] as const);
    keyed.sort(([a], [b]) => (a < b ? -sign : a > b ? sign : 0));
    matched = keyed.map(([, r]) => r);
  }
  if (options.cache && cacheKey !== undefined && !hit) {
    const store = options.cache.store;
    store.delete(cacheKey);
    store.set(cacheKey, { revision: options.cache.revision, matched });
    // A few recent searches are enough for paging; drop the oldest.
    while (store.size > 16) store.delete(store.keys().next().value as string);
  }
  return matched;
}

/** Runs a search over `records` and pages it; the response's nextPage/previousPage are q64 links. */
export function runSearch<T>(
  records: Iterable<T>,
  request: SearchRequest,
  fields: Fields<T>,
  options: SearchOptions<T>,
): SearchOutcome<T> {
  const matched = matchedRecords(records, request, fields, options);
  const pageSize = Math.min(request.pageSize ?? 25, options.settings.maxPageSize.search);
  const pageNumber = request.pageNumber ?? 1;
  const pageCount = Math.max(1, Math.ceil(matched.length / pageSize));
  const start = (pageNumber - 1) * pageSize;
  const results = matched.slice(start, start + pageSize);
  const link = (n: number) =>
    `${options.path}?q64=${encodeURIComponent(encodeQ64({ ...request, pageSize, pageNumber: n }))}`;
  return {
    results,
    response: (render) => ({
      total: matched.length,
      pageCount,
      pageSize,
      pageNumber,
      ...(pageNumber > 1 ? { previousPage: link(pageNumber - 1) } : {}),
      currentPage: link(pageNumber),
      ...(pageNumber < pageCount ? { nextPage: link(pageNumber + 1) } : {}),
      types: [options.type],
      results: results.map(render),
    }),
  };
}
