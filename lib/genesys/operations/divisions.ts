/** Division operations (docs/genesys-api.md §3). */
import { z } from "zod";

import type { GenesysHttp } from "../http";
import type { ClientLimits } from "../limits";
import { chunk } from "../limits";
import { settledMap } from "../concurrent";
import { pageNumberAll, pageNumberByName } from "../pagination";
import { Division } from "../schemas";

const PATH = "/api/v2/authorization/divisions";

export type MovableObject = "USER" | "QUEUE";

export class DivisionOperations {
  constructor(
    private readonly http: GenesysHttp,
    private readonly limits: ClientLimits,
  ) {}

  /** Every division, with object counts when asked (one request per 100 divisions). */
  list(options: { objectCount?: boolean } = {}): Promise<Division[]> {
    return pageNumberAll(this.http, {
      path: PATH,
      query: { objectCount: options.objectCount === true ? true : undefined },
      item: Division,
      pageSize: this.limits.divisionsPageSize,
    });
  }

  async get(divisionId: string, options: { objectCount?: boolean } = {}): Promise<Division> {
    const { data } = await this.http.request({
      method: "GET",
      path: `${PATH}/:divisionId`,
      params: { divisionId },
      query: { objectCount: options.objectCount === true ? true : undefined },
      schema: Division,
    });
    return data;
  }

  async home(): Promise<Division> {
    return (await this.http.request({ method: "GET", path: `${PATH}/home`, schema: Division })).data;
  }

  /** Divisions whose name equals `name`, trimmed and case-insensitively (the API's filter is a search, §3.2). */
  findByName(name: string): Promise<Division[]> {
    return pageNumberByName(this.http, { path: PATH, item: Division, pageSize: this.limits.divisionsPageSize }, name);
  }

  async create(body: { name: string; description?: string }): Promise<Division> {
    return (await this.http.request({ method: "POST", path: PATH, body, schema: Division })).data;
  }

  async delete(divisionId: string): Promise<void> {
    await this.http.request({
      method: "DELETE",
      path: `${PATH}/:divisionId`,
      params: { divisionId },
      schema: z.unknown(),
    });
  }

  /** Moves users or queues into a division (§3.2: POST .../objects/{type} with an id array; 204). */
  async moveObjects(divisionId: string, objectType: MovableObject, ids: readonly string[]): Promise<void> {
    for (const batch of chunk(ids, this.limits.idsPerMove)) {
      await this.http.request({
        method: "POST",
        path: `${PATH}/:divisionId/objects/:objectType`,
        params: { divisionId, objectType },
        body: batch,
        schema: z.unknown(),
      });
    }
  }

  /** Whether the caller holds `permission` in at least one division: one request (the first page). */
  async hasPermission(permission: string): Promise<boolean> {
    const { data } = await this.http.request({
      method: "GET",
      path: "/api/v2/authorization/divisionspermitted/paged/me",
      query: { permission, pageSize: 1, pageNumber: 1 },
      schema: z.object({ entities: z.array(z.unknown()), allDivsPermitted: z.boolean().optional() }),
    });
    return data.entities.length > 0 || data.allDivsPermitted === true;
  }

  /**
   * The divisions in which the caller holds `permission` (§3.2), and whether that is all of them. The first page
   * gives the page count; the others are requested at once.
   */
  async permitted(permission: string): Promise<{ divisions: Division[]; all: boolean }> {
    const Page = z.object({
      entities: z.array(Division),
      pageCount: z.number().optional(),
      allDivsPermitted: z.boolean().optional(),
    });
    const page = async (pageNumber: number) =>
      (
        await this.http.request({
          method: "GET",
          path: "/api/v2/authorization/divisionspermitted/paged/me",
          query: { permission, pageSize: this.limits.divisionsPageSize, pageNumber },
          schema: Page,
        })
      ).data;
    const first = await page(1);
    const rest =
      first.entities.length === 0
        ? []
        : await settledMap(
            Array.from({ length: Math.max(0, (first.pageCount ?? 1) - 1) }, (_, i) => i + 2),
            page,
          );
    let all = false;
    const divisions: Division[] = [];
    for (const data of [first, ...rest]) {
      divisions.push(...data.entities);
      all = data.allDivsPermitted ?? all;
    }
    return { divisions, all };
  }
}
