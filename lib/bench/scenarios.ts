/**
 * The benchmark's inputs, built deterministically from a generated org (lib/emulator/generate.ts): a Terraform JSON
 * plan of N division changes for `preflight`, an apply -json log of 409 name conflicts for `resolve`, a SCIM export
 * of 2,000 memberships for `scim diff`, and org configs of N resources for `synth`. Each builder also returns the
 * numbers its floor (lib/bench/floor.ts) needs, computed from the seed, not from a run.
 */
import type { Seed } from "../emulator/seed";
import type { PreflightInputs, ResolveInputs, ScimDiffInputs, SnapshotInputs } from "./floor";

const PROVIDER = "registry.terraform.io/mypurecloud/genesyscloud";
const DIVISION = "genesyscloud_auth_division";
/** The `configuration` of a plan JSON that uses only the Genesys provider. */
const PROVIDER_CONFIGURATION = { provider_config: { genesyscloud: { name: "genesyscloud", full_name: PROVIDER } } };

/** The org's size as the bench reports it. */
export interface OrgSize {
  readonly divisions: number;
  readonly users: number;
  readonly queues: number;
  readonly groups: number;
}

export const FULL_ORG: OrgSize = { divisions: 1_000, users: 50_000, queues: 5_000, groups: 3_000 };

export function scaled(fraction: number): OrgSize {
  const f = (n: number) => Math.max(1, Math.round(n * fraction));
  return {
    divisions: f(FULL_ORG.divisions),
    users: f(FULL_ORG.users),
    queues: f(FULL_ORG.queues),
    groups: f(FULL_ORG.groups),
  };
}

/** Divisions a plan may rename or destroy: not home, not the last (the Partner BPO one), holding users. */
function candidates(seed: Seed): Seed["divisions"] {
  const withUsers = new Set(seed.users.map((u) => u.divisionId));
  return seed.divisions.slice(0, -1).filter((d) => !d.home && withUsers.has(d.id));
}

/** How a plan of `size` resources splits: half creates, a quarter renames, a quarter destroys. */
export function planMix(size: number): { creates: number; renames: number; destroys: number } {
  const renames = Math.floor(size / 4);
  const destroys = Math.floor(size / 4);
  return { creates: size - renames - destroys, renames, destroys };
}

export interface BenchPlan {
  /** `terraform show -json` output. */
  readonly plan: Record<string, unknown>;
  readonly inputs: PreflightInputs;
  /** What the naive baseline looks at. */
  readonly creates: readonly string[];
  readonly renames: readonly { id: string; from: string; to: string }[];
  readonly destroys: readonly { id: string; name: string }[];
}

/**
 * A plan of `size` division changes: creates (every fifth takes an existing division's name), renames of existing
 * divisions, and destroys of non-empty divisions (renamed and destroyed divisions are distinct).
 */
export function preflightPlan(seed: Seed, size: number): BenchPlan {
  const mix = planMix(size);
  const pool = candidates(seed);
  if (pool.length < mix.renames + mix.destroys)
    throw new Error(
      `a plan of ${size} needs ${mix.renames + mix.destroys} non-empty divisions; the org has ${pool.length}`,
    );
  const creates = Array.from({ length: mix.creates }, (_, i) =>
    i % 5 === 0 ? pool[(i * 7) % pool.length]!.name : `Bench Division ${String(i).padStart(4, "0")}`,
  );
  const renames = pool
    .slice(0, mix.renames)
    .map((d, i) => ({ id: d.id, from: d.name, to: `${d.name} (renamed ${i})` }));
  const destroys = pool.slice(mix.renames, mix.renames + mix.destroys).map((d) => ({ id: d.id, name: d.name }));
  const change = (address: string, actions: string[], before: unknown, after: unknown) => ({
    address,
    mode: "managed",
    type: DIVISION,
    provider_name: PROVIDER,
    change: { actions, before, after },
  });
  const resourceChanges = [
    ...creates.map((name, i) => change(`${DIVISION}.create_${i}`, ["create"], null, { name })),
    ...renames.map((r, i) =>
      change(`${DIVISION}.rename_${i}`, ["update"], { id: r.id, name: r.from }, { id: r.id, name: r.to }),
    ),
    ...destroys.map((d, i) => change(`${DIVISION}.destroy_${i}`, ["delete"], { id: d.id, name: d.name }, null)),
  ];
  const doomed = new Set(destroys.map((d) => d.id));
  return {
    plan: {
      format_version: "1.2",
      terraform_version: "1.11.4",
      resource_changes: resourceChanges,
      configuration: PROVIDER_CONFIGURATION,
    },
    inputs: {
      divisions: seed.divisions.length,
      ...mix,
      queuesInDestroyed: seed.queues.filter((q) => doomed.has(q.divisionId)).length,
    },
    creates,
    renames,
    destroys,
  };
}

