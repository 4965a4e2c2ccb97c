/**
 * The floor of a mixed real-world plan: creates of every kind gcguard checks (lib/org/kind-table/), some of whose
 * names the org already has. The preflight reads each kind once, in the cheapest way the kind's API allows, all at
 * once after the login (lib/org/read.ts, lib/genesys/operations/named.ts):
 *
 * mixed preflight = 1 login
 *   + pages(divisions, 100)             every division with object counts (names, homes, non-empty checks)
 *   + per kind, by how it is read:
 *       search            ceil(names / values per query)       users by email, groups, locations, sites
 *       no name filter    pages(objects, page size)            the whole listing (web deployments)
 *       one name          1                                    its query
 *       pages, by name    min(pages(objects), 1 + names)       the first page tells the page count: the rest, or
 *                                                              one query per name, whichever is fewer
 *       cursor, by name   1 + (more than a page ? names : 0)   a cursor listing has no page count
 *   + pages(divisions, 100) when queues are planned: the divisions whose queues the credentials see
 *   + permissions                       one request per distinct permission the planned actions need
 *
 * With two or more names on a paged listing no client can do better without knowing the org's size first, which
 * costs the first page; with one name, its query is the floor.
 */
import type { ClientLimits } from "../genesys/limits";
import { defaultLimits } from "../genesys/limits";
import type { Kind } from "../org/kinds";
import { kindSpec } from "../org/kinds";
import type { RequestDag, Step } from "./floor";
import { LOGIN, batches, dagRequests, listing, pages } from "./floor";

/** One kind of the plan: the distinct names it looks up, and the org's objects of that kind. */
export interface KindLoad {
  readonly kind: Kind;
  readonly names: number;
  readonly objects: number;
}

export interface MixedPlanInputs {
  /** Divisions in the org (always listed). */
  readonly divisions: number;
  readonly kinds: readonly KindLoad[];
  /** Distinct permissions the planned actions need. */
  readonly permissions: number;
}

/** The requests one kind's names cost, read as lib/genesys/operations/named.ts reads them. */
export function kindRequests(load: KindLoad, limits: ClientLimits = defaultLimits): number {
  if (load.names === 0 || load.kind === "division") return 0;
  if (load.kind === "group") return batches(load.names, limits.searchValuesPerCriterion);
  const list = kindSpec(load.kind).list;
  const pageSize = load.kind === "queue" ? limits.queuesPageSize : list.pageSize;
  if (list.style === "search") return batches(load.names, list.valuesPerQuery);
  const listingPages = pages(load.objects, pageSize);
  if (list.nameParam === undefined) return listingPages;
  if (load.names === 1) return 1;
  if (list.style === "cursor") return load.objects > pageSize ? 1 + load.names : 1;
  return Math.min(listingPages, 1 + load.names);
}

/** The kinds' reads, each a step of its own after the login; cursor listings walk page after page. */
function kindSteps(i: MixedPlanInputs, limits: ClientLimits): Step[] {
  return i.kinds.flatMap((load): Step[] => {
    const requests = kindRequests(load, limits);
    if (requests === 0) return [];
    const list = load.kind === "group" ? undefined : kindSpec(load.kind).list;
    const walks = list !== undefined && list.style === "cursor" && list.nameParam === undefined;
    if (walks) return [{ name: load.kind, requests, after: ["login"], chain: true }];
    return requests === 1
      ? [{ name: load.kind, requests: 1, after: ["login"] }]
      : [
          { name: load.kind, requests: 1, after: ["login"] },
          { name: `${load.kind} +`, requests: requests - 1, after: [load.kind] },
        ];
  });
}

export function mixedPlanDag(i: MixedPlanInputs, limits: ClientLimits = defaultLimits): RequestDag {
  const divisionPages = pages(i.divisions, limits.divisionsPageSize);
  const queues = i.kinds.some((k) => k.kind === "queue" && k.names > 0);
  return [
    LOGIN,
    ...listing("divisions", divisionPages),
    ...kindSteps(i, limits),
    ...(queues ? listing("queue visibility", divisionPages) : []),
    { name: "permissions", requests: i.permissions, after: ["login"] },
  ];
}

export const mixedPlanFloor = (i: MixedPlanInputs, limits: ClientLimits = defaultLimits): number =>
  dagRequests(mixedPlanDag(i, limits));
