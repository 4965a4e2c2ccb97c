/**
 * What to tell the user about one classified failure: a headline, why it happened, and what to do. The name
 * conflicts read what lib/resolve/lookup.ts found; a version conflict and a refused division delete read the org
 * themselves (the group's version, the division's contents) when a client is given.
 */
import type { GenesysClient } from "../genesys/client";
import { settled } from "../genesys/concurrent";
import { isGenesysApiError } from "../genesys/errors";
import {
  ambiguousAdoption,
  divisionNotEmptyRefusal,
  importAdvice,
  keepDivisionBlock,
  moveObjectsCommand,
  PROVIDER_DOES_NOT_ADOPT,
} from "../messages";
import { nameKey } from "../names";
import type { Kind } from "../org/kinds";
import { kindSpec } from "../org/kinds";
import type { OrgObject } from "../org/view";
import type { Attributed } from "./attribute";
import type { FailureClass } from "./classify";
import type { FoundByName } from "./lookup";
import { inScope, lookupError } from "./lookup";

/** What a diagnosis says, and the org objects and adoption it rests on. */
export interface Explained {
  /** One line: what went wrong. */
  readonly headline: string;
  readonly explanation: string;
  readonly remediation: string;
  /** Org objects found for it (the existing object, the candidates, or a division's dependents). */
  readonly objects: readonly OrgObject[];
  /** Set when adopting one object fixes it. */
  readonly adoption?: { readonly address: string; readonly id: string; readonly name: string };
  /** For a non-empty division: its id and what it holds (what --fix move-objects moves). */
  readonly division?: {
    readonly id: string;
    readonly name: string;
    readonly users: readonly OrgObject[];
    readonly queues: readonly OrgObject[];
  };
}

const q = (s: string) => JSON.stringify(s);

/** What every explanation starts from: the failure, where it is, and its correlation id as a suffix. */
interface Context {
  readonly a: Attributed;
  readonly at: string;
  readonly corr: string;
}

/** The address to show, or what is known instead. */
function where(a: Attributed): string {
  if (a.failure.provider !== undefined) return `provider[${JSON.stringify(a.failure.provider)}]`;
  if (a.address === undefined)
    return a.resourceType ? `${a.resourceType} (address not in the log)` : "(address not in the log)";
  return a.addressSource === "configuration block"
    ? `${a.address} (configuration block; instance not in the log)`
    : a.address;
}

/** Whether the address is exact enough to import into. */
function importable(a: Attributed): a is Attributed & { address: string } {
  return a.address !== undefined && a.addressSource !== "configuration block";
}

const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Explains one failure. `client` is the org when it can be asked (the name lookups, when there were any, are in
 * `found`); without it the explanation says only what the log says.
 */
export async function explain(
  cls: FailureClass,
  a: Attributed,
  found: FoundByName,
  client: GenesysClient | undefined,
): Promise<Explained> {
  const f = a.failure;
  const ctx: Context = { a, at: where(a), corr: f.correlationId ? ` (correlation id ${f.correlationId})` : "" };
  switch (cls.kind) {
    case "name-conflict":
      return nameConflict(ctx, cls, found, client);
    case "version-conflict":
      return versionConflict(ctx, cls, client);
    case "non-empty-division":
      return client && cls.divisionId ? nonEmptyDivision(ctx, client, cls.divisionId) : divisionNotRead(ctx);
    case "login-failed":
      return loginFailed(ctx, cls.rateLimited);
    default:
      return fromLogAlone(ctx, cls.kind);
  }
}

// --- Name conflicts -----------------------------------------------------------------------------------------

type NameConflict = Extract<FailureClass, { kind: "name-conflict" }>;

/**
 * A script's create uploads the script before the provider looks it up by name, and leaves it behind when the name
 * is taken (docs/provider-errors.md): one of the candidates is that upload.
 */
const SCRIPT_LEFT_BEHIND =
  "One of them is likely the script the failed apply uploaded: the provider uploads before it finds the name taken, and does not delete the upload.";

