/**
 * The `gcguard emulator` flags as pure functions (lib/emulator/command.ts is the command over them): flag values
 * to emulator options, with one-line InputErrors (exit 2) that name the flag and the fix, and the start-up banner.
 */

import { parseDocument } from "yaml";
import { z } from "zod";

import { InputError, isInputError } from "../errors";
import { checkYamlNesting, readInputText, yamlValue } from "../limits";
import { nameKey } from "../names";
import { DEFAULT_HOST, DEFAULT_PORT } from "./defaults";
import { FaultRule } from "./faults";
import type { GenerateSpec } from "./generate";
import { GENERATE_LIMITS } from "./generate";
import type { Seed } from "./seed";
import { ADMIN_PREFIX } from "./server";
import type { SettingsOverrides } from "./settings";
import { defaultSettings } from "./settings";

const GENERATE_EXAMPLE = "--generate divisions=1000,users=50000,queues=5000,groups=3000";

/** Splits `a=1,b=2` into pairs; a piece without `=`, an empty key or a repeated key is a problem. */
function keyValues(text: string, flag: string, fix: string): [string, string][] {
  const fail = (problem: string): never => {
    throw new InputError(`${flag} "${text}": ${problem}; ${fix}`);
  };
  if (text.trim() === "") fail("empty");
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  for (const piece of text.split(",")) {
    const eq = piece.indexOf("=");
    if (eq <= 0) fail(`"${piece.trim()}" is not key=value`);
    const key = piece.slice(0, eq).trim();
    if (seen.has(key)) fail(`${key} is given twice`);
    seen.add(key);
    pairs.push([key, piece.slice(eq + 1).trim()]);
  }
  return pairs;
}

/**
 * `--generate divisions=1000,users=50000,queues=5000,groups=3000[,seed=TEXT]`. Counts left out are 0 (divisions:
 * 1, the home division); `_` may group digits (50_000).
 */
export function parseGenerateSpec(text: string): GenerateSpec {
  const flag = "--generate";
  const fix = `use e.g. ${GENERATE_EXAMPLE}`;
  const counts: Record<keyof typeof GENERATE_LIMITS, number> = { divisions: 1, users: 0, queues: 0, groups: 0 };
  let seed: string | undefined;
  for (const [key, value] of keyValues(text, flag, fix)) {
    if (key === "seed") {
      if (value === "") throw new InputError(`${flag} "${text}": seed is empty; ${fix},seed=some-text`);
      seed = value;
      continue;
    }
    if (!(key in counts)) {
      throw new InputError(
        `${flag} "${text}": unknown key "${key}" (known: divisions, users, queues, groups, seed); ${fix}`,
      );
    }
    const k = key as keyof typeof counts;
    const min = k === "divisions" ? 1 : 0;
    const max = GENERATE_LIMITS[k];
    const n = /^\d[\d_]*$/.test(value) ? Number(value.replace(/_/g, "")) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      throw new InputError(
        `${flag} "${text}": ${k} must be a whole number from ${min} to ${max} (got "${value}"); ${fix}`,
      );
    }
    counts[k] = n;
  }
  return seed === undefined ? counts : { ...counts, seed };
}

type FaultKey = keyof z.infer<typeof FaultRule>;

/** FaultRule keys whose values are numbers, read off the schema so the two cannot drift apart. */
function numericFaultKeys(): Set<string> {
  const out = new Set<string>();
  for (const [key, schema] of Object.entries(FaultRule.shape)) {
    const inner: z.ZodType = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    if (inner instanceof z.ZodNumber) out.add(key);
  }
  return out;
}

const FAULT_KEYS = Object.keys(FaultRule.shape) as FaultKey[];
const FAULT_KINDS = FaultRule.shape.kind.options;

/**
 * `--fault kind=status,status=503,match=GET /api/v2/users*,probability=0.2,times=3`: one FaultRule (faults.ts),
 * keys as in the schema. A `match` cannot contain a comma.
 */
