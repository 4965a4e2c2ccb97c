/**
 * Page sizes and batch limits the client uses: the largest each endpoint allows, so a scan costs as few requests
 * as the API permits (docs/genesys-api.md §4.2, §5.1, §6.1, §7.1, §8; the emulator's defaults match).
 */
export interface ClientLimits {
  readonly divisionsPageSize: number;
  readonly usersPageSize: number;
  readonly groupsPageSize: number;
  readonly queuesPageSize: number;
  readonly queueMembersPageSize: number;
  readonly searchPageSize: number;
  readonly scimPageSize: number;
  /** Values per search criterion (§4.2: 50). */
  readonly searchValuesPerCriterion: number;
  /** Ids per `GET /users?id=` (§4.1: 100). */
  readonly userIdsPerRequest: number;
  /** Division ids per `GET /routing/queues?divisionId=`, keeping URLs short. */
  readonly divisionIdsPerQueueListing: number;
  /** Ids per move-objects call. */
  readonly idsPerMove: number;
}

export const defaultLimits: ClientLimits = {
  divisionsPageSize: 100,
  usersPageSize: 500,
  groupsPageSize: 500,
  queuesPageSize: 500,
  queueMembersPageSize: 100,
  searchPageSize: 100,
  scimPageSize: 100,
  searchValuesPerCriterion: 50,
  userIdsPerRequest: 100,
  divisionIdsPerQueueListing: 100,
  idsPerMove: 100,
};

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
