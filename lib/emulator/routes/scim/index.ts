/**
 * SCIM v2 (docs/genesys-api.md §7) under /api/v2/scim/v2. SCIM users and groups are the directory's own records
 * (`store.users`, `store.groups`), so membership changed here shows through /api/v2/groups and back. Paths match
 * case-insensitively (the server's router), so IdPs' `/Users` and the SDK's `/users` both work (§7.1).
 * There is deliberately no POST /groups, DELETE /groups/{id} or /Bulk: Genesys has none (§7.1), so they get the
 * server's loud 404 like any unknown route.
 */
import type { RouteModule } from "../../server";
import { discoveryRoutes } from "./discovery";
import { groupRoutes } from "./groups";
import { userRoutes } from "./users";

/** Registers the user routes, then the group routes, then discovery. */
export const scimRoutes: RouteModule = (app, ctx) => {
  userRoutes(app, ctx);
  groupRoutes(app, ctx);
  discoveryRoutes(app, ctx);
};