type ConflictKind = "division" | "group" | "queue";

export interface BenchApplyLog {
  readonly lines: readonly string[];
  /** A plan naming every failed resource (resolve reads names from it). */
  readonly plan: Record<string, unknown>;
  readonly inputs: ResolveInputs;
  readonly conflicts: readonly { kind: ConflictKind; name: string }[];
}

/** Per kind: the resource type, the create's API path, and the provider's create-failure summary. */
const CONFLICT_KINDS: Readonly<
  Record<ConflictKind, { type: string; path: string; summary: (name: string, message: string) => string }>
> = {
  division: {
    type: DIVISION,
    path: "/api/v2/authorization/divisions",
    summary: (name, message) => `Failed to create division ${name} error: ${message}`,
  },
  group: {
    type: "genesyscloud_group",
    path: "/api/v2/groups",
    summary: (name, message) => `Failed to create group ${name}: ${message}`,
  },
  queue: {
    type: "genesyscloud_routing_queue",
    path: "/api/v2/routing/queues",
    summary: (name, message) => `Failed to create queue ${name} | error: ${message}`,
  },
};

/** The line `terraform apply -json` starts with. */
const VERSION_LINE = JSON.stringify({
  "@level": "info",
  "@message": "Terraform 1.11.4",
  "@module": "terraform.ui",
  type: "version",
  terraform: "1.11.4",
  ui: "1.2",
});

/** The `i`th conflict's error diagnostic line, as the provider's 409 on create produces it. */
function conflictLine(c: { kind: ConflictKind; name: string }, i: number): string {
  const kind = CONFLICT_KINDS[c.kind];
  const correlation = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
  const message = `API Error: 409 - A ${c.kind} with the name '${c.name}' already exists. (${correlation})`;
  const text = kind.summary(c.name, message);
  const detail = JSON.stringify({
    resourceType: kind.type,
    method: "POST",
    path: kind.path,
    statusCode: 409,
    errorMessage: message,
    correlationId: correlation,
  });
  return JSON.stringify({
    "@level": "error",
    "@message": `Error: ${text}`,
    "@module": "terraform.ui",
    diagnostic: { severity: "error", summary: text, detail, address: `${kind.type}.c${i}` },
    type: "diagnostic",
  });
}

/** Up to `perKind` divisions (not the home or the last), groups and queues, spread evenly over the org. */
function pickConflicts(seed: Seed, perKind: number): { kind: ConflictKind; name: string }[] {
  const pick = <T extends { name: string }>(items: readonly T[]) =>
    Array.from({ length: Math.min(perKind, items.length) }, (_, i) => items[Math.floor((i * items.length) / perKind)]!);
  return [
    ...pick(seed.divisions.slice(1, -1)).map((d) => ({ kind: "division" as const, name: d.name })),
    ...pick(seed.groups).map((g) => ({ kind: "group" as const, name: g.name })),
    ...pick(seed.queues).map((q) => ({ kind: "queue" as const, name: q.name })),
  ];
}

/**
 * A failed apply's `-json` log: `perKind` creates of divisions, groups and queues, each refused with a 409 because
 * the name exists (the provider's summaries, as in test/resolve/fixtures/json-apply.log).
 */
