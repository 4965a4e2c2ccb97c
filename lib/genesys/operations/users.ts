/** User operations (docs/genesys-api.md §4): division searches batched to the per-criterion value limit. */
import type { GenesysHttp } from "../http";
import type { ClientLimits } from "../limits";
import { chunk } from "../limits";
import { settledMap } from "../concurrent";
import { collect, pageNumberAll, searchAll, searchPages } from "../pagination";
import { User } from "../schemas";

type State = "active" | "inactive" | "deleted";

export class UserOperations {
  constructor(
    private readonly http: GenesysHttp,
    private readonly limits: ClientLimits,
  ) {}

  /**
   * Users of many divisions: one search per `searchValuesPerCriterion` divisions (§4.2: EXACT on `divisionId`),
   * each walked through its q64 pages. There is no divisionId filter on GET /users (§4.1).
   */
  async *searchByDivisions(
    divisionIds: readonly string[],
    states: readonly State[] = ["active", "inactive"],
  ): AsyncGenerator<User[]> {
    for (const batch of chunk([...new Set(divisionIds)], this.limits.searchValuesPerCriterion)) {
      yield* this.search([
        { type: "EXACT", fields: ["divisionId"], values: batch },
        { type: "EXACT", fields: ["state"], values: [...states] },
      ]);
    }
  }

  /** Every user in the given states, through search pages (GET /users stops near 10,000 results, §4.1). */
  all(states: readonly State[] = ["active", "inactive"]): Promise<User[]> {
    return collect(this.allPages(states));
  }

  /** As `all`, a search page at a time (for progress on large orgs). */
  allPages(states: readonly State[] = ["active", "inactive"]): AsyncGenerator<User[]> {
    return this.search([{ type: "EXACT", fields: ["state"], values: [...states] }]);
  }

  /** Users by email (which is also their SCIM userName), in batches that go at once; results in batch order. */
  async byEmails(emails: readonly string[]): Promise<User[]> {
    const batches = chunk([...new Set(emails)], this.limits.searchValuesPerCriterion);
    const found = await settledMap(batches, (batch) =>
      searchAll(this.http, this.searchSpec([{ type: "EXACT", fields: ["email"], values: batch }])),
    );
    return found.flat();
  }

  /** Users by id, 100 per request (§4.1), the requests at once; results in batch order. */
  async byIds(ids: readonly string[]): Promise<User[]> {
    const batches = chunk([...new Set(ids)], this.limits.userIdsPerRequest);
    const found = await settledMap(batches, (batch) =>
      pageNumberAll(this.http, {
        path: "/api/v2/users",
        query: { id: batch, state: "any" },
        item: User,
        pageSize: this.limits.userIdsPerRequest,
      }),
    );
    return found.flat();
  }

  async get(userId: string): Promise<User> {
    return (await this.http.request({ method: "GET", path: "/api/v2/users/:userId", params: { userId }, schema: User }))
      .data;
  }

  private search(query: readonly Record<string, unknown>[]): AsyncGenerator<User[]> {
    return searchPages(this.http, this.searchSpec(query));
  }

  private searchSpec(query: readonly Record<string, unknown>[]) {
    return {
      path: "/api/v2/users/search",
      body: { pageSize: this.limits.searchPageSize, pageNumber: 1, query },
      item: User,
    };
  }
}
