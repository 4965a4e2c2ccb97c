/**
 * SCIM v2 operations (docs/genesys-api.md §7): groups by display name, reads with ETags, If-Match patches, and user
 * create and replace.
 */
import type { GenesysHttp, HttpResult } from "../http";
import type { ClientLimits } from "../limits";
import type { ScimPage } from "../pagination";
import { scimAll, scimPage } from "../pagination";
import { ScimGroup, scimList, ScimUser, ScimUserResource } from "../schemas";

const BASE = "/api/v2/scim/v2";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface ScimPatchOperation {
  readonly op: "add" | "remove" | "replace";
  readonly path?: string;
  readonly value?: unknown;
}

/**
 * A user body for POST (ScimV2CreateUser) or PUT (ScimV2User), §7.4: userName (the email) and displayName are
 * required; any other SCIM attribute may follow.
 */
export interface ScimUserBody {
  readonly schemas: readonly string[];
  readonly userName: string;
  readonly displayName: string;
  readonly [attribute: string]: unknown;
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

  /** Resources per SCIM list page this client asks for. */
  get pageSize(): number {
    return this.limits.scimPageSize;
  }

  /** How many groups there are, in one request (§7.1: `count=0` returns totalResults only). */
  countGroups(): Promise<number> {
    return this.count(`${BASE}/groups`);
  }

  /** How many active users there are (no filter lists active users only, §7.1), in one request. */
  countUsers(): Promise<number> {
    return this.count(`${BASE}/users`);
  }

  private async count(path: string): Promise<number> {
    const res = await this.http.request({
      method: "GET",
      path,
      query: { startIndex: 1, count: 0 },
      schema: scimList(ScimUser.pick({ id: true })),
    });
    return res.data.totalResults;
  }

  /** Users, active or not, whose externalId equals `externalId` (§7.3; externalId is case-exact). */
  usersByExternalId(externalId: string): Promise<ScimUser[]> {
    return scimAll(this.http, {
      path: `${BASE}/users`,
      query: { filter: `externalId eq ${scimString(externalId)}` },
      item: ScimUser,
      count: this.limits.scimPageSize,
    });
  }

  /** Groups whose displayName equals `name` (the IdP links groups by this name, §7.1). */
  groupsByDisplayName(name: string): Promise<ScimGroup[]> {
    return scimAll(this.http, {
      path: `${BASE}/groups`,
      query: { filter: `displayName eq ${scimString(name)}` },
      item: ScimGroup,
      count: this.limits.scimPageSize,
    });
  }

  /**
   * The first page of every group (members inline) and the total: for a caller that chooses between listing every
   * group and filtering by name, without a separate count request. `allGroups(first)` continues from it.
   */
  firstGroupsPage(): Promise<ScimPage<ScimGroup>> {
    return scimPage(this.http, this.groupsListing(), 1);
  }

  /**
   * Every group with its members, a page of up to 100 per request; the pages after the first go at once. Given
   * `first` (from firstGroupsPage), page 1 is not read again.
   */
  allGroups(first?: ScimPage<ScimGroup>): Promise<ScimGroup[]> {
    return scimAll(this.http, this.groupsListing(), first);
  }

  private groupsListing() {
    return { path: `${BASE}/groups`, item: ScimGroup, count: this.limits.scimPageSize };
  }

  /**
   * Every active or every inactive user, a page of up to 100 per request: without a filter SCIM lists active users
   * only, `active eq false` the inactive ones (§7.1). `attributes` trims each user (id, userName, active and meta
   * always come back); the default attributes include expensive ones (§7.4).
   */
  allUsers(options: { active: boolean; attributes?: readonly string[] }): Promise<ScimUser[]> {
    return scimAll(this.http, {
      path: `${BASE}/users`,
      query: {
        filter: options.active ? undefined : "active eq false",
        attributes: options.attributes && options.attributes.length > 0 ? options.attributes : undefined,
      },
      item: ScimUser,
      count: this.limits.scimPageSize,
    });
  }

  /** A group and its ETag, to send back as If-Match. */
  async getGroup(groupId: string): Promise<{ group: ScimGroup; etag: string }> {
    const res = await this.http.request({
      method: "GET",
      path: `${BASE}/groups/:groupId`,
      params: { groupId },
      schema: ScimGroup,
    });
    return { group: res.data, etag: etagOf(res) };
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
    return { group: res.data, etag: etagOf(res) };
  }

  /** A user by userName (the Genesys email), or undefined. */
  async userByUserName(userName: string): Promise<ScimUser | undefined> {
    return (await scimAll(this.http, { ...byUserName(userName), item: ScimUser }))[0];
  }

  /** A user by userName in its whole SCIM representation (a filter also finds inactive users, §7.1), or undefined. */
  async fullUserByUserName(userName: string): Promise<ScimUserResource | undefined> {
    return (await scimAll(this.http, { ...byUserName(userName), item: ScimUserResource }))[0];
  }

  /** A user's whole SCIM representation and its ETag, to send back as If-Match (§7.2). */
  async getUser(userId: string): Promise<{ user: ScimUserResource; etag: string }> {
    const res = await this.http.request({
      method: "GET",
      path: `${BASE}/users/:userId`,
      params: { userId },
      schema: ScimUserResource,
    });
    return { user: res.data, etag: etagOf(res) };
  }

  /**
   * Creates a user (§7.1: 201). A taken userName answers 409 `uniqueness` (isUniquenessConflict). Never retried
   * after a 5xx or a lost connection (retry.ts): the user may exist even though the call failed.
   */
  async createUser(body: ScimUserBody): Promise<{ user: ScimUserResource; etag: string }> {
    const res = await this.http.request({ method: "POST", path: `${BASE}/users`, body, schema: ScimUserResource });
    return { user: res.data, etag: etagOf(res) };
  }

  /**
   * Replaces a user with If-Match (§7.1: a full replace; omitted attributes are cleared, RFC 7644 §3.5.1). A version
   * conflict surfaces as a GenesysApiError for isVersionConflict (§7.2).
   */
  async replaceUser(
    userId: string,
    body: ScimUserBody,
    etag: string,
  ): Promise<{ user: ScimUserResource; etag: string }> {
    const res = await this.http.request({
      method: "PUT",
      path: `${BASE}/users/:userId`,
      params: { userId },
      body,
      headers: { "If-Match": etag },
      schema: ScimUserResource,
    });
    return { user: res.data, etag: etagOf(res) };
  }
}

/** The SCIM user listing filtered to one userName. */
function byUserName(userName: string) {
  return { path: `${BASE}/users`, query: { filter: `userName eq ${scimString(userName)}` }, count: 1 };
}

/** The ETag to send back as If-Match: the header, else the resource's meta.version (docs/genesys-api.md §7.2). */
function etagOf(res: HttpResult<{ readonly meta?: { readonly version?: string } }>): string {
  return res.headers.etag ?? res.data.meta?.version ?? "";
}
