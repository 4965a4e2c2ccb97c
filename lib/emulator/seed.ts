/**
 * The emulator's seed: a versioned org file (JSON or YAML) with fixed IDs. `gcguard snapshot` writes the same
 * format, and `GET /__emulator/state` dumps it, so a state can always be re-seeded.
 */

import { parseDocument } from "yaml";
import { z } from "zod";

import { InputError, isInputError } from "../errors";
import { checkYamlNesting, readInputText, yamlValue } from "../limits";
import { OBJECT_KIND_IDS } from "./object-kinds";

const Id = z.string().min(1);

export const SeedClient = z.strictObject({
  id: z.string().min(1).describe("OAuth client id."),
  secret: z.string().min(1).describe("OAuth client secret."),
  name: z.string().optional(),
  permissions: z
    .union([z.literal("*"), z.array(z.string())])
    .default("*")
    .describe('Granted permissions, e.g. "routing:queue:view"; "*" for all.'),
  divisions: z
    .union([z.literal("*"), z.array(Id)])
    .default("*")
    .describe('Divisions whose objects the client may see (BPO setups); "*" for all.'),
  tokenLifetimeSeconds: z.number().int().positive().optional(),
});

export const SeedDivision = z.strictObject({
  id: Id,
  name: z.string(),
  description: z.string().optional(),
  home: z.boolean().optional(),
});

export const SeedUser = z.strictObject({
  id: Id,
  name: z.string(),
  email: z.string(),
  divisionId: Id,
  state: z.enum(["active", "inactive", "deleted"]).default("active"),
  department: z.string().optional(),
  title: z.string().optional(),
  externalId: z.string().optional(),
  version: z.number().int().positive().default(1),
});

export const SeedGroup = z.strictObject({
  id: Id,
  name: z.string(),
  description: z.string().optional(),
  type: z.enum(["official", "social"]).default("official"),
  visibility: z.enum(["public", "owners", "members"]).default("public"),
  rulesVisible: z.boolean().default(true),
  rolesEnabled: z.boolean().default(true),
  callsEnabled: z.boolean().default(true),
  includeOwners: z.boolean().default(false),
  memberIds: z.array(Id).default([]),
  ownerIds: z.array(Id).default([]),
  externalId: z.string().optional(),
  version: z.number().int().positive().default(1),
});

export const SeedQueueMember = z.strictObject({
  userId: Id,
  ringNumber: z.number().int().min(1).max(6).default(1),
  joined: z.boolean().default(true),
});

export const SeedQueue = z.strictObject({
  id: Id,
  name: z.string(),
  divisionId: Id,
  description: z.string().optional(),
  memberGroups: z
    .array(z.strictObject({ id: Id, type: z.enum(["GROUP", "TEAM", "SKILLGROUP"]).default("GROUP") }))
    .default([]),
  members: z.array(SeedQueueMember).default([]),
  settings: z.record(z.string(), z.unknown()).default({}).describe("Other queue fields, returned as given."),
});

/**
 * An object of a table-driven kind (lib/org/kind-table/: skills, wrap-up codes, schedules, flows, ...), the same
 * shape for every kind: the name, its division for kinds that have one, the scope field for kinds named per scope
 * (a flow's `type`), and every other API field as given.
 */
export const SeedObject = z.strictObject({
  id: Id,
  name: z.string(),
  divisionId: Id.optional(),
  type: z.string().optional().describe("The flow type, for flows (names are unique per type)."),
  state: z.enum(["active", "deleted"]).default("active").describe("Soft-deleted objects stay listed as deleted."),
  fields: z.record(z.string(), z.unknown()).default({}).describe("Other API fields, returned as given."),
});
export type SeedObject = z.infer<typeof SeedObject>;

export const Seed = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  org: z.strictObject({
    id: Id,
    name: z.string(),
    defaultCountryCode: z.string().default("US"),
    domain: z.string().optional(),
  }),
  clients: z.array(SeedClient).default([]),
  divisions: z.array(SeedDivision).min(1),
  users: z.array(SeedUser).default([]),
  groups: z.array(SeedGroup).default([]),
  queues: z.array(SeedQueue).default([]),
  objects: z
    .partialRecord(z.enum(OBJECT_KIND_IDS as [string, ...string[]]), z.array(SeedObject))
    .default({})
    .describe("Objects of the other kinds gcguard checks, by kind id (gcguard preflight --list-kinds)."),
});
export type Seed = z.infer<typeof Seed>;
export type SeedInput = z.input<typeof Seed>;
export type SeedClient = z.infer<typeof SeedClient>;