function nameConflict(
  ctx: Context,
  cls: NameConflict,
  found: FoundByName,
  client: GenesysClient | undefined,
): Explained {
  const { a, at, corr } = ctx;
  const f = a.failure;
  const { noun, plural } = kindSpec(cls.resource);
  if (!cls.name) {
    return {
      headline: `${at}: a ${noun} name conflict, but the log does not say which name`,
      explanation: `The create failed with ${f.status ?? "a conflict"}${corr}: ${f.apiMessage ?? f.summary}`,
      remediation:
        "Pass the plan (--plan) or the synthesized stack (--stack) so gcguard can read the name, and run resolve again.",
      objects: [],
    };
  }
  if (client === undefined) {
    return {
      headline: `${at}: the ${noun} ${q(cls.name)} already exists in Genesys`,
      explanation: `The create failed${corr} because Genesys already has a ${noun} named ${q(cls.name)}; ${PROVIDER_DOES_NOT_ADOPT}.`,
      remediation: `Import the existing ${noun} into ${a.address ?? "this resource"}; gcguard could not look its id up (see below), so run resolve again with Genesys credentials to get the import.`,
      objects: [],
    };
  }
  const candidates = inScope(found.get(cls.resource)?.get(nameKey(cls.name)) ?? [], cls.scope);
  if (candidates.length === 1) return oneCandidate(ctx, cls.resource, cls.name, candidates[0]!);
  return {
    headline:
      candidates.length === 0
        ? `${at}: a ${noun} name conflict on ${q(cls.name)}, but no ${noun} with that name is visible now`
        : `${at}: ${ambiguousAdoption(candidates.length, plural, cls.name)}`,
    explanation:
      candidates.length === 0
        ? `The create failed${corr}, yet a lookup finds nothing: it may be in a division these credentials cannot see, or it was deleted since.`
        : `Candidates: ${candidates.map((c) => `${q(c.name)} (id ${c.id}${c.divisionName ? `, division ${q(c.divisionName)}` : ""})`).join(", ")}.${cls.resource === "script" ? ` ${SCRIPT_LEFT_BEHIND}` : ""}`,
    remediation:
      candidates.length === 0
        ? "Check with credentials that see every division, or run the apply again if the object was deleted."
        : "Decide which object this resource is, rename or delete the others in Genesys, then import it by id.",
    objects: candidates,
  };
}

/** The one object with the name: adopted when the address is exact, else named for the user to import. */
function oneCandidate(ctx: Context, kind: Kind, name: string, existing: OrgObject): Explained {
  const { a, at, corr } = ctx;
  const { noun, type } = kindSpec(kind);
  if (importable(a)) {
    return {
      headline: `${at}: the ${noun} ${q(name)} already exists (id ${existing.id}); adopt it`,
      explanation: `The create failed${corr} because Genesys already has ${q(existing.name)}; ${PROVIDER_DOES_NOT_ADOPT}.`,
      remediation: `${capitalized(importAdvice(existing.id, a.address))} (written to the manifest, imports.tf and import.sh), then run the apply again.`,
      objects: [existing],
      adoption: { address: a.address, id: existing.id, name: existing.name },
    };
  }
  const instance = `the instance of ${a.address ?? `the ${type} resource`} that creates ${q(name)}`;
  return {
    headline: `${at}: the ${noun} ${q(name)} already exists (id ${existing.id})`,
    explanation: `The create failed${corr} because Genesys already has ${q(existing.name)}, but the log does not name the exact resource instance, so gcguard writes no import.`,
    remediation: `${capitalized(importAdvice(existing.id, instance))} (pass --plan so gcguard can name it), then run the apply again.`,
    objects: [existing],
  };
}

// --- Version conflicts --------------------------------------------------------------------------------------

/** The group's version now, or why gcguard could not read it; undefined when it is gone (404). */
async function groupVersion(
  client: GenesysClient,
  id: string,
): Promise<{ readonly version: string } | { readonly unread: string } | undefined> {
  try {
    const group = await client.groups.get(id);
    return { version: String(group.version ?? "?") };
  } catch (err) {
    if (isGenesysApiError(err) && err.status === 404) return undefined;
    return { unread: lookupError(err) };
  }
}

async function versionConflict(
  ctx: Context,
  cls: Extract<FailureClass, { kind: "version-conflict" }>,
  client: GenesysClient | undefined,
): Promise<Explained> {
  let current = "";
  if (client && cls.objectId && cls.resource === "group") {
    const now = await groupVersion(client, cls.objectId);
    if (now && "version" in now)
      current = ` The group is now at version ${now.version}: it changed while the apply ran (another writer, such as SCIM or another pipeline).`;
    else if (now) current = ` gcguard could not read the group's current version: ${now.unread}.`;
  }
  return {
    headline: `${ctx.at}: version conflict on update; the object changed outside Terraform`,
    explanation: `Genesys refused an update made against an old version${ctx.corr}.${current}`,
    remediation:
      "No import is needed. Run terraform plan again (it reads the current version) and apply the fresh plan.",
    objects: [],
  };
}

// --- Divisions that still hold objects ----------------------------------------------------------------------

/** The removed block that keeps the division, when the address is exact enough to write it. */
function keepIt(a: Attributed): string {
  return importable(a) ? ` Or keep the division: ${keepDivisionBlock(a.address)}.` : "";
}

