/** Directory group operations (docs/genesys-api.md §6): names looked up in batched searches. */
import { nameKey } from "../../names";
import type { GenesysHttp } from "../http";
import type { ClientLimits } from "../limits";
import { chunk } from "../limits";
import { settledMap } from "../concurrent";
import { pageNumberAll, searchAll } from "../pagination";
import { Group, User } from "../schemas";

const PATH = "/api/v2/groups";

export class GroupOperations {
  constructor(
    private readonly http: GenesysHttp,
    private readonly limits: ClientLimits,
  ) {}

  list(): Promise<Group[]> {
    return pageNumberAll(this.http, { path: PATH, item: Group, pageSize: this.limits.groupsPageSize });
  }

  /**
   * Groups by many names: one EXACT search per `searchValuesPerCriterion` names (§6.1; there is no name filter on
   * GET /groups), so 200 names cost 4 searches. The result maps each name (trimmed, lower case) to every group
   * that has it, compared client-side: two groups with one name are an ambiguity for the caller to report. The
   * searches go at once; their results are joined in batch order.
   */
  async findByNames(names: readonly string[]): Promise<Map<string, Group[]>> {
    const wanted = new Map<string, Group[]>();
    for (const n of names) wanted.set(nameKey(n), []);
    const batches = chunk([...wanted.keys()], this.limits.searchValuesPerCriterion);
    const results = await settledMap(batches, (batch) =>
      searchAll(this.http, {
        path: `${PATH}/search`,
        body: {
          pageSize: this.limits.searchPageSize,
          pageNumber: 1,
          query: [{ type: "EXACT", fields: ["name"], values: batch }],
        },
        item: Group,
      }),
    );
    for (const found of results) for (const g of found) wanted.get(nameKey(g.name))?.push(g);
    return wanted;
  }

  async get(groupId: string): Promise<Group> {
    return (await this.http.request({ method: "GET", path: `${PATH}/:groupId`, params: { groupId }, schema: Group }))
      .data;
  }

  /** Direct members (what the provider's member_ids reads). */
  individuals(groupId: string): Promise<User[]> {
    return pageNumberAll(this.http, {
      path: `${PATH}/:groupId/individuals`,
      params: { groupId },
      item: User,
      pageSize: this.limits.groupsPageSize,
    });
  }
}