/** Validates a seed: shape, unique IDs, one home division, references that resolve. */
export function parseSeed(raw: unknown, source: string): Seed {
  const parsed = Seed.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(`${source}: invalid emulator seed; fix the entries below`, {
      problems: parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(top level)"}: ${i.message}`),
    });
  }
  const seed = parsed.data;
  const problems = [...duplicateIds(seed), ...brokenReferences(seed)];
  if (problems.length > 0) throw new InputError(`${source}: inconsistent emulator seed`, { problems });
  return seed;
}

/** IDs used twice anywhere in the seed (the emulator serves every object by its ID), each with both places. */
function duplicateIds(seed: Seed): string[] {
  const problems: string[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string, where: string): void => {
    const prior = ids.get(id);
    if (prior) problems.push(`${where}: id ${id} is already used by ${prior}`);
    else ids.set(id, where);
  };
  seed.divisions.forEach((d, i) => claim(d.id, `divisions[${i}]`));
  seed.users.forEach((u, i) => claim(u.id, `users[${i}]`));
  seed.groups.forEach((g, i) => claim(g.id, `groups[${i}]`));
  seed.queues.forEach((q, i) => claim(q.id, `queues[${i}]`));
  for (const [kind, objects] of Object.entries(seed.objects))
    (objects ?? []).forEach((o, i) => claim(o.id, `objects.${kind}[${i}]`));
  return problems;
}

/**
 * The home division's count and references to divisions, users and groups the seed does not hold. Every lookup
 * is in a Set built once, so the check is linear in the seed's size (a 50,000-user org has thousands of divisions
 * and tens of thousands of objects that name one).
 */
function brokenReferences(seed: Seed): string[] {
  const problems: string[] = [];
  const homes = seed.divisions.filter((d) => d.home);
  if (homes.length !== 1) problems.push(`divisions: exactly one division needs "home: true" (found ${homes.length})`);
  const divisionIds = new Set(seed.divisions.map((d) => d.id));
  const userIds = new Set(seed.users.map((u) => u.id));
  const groupIds = new Set(seed.groups.map((g) => g.id));
  seed.users.forEach((u, i) => {
    if (!divisionIds.has(u.divisionId)) problems.push(`users[${i}].divisionId: no division ${u.divisionId}`);
  });
  seed.groups.forEach((g, i) => {
    for (const m of g.memberIds) if (!userIds.has(m)) problems.push(`groups[${i}]: member or owner ${m} is not a user`);
    for (const m of g.ownerIds) if (!userIds.has(m)) problems.push(`groups[${i}]: member or owner ${m} is not a user`);
  });
  seed.queues.forEach((q, i) => {
    if (!divisionIds.has(q.divisionId)) problems.push(`queues[${i}].divisionId: no division ${q.divisionId}`);
    for (const g of q.memberGroups)
      if (g.type === "GROUP" && !groupIds.has(g.id)) problems.push(`queues[${i}].memberGroups: no group ${g.id}`);
    for (const m of q.members) if (!userIds.has(m.userId)) problems.push(`queues[${i}].members: no user ${m.userId}`);
  });
  for (const [kind, objects] of Object.entries(seed.objects))
    (objects ?? []).forEach((o, i) => {
      if (o.divisionId !== undefined && !divisionIds.has(o.divisionId))
        problems.push(`objects.${kind}[${i}].divisionId: no division ${o.divisionId}`);
    });
  seed.clients.forEach((c, i) => {
    if (c.divisions !== "*")
      for (const d of c.divisions) if (!divisionIds.has(d)) problems.push(`clients[${i}].divisions: no division ${d}`);
  });
  return problems;
}

export function loadSeedFile(file: string): Seed {
  let text: string;
  try {
    text = readInputText(file, "emulator seed");
  } catch (err) {
    if (isInputError(err)) throw err;
    throw new InputError(
      `${file}: cannot read the emulator seed (${(err as NodeJS.ErrnoException).code ?? "unreadable"}); check --seed`,
    );
  }
  // Plain JSON takes JSON.parse: the YAML parser needs ~14 s for the 26 MB seed of a 50,000-user org, JSON.parse
  // well under one. (It does not flag duplicate keys; IDs are still checked for uniqueness by parseSeed.)
  if (/^\s*\{/.test(text)) {
    try {
      return parseSeed(JSON.parse(text), file);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
    }
  }
  checkYamlNesting(text, file);
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    throw new InputError(
      `${file}: the emulator seed is not valid YAML or JSON (${error.message.split("\n")[0]}); fix the syntax, or ` +
        "write a seed with gcguard snapshot or gcguard emulator --write-seed",
    );
  }
  // yamlValue refuses an alias bomb (exit 2) instead of expanding it.
  return parseSeed(yamlValue(doc, file), file);
}
