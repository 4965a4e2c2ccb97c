/**
 * Turns attributed Genesys failures into diagnoses: looks the objects up in the org (read-only, batched by kind,
 * lib/resolve/lookup.ts), and says what happened, why, and what to do (lib/resolve/explain.ts), with the adoption
 * that fixes a name conflict when exactly one object has the name. When the org cannot be asked (no credentials,
 * `--offline`, an API failure), the diagnosis says so and names no object.
 */
import type { GenesysClient } from "../genesys/client";
import { nameKey } from "../names";
import type { Kind } from "../org/kinds";
import type { OrgObject } from "../org/view";
import type { AddressSource, Attributed, PlannedIndex, PlannedResource } from "./attribute";
import type { FailureClass } from "./classify";
import { classify } from "./classify";
import type { Explained } from "./explain";
import { explain } from "./explain";
import type { FoundByName, WantedNames } from "./lookup";
import { inScope, lookupError, lookupNames } from "./lookup";
import type { Failure } from "./parse";

/** One failure, where it is, and what to do about it (lib/resolve/explain.ts). */
export interface Diagnosis extends Explained {
  readonly failure: Failure;
  readonly class: FailureClass;
  /** The stack (lib/stack/identity.ts); undefined when it could not be learned. */
  readonly stack?: string;
  readonly address?: string;
  readonly addressSource?: AddressSource;
  readonly constructPath?: string;
  /** Why the org was not asked, when the diagnosis needed it. */
  readonly lookupFailed?: string;
}

/** A create the failed apply never reached, whose name gcguard checks while it looks the failures' names up. */
export interface UnreachedCreate {
  readonly address: string;
  readonly stack?: string;
  readonly kind: Kind;
  readonly name: string;
  /** The scope the name must be unique in (a flow's type), when known. */
  readonly scope?: string;
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

const LOOKUP_KINDS: ReadonlySet<FailureClass["kind"]> = new Set([
  "name-conflict",
  "non-empty-division",
  "version-conflict",
]);

interface Classified {
  readonly attributed: Attributed;
  readonly cls: FailureClass;
  readonly planned?: PlannedResource;
}

/** Each failure's class; a name conflict takes the planned name when the log does not give it. */
function classifyAll(failures: readonly Attributed[], planned: PlannedIndex): Classified[] {
  return failures.map((attributed) => {
    const plan = attributed.address ? planned.get(attributed.address, attributed.stack) : undefined;
    let cls = classify(attributed.failure, attributed.address);
    if (cls.kind === "name-conflict" && plan?.name)
      cls = { ...cls, name: plan.name, ...(plan.scope ? { scope: plan.scope } : {}) };
    return { attributed, cls, ...(plan ? { planned: plan } : {}) };
  });
}

/** The org as the diagnoses found it: the client while it answers, and the names it holds; else why not. */
interface OrgLookup {
  readonly client?: GenesysClient;
  readonly unavailable?: string;
  readonly found: FoundByName;
}

/** Looks up the failed creates' names and the unreached creates' names in one batch. */
async function lookUp(
  access: OrgAccess | undefined,
  classified: readonly Classified[],
  unreached: readonly UnreachedCreate[],
): Promise<OrgLookup> {
  if (access === undefined) return { found: new Map() };
  if ("unavailable" in access) return { unavailable: access.unavailable, found: new Map() };
  const wanted: WantedNames = new Map();
  const want = (kind: Kind, name: string) => wanted.set(kind, (wanted.get(kind) ?? new Set()).add(nameKey(name)));
  for (const { cls } of classified) if (cls.kind === "name-conflict" && cls.name) want(cls.resource, cls.name);
  for (const u of unreached) want(u.kind, u.name);
  try {
    return { client: access.client, found: await lookupNames(access.client, wanted) };
  } catch (err) {
    return { unavailable: lookupError(err), found: new Map() };
  }
}

/** Where the failure is: its stack, address and construct, from the log or else the plan. */
function located({ attributed, cls, planned }: Classified): Omit<Diagnosis, keyof Explained | "lookupFailed"> {
  const stack = attributed.stack ?? planned?.stack;
  const constructPath = attributed.constructPath ?? planned?.constructPath;
  return {
    failure: attributed.failure,
    class: cls,
    ...(stack ? { stack } : {}),
    ...(attributed.address ? { address: attributed.address } : {}),
    ...(attributed.addressSource ? { addressSource: attributed.addressSource } : {}),
    ...(constructPath ? { constructPath } : {}),
  };
}

/**
 * Every failure explained. The explanations that read the org (a version conflict's group, a division's contents)
 * read it all at once; one whose read fails is explained from the log alone, and says why the org was not asked.
 */
async function explainAll(classified: readonly Classified[], org: OrgLookup): Promise<Diagnosis[]> {
  const withOrg = await Promise.allSettled(
    classified.map(async ({ attributed, cls }) => explain(cls, attributed, org.found, org.client)),
  );
  const out: Diagnosis[] = [];
  for (const [i, c] of classified.entries()) {
    const result = withOrg[i]!;
    const explained =
      result.status === "fulfilled" ? result.value : await explain(c.cls, c.attributed, org.found, undefined);
    const failed = result.status === "rejected" ? lookupError(result.reason) : undefined;
    const why = LOOKUP_KINDS.has(c.cls.kind) ? (failed ?? (org.client ? undefined : org.unavailable)) : undefined;
    out.push({ ...located(c), ...explained, ...(why !== undefined ? { lookupFailed: why } : {}) });
  }
  return out;
}

/** The unreached creates whose name the org already has, adopted when exactly one object has it. */
function collisionsAhead(unreached: readonly UnreachedCreate[], found: FoundByName): CollisionAhead[] {
  return unreached.flatMap((u) => {
    const objects = inScope(found.get(u.kind)?.get(nameKey(u.name)) ?? [], u.scope);
    if (objects.length === 0) return [];
    const only = objects.length === 1 ? objects[0] : undefined;
    return [{ ...u, objects, ...(only ? { adoption: { address: u.address, id: only.id, name: only.name } } : {}) }];
  });
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
  const classified = classifyAll(failures, options.planned);
  const access = classified.some((c) => LOOKUP_KINDS.has(c.cls.kind)) ? options.org() : undefined;
  const unreached = access && "client" in access ? (options.unreached ?? []) : [];
  const org = await lookUp(access, classified, unreached);
  const diagnoses = await explainAll(classified, org);
  return { diagnoses, ahead: org.client ? collisionsAhead(unreached, org.found) : [] };
}
