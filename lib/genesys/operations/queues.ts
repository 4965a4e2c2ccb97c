/** Routing queue operations (docs/genesys-api.md §5). */
import { nameKey } from "../../names";
import type { GenesysHttp } from "../http";
import type { ClientLimits } from "../limits";
import { chunk } from "../limits";
import { settledMap } from "../concurrent";
import { pageNumberAll, pageNumberByName, pageNumberPage } from "../pagination";
import { Queue, QueueMember } from "../schemas";

const PATH = "/api/v2/routing/queues";

export class QueueOperations {
  constructor(
    private readonly http: GenesysHttp,
    private readonly limits: ClientLimits,
  ) {}

  /** Every queue (500 per page). */
  list(): Promise<Queue[]> {
    return pageNumberAll(this.http, { path: PATH, item: Queue, pageSize: this.limits.queuesPageSize });
  }

  /** Queues named exactly `name` (trimmed, case-insensitive; the API's filter is re-checked here, §5.1). */
  findByName(name: string): Promise<Queue[]> {
    return pageNumberByName(this.http, { path: PATH, item: Queue, pageSize: this.limits.queuesPageSize }, name);
  }

  /**
   * Queues by many names, in as few requests as the org allows. One name is one query. Otherwise the first page of
   * the full listing says how many pages there are: when walking the rest costs no more requests than one query per name, walk them; otherwise
   * query each name (the first page is not wasted: it is the cheapest way to learn the org's size). Either way the
   * requests after the first go at once.
   */
  async findByNames(names: readonly string[]): Promise<Map<string, Queue[]>> {
    const wanted = new Map<string, Queue[]>();
    for (const n of names) wanted.set(nameKey(n), []);
    // One name: its query is one request, which no reading of the listing can beat.
    if (wanted.size === 1) {
      wanted.set(nameKey(names[0]!), await this.findByName(names[0]!));
      return wanted;
    }
    const first = await this.page(1);
    const pageCount = first.pageCount ?? 1;
    if (pageCount - 1 <= wanted.size) {
      const seen = new Set<string>();
      const add = (qs: readonly Queue[]) => {
        for (const q of qs) {
          if (seen.has(q.id)) continue;
          seen.add(q.id);
          wanted.get(nameKey(q.name))?.push(q);
        }
      };
      add(first.entities);
      const numbers = Array.from({ length: Math.max(0, pageCount - 1) }, (_, i) => i + 2);
      for (const page of await settledMap(numbers, (n) => this.page(n))) add(page.entities);
    } else {
      const keys = [...wanted.keys()];
      const found = await settledMap(keys, (key) => this.findByName(key));
      keys.forEach((key, i) => wanted.set(key, found[i]!));
    }
    return wanted;
  }

  /** Queues of the given divisions (repeatable divisionId, sent comma-joined); the batches go at once. */
  listByDivisions(divisionIds: readonly string[]): Promise<Queue[]> {
    return this.listInBatches("divisionId", divisionIds, this.limits.divisionIdsPerQueueListing);
  }

  /** Queues by id, `queuesPageSize` ids per request (repeatable `id`, sent comma-joined); the batches go at once. */
  byIds(ids: readonly string[]): Promise<Queue[]> {
    return this.listInBatches("id", ids, Math.min(100, this.limits.queuesPageSize));
  }

  /** The listing filtered by a repeatable parameter, `batchSize` distinct values per request, the batches at once. */
  private async listInBatches(param: "divisionId" | "id", values: readonly string[], batchSize: number) {
    const batches = chunk([...new Set(values)], batchSize);
    const found = await settledMap(batches, (batch) =>
      pageNumberAll(this.http, {
        path: PATH,
        query: { [param]: batch },
        item: Queue,
        pageSize: this.limits.queuesPageSize,
      }),
    );
    return found.flat();
  }

  async get(queueId: string): Promise<Queue> {
    return (await this.http.request({ method: "GET", path: `${PATH}/:queueId`, params: { queueId }, schema: Queue }))
      .data;
  }

  /** Queue members; `memberBy: "user"` gives the direct members only (what `members`/`ignore_members` govern). */
  members(queueId: string, options: { memberBy?: "user" | "group" } = {}): Promise<QueueMember[]> {
    return pageNumberAll(this.http, {
      path: `${PATH}/:queueId/members`,
      params: { queueId },
      query: { memberBy: options.memberBy },
      item: QueueMember,
      pageSize: this.limits.queueMembersPageSize,
    });
  }

  private page(pageNumber: number) {
    return pageNumberPage(this.http, { path: PATH, item: Queue, pageSize: this.limits.queuesPageSize }, pageNumber);
  }
}