export function conflictLog(seed: Seed, perKind: number): BenchApplyLog {
  const conflicts = pickConflicts(seed, perKind);
  const count = (kind: ConflictKind) => conflicts.filter((c) => c.kind === kind).length;
  return {
    lines: [VERSION_LINE, ...conflicts.map(conflictLine)],
    plan: {
      format_version: "1.2",
      resource_changes: conflicts.map((c, i) => ({
        address: `${CONFLICT_KINDS[c.kind].type}.c${i}`,
        mode: "managed",
        type: CONFLICT_KINDS[c.kind].type,
        provider_name: PROVIDER,
        change: { actions: ["create"], before: null, after: { name: c.name } },
      })),
      configuration: PROVIDER_CONFIGURATION,
    },
    inputs: {
      divisions: seed.divisions.length,
      queues: seed.queues.length,
      divisionConflicts: count("division"),
      groupConflicts: count("group"),
      queueConflicts: count("queue"),
    },
    conflicts,
  };
}

export interface BenchScimExport {
  readonly export: { groups: { displayName: string; members: string[] }[] };
  readonly inputs: ScimDiffInputs;
}

/**
 * A SCIM export of `groupCount` × `perGroup` memberships (2,000 by default): groups with unique names, each keeping
 * its first half of current members and gaining users from elsewhere in the org.
 */
export function scimExport(seed: Seed, groupCount = 50, perGroup = 40): BenchScimExport {
  const nameCount = new Map<string, number>();
  for (const g of seed.groups) nameCount.set(g.name.toLowerCase(), (nameCount.get(g.name.toLowerCase()) ?? 0) + 1);
  const users = new Map(seed.users.map((u) => [u.id, u]));
  const active = seed.users.filter((u) => u.state === "active");
  const chosen = seed.groups.filter((g) => nameCount.get(g.name.toLowerCase()) === 1).slice(0, groupCount);
  let next = 0;
  const groups = chosen.map((g) => {
    const keep = g.memberIds
      .map((id) => users.get(id))
      .filter((u) => u !== undefined && u.state === "active")
      .slice(0, Math.floor(g.memberIds.length / 2))
      .map((u) => u!.email);
    const members = new Set(keep);
    while (members.size < perGroup) members.add(active[(next++ * 7919) % active.length]!.email);
    return { displayName: g.name, members: [...members] };
  });
  const current = new Set(chosen.flatMap((g) => g.memberIds));
  const currentEmails = new Set([...current].map((id) => users.get(id)?.email.toLowerCase()));
  const referenced = new Set(groups.flatMap((g) => g.members.map((m) => m.toLowerCase())));
  return {
    export: { groups },
    inputs: {
      groups: seed.groups.length,
      queues: seed.queues.length,
      namedGroups: groups.length,
      currentMembers: current.size,
      newUserNames: [...referenced].filter((e) => !currentEmails.has(e)).length,
    },
  };
}

/** What a snapshot of the whole org reads (its floor's inputs), from the seed. */
export function snapshotInputs(seed: Seed): SnapshotInputs {
  const users = (state: string) => seed.users.filter((u) => (u.state ?? "active") === state).length;
  return {
    divisions: seed.divisions.length,
    activeUsers: users("active"),
    inactiveUsers: users("inactive"),
    groups: seed.groups.length,
    queues: seed.queues.length,
    queueMembers: seed.queues.filter((q) => q.members.length > 0).map((q) => q.members.length),
    objects: Object.fromEntries(Object.entries(seed.objects).map(([kind, list]) => [kind, list?.length ?? 0])),
  };
}

/** An org config (README "The org config") of about `size` resources: a third each divisions, SCIM groups, queues. */
export function synthConfig(size: number): Record<string, unknown> {
  const third = Math.max(1, Math.floor(size / 3));
  const divisions = [
    { name: "Home", mode: "home" },
    ...Array.from({ length: third }, (_, i) => ({ name: `Division ${i}` })),
  ];
  const scimGroups = Array.from({ length: third }, (_, i) => ({ name: `GC-Group-${i}` }));
  const queues = Array.from({ length: size - 2 * third }, (_, i) => ({
    name: `Queue ${i}`,
    division: `Division ${i % third}`,
    groups: [`GC-Group-${i % third}`],
  }));
  return { version: 1, orgs: [{ name: "bench", region: "eu-west-1", divisions, scimGroups, queues }] };
}
