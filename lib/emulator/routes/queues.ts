/** Queues routes (to be implemented). */
import type { RouteModule } from "../server";

export const queuesRoutes: RouteModule = () => {};
