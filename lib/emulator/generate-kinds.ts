/**
 * The generated org's objects of the table-driven kinds (lib/org/kind-table/: skills, wrap-up codes, flows, ...),
 * the seed's `objects` section, for lib/emulator/generate.ts. Deterministic like the rest: every choice comes from
 * the generator's seeded draws, taken after the divisions, users, groups and queues have taken theirs (so adding
 * objects left the rest of a generated org unchanged).
 *
 * Counts scale with the org (`PLANS`: one object per `per` of `basis`, at least `min`, default 1), so every kind
 * has objects at every size: e.g. skills ~ users/20, wrap-up codes ~ queues, schedules ~ queues/5, locations ~
 * divisions. Names are `<Label> <n> - <region> <topic>`, unique per kind, except for the deliberate traps below.
 * Kinds whose API objects carry a division get one at random; `fields` stay empty (the gate reads names,
 * divisions and flow types only).
 *
 * Deliberate traps:
 *   - flows of several types, and every tenth flow (from the second on) takes the previous flow's name under
 *     another type: flow names are unique per type only (docs/kinds.md, the flow entry's `scope`);
 *   - duplicate script names: about 2% of scripts (at least one) carry exactly another script's name, as the API
 *     accepts (docs/kinds.md, scripts);
 *   - about 2% of skills are soft-deleted (state "deleted"): they keep their names in the listing.
 */
import type { Kind } from "../org/kind-spec";
import type { SeedObject } from "./seed";

/** The kinds the seed's `objects` section holds (divisions, users, groups and queues have their own sections). */
export type ObjectKind = Exclude<Kind, "division" | "group" | "queue" | "user">;

/** What this file draws from: the generator's stream (lib/emulator/generate.ts `Draws`). */
export interface KindDraws {
  readonly spec: { readonly divisions: number; readonly users: number; readonly queues: number };
  readonly random: () => number;
  readonly int: (n: number) => number;
  readonly pick: <T>(items: readonly T[]) => T;
  readonly id: (kind: string, i: number) => string;
}

/** One object of the kind per `per` of `basis` (at least `min`); `divided`: its API objects carry a division. */
interface KindPlan {
  readonly label: string;
  readonly basis: "divisions" | "users" | "queues";
  readonly per: number;
  readonly min?: number;
  readonly divided: boolean;
}

/** In draw order: changing the order (or inserting a kind before another) changes every generated org's objects. */
const PLANS: Readonly<Record<ObjectKind, KindPlan>> = {
  skill: { label: "Skill", basis: "users", per: 20, divided: true },
  language: { label: "Language", basis: "users", per: 1_000, divided: false },
  wrapupcode: { label: "Wrap-up", basis: "queues", per: 1, divided: true },
  skillgroup: { label: "Skill Group", basis: "queues", per: 10, divided: true },
  utilizationlabel: { label: "Utilization", basis: "divisions", per: 20, divided: false },
  role: { label: "Role", basis: "divisions", per: 10, min: 5, divided: false },
  team: { label: "Team", basis: "users", per: 50, divided: true },
  location: { label: "Location", basis: "divisions", per: 1, divided: false },
  schedule: { label: "Schedule", basis: "queues", per: 5, divided: true },
  schedulegroup: { label: "Schedule Group", basis: "queues", per: 10, divided: true },
  ivr: { label: "IVR", basis: "queues", per: 20, divided: true },
  emergencygroup: { label: "Emergency", basis: "divisions", per: 10, divided: true },
  flow: { label: "Flow", basis: "queues", per: 2, min: 2, divided: true },
  datatable: { label: "Data Table", basis: "queues", per: 20, divided: true },
  prompt: { label: "Prompt", basis: "queues", per: 5, divided: false },
  grammar: { label: "Grammar", basis: "queues", per: 50, divided: false },
  site: { label: "Site", basis: "divisions", per: 5, divided: true },
  contactlist: { label: "Contact List", basis: "queues", per: 10, divided: true },
  campaign: { label: "Campaign", basis: "queues", per: 10, divided: true },
  callabletimeset: { label: "Callable Times", basis: "divisions", per: 10, divided: false },
  dnclist: { label: "DNC List", basis: "divisions", per: 20, divided: true },
  ruleset: { label: "Rule Set", basis: "queues", per: 20, divided: false },
  attemptlimit: { label: "Attempt Limit", basis: "divisions", per: 20, divided: false },
  script: { label: "Script", basis: "queues", per: 10, min: 2, divided: true },
  knowledgebase: { label: "Knowledge Base", basis: "divisions", per: 20, divided: false },
  webdeployment: { label: "Web Deployment", basis: "divisions", per: 10, divided: false },
  webdeploymentconfig: { label: "Web Config", basis: "divisions", per: 10, divided: false },
  trunkbasesettings: { label: "Trunk", basis: "divisions", per: 20, divided: true },
};

