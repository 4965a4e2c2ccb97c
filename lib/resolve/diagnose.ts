/**
 * Turns classified failures into diagnoses: looks the objects up in the org (read-only, batched by kind), and
 * says what happened, why, and what to do, with the adoption that fixes a name conflict when exactly one object
 * has the name.
 */
import type { GenesysClient } from "../genesys/client";
import { isGenesysApiError } from "../genesys/errors";
import { nameKey } from "../genesys/limits";
import type { Kind, OrgObject } from "../preflight/model";
import type { FailureClass } from "./classify";
import { classify } from "./classify";
import type { Failure } from "./parse";

export interface PlannedResource {
  readonly name?: string;
  readonly constructPath?: string;
  readonly stack?: string;
}

export interface Diagnosis {
  readonly failure: Failure;
  readonly class: FailureClass;
  readonly stack: string;
  readonly address?: string;
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
}

const q = (s: string) => JSON.stringify(s);

async function lookupNames(
  client: GenesysClient,
  wanted: Map<Kind, Set<string>>,
): Promise<Map<Kind, Map<string, OrgObject[]>>> {
  const out = new Map<Kind, Map<string, OrgObject[]>>();
  const names = (kind: Kind) => [...(wanted.get(kind) ?? [])];
  if (names("division").length > 0) {
    const all = await client.divisions.list();
    const byName = new Map<string, OrgObject[]>();
    for (const d of all) {
      const key = nameKey(d.name);
      if (wanted.get("division")?.has(key))
        byName.set(key, [...(byName.get(key) ?? []), { id: d.id, name: d.name, kind: "division" }]);
    }
    out.set("division", byName);
  }
  if (names("group").length > 0) {
    const found = await client.groups.findByNames(names("group"));
    out.set(
      "group",
      new Map([...found].map(([k, gs]) => [k, gs.map((g) => ({ id: g.id, name: g.name, kind: "group" as const }))])),
    );
  }
  if (names("queue").length > 0) {
    const found = await client.queues.findByNames(names("queue"));
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
  }
  return out;
}

export async function diagnose(
  failures: readonly Failure[],
  options: {
    readonly client: () => GenesysClient;
    readonly planned: ReadonlyMap<string, PlannedResource>;
    readonly defaultStack: string;
  },
): Promise<Diagnosis[]> {
  const classified = failures.map((failure) => {
    const planned = failure.address ? options.planned.get(failure.address) : undefined;
    let cls = classify(failure);
    if (cls.kind === "name-conflict" && planned?.name) cls = { ...cls, name: planned.name };
    return { failure, cls, planned };
  });
  const needsApi = classified.some((c) =>
    ["name-conflict", "non-empty-division", "version-conflict", "not-found"].includes(c.cls.kind),
  );
  const client = needsApi ? options.client() : undefined;

  const wanted = new Map<Kind, Set<string>>();
  for (const { cls } of classified) {
    if (cls.kind === "name-conflict" && cls.name)
      wanted.set(cls.resource, (wanted.get(cls.resource) ?? new Set()).add(nameKey(cls.name)));
  }
  const found = client ? await lookupNames(client, wanted) : new Map<Kind, Map<string, OrgObject[]>>();

  const out: Diagnosis[] = [];
  for (const { failure, cls, planned } of classified) {
    const base = {
      failure,
      class: cls,
      stack: failure.stack ?? planned?.stack ?? options.defaultStack,
      ...(failure.address ? { address: failure.address } : {}),
      ...(planned?.constructPath ? { constructPath: planned.constructPath } : {}),
    };
    out.push({ ...base, ...(await explain(cls, failure, found, client)) });
  }
  return out;
}

type Explained = Pick<Diagnosis, "headline" | "explanation" | "remediation" | "objects" | "adoption" | "division">;

