/**
 * Turns attributed Genesys failures into diagnoses: looks the objects up in the org (read-only, batched by kind),
 * and says what happened, why, and what to do, with the adoption that fixes a name conflict when exactly one object
 * has the name. When the org cannot be asked (no credentials, `--offline`, an API failure), the diagnosis says so
 * and names no object.
 */
import type { GenesysClient } from "../genesys/client";
import { settled } from "../genesys/concurrent";
import { isGenesysApiError } from "../genesys/errors";

import { nameKey } from "../names";
import type { Kind } from "../org/kinds";
import type { OrgObject } from "../org/view";
import type { AddressSource, Attributed, PlannedIndex, PlannedResource } from "./attribute";
import type { FailureClass } from "./classify";
import { classify } from "./classify";
import type { Failure } from "./parse";

export type { PlannedResource } from "./attribute";

export interface Diagnosis {
  readonly failure: Failure;
  readonly class: FailureClass;
  /** The stack (lib/stack/identity.ts); undefined when it could not be learned. */
  readonly stack?: string;
  readonly address?: string;
  readonly addressSource?: AddressSource;
  readonly constructPath?: string;
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
  /** Why the org was not asked, when the diagnosis needed it. */
  readonly lookupFailed?: string;
}

/** A create the failed apply never reached, whose name gcguard checks while it looks the failures' names up. */
export interface UnreachedCreate {
  readonly address: string;
  readonly stack?: string;
  readonly kind: Kind;
  readonly name: string;
  readonly constructPath?: string;
}

/** An unreached create whose name the org already has: the next apply would fail on it too. */
export interface CollisionAhead extends UnreachedCreate {
  readonly objects: readonly OrgObject[];
  /** Set when exactly one object has the name. */
  readonly adoption?: { readonly address: string; readonly id: string; readonly name: string };
}

/** The org, or why it cannot be asked. */
export type OrgAccess = { readonly client: GenesysClient } | { readonly unavailable: string };

const q = (s: string) => JSON.stringify(s);
const LOOKUP_KINDS: ReadonlySet<FailureClass["kind"]> = new Set([
  "name-conflict",
  "non-empty-division",
  "version-conflict",
]);

async function lookupNames(
  client: GenesysClient,
  wanted: Map<Kind, Set<string>>,
): Promise<Map<Kind, Map<string, OrgObject[]>>> {
  const out = new Map<Kind, Map<string, OrgObject[]>>();
  const names = (kind: Kind) => [...(wanted.get(kind) ?? [])];
  const jobs: Promise<void>[] = [];
  if (names("division").length > 0) {
    jobs.push(
      client.divisions.list().then((all) => {
        const byName = new Map<string, OrgObject[]>();
        for (const d of all) {
          const key = nameKey(d.name);
          if (wanted.get("division")?.has(key))
            byName.set(key, [...(byName.get(key) ?? []), { id: d.id, name: d.name, kind: "division" }]);
        }
        out.set("division", byName);
      }),
    );
  }
  if (names("group").length > 0) {
    jobs.push(
      client.groups.findByNames(names("group")).then((found) => {
        out.set(
          "group",
          new Map(
            [...found].map(([k, gs]) => [k, gs.map((g) => ({ id: g.id, name: g.name, kind: "group" as const }))]),
          ),
        );
      }),
    );
  }
  if (names("queue").length > 0) {
    jobs.push(
      client.queues.findByNames(names("queue")).then((found) => {
        out.set(
          "queue",
          new Map(
            [...found].map(([k, qs]) => [
              k,
              qs.map((x) => ({
                id: x.id,
                name: x.name,
                kind: "queue" as const,
                ...(x.division?.name ? { divisionName: x.division.name } : {}),
              })),
            ]),
          ),
        );
      }),
    );
  }
  // Every kind at once; when several fail, the first kind's error (divisions, groups, queues) is the one reported.
  await settled(jobs);
  return new Map((["division", "group", "queue"] as const).flatMap((k) => (out.has(k) ? [[k, out.get(k)!]] : [])));
}