export function parseFaultSpec(text: string): FaultRule {
  const flag = "--fault";
  const fix = `write kind=${FAULT_KINDS.join("|")} and key=value pairs from ${FAULT_KEYS.join(", ")}, e.g. --fault kind=status,status=503,match=*divisions*`;
  const numeric = numericFaultKeys();
  const raw: Record<string, string | number> = {};
  for (const [key, value] of keyValues(text, flag, fix)) {
    if (!(FAULT_KEYS as string[]).includes(key))
      throw new InputError(`${flag} "${text}": unknown key "${key}"; ${fix}`);
    if (numeric.has(key)) {
      const n = value === "" ? NaN : Number(value);
      if (!Number.isFinite(n))
        throw new InputError(`${flag} "${text}": ${key} must be a number (got "${value}"); ${fix}`);
      raw[key] = n;
    } else raw[key] = value;
  }
  const parsed = FaultRule.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "kind";
    throw new InputError(`${flag} "${text}": ${where}: ${issue?.message ?? "invalid"}; ${fix}`);
  }
  return parsed.data;
}

/** `--faults FILE`: a JSON or YAML array of FaultRule. */
export function loadFaultsFile(file: string): FaultRule[] {
  let text: string;
  try {
    text = readInputText(file, "org config", { what: "fault rules file" });
  } catch (err) {
    if (isInputError(err)) throw err;
    throw new InputError(
      `--faults ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? "unreadable"}); pass a JSON or YAML list of fault rules`,
    );
  }
  checkYamlNesting(text, `--faults ${file}`);
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      `--faults ${file}: not valid YAML or JSON (${doc.errors[0]?.message.split("\n")[0]}); fix the syntax of the ` +
        "list of fault rules (lib/emulator/README.md)",
    );
  }
  const parsed = z.array(FaultRule).safeParse(yamlValue(doc, `--faults ${file}`));
  if (!parsed.success) {
    throw new InputError(
      `--faults ${file}: invalid fault rules (a list of {kind, match, status, ...}); fix the entries below`,
      {
        problems: parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(top level)"}: ${i.message}`),
      },
    );
  }
  return parsed.data;
}

/** A whole-number flag value, e.g. `--port 8080`. */
export function parseWholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new InputError(`${flag} "${text}": must be a whole number from ${min} to ${max}`);
  }
  return n;
}

export interface EmulatorFlags {
  readonly port?: string;
  readonly host?: string;
  readonly seed?: string;
  readonly generate?: string;
  readonly latency?: string;
  readonly rateLimit?: string;
  readonly fault?: readonly string[];
  readonly faults?: string;
  readonly writeSeed?: string;
}

export interface EmulatorPlan {
  readonly source:
    { readonly kind: "file"; readonly file: string } | { readonly kind: "generate"; readonly spec: GenerateSpec };
  readonly port: number;
  readonly host: string;
  readonly settings: SettingsOverrides;
  /** `--faults FILE` rules first, then each `--fault`, in order (the first matching non-latency rule fires). */
  readonly faults: readonly FaultRule[];
  readonly writeSeed?: string;
}

/** Every flag checked up front, so nothing starts when one is wrong. */
export function planEmulator(flags: EmulatorFlags, defaultSeedFile: string): EmulatorPlan {
  if (flags.seed !== undefined && flags.generate !== undefined) {
    throw new InputError("--seed and --generate cannot be used together; pass one of them");
  }
  const settings: { latencyMs?: number; rateLimit?: { requestsPerWindow: number; windowMs: number } } = {};
  if (flags.latency !== undefined) settings.latencyMs = parseWholeNumber("--latency", flags.latency, 0, 600_000);
  if (flags.rateLimit !== undefined) {
    // docs/genesys-api.md §2.4: a per-token fixed window, 300 per minute by default; 0 here switches it off.
    const perMinute = parseWholeNumber("--rate-limit", flags.rateLimit, 0, 1_000_000_000);
    settings.rateLimit = { requestsPerWindow: perMinute === 0 ? Number.MAX_SAFE_INTEGER : perMinute, windowMs: 60_000 };
  }
  const faults = [
    ...(flags.faults === undefined ? [] : loadFaultsFile(flags.faults)),
    ...(flags.fault ?? []).map(parseFaultSpec),
  ];
  return {
    source:
      flags.generate !== undefined
        ? { kind: "generate", spec: parseGenerateSpec(flags.generate) }
        : { kind: "file", file: flags.seed ?? defaultSeedFile },
    port: flags.port === undefined ? DEFAULT_PORT : parseWholeNumber("--port", flags.port, 0, 65_535),
    host: flags.host?.trim() || DEFAULT_HOST,
    settings,
    faults,
    ...(flags.writeSeed === undefined ? {} : { writeSeed: flags.writeSeed }),
  };
}

