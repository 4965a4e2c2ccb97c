/** Scim routes (to be implemented). */
import type { RouteModule } from "../server";

export const scimRoutes: RouteModule = () => {};