interface Classified {
  readonly attributed: Attributed;
  readonly cls: FailureClass;
  readonly planned?: PlannedResource;
}

export async function diagnose(
  failures: readonly Attributed[],
  options: {
    /** Called only when a diagnosis needs the org. */
    readonly org: () => OrgAccess;
    readonly planned: PlannedIndex;
    /** Creates the apply never reached: their names are looked up in the same batch. */
    readonly unreached?: readonly UnreachedCreate[];
  },
): Promise<{ diagnoses: Diagnosis[]; ahead: CollisionAhead[] }> {
  const classified: Classified[] = failures.map((attributed) => {
    const planned = attributed.address ? options.planned.get(attributed.address, attributed.stack) : undefined;
    let cls = classify(attributed.failure, attributed.address);
    if (cls.kind === "name-conflict" && planned?.name) cls = { ...cls, name: planned.name };
    return { attributed, cls, ...(planned ? { planned } : {}) };
  });
  const access = classified.some((c) => LOOKUP_KINDS.has(c.cls.kind)) ? options.org() : undefined;
  let client = access && "client" in access ? access.client : undefined;
  let unavailable = access && "unavailable" in access ? access.unavailable : undefined;

  const wanted = new Map<Kind, Set<string>>();
  const want = (kind: Kind, name: string) => wanted.set(kind, (wanted.get(kind) ?? new Set()).add(nameKey(name)));
  for (const { cls } of classified) if (cls.kind === "name-conflict" && cls.name) want(cls.resource, cls.name);
  const unreached = client ? (options.unreached ?? []) : [];
  for (const u of unreached) want(u.kind, u.name);
  let found = new Map<Kind, Map<string, OrgObject[]>>();
  if (client) {
    try {
      found = await lookupNames(client, wanted);
    } catch (err) {
      unavailable = lookupError(err);
      client = undefined;
    }
  }

  // The diagnoses that read the org (a version conflict's group, a division's contents) read it all at once; the
  // results are taken in log order, so the first failure in the log is the one reported, as when they ran in turn.
  const withOrg = await Promise.allSettled(
    classified.map(async ({ attributed, cls }) => explain(cls, attributed, found, client)),
  );
  const out: Diagnosis[] = [];
  for (const [i, { attributed, cls, planned }] of classified.entries()) {
    const f = attributed.failure;
    const base = {
      failure: f,
      class: cls,
      ...((attributed.stack ?? planned?.stack) ? { stack: attributed.stack ?? planned?.stack } : {}),
      ...(attributed.address ? { address: attributed.address } : {}),
      ...(attributed.addressSource ? { addressSource: attributed.addressSource } : {}),
      ...((attributed.constructPath ?? planned?.constructPath)
        ? { constructPath: attributed.constructPath ?? planned?.constructPath }
        : {}),
    };
    let explained: Explained;
    const result = withOrg[i]!;
    if (result.status === "fulfilled") explained = result.value;
    else {
      explained = await explain(cls, attributed, found, undefined);
      unavailable ??= lookupError(result.reason);
    }
    const needed = LOOKUP_KINDS.has(cls.kind) && client === undefined && unavailable !== undefined;
    out.push({ ...base, ...explained, ...(needed ? { lookupFailed: unavailable } : {}) });
  }
  const ahead: CollisionAhead[] = [];
  if (client) {
    for (const u of unreached) {
      const objects = found.get(u.kind)?.get(nameKey(u.name)) ?? [];
      if (objects.length === 0) continue;
      const only = objects.length === 1 ? objects[0] : undefined;
      ahead.push({
        ...u,
        objects,
        ...(only ? { adoption: { address: u.address, id: only.id, name: only.name } } : {}),
      });
    }
  }
  return { diagnoses: out, ahead };
}

function lookupError(err: unknown): string {
  if (isGenesysApiError(err)) return `the Genesys API answered ${err.status} to ${err.method} ${err.path}`;
  return err instanceof Error ? err.message : String(err);
}

type Explained = Pick<Diagnosis, "headline" | "explanation" | "remediation" | "objects" | "adoption" | "division">;

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

