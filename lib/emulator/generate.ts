/**
 * A deterministic large org for the emulator (`gcguard emulator --generate ...`): the same spec always gives the
 * same seed, byte for byte (IDs from `uuidFrom`, choices from the seeded `createRandom`; no clock, no
 * Math.random), so a slow or failing run can be replayed exactly.
 *
 * Shape:
 *   - divisions: "Home" (the home division), then "Division 0001 - EMEA Sales" and so on. The last division is a
 *     "Partner BPO" division that the client gcguard-bpo may not see (like the demo org).
 *   - users: spread over the divisions, unique emails (display names repeat, as in a real org), about 3% inactive,
 *     about 70% with a SCIM external id.
 *   - groups: each user is a member of 0-3 groups; every group with members has one owner.
 *   - queues: spread over the divisions, 1-3 member groups each (when there are groups), 0-4 direct members.
 *   - objects of every other kind gcguard checks (skills, wrap-up codes, flows, ...), counts scaling with the org,
 *     with traps of their own: lib/emulator/generate-kinds.ts.
 *   - clients: the demo org's three (lib/emulator/seeds/demo.yaml): gcguard-ci (everything), gcguard-bpo (every
 *     division but the Partner BPO one), gcguard-readonly (view permissions only).
 *
 * Deliberate traps, at scale, like the demo org's (names are otherwise unique per kind):
 *   - case twins: up to two divisions whose names differ only in case from another division's, like the demo's
 *     "customer support" (docs/genesys-api.md §3.2: the name filter is a search term; clients must compare names
 *     case-insensitively themselves, so adopting "the" division by name needs care);
 *   - duplicate group names: about 0.5% of groups (one per 200, at least one when there are two or more) carry
 *     exactly another group's name, like the demo's GC-Support-Tier2 (docs/genesys-api.md §6.1: duplicate group names
 *     are not known to be refused, and an EXACT name search then finds two).
 */
import { InputError } from "../errors";
import { generateObjects } from "./generate-kinds";
import { createRandom, uuidFrom } from "./ids";
import type { Seed } from "./seed";

export interface GenerateSpec {
  readonly divisions: number;
  readonly users: number;
  readonly queues: number;
  readonly groups: number;
  /** Varies names, spreads and IDs; the same seed gives the same org. @default "gcguard" */
  readonly seed?: string;
}

/** Upper bounds that catch typos (an extra zero) before they eat the machine's memory. */
export const GENERATE_LIMITS: Readonly<Record<"divisions" | "users" | "queues" | "groups", number>> = {
  divisions: 100_000,
  users: 1_000_000,
  queues: 200_000,
  groups: 200_000,
};

/** The demo org's clients and secrets (lib/emulator/seeds/demo.yaml); public demo values, not credentials. */
const READONLY_PERMISSIONS = [
  "authorization:division:view",
  "directory:user:view",
  "directory:group:view",
  "routing:queue:view",
];

const REGIONS = ["EMEA", "APAC", "NA", "LATAM", "ANZ", "DACH", "Nordics", "UKI"];
const FUNCTIONS = [
  "Sales",
  "Support",
  "Billing",
  "Collections",
  "Retention",
  "Onboarding",
  "Claims",
  "Renewals",
  "Technical Support",
  "Customer Care",
  "Back Office",
  "Escalations",
];
const CHANNELS = ["Voice", "Chat", "Email", "Callback", "Messaging"];
const FIRST_NAMES = [
  "Ada",
  "Alan",
  "Grace",
  "Edsger",
  "Barbara",
  "Donald",
  "Frances",
  "John",
  "Margaret",
  "Ken",
  "Radia",
  "Tim",
  "Hedy",
  "Dennis",
  "Katherine",
  "Niklaus",
  "Sophie",
  "Linus",
  "Shafi",
  "Leslie",
  "Anita",
  "Bjarne",
  "Joan",
  "Guido",
];
const LAST_NAMES = [
  "Lovelace",
  "Turing",
  "Hopper",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Allen",
  "Backus",
  "Hamilton",
  "Thompson",
  "Perlman",
  "Berners-Lee",
  "Lamarr",
  "Ritchie",
  "Johnson",
  "Wirth",
  "Wilson",
  "Torvalds",
  "Goldwasser",
  "Lamport",
  "Borg",
  "Stroustrup",
  "Clarke",
  "van Rossum",
];
const TITLES = ["Agent", "Senior Agent", "Team Lead", "Supervisor", "Quality Analyst", "Workforce Planner"];

type SpecKey = keyof typeof GENERATE_LIMITS;