async function explain(
  cls: FailureClass,
  f: Failure,
  found: Map<Kind, Map<string, OrgObject[]>>,
  client: GenesysClient | undefined,
): Promise<Explained> {
  const where = f.address ?? "(no address in the log)";
  const corr = f.correlationId ? ` (correlation id ${f.correlationId})` : "";
  switch (cls.kind) {
    case "name-conflict": {
      if (!cls.name) {
        return {
          headline: `${where}: a ${cls.resource} name conflict, but the log does not say which name`,
          explanation: `The create failed with ${f.status ?? "a conflict"}${corr}: ${f.apiMessage ?? f.summary}`,
          remediation:
            "Pass the plan (--plan) or the synthesized stack (--stack) so gcguard can read the name, and run resolve again.",
          objects: [],
        };
      }
      const candidates = found.get(cls.resource)?.get(nameKey(cls.name)) ?? [];
      if (candidates.length === 1 && f.address) {
        const existing = candidates[0]!;
        return {
          headline: `${where}: the ${cls.resource} ${q(cls.name)} already exists (id ${existing.id}); adopt it`,
          explanation: `The create failed${corr} because Genesys already has ${q(existing.name)}; the provider does not adopt existing objects.`,
          remediation: `Import id ${existing.id} into ${f.address} (written to the manifest, imports.tf and import.sh), then run the apply again.`,
          objects: candidates,
          adoption: { address: f.address, id: existing.id, name: existing.name },
        };
      }
      return {
        headline:
          candidates.length === 0
            ? `${where}: a ${cls.resource} name conflict on ${q(cls.name)}, but no ${cls.resource} with that name is visible now`
            : `${where}: ${candidates.length} ${cls.resource}s are named ${q(cls.name)}; adopting either would be a guess`,
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
        headline: `${where}: version conflict on update; the object changed outside Terraform`,
        explanation: `Genesys refused an update made against an old version${corr}.${current}`,
        remediation:
          "No import is needed. Run terraform plan again (it reads the current version) and apply the fresh plan.",
        objects: [],
      };
    }
    case "non-empty-division": {
      if (!client || !cls.divisionId) {
        return {
          headline: `${where}: the division still holds objects, so it cannot be deleted`,
          explanation: f.apiMessage ?? f.summary,
          remediation: "Move its users and queues to another division, or forget it with a removed block.",
          objects: [],
        };
      }
      const division = await client.divisions.get(cls.divisionId, { objectCount: true }).catch((e: unknown) => {
        if (isGenesysApiError(e) && e.status === 404) return undefined; // already gone: the names stay unknown
        throw e;
      });
      const users: OrgObject[] = [];
      for await (const page of client.users.searchByDivisions([cls.divisionId]))
        users.push(...page.map((u) => ({ id: u.id, name: u.name, kind: "user" as const })));
      const queues: OrgObject[] = (await client.queues.listByDivisions([cls.divisionId])).map((x) => ({
        id: x.id,
        name: x.name,
        kind: "queue" as const,
      }));
      const name = division?.name ?? cls.divisionId;
      return {
        headline: `${where}: division ${q(name)} still holds ${users.length} user(s) and ${queues.length} queue(s); the delete is refused`,
        explanation: `Genesys: "Scope '${cls.divisionId}' may not be deleted because it has objects in it."${corr} Users: ${users.map((u) => `${q(u.name)} (${u.id})`).join(", ") || "none"}. Queues: ${queues.map((x) => `${q(x.name)} (${x.id})`).join(", ") || "none"}.`,
        remediation: `Move them out: gcguard resolve <log> --fix move-objects --to <division> --apply; then run the apply again. Or keep the division: removed { from = ${f.address ?? "<address>"} lifecycle { destroy = false } }.`,
        objects: [...users, ...queues],
        division: { id: cls.divisionId, name, users, queues },
      };
    }
    case "rate-limited":
      return {
        headline: `${where}: the org's rate limit was exhausted`,
        explanation: `Genesys answered 429 until the provider gave up${corr}. The limit is per OAuth token and shared with every tool using it.`,
        remediation:
          "Run the apply again later, or with fewer parallel operations (terraform apply -parallelism=2); keep other tools off these credentials meanwhile.",
        objects: [],
      };
    case "unauthorized":
      return {
        headline: `${where}: the credentials were refused (401)`,
        explanation: `Genesys did not accept the token${corr}.`,
        remediation:
          "Check GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET (or _ACCESS_TOKEN) and GENESYSCLOUD_REGION for the org this stack targets.",
        objects: [],
      };
    case "forbidden":
      return {
        headline: `${where}: the OAuth client lacks a permission (403)`,
        explanation: `${f.apiMessage ?? f.summary}${corr}`,
        remediation:
          "Grant the role with the missing permission (named above) to the OAuth client, in the divisions this stack manages.",
        objects: [],
      };
    case "not-found":
      return {
        headline: `${where}: the object is gone from Genesys (404 on read)`,
        explanation: `It was deleted or moved outside Terraform${corr}.`,
        remediation: `Run terraform apply -refresh-only to drop it from state (the next apply recreates it), or stop managing it with removed { from = ${f.address ?? "<address>"} }.`,
        objects: [],
      };
    case "other":
      return {
        headline: `${where}: ${f.summary}`,
        explanation: `${f.apiMessage ?? f.detail?.errorMessage ?? "The provider reported an error gcguard has no specific advice for."}${corr}`,
        remediation: "See the provider's message above; the correlation id identifies the request for Genesys support.",
        objects: [],
      };
  }
}