async function explain(
  cls: FailureClass,
  a: Attributed,
  found: Map<Kind, Map<string, OrgObject[]>>,
  client: GenesysClient | undefined,
): Promise<Explained> {
  const f = a.failure;
  const at = where(a);
  const corr = f.correlationId ? ` (correlation id ${f.correlationId})` : "";
  switch (cls.kind) {
    case "name-conflict": {
      if (!cls.name) {
        return {
          headline: `${at}: a ${cls.resource} name conflict, but the log does not say which name`,
          explanation: `The create failed with ${f.status ?? "a conflict"}${corr}: ${f.apiMessage ?? f.summary}`,
          remediation:
            "Pass the plan (--plan) or the synthesized stack (--stack) so gcguard can read the name, and run resolve again.",
          objects: [],
        };
      }
      if (client === undefined) {
        return {
          headline: `${at}: the ${cls.resource} ${q(cls.name)} already exists in Genesys`,
          explanation: `The create failed${corr} because Genesys already has a ${cls.resource} named ${q(cls.name)}; the provider does not adopt existing objects.`,
          remediation: `Import the existing ${cls.resource} into ${a.address ?? "this resource"}; gcguard could not look its id up (see below), so run resolve again with Genesys credentials to get the import.`,
          objects: [],
        };
      }
      const candidates = found.get(cls.resource)?.get(nameKey(cls.name)) ?? [];
      if (candidates.length === 1 && importable(a)) {
        const existing = candidates[0]!;
        return {
          headline: `${at}: the ${cls.resource} ${q(cls.name)} already exists (id ${existing.id}); adopt it`,
          explanation: `The create failed${corr} because Genesys already has ${q(existing.name)}; the provider does not adopt existing objects.`,
          remediation: `Import id ${existing.id} into ${a.address} (written to the manifest, imports.tf and import.sh), then run the apply again.`,
          objects: candidates,
          adoption: { address: a.address, id: existing.id, name: existing.name },
        };
      }
      if (candidates.length === 1) {
        const existing = candidates[0]!;
        return {
          headline: `${at}: the ${cls.resource} ${q(cls.name)} already exists (id ${existing.id})`,
          explanation: `The create failed${corr} because Genesys already has ${q(existing.name)}, but the log does not name the exact resource instance, so gcguard writes no import.`,
          remediation: `Import id ${existing.id} into the instance of ${a.address ?? "the resource"} that creates ${q(cls.name)} (pass --plan so gcguard can name it), then run the apply again.`,
          objects: candidates,
        };
      }
      return {
        headline:
          candidates.length === 0
            ? `${at}: a ${cls.resource} name conflict on ${q(cls.name)}, but no ${cls.resource} with that name is visible now`
            : `${at}: ${candidates.length} ${cls.resource}s are named ${q(cls.name)}; adopting either would be a guess`,
        explanation:
          candidates.length === 0
            ? `The create failed${corr}, yet a lookup finds nothing: it may be in a division these credentials cannot see, or it was deleted since.`
            : `Candidates: ${candidates.map((c) => `${q(c.name)} (id ${c.id}${c.divisionName ? `, division ${q(c.divisionName)}` : ""})`).join(", ")}.`,
        remediation:
          candidates.length === 0
            ? "Check with credentials that see every division, or run the apply again if the object was deleted."
            : "Decide which object this resource is, rename or delete the others in Genesys, then import it by id.",
        objects: candidates,
      };
    }
    case "version-conflict": {
      let current = "";
      if (client && cls.objectId && cls.resource === "group") {
        const g = await client.groups.get(cls.objectId).catch(() => undefined);
        if (g)
          current = ` The group is now at version ${g.version ?? "?"}: it changed while the apply ran (another writer, such as SCIM or another pipeline).`;
      }
      return {
        headline: `${at}: version conflict on update; the object changed outside Terraform`,
        explanation: `Genesys refused an update made against an old version${corr}.${current}`,
        remediation:
          "No import is needed. Run terraform plan again (it reads the current version) and apply the fresh plan.",
        objects: [],
      };
    }
    case "non-empty-division":
      return nonEmptyDivision(cls, a, client, corr);
    case "login-failed":
      return cls.rateLimited
        ? {
            headline: `${at}: the provider could not log in: the OAuth token endpoint rate-limited it`,
            explanation: `${f.summary}`,
            remediation:
              "Wait a minute and run the apply again; lower token_pool_size in the provider block if many runs share this OAuth client.",
            objects: [],
          }
        : {
            headline: `${at}: the provider could not log in to Genesys Cloud: the OAuth client credentials were refused`,
            explanation: `${f.summary}`,
            remediation:
              "Check GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (or oauthclient_id / oauthclient_secret in the provider block): the client must exist, use the Client Credentials grant, and belong to the org in GENESYSCLOUD_REGION (aws_region). A client from another region's org is refused the same way.",
            objects: [],
          };
    case "rate-limited":
      return {
        headline: `${at}: the org's rate limit was exhausted`,
        explanation: `Genesys answered 429 until the provider gave up${corr}. The limit is per OAuth token and shared with every tool using it.`,
        remediation:
          "Run the apply again later, or with fewer parallel operations (terraform apply -parallelism=2); keep other tools off these credentials meanwhile.",
        objects: [],
      };
    case "unauthorized":
      return {
        headline: `${at}: the credentials were refused (401)`,
        explanation: `Genesys did not accept the token${corr}.`,
        remediation:
          "Check GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET (or _ACCESS_TOKEN) and GENESYSCLOUD_REGION for the org this stack targets.",
        objects: [],
      };
    case "forbidden":
      return {
        headline: `${at}: the OAuth client lacks a permission (403)`,
        explanation: `${f.apiMessage ?? f.summary}${corr}`,
        remediation:
          "Grant the role with the missing permission (named above) to the OAuth client, in the divisions this stack manages.",
        objects: [],
      };
    case "not-found":
      return {
        headline: `${at}: the object is gone from Genesys (404 on read)`,
        explanation: `It was deleted or moved outside Terraform${corr}.`,
        remediation: `Run terraform apply -refresh-only to drop it from state (the next apply recreates it), or stop managing it with removed { from = ${a.address ?? "<address>"} }.`,
        objects: [],
      };
    case "other":
      return {
        headline: `${at}: ${f.summary}`,
        explanation: `${f.apiMessage ?? f.detail?.errorMessage ?? "The provider reported an error gcguard has no specific advice for."}${corr}`,
        remediation: "See the provider's message above; the correlation id identifies the request for Genesys support.",
        objects: [],
      };
  }
}

