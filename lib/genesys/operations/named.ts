/**
 * Objects of any kind looked up by name, for the kinds in lib/org/kind-table/ that have no operations of their own
 * (skills, wrap-up codes, schedules, contact lists, ...). One reading per kind, at the request floor:
 *
 *   search           one EXACT search per `valuesPerQuery` names (users by email, teams)
 *   one name         its query (one request, whatever the org's size)
 *   pages, by name   the listing's first page, then whichever costs fewer requests: its other pages, or one query
 *                    per name (as queues do, docs/genesys-api.md §5.1)
 *   cursor, by name  the first page; when there are more, one query per name
 *   no name filter   the whole listing
 *
 * The API's name filters are search terms (prefix, wildcard or substring; docs/kinds.md), so every candidate is
 * compared here, trimmed and case-insensitively, and the caller gets all of them keyed by `nameKey`.
 */
import { z } from "zod";

import { nameKey } from "../../names";
import { settledMap } from "../concurrent";
import type { GenesysHttp, QueryValue } from "../http";
import { chunk } from "../limits";
import { collect, cursorPages, pageNumberAll, pageNumberPage, searchPages } from "../pagination";
import { listing as entityListing } from "../schemas";

/** How a kind is listed (lib/org/kind-spec.ts `ListSpec`, restated so this layer imports nothing above it). */
export type NamedListing =
  | {
      readonly style: "pages" | "cursor";
      readonly path: string;
      readonly pageSize: number;
      readonly nameParam?: string;
      readonly query?: Readonly<Record<string, string>>;
    }
  | {
      readonly style: "search";
      readonly path: string;
      readonly field: string;
      readonly valuesPerQuery: number;
      readonly pageSize: number;
      readonly criteria?: readonly Readonly<Record<string, unknown>>[];
    };

type Listed = Exclude<NamedListing, { readonly style: "search" }>;
type Searched = Extract<NamedListing, { readonly style: "search" }>;

/** Any Genesys object: its id, and every other field as the API sent it. */
export const NamedObject = z.object({ id: z.string() }).passthrough();
export type NamedObject = z.infer<typeof NamedObject>;

/** The value of a string field (`name`, `email`), or undefined. */
export function fieldOf(item: NamedObject, field: string): string | undefined {
  const value = (item as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}

export class NamedOperations {
  constructor(private readonly http: GenesysHttp) {}

  /**
   * The objects whose `field` equals one of `names` (trimmed, case-insensitive), keyed by `nameKey`; a name no
   * object has maps to an empty list. Several objects under one key are an ambiguity for the caller to report.
   */
  async findByNames(
    listing: NamedListing,
    field: string,
    names: readonly string[],
  ): Promise<Map<string, NamedObject[]>> {
    const wanted = new Map<string, NamedObject[]>();
    // Queries carry the names as planned (trimmed): a filter that compares case would still find that spelling.
    const queried = new Map<string, string>();
    for (const n of names) {
      wanted.set(nameKey(n), []);
      if (!queried.has(nameKey(n))) queried.set(nameKey(n), n.trim());
    }
    if (wanted.size === 0) return wanted;
    const found = await this.candidates(listing, field, [...queried.values()]);
    const seen = new Set<string>();
    for (const item of found) {
      const value = fieldOf(item, field);
      if (value === undefined || seen.has(item.id)) continue;
      seen.add(item.id);
      wanted.get(nameKey(value))?.push(item);
    }
    return wanted;
  }

  /** Every object the listing holds (the emulator's snapshot and the bench's naive baseline). */
  async list(listing: NamedListing): Promise<NamedObject[]> {
    if (listing.style === "search") throw new Error(`${listing.path}: a search lists nothing without values`);
    return listing.style === "pages" ? this.allPages(listing) : collect(cursorPages(this.http, this.spec(listing)));
  }

  private candidates(listing: NamedListing, field: string, keys: readonly string[]): Promise<NamedObject[]> {
    if (listing.style === "search") return this.search(listing, field, keys);
    if (listing.nameParam === undefined) return this.list(listing);
    // One name: its query is one request, which no reading of the listing can beat.
    if (keys.length === 1) return this.byNameQueries(listing, keys);
    return listing.style === "pages" ? this.pagesOrQueries(listing, keys) : this.cursorOrQueries(listing, keys);
  }

  private async search(listing: Searched, field: string, keys: readonly string[]) {
    const batches = chunk(keys, listing.valuesPerQuery);
    const results = await settledMap(batches, (values) =>
      collect(
        searchPages(this.http, {
          path: listing.path,
          body: {
            pageSize: listing.pageSize,
            pageNumber: 1,
            query: [{ type: "EXACT", fields: [field], values }, ...(listing.criteria ?? [])],
          },
          item: NamedObject,
        }),
      ),
    );
    return results.flat();
  }

  /** The first page says how many there are: walk the rest when that is no dearer than one query per name. */
  private async pagesOrQueries(listing: Listed, keys: readonly string[]) {
    const first = await pageNumberPage(this.http, this.spec(listing), 1);
    const pageCount = first.pageCount ?? (first.nextUri === undefined ? 1 : Number.POSITIVE_INFINITY);
    if (pageCount - 1 <= keys.length && Number.isFinite(pageCount)) {
      const numbers = Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => i + 2);
      const rest = await settledMap(numbers, (n) => pageNumberPage(this.http, this.spec(listing), n));
      return [first.entities, ...rest.map((p) => p.entities)].flat();
    }
    return this.byNameQueries(listing, keys);
  }

  /** The first page; when it points to a next one, one query per name (a cursor listing has no page count). */
  private async cursorOrQueries(listing: Listed, keys: readonly string[]) {
    const { data } = await this.http.request({
      method: "GET",
      path: listing.path,
      query: { ...listing.query, pageSize: listing.pageSize },
      schema: entityListing(NamedObject),
    });
    const more = data.nextUri !== undefined && data.entities.length > 0;
    return more ? [...data.entities, ...(await this.byNameQueries(listing, keys))] : data.entities;
  }

  private async byNameQueries(listing: Listed, keys: readonly string[]) {
    const param = listing.nameParam as string;
    const found = await settledMap(keys, (key) => {
      const spec = this.spec(listing, { [param]: key });
      return listing.style === "pages" ? pageNumberAll(this.http, spec) : collect(cursorPages(this.http, spec));
    });
    return found.flat();
  }

  private allPages(listing: Listed) {
    return pageNumberAll(this.http, this.spec(listing));
  }

  private spec(listing: Listed, extra: Record<string, QueryValue> = {}) {
    return {
      path: listing.path,
      query: { ...listing.query, ...extra },
      item: NamedObject,
      pageSize: listing.pageSize,
    };
  }
}
