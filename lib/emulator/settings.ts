/**
 * Emulator behaviour that the reference marks unverified (docs/genesys-api.md §9 "keep configurable"), with the
 * likeliest real behaviour as the default. Every setting names where its default comes from.
 */
import { z } from "zod";

import type { Kind } from "../org/kind-spec";
import { OBJECT_KIND_IDS } from "./object-kinds";

/** A Genesys ErrorBody the emulator answers with: status, `code` and message. */
export interface ErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export interface EmulatorSettings {
  /** Per-token fixed window. docs/genesys-api.md §2.3/§2.4: 300 per minute per token is the widely cited limit. */
  readonly rateLimit: { readonly requestsPerWindow: number; readonly windowMs: number };
  /** OAuth token lifetime in seconds. §1.2: default client validity 86400; real responses show 86399. */
  readonly tokenLifetimeSeconds: number;
  /** Status for a bad OAuth client or secret, unknown grant. §1.3: unverified; 400 is the suggestion. */
  readonly oauthErrorStatus: number;
  /** Largest page size per listing; larger requests are clamped (§8: mostly undocumented; Terraform's values). */
  readonly maxPageSize: {
    readonly divisions: number;
    readonly users: number;
    readonly groups: number;
    readonly queues: number;
    readonly queueMembers: number;
    readonly search: number;
    readonly scim: number;
    readonly divisionsPermitted: number;
  };
  /** Search limits. §4.2: Genesys' own sample tool hard-codes 50 values per criterion and 10 criteria. */
  readonly search: { readonly maxValuesPerCriterion: number; readonly maxCriteria: number };
  /** GET /api/v2/users refuses to page past this many results (§4.1: observed near 10,000). 0 = no cap. */
  readonly usersListResultCap: number;
  /**
   * Creating an object whose name exists (compared trimmed and case-insensitively). Unverified for all three
   * (docs/genesys-api.md §3.2, §5.1, §6.1); users of the provider report 409s, and `general.conflict` is the code
   * Genesys uses for duplicate users (docs/terraform-provider.md §4.2).
   */
  readonly duplicateName: {
    readonly division: ErrorSpec;
    readonly group: ErrorSpec;
    readonly queue: ErrorSpec;
    /** Renaming a queue onto another's name: the 2018 swagger's `duplicate.name` (§5.1). */
    readonly queueRename: ErrorSpec;
  };
  /**
   * Overrides of the duplicate-name answer of a table-driven kind (lib/org/kind-table/ `duplicate`, unverified for
   * nearly every kind: docs/kinds.md, "Duplicate answers"), so a test can replay what a real org answered.
   */
  readonly duplicateByKind: Partial<Record<Kind, ErrorSpec>>;
  /** Duplicate user email on create. §4.1 / docs/terraform-provider.md §4.2: 409 general.conflict. */
  readonly duplicateUserEmail: ErrorSpec;
  /** Deleting a division that still holds objects. Status and text from provider PR #733 (§3.2); code unverified. */
  readonly nonEmptyDivisionDelete: ErrorSpec;
  /** Deleting the home division. §3.2: refused with a 400; code and text unverified. */
  readonly homeDivisionDelete: ErrorSpec;
  /** SCIM If-Match mismatch. §7.2: sources say 400 invalidVers, 409 or 412; the current swagger says 409. */
  readonly scimVersionMismatchStatus: 400 | 409 | 412;
  /** Keys of a division's `objectCounts`. §3.1: unverified; the move endpoint's object types are likeliest. */
  readonly objectCountKeys: { readonly user: string; readonly queue: string };
  /** Added latency for every request, in milliseconds. */
  readonly latencyMs: number;
}

export const defaultSettings: EmulatorSettings = {
  rateLimit: { requestsPerWindow: 300, windowMs: 60_000 },
  tokenLifetimeSeconds: 86_399,
  oauthErrorStatus: 400,
  maxPageSize: {
    divisions: 100,
    users: 500,
    groups: 500,
    queues: 500,
    queueMembers: 100,
    search: 100,
    scim: 100,
    divisionsPermitted: 100,
  },
  search: { maxValuesPerCriterion: 50, maxCriteria: 10 },
  usersListResultCap: 10_000,
  duplicateName: {
    division: { status: 409, code: "general.conflict", message: "A division with the name '{name}' already exists." },
    group: { status: 409, code: "general.conflict", message: "A group with the name '{name}' already exists." },
    queue: { status: 409, code: "general.conflict", message: "A queue with that name already exists." },
    queueRename: { status: 400, code: "duplicate.name", message: "A queue with that name already exists." },
  },
  duplicateByKind: {},
  duplicateUserEmail: {
    status: 409,
    code: "general.conflict",
    message: "The request conflicts with the current state of the target resource.",
  },
  nonEmptyDivisionDelete: {
    status: 400,
    code: "bad.request",
    message: "Scope '{id}' may not be deleted because it has objects in it.",
  },
  homeDivisionDelete: { status: 400, code: "bad.request", message: "The home division cannot be deleted." },
  scimVersionMismatchStatus: 409,
  objectCountKeys: { user: "USER", queue: "QUEUE" },
  latencyMs: 0,
};