async function nonEmptyDivision(
  cls: Extract<FailureClass, { kind: "non-empty-division" }>,
  a: Attributed,
  client: GenesysClient | undefined,
  corr: string,
): Promise<Explained> {
  const at = where(a);
  const keep = importable(a)
    ? ` Or keep the division: removed { from = ${a.address} lifecycle { destroy = false } }.`
    : "";
  if (!client || !cls.divisionId) {
    return {
      headline: `${at}: the division still holds objects, so it cannot be deleted`,
      explanation: a.failure.apiMessage ?? a.failure.summary,
      remediation: `Move its users and queues to another division (gcguard resolve <log> --fix move-objects --to <division>), then run the apply again.${keep}`,
      objects: [],
    };
  }
  const divisionId = cls.divisionId;
  const [division, users, queues] = await settled([
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
  const name = division?.name ?? divisionId;
  return {
    headline: `${at}: division ${q(name)} still holds ${users.length} user(s) and ${queues.length} queue(s); the delete is refused`,
    explanation: `Genesys: "Scope '${divisionId}' may not be deleted because it has objects in it."${corr} Users: ${users.map((u) => `${q(u.name)} (${u.id})`).join(", ") || "none"}. Queues: ${queues.map((x) => `${q(x.name)} (${x.id})`).join(", ") || "none"}.`,
    remediation: `Move them out: gcguard resolve <log> --fix move-objects --to <division> --apply; then run the apply again.${keep}`,
    objects: [...users, ...queues],
    division: { id: divisionId, name, users, queues },
  };
}