/** Turns a listen failure into the exit-2 message a user can act on; anything else is returned unchanged. */
export function listenError(err: unknown, host: string, port: number): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case "EADDRINUSE":
      return new InputError(
        `--port ${port}: ${host}:${port} is already in use; stop whatever listens there, or pass another --port (0 picks a free one)`,
      );
    case "EACCES":
      return new InputError(`--port ${port}: not allowed to listen on ${host}:${port}; pick a port above 1023, or 0`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new InputError(
        `--host ${host}: cannot listen on this address (${code}); use 127.0.0.1, 0.0.0.0 or an address of this machine`,
      );
    default:
      return err;
  }
}

/** The host a client should connect to: a wildcard bind address is reachable on loopback. */
export function connectHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::" || host === "[::]") return "::1";
  return host;
}

/** Names that clash case-insensitively (trimmed): [name, how many]; the first-seen spelling names the clash. */
function clashes(names: readonly string[]): { name: string; count: number; caseOnly: boolean }[] {
  const byKey = new Map<string, string[]>();
  for (const name of names) {
    const key = nameKey(name);
    const list = byKey.get(key);
    if (list) list.push(name);
    else byKey.set(key, [name]);
  }
  return [...byKey.values()]
    .filter((list) => list.length > 1)
    .map((list) => ({ name: list[0] as string, count: list.length, caseOnly: new Set(list).size > 1 }));
}

export interface BannerInput {
  readonly seed: Seed;
  /** Where the seed came from: a file name or the generation spec. */
  readonly source: string;
  /** The URL printed on stdout. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly settings: SettingsOverrides;
  readonly faults: readonly FaultRule[];
}

/** The stderr banner: what is served, the clients (ids only), how to point the provider at it. */
export function renderBanner(input: BannerInput): string {
  const { seed } = input;
  const inactive = seed.users.filter((u) => u.state === "inactive").length;
  const divisionClashes = clashes(seed.divisions.map((d) => d.name));
  const groupClashes = clashes(seed.groups.map((g) => g.name));
  const traps: string[] = [];
  const caseTwins = divisionClashes.filter((c) => c.caseOnly);
  if (caseTwins.length > 0)
    traps.push(`${caseTwins.length} division name(s) differing only in case (e.g. "${caseTwins[0]?.name}")`);
  if (groupClashes.length > 0)
    traps.push(`${groupClashes.length} group name(s) used more than once (e.g. "${groupClashes[0]?.name}")`);
  const clients = seed.clients.map((c) => {
    const perms = c.permissions === "*" ? "all permissions" : `${c.permissions.length} permissions`;
    const divs = c.divisions === "*" ? "all divisions" : `${c.divisions.length} of ${seed.divisions.length} divisions`;
    return `${c.id} (${perms}, ${divs})`;
  });
  const rate = input.settings.rateLimit?.requestsPerWindow ?? defaultSettings.rateLimit.requestsPerWindow;
  const rateText = rate >= Number.MAX_SAFE_INTEGER ? "off" : `${rate} requests/minute per token`;
  const gatewayHost = connectHost(input.host);
  const first = seed.clients[0]?.id ?? "<client id>";
  return [
    `gcguard emulator: serving "${seed.org.name}" from ${input.source} at ${input.url}`,
    `  org:       ${seed.divisions.length} divisions, ${seed.users.length} users (${inactive} inactive), ${seed.groups.length} groups, ${seed.queues.length} queues`,
    ...(traps.length > 0 ? [`  traps:     ${traps.join("; ")}`] : []),
    `  clients:   ${clients.length > 0 ? clients.join(", ") : "none (no one can log in)"}`,
    `  behaviour: latency ${input.settings.latencyMs ?? defaultSettings.latencyMs} ms, rate limit ${rateText}, ${input.faults.length} fault rule(s)`,
    `  admin API: ${input.url}${ADMIN_PREFIX}/ (state, requests, faults, settings, tokens/revoke, reset; no auth)`,
    "  point the provider or gcguard at it (docs/terraform-provider.md §1.3; always set the port):",
    `    export GENESYSCLOUD_GATEWAY_PROTOCOL=http GENESYSCLOUD_GATEWAY_HOST=${gatewayHost} GENESYSCLOUD_GATEWAY_PORT=${input.port}`,
    `    export GENESYSCLOUD_REGION=us-east-1 GENESYSCLOUD_OAUTHCLIENT_ID=${first} GENESYSCLOUD_OAUTHCLIENT_SECRET=<its secret in the seed>`,
    "  stop with Ctrl-C (SIGINT) or SIGTERM",
    "",
  ].join("\n");
}