function checkSpec(spec: GenerateSpec): void {
  const problems: string[] = [];
  for (const key of Object.keys(GENERATE_LIMITS) as SpecKey[]) {
    const value = spec[key];
    const min = key === "divisions" ? 1 : 0;
    if (!Number.isSafeInteger(value) || value < min || value > GENERATE_LIMITS[key]) {
      problems.push(`${key}: must be a whole number from ${min} to ${GENERATE_LIMITS[key]} (got ${String(value)})`);
    }
  }
  if (problems.length > 0) throw new InputError("invalid org generation spec", { problems });
}

/** FNV-1a, to turn the text seed into the PRNG's 32-bit seed. */
function hash32(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** The generator's deterministic draws (one stream per spec.seed) and ids; every part draws from it in turn. */
interface Draws {
  readonly spec: GenerateSpec;
  readonly random: () => number;
  /** A whole number below n. */
  readonly int: (n: number) => number;
  readonly pick: <T>(items: readonly T[]) => T;
  readonly id: (kind: string, i: number) => string;
  /** `k` distinct indexes below `n` (k is small; n may be large). */
  readonly distinct: (k: number, n: number) => number[];
}

function drawsFor(spec: GenerateSpec, key: string): Draws {
  const random = createRandom(hash32(key));
  const int = (n: number): number => Math.floor(random() * n);
  const distinct = (k: number, n: number): number[] => {
    const out: number[] = [];
    const count = Math.min(k, n);
    while (out.length < count) {
      const i = int(n);
      if (!out.includes(i)) out.push(i);
    }
    return out;
  };
  return {
    spec,
    random,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    id: (kind, i) => uuidFrom(`gcguard-generate:${key}:${kind}:${i}`),
    distinct,
  };
}

/** Builds the org. Throws InputError on counts that are not whole numbers within GENERATE_LIMITS. */
export function generateSeed(spec: GenerateSpec): Seed {
  checkSpec(spec);
  const key = spec.seed ?? "gcguard";
  // The parts draw in this order: changing it changes every generated org.
  const draws = drawsFor(spec, key);
  const divisions = generateDivisions(draws);
  const { users, activeUsers } = generateUsers(draws, divisions);
  const groups = generateGroups(draws, users);
  const queues = generateQueues(draws, { divisions, users, activeUsers, groups });
  const objects = generateObjects(
    draws,
    divisions.map((d) => d.id),
  );
  const bpoHidden = spec.divisions >= 2 ? divisions[spec.divisions - 1]?.id : undefined;
  return {
    version: 1,
    org: {
      id: uuidFrom(`gcguard-generate:${key}:org`),
      name: `Acme Global (generated: ${spec.divisions} divisions, ${spec.users} users)`,
      defaultCountryCode: "US",
    },
    clients: generatedClients(divisions.filter((d) => d.id !== bpoHidden).map((d) => d.id)),
    divisions,
    users,
    groups,
    queues,
    objects,
  };
}

/** Index 0 is Home, the last (with two or more) is the Partner BPO division hidden from gcguard-bpo. */
function generateDivisions({ spec, pick, id }: Draws): Seed["divisions"] {
  const width = Math.max(4, String(spec.divisions).length);
  const divisions: Seed["divisions"] = [];
  for (let i = 0; i < spec.divisions; i++) {
    const region = pick(REGIONS);
    const fn = pick(FUNCTIONS);
    if (i === 0) divisions.push({ id: id("division", 0), name: "Home", description: "The home division", home: true });
    else if (i === spec.divisions - 1)
      divisions.push({
        id: id("division", i),
        name: `Division ${pad(i, width)} - Partner BPO`,
        description: "Outsourced overflow team",
      });
    else
      divisions.push({
        id: id("division", i),
        name: `Division ${pad(i, width)} - ${region} ${fn}`,
        description: `${fn} for ${region}`,
      });
  }
  // Trap: case twins. Division n-2-t takes division 1+t's name, lower-cased (t=0) or upper-cased (t=1).
  const caseTwins = spec.divisions >= 6 ? 2 : spec.divisions >= 4 ? 1 : 0;
  for (let t = 0; t < caseTwins; t++) {
    const source = divisions[1 + t];
    const twin = divisions[spec.divisions - 2 - t];
    if (source && twin) {
      twin.name = t === 0 ? source.name.toLowerCase() : source.name.toUpperCase();
      twin.description = "Created by hand in the admin UI";
    }
  }
  return divisions;
}

/** The users, and the indexes of the active ones (only they become direct queue members). */
function generateUsers(
  { spec, random, int, pick, id }: Draws,
  divisions: Seed["divisions"],
): { users: Seed["users"]; activeUsers: number[] } {
  const users: Seed["users"] = [];
  const activeUsers: number[] = [];
  for (let i = 0; i < spec.users; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const inactive = random() < 0.03;
    const withExternalId = random() < 0.7;
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]+/g, "");
    users.push({
      id: id("user", i),
      name: `${first} ${last}`,
      email: `${local}.${i}@acme-global.example`,
      divisionId: (divisions[int(spec.divisions)] as Seed["divisions"][number]).id,
      state: inactive ? "inactive" : "active",
      department: pick(FUNCTIONS),
      title: pick(TITLES),
      ...(withExternalId ? { externalId: `entra-${pad(i + 1, 7)}` } : {}),
      version: 1,
    });
    if (!inactive) activeUsers.push(i);
  }
  return { users, activeUsers };
}