export type SettingsOverrides = {
  readonly [K in keyof EmulatorSettings]?: EmulatorSettings[K] extends object
    ? Partial<EmulatorSettings[K]>
    : EmulatorSettings[K];
};

/** Defaults with overrides merged one level deep. */
export function resolveSettings(overrides: SettingsOverrides = {}): EmulatorSettings {
  return mergeSettings(defaultSettings, overrides);
}

/** `base` with `overrides` merged one level deep: an object setting keeps the entries the overrides leave out. */
export function mergeSettings(base: EmulatorSettings, overrides: SettingsOverrides): EmulatorSettings {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    out[key] =
      value !== null && typeof value === "object" && typeof current === "object" && current !== null
        ? { ...current, ...value }
        : value;
  }
  return out as unknown as EmulatorSettings;
}

/** Fills `{name}`-style placeholders of an ErrorSpec message. */
export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => params[key] ?? m);
}

/** A number setting's rule, with a message naming the value that broke it. */
function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER): z.ZodNumber {
  const rule = min === 1 ? "a positive integer" : `a whole number from ${min} to ${max}`;
  const error = (issue: { input?: unknown }): string =>
    issue.input === undefined ? `is missing (must be ${rule})` : `must be ${rule} (got ${JSON.stringify(issue.input)})`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

const positive = wholeNumber(1);
const errorStatus = wholeNumber(400, 599);
const textError = (issue: { input?: unknown }): string =>
  issue.input === undefined ? "is missing (must be a non-empty string)" : "must be a non-empty string";
const text = z.string({ error: textError }).min(1, { error: textError });

/** An ErrorSpec as a PATCH of the settings may give it: all three fields, since it replaces the whole answer. */
const ErrorSpecSchema = z.strictObject({ status: errorStatus, code: text, message: text });

const DuplicateByKind = z.partialRecord(z.enum(OBJECT_KIND_IDS as [Kind, ...Kind[]]), ErrorSpecSchema);

/** One rule per setting (`satisfies` keeps the list complete); object settings take any subset of their keys. */
const SETTINGS_SHAPE = {
  rateLimit: z.strictObject({ requestsPerWindow: positive, windowMs: positive }).partial(),
  tokenLifetimeSeconds: positive,
  oauthErrorStatus: errorStatus,
  maxPageSize: z
    .strictObject({
      divisions: positive,
      users: positive,
      groups: positive,
      queues: positive,
      queueMembers: positive,
      search: positive,
      scim: positive,
      divisionsPermitted: positive,
    })
    .partial(),
  search: z.strictObject({ maxValuesPerCriterion: positive, maxCriteria: positive }).partial(),
  usersListResultCap: wholeNumber(0),
  duplicateName: z
    .strictObject({
      division: ErrorSpecSchema,
      group: ErrorSpecSchema,
      queue: ErrorSpecSchema,
      queueRename: ErrorSpecSchema,
    })
    .partial(),
  duplicateByKind: DuplicateByKind,
  duplicateUserEmail: ErrorSpecSchema,
  nonEmptyDivisionDelete: ErrorSpecSchema,
  homeDivisionDelete: ErrorSpecSchema,
  scimVersionMismatchStatus: z.union([z.literal(400), z.literal(409), z.literal(412)], {
    error: (issue) => `must be 400, 409 or 412 (got ${JSON.stringify(issue.input)})`,
  }),
  objectCountKeys: z.strictObject({ user: text, queue: text }).partial(),
  latencyMs: wholeNumber(0, 600_000),
} satisfies Record<keyof EmulatorSettings, z.ZodType>;

const SettingsPatch = z.strictObject(SETTINGS_SHAPE).partial();

export type SettingsPatchResult =
  | { readonly ok: true; readonly patch: SettingsOverrides }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * A PATCH of the settings, checked whole before anything is applied: an unknown key, a wrong type or a bad value
 * (a page size that is not a positive integer would serve empty pages) is a readable problem line each.
 */
export function parseSettingsPatch(body: unknown): SettingsPatchResult {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, problems: [`the settings must be a JSON object (got ${describe(body)})`] };
  }
  const parsed = SettingsPatch.safeParse(body);
  if (parsed.success) return { ok: true, patch: parsed.data };
  return { ok: false, problems: parsed.error.issues.map(problemLine) };
}

function describe(value: unknown): string {
  if (value === undefined) return "no body";
  return Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
}

function problemLine(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join(".");
  if (issue.code !== "unrecognized_keys") return `${where || "settings"}: ${issue.message}`;
  const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
  return `${where || "settings"}: unknown key ${keys} (known: ${knownKeys(where).join(", ")})`;
}

/** The keys a settings object takes: the settings themselves, a kind id, or an object setting's entries. */
function knownKeys(where: string): readonly string[] {
  if (where === "") return Object.keys(SETTINGS_SHAPE);
  if (where === "duplicateByKind") return OBJECT_KIND_IDS;
  return Object.keys((defaultSettings as unknown as Record<string, object>)[where] ?? {});
}