/** Flow types the generated flows take (values of GET /api/v2/flows `type`, docs/kinds.md). */
export const GENERATED_FLOW_TYPES = ["inboundcall", "inqueuecall", "inboundchat", "inboundemail", "workflow"];

const AREAS = ["EMEA", "APAC", "NA", "LATAM", "ANZ", "DACH", "Nordics", "UKI"];
const TOPICS = ["Sales", "Support", "Billing", "Claims", "Renewals", "Onboarding", "Retention", "Escalations"];

/** How many objects of `kind` an org of `spec`'s size gets. */
export function objectCount(kind: ObjectKind, spec: KindDraws["spec"]): number {
  const plan = PLANS[kind];
  return Math.max(plan.min ?? 1, Math.floor(spec[plan.basis] / plan.per));
}

/** Every kind's objects, by kind id; `divisionIds` are the generated divisions' ids. */
export function generateObjects(draws: KindDraws, divisionIds: readonly string[]): Record<ObjectKind, SeedObject[]> {
  const out = {} as Record<ObjectKind, SeedObject[]>;
  for (const kind of Object.keys(PLANS) as ObjectKind[]) out[kind] = generateKind(draws, kind, divisionIds);
  addFlowNamesSharedAcrossTypes(out.flow);
  addDuplicateNames(out.script);
  return out;
}

function generateKind(draws: KindDraws, kind: ObjectKind, divisionIds: readonly string[]): SeedObject[] {
  const { int, pick, random, id } = draws;
  const plan = PLANS[kind];
  const count = objectCount(kind, draws.spec);
  const width = Math.max(4, String(count).length);
  const objects: SeedObject[] = [];
  for (let i = 0; i < count; i++) {
    const divisionId = plan.divided ? divisionIds[int(divisionIds.length)] : undefined;
    const name = `${plan.label} ${String(i + 1).padStart(width, "0")} - ${pick(AREAS)} ${pick(TOPICS)}`;
    const type = kind === "flow" ? pick(GENERATED_FLOW_TYPES) : undefined;
    const deleted = kind === "skill" && random() < 0.02;
    objects.push({
      id: id(kind, i),
      name,
      ...(divisionId === undefined ? {} : { divisionId }),
      ...(type === undefined ? {} : { type }),
      state: deleted ? "deleted" : "active",
      fields: {},
    });
  }
  return objects;
}

/** Trap: flow 1, 11, 21, ... take the previous flow's name under the next flow type (unique per type only). */
function addFlowNamesSharedAcrossTypes(flows: SeedObject[]): void {
  for (let i = 1; i < flows.length; i += 10) {
    const prior = flows[i - 1] as SeedObject;
    const flow = flows[i] as SeedObject;
    const next = (GENERATED_FLOW_TYPES.indexOf(prior.type ?? "") + 1) % GENERATED_FLOW_TYPES.length;
    flow.name = prior.name;
    flow.type = GENERATED_FLOW_TYPES[next];
  }
}

/** Trap: the last T objects take the names of the first T (T = 2%, at least 1 when there are two or more). */
function addDuplicateNames(objects: SeedObject[]): void {
  const duplicates = objects.length >= 2 ? Math.max(1, Math.floor(objects.length / 50)) : 0;
  for (let t = 0; t < duplicates; t++) {
    const source = objects[t];
    const twin = objects[objects.length - 1 - t];
    if (source && twin) twin.name = source.name;
  }
}
