/**
 * The kinds the emulator keeps as generic objects (seed `objects:`, routes/kinds.ts): every kind of the kinds table
 * (lib/org/kind-table/) except divisions, groups, queues and users, which have records and routes of their own.
 */
import type { Kind } from "../org/kind-spec";
import { KIND_IDS } from "../org/kind-spec";

const OWN_ROUTES: ReadonlySet<Kind> = new Set<Kind>(["division", "group", "queue", "user"]);

export const OBJECT_KIND_IDS: readonly Kind[] = KIND_IDS.filter((k) => !OWN_ROUTES.has(k));