/** Groups, then memberships: each user joins 0-3 groups (weights 25/40/25/10%); a group's first member owns it. */
function generateGroups(draws: Draws, users: Seed["users"]): Seed["groups"] {
  const { spec, random, pick, id, distinct } = draws;
  const groups: Seed["groups"] = [];
  const groupWidth = Math.max(4, String(spec.groups).length);
  for (let i = 0; i < spec.groups; i++) {
    const region = pick(REGIONS);
    const fn = pick(FUNCTIONS).replace(/ /g, "");
    groups.push({
      id: id("group", i),
      name: `GC-${region}-${fn}-${pad(i + 1, groupWidth)}`,
      description: `${fn} agents, ${region}`,
      type: "official",
      visibility: "public",
      rulesVisible: true,
      rolesEnabled: true,
      callsEnabled: false,
      includeOwners: false,
      memberIds: [],
      ownerIds: [],
      version: 1,
    });
  }
  // Trap: duplicate names. The last T groups take the names of the first T.
  const duplicateNames = spec.groups >= 2 ? Math.max(1, Math.floor(spec.groups / 200)) : 0;
  for (let t = 0; t < duplicateNames; t++) {
    const source = groups[t];
    const twin = groups[spec.groups - 1 - t];
    if (source && twin) twin.name = source.name;
  }
  if (spec.groups === 0) return groups;
  for (let u = 0; u < spec.users; u++) {
    const r = random();
    const k = r < 0.25 ? 0 : r < 0.65 ? 1 : r < 0.9 ? 2 : 3;
    const userId = (users[u] as Seed["users"][number]).id;
    for (const g of distinct(k, spec.groups)) (groups[g] as Seed["groups"][number]).memberIds.push(userId);
  }
  for (const g of groups) {
    const owner = g.memberIds[0];
    if (owner) g.ownerIds.push(owner);
  }
  return groups;
}

function generateQueues(
  { spec, random, int, pick, id, distinct }: Draws,
  org: {
    readonly divisions: Seed["divisions"];
    readonly users: Seed["users"];
    readonly activeUsers: readonly number[];
    readonly groups: Seed["groups"];
  },
): Seed["queues"] {
  const queues: Seed["queues"] = [];
  const queueWidth = Math.max(4, String(spec.queues).length);
  for (let i = 0; i < spec.queues; i++) {
    const division = org.divisions[int(spec.divisions)] as Seed["divisions"][number];
    const region = pick(REGIONS);
    const fn = pick(FUNCTIONS);
    const channel = pick(CHANNELS);
    const memberGroups = spec.groups > 0 ? distinct(1 + int(3), spec.groups) : [];
    const direct = org.activeUsers.length > 0 ? distinct(int(5), org.activeUsers.length) : [];
    queues.push({
      id: id("queue", i),
      name: `Queue ${pad(i + 1, queueWidth)} - ${region} ${fn} ${channel}`,
      divisionId: division.id,
      description: `${channel} ${fn.toLowerCase()} for ${region}`,
      memberGroups: memberGroups.map((g) => ({
        id: (org.groups[g] as Seed["groups"][number]).id,
        type: "GROUP" as const,
      })),
      members: direct.map((a) => ({
        userId: (org.users[org.activeUsers[a] as number] as Seed["users"][number]).id,
        ringNumber: 1 + int(3),
        joined: random() < 0.8,
      })),
      settings: { skillEvaluationMethod: "BEST", acwSettings: { wrapupPrompt: "OPTIONAL" } },
    });
  }
  return queues;
}

/** The demo's three clients; gcguard-bpo sees `bpoDivisions` (all but the Partner BPO division, or Home alone). */
function generatedClients(bpoDivisions: string[]): Seed["clients"] {
  return [
    {
      id: "gcguard-ci",
      secret: "demo-secret-ci",
      name: "gcguard CI (all permissions)",
      permissions: "*",
      divisions: "*",
    },
    {
      id: "gcguard-bpo",
      secret: "demo-secret-bpo",
      name: "BPO tenant client (one division hidden)",
      permissions: "*",
      divisions: bpoDivisions,
    },
    {
      id: "gcguard-readonly",
      secret: "demo-secret-readonly",
      name: "read-only auditor",
      permissions: [...READONLY_PERMISSIONS],
      divisions: "*",
    },
  ];
}
