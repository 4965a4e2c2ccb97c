/** SCIM v2 operations (genesys-api.md §7): groups by display name, reads with ETags, If-Match patches. */
import type { GenesysHttp } from "../http";
import type { ClientLimits } from "../limits";
import { collect, scimPages } from "../pagination";
import { ScimGroup, ScimUser } from "../schemas";

const BASE = "/api/v2/scim/v2";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface ScimPatchOperation {
  readonly op: "add" | "remove" | "replace";
  readonly path?: string;
  readonly value?: unknown;
}

/** A SCIM filter string literal: quoted, with `"` and `\` escaped (RFC 7644 §3.4.2.2). */
export function scimString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export class ScimOperations {
  constructor(
    private readonly http: GenesysHttp,
    private readonly limits: ClientLimits,
  ) {}

  /** Groups whose displayName equals `name` (the IdP links groups by this name, §7.1). */
  groupsByDisplayName(name: string): Promise<ScimGroup[]> {
    return collect(
      scimPages(this.http, {
        path: `${BASE}/groups`,
        query: { filter: `displayName eq ${scimString(name)}` },
        item: ScimGroup,
        count: this.limits.scimPageSize,
      }),
    );
  }

  /** Every group with its members, a page of up to 100 per request. */
  allGroups(): Promise<ScimGroup[]> {
    return collect(scimPages(this.http, { path: `${BASE}/groups`, item: ScimGroup, count: this.limits.scimPageSize }));
  }

  /**
   * Every active or every inactive user, a page of up to 100 per request: without a filter SCIM lists active users
   * only, `active eq false` the inactive ones (§7.1). `attributes` trims each user (id, userName, active and meta
   * always come back); the default attributes include expensive ones (§7.4).
   */
  allUsers(options: { active: boolean; attributes?: readonly string[] }): Promise<ScimUser[]> {
    return collect(
      scimPages(this.http, {
        path: `${BASE}/users`,
        query: {
          filter: options.active ? undefined : "active eq false",
          attributes: options.attributes && options.attributes.length > 0 ? options.attributes : undefined,
        },
        item: ScimUser,
        count: this.limits.scimPageSize,
      }),
    );
  }

  /** A group and its ETag, to send back as If-Match. */
  async getGroup(groupId: string): Promise<{ group: ScimGroup; etag: string }> {
    const res = await this.http.request({
      method: "GET",
      path: `${BASE}/groups/:groupId`,
      params: { groupId },
      schema: ScimGroup,
    });
    return { group: res.data, etag: res.headers.etag ?? res.data.meta?.version ?? "" };
  }

  /**
   * PATCHes a group with If-Match. A version conflict surfaces as a GenesysApiError (409, 412, or 400 with
   * `invalidVers`, §7.2) for the caller to re-read and recompute.
   */
  async patchGroup(
    groupId: string,
    operations: readonly ScimPatchOperation[],
    etag: string,
  ): Promise<{ group: ScimGroup; etag: string }> {
    const res = await this.http.request({
      method: "PATCH",
      path: `${BASE}/groups/:groupId`,
      params: { groupId },
      body: { schemas: [PATCH_OP_SCHEMA], Operations: operations },
      headers: { "If-Match": etag },
      schema: ScimGroup,
    });
    return { group: res.data, etag: res.headers.etag ?? res.data.meta?.version ?? "" };
  }

  /** A user by userName (the Genesys email), or undefined. */
  async userByUserName(userName: string): Promise<ScimUser | undefined> {
    const found = await collect(
      scimPages(this.http, {
        path: `${BASE}/users`,
        query: { filter: `userName eq ${scimString(userName)}` },
        item: ScimUser,
        count: 1,
      }),
    );
    return found[0];
  }
}