/** A refused division delete whose contents were not read (no org, or no division id in the log). */
function divisionNotRead({ a, at }: Context): Explained {
  return {
    headline: `${at}: the division still holds objects, so it cannot be deleted`,
    explanation: a.failure.apiMessage ?? a.failure.summary,
    remediation: `Move its users and queues to another division (${moveObjectsCommand({ apply: false })}), then run the apply again.${keepIt(a)}`,
    objects: [],
  };
}

/** The division's users and queues, read at once; the division's name stays unknown when it is gone already. */
async function divisionContents(client: GenesysClient, divisionId: string) {
  return settled([
    client.divisions.get(divisionId, { objectCount: true }).catch((e: unknown) => {
      if (isGenesysApiError(e) && e.status === 404) return undefined; // already gone: the names stay unknown
      throw e;
    }),
    (async () => {
      const out: OrgObject[] = [];
      for await (const page of client.users.searchByDivisions([divisionId]))
        out.push(...page.map((u) => ({ id: u.id, name: u.name, kind: "user" as const })));
      return out;
    })(),
    client.queues
      .listByDivisions([divisionId])
      .then((list) => list.map((x) => ({ id: x.id, name: x.name, kind: "queue" as const }))),
  ]);
}

const listed = (objects: readonly OrgObject[]): string => objects.map((o) => `${q(o.name)} (${o.id})`).join(", ");

async function nonEmptyDivision(ctx: Context, client: GenesysClient, divisionId: string): Promise<Explained> {
  const [division, users, queues] = await divisionContents(client, divisionId);
  const name = division?.name ?? divisionId;
  return {
    headline: `${ctx.at}: division ${q(name)} still holds ${users.length} user(s) and ${queues.length} queue(s); the delete is refused`,
    explanation: `Genesys: "${divisionNotEmptyRefusal(divisionId)}"${ctx.corr} Users: ${listed(users) || "none"}. Queues: ${listed(queues) || "none"}.`,
    remediation: `Move them out: ${moveObjectsCommand({ apply: true })}; then run the apply again.${keepIt(ctx.a)}`,
    objects: [...users, ...queues],
    division: { id: divisionId, name, users, queues },
  };
}

// --- Failures the log explains alone ------------------------------------------------------------------------

function loginFailed({ a, at }: Context, rateLimited: boolean): Explained {
  return rateLimited
    ? {
        headline: `${at}: the provider could not log in: the OAuth token endpoint rate-limited it`,
        explanation: `${a.failure.summary}`,
        remediation:
          "Wait a minute and run the apply again; lower token_pool_size in the provider block if many runs share this OAuth client.",
        objects: [],
      }
    : {
        headline: `${at}: the provider could not log in to Genesys Cloud: the OAuth client credentials were refused`,
        explanation: `${a.failure.summary}`,
        remediation:
          "Check GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (or oauthclient_id / oauthclient_secret in the provider block): the client must exist, use the Client Credentials grant, and belong to the org in GENESYSCLOUD_REGION (aws_region). A client from another region's org is refused the same way.",
        objects: [],
      };
}

type FromLog = "rate-limited" | "unauthorized" | "forbidden" | "not-found" | "other";

function fromLogAlone({ a, at, corr }: Context, kind: FromLog): Explained {
  const f = a.failure;
  const said: Record<FromLog, Omit<Explained, "objects">> = {
    "rate-limited": {
      headline: `${at}: the org's rate limit was exhausted`,
      explanation: `Genesys answered 429 until the provider gave up${corr}. The limit is per OAuth token and shared with every tool using it.`,
      remediation:
        "Run the apply again later, or with fewer parallel operations (terraform apply -parallelism=2); keep other tools off these credentials meanwhile.",
    },
    unauthorized: {
      headline: `${at}: the credentials were refused (401)`,
      explanation: `Genesys did not accept the token${corr}.`,
      remediation:
        "Check GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET (or _ACCESS_TOKEN) and GENESYSCLOUD_REGION for the org this stack targets.",
    },
    forbidden: {
      headline: `${at}: the OAuth client lacks a permission (403)`,
      explanation: `${f.apiMessage ?? f.summary}${corr}`,
      remediation:
        "Grant the role with the missing permission (named above) to the OAuth client, in the divisions this stack manages.",
    },
    "not-found": {
      headline: `${at}: the object is gone from Genesys (404 on read)`,
      explanation: `It was deleted or moved outside Terraform${corr}.`,
      remediation: `Run terraform apply -refresh-only to drop it from state (the next apply recreates it), or stop managing it with removed { from = ${a.address ?? "<address>"} }.`,
    },
    other: {
      headline: `${at}: ${f.summary}`,
      explanation: `${f.apiMessage ?? f.detail?.errorMessage ?? "The provider reported an error gcguard has no specific advice for."}${corr}`,
      remediation: "See the provider's message above; the correlation id identifies the request for Genesys support.",
    },
  };
  return { ...said[kind], objects: [] };
}
