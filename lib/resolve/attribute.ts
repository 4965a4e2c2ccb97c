/**
 * Whose failure each diagnostic is, and which resource it is about. A diagnostic names its address most of the
 * time; when it does not (Terraform drops it once the resource has left the configuration, docs/log-formats.md
 * "Addresses"), the address is recovered from what else the log or the plan says about the same object: the
 * `-json` hooks and progress lines of the same run (`Destroying... [id=…]`), or the plan's resource changes.
 *
 * Nothing is guessed: an address is taken only when exactly one candidate fits.
 */
import { isGenesysProviderSource, isGenesysResource, parseAddress } from "../terraform/address";
import { typeFromSummary } from "./classify";
import type { Failure, ParseResult, ResourceActivity } from "./parse";

export type Owner = "genesys" | "foreign" | "unknown";

/** Where an address came from, most to least direct. Only `configuration block` is too vague to import into. */
export type AddressSource = "diagnostic" | "apply hook" | "progress line" | "plan" | "configuration block";

/** What the plan says about one address (from --plan, --stack or the config). */
export interface PlannedResource {
  /** The value of the kind's name attribute (lib/org/kinds.ts): a user's email, a script's script_name. */
  readonly name?: string;
  /** The scope the name is unique in (a flow's type, as the API spells it), when the kind has one. */
  readonly scope?: string;
  readonly constructPath?: string;
  readonly stack?: string;
  /** The object's id before the change (updates, deletes). */
  readonly id?: string;
  readonly action?: string;
}

/**
 * The plan's resources by stack and address: a config with several stacks can hold one address in each. A lookup
 * without a stack answers only when the address is in one stack.
 */
export class PlannedIndex {
  private readonly byKey = new Map<string, PlannedResource & { readonly address: string }>();

  add(address: string, planned: PlannedResource): void {
    this.byKey.set(`${planned.stack ?? ""}\u0000${address}`, { ...planned, address });
  }

  get(address: string, stack?: string): PlannedResource | undefined {
    if (stack !== undefined) {
      const exact = this.byKey.get(`${stack}\u0000${address}`);
      if (exact !== undefined) return exact;
    }
    const all = [...this.byKey.values()].filter((p) => p.address === address);
    return all.length === 1 ? all[0] : undefined;
  }

  /** Every planned resource, with its address. */
  all(): readonly (PlannedResource & { readonly address: string })[] {
    return [...this.byKey.values()];
  }
}

export interface Attributed {
  readonly failure: Failure;
  readonly owner: Owner;
  /** The provider the failure belongs to: `mypurecloud/genesyscloud`, `auth0`, `hashicorp/aws`… when known. */
  readonly provider?: string;
  readonly address?: string;
  readonly addressSource?: AddressSource;
  readonly resourceType?: string;
  readonly stack?: string;
  readonly constructPath?: string;
}

/** A failure the log shows but gcguard cannot tie to a resource, or a run that did not finish. */
export interface Unattributed {
  readonly line: number;
  readonly summary: string;
  readonly reason: string;
}

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** The Genesys Go SDK's error text (docs/provider-errors.md): `API Error: <status> - <message> (<correlation id>)`. */
const SDK_ERROR = /\bAPI Error: \d{3} - .*\([0-9a-f-]{36}\)|\bAuth Error: \d{3} - /;
const GENESYS_WORDING = /\bGenesys Cloud\b/i;

/** Provider of a resource type by Terraform's convention: the type's first word (`auth0_client` → `auth0`). */
function providerOfType(type: string): string {
  const word = type.split("_")[0] ?? type;
  return word === "genesyscloud" ? "mypurecloud/genesyscloud" : word;
}

function shortSource(source: string): string {
  return source.replace(/^registry\.(?:terraform|opentofu)\.io\//i, "");
}

/** The Genesys object ids a failure mentions (the detail's path, `Scope '<id>'`, the summary), not correlation ids. */
function objectIds(f: Failure): string[] {
  const text = `${f.detail?.path ?? ""} ${f.summary} ${f.detail?.errorMessage ?? ""}`;
  const skip = new Set([f.correlationId?.toLowerCase(), f.detail?.correlationId?.toLowerCase()]);
  const ids = [...text.matchAll(GUID)].map((m) => m[0].toLowerCase()).filter((id) => !skip.has(id));
  return [...new Set(ids)];
}

function typeOf(address: string): string | undefined {
  const parsed = parseAddress(address);
  return parsed.ok ? parsed.value.type : undefined;
}

/** An address found for a failure whose diagnostic names none, where it came from, and what else is known. */
interface Recovered {
  readonly address: string;
  readonly source: AddressSource;
  readonly stack?: string;
  readonly constructPath?: string;
}

interface Claimable {
  readonly address: string;
  readonly activity?: ResourceActivity;
  readonly planned?: PlannedResource;
}

/**
 * Attributes every failure, and lists what the log shows failing without a diagnostic gcguard can attribute.
 * `planned` maps addresses to what the plan says about them.
 */
export function attribute(
  parsed: ParseResult,
  planned: PlannedIndex,
): { failures: Attributed[]; unattributed: Unattributed[] } {
  const named = new Set(parsed.failures.flatMap((f) => (f.address ? [f.address] : [])));
  const claimed = new Set<string>();
  const failures = parsed.failures.map((f) => attributeOne(f, parsed, planned, named, claimed));
  const unattributed: Unattributed[] = [];
  for (const a of failures) {
    if (a.owner === "unknown") {
      unattributed.push({
        line: a.failure.source.line,
        summary: a.failure.summary,
        reason: "Terraform reported this error without a resource or provider gcguard can tie it to",
      });
    }
  }
  // Resources the run says failed whose error is not among the diagnostics (the log was cut, or mangled).
  const attributedTo = new Set(failures.flatMap((a) => (a.address ? [a.address] : [])));
  for (const activity of parsed.activity) {
    const { address } = activity;
    if (!activity.errored || attributedTo.has(address)) continue;
    unattributed.push({
      line: activity.line,
      summary: `${address}: its apply errored`,
      reason: "the apply says this resource failed, but its error message is not in the log (cut off?)",
    });
  }
  for (const u of parsed.unreadableErrors) {
    unattributed.push({
      line: u.line,
      summary: u.text,
      reason: "an error line of the -json output that cannot be read",
    });
  }
  if (parsed.failures.length === 0) {
    if (parsed.applyStarted && !parsed.applyFinished) {
      const open = parsed.activity.filter((v) => v.started && !v.completed);
      unattributed.push({
        line: open[0]?.line ?? 0,
        summary:
          open.length > 0 ? `${open.length} resource change(s) started and never completed` : "the apply started",
        reason: "the apply did not finish in this log (cut off, or killed) and no error says why",
      });
    }
    for (const r of parsed.shape.runFailures) {
      unattributed.push({
        line: r.line,
        summary: r.text,
        reason: "the CI job or cdktf reports a failure, but the log holds no Terraform error gcguard can read",
      });
    }
  }
  return { failures, unattributed };
}

/** The failure with the stack and construct the log gave it, before its owner and address are known. */
type Base = Pick<Attributed, "failure" | "stack" | "constructPath">;

/** The provider and resource type an address's type implies, when it has one. */
function typed(type: string | undefined): Pick<Attributed, "provider" | "resourceType"> {
  return type ? { provider: providerOfType(type), resourceType: type } : {};
}

/** A diagnostic that names its address: the address's type says whose it is. */
function fromDiagnostic(base: Base, address: string): Attributed {
  const parsedAddress = parseAddress(address);
  const type = parsedAddress.ok ? parsedAddress.value.type : undefined;
  const genesys = parsedAddress.ok && isGenesysResource(parsedAddress.value);
  return {
    ...base,
    owner: genesys ? "genesys" : type !== undefined ? "foreign" : "unknown",
    ...typed(type),
    address,
    addressSource: "diagnostic",
  };
}

/** An address recovered from the run or the plan (see recover): its type, else the failure's wording, decides. */
function fromRecovered(base: Base, recovered: Recovered, genesys: boolean, detailType: string | undefined): Attributed {
  const f = base.failure;
  const type = typeOf(recovered.address) ?? detailType;
  const owner: Owner = type?.startsWith("genesyscloud_") === true ? "genesys" : genesys ? "genesys" : "foreign";
  return {
    ...base,
    owner,
    ...typed(type),
    address: recovered.address,
    addressSource: recovered.source,
    ...(recovered.stack && !f.stack ? { stack: recovered.stack } : {}),
    ...(recovered.constructPath && !f.constructPath ? { constructPath: recovered.constructPath } : {}),
  };
}

/** Only the configuration block is known (no instance key): attributed, but too vague to import into. */
function fromConfigBlock(base: Base, configAddress: string, genesys: boolean): Attributed {
  const type = typeOf(configAddress);
  const owner: Owner = genesys || type?.startsWith("genesyscloud_") ? "genesys" : type ? "foreign" : "unknown";
  return { ...base, owner, ...typed(type), address: configAddress, addressSource: "configuration block" };
}

function attributeOne(
  f: Failure,
  parsed: ParseResult,
  planned: PlannedIndex,
  named: ReadonlySet<string>,
  claimed: Set<string>,
): Attributed {
  const base: Base = {
    failure: f,
    ...(f.stack ? { stack: f.stack } : {}),
    ...(f.constructPath ? { constructPath: f.constructPath } : {}),
  };
  if (f.provider !== undefined) {
    const genesys = isGenesysProviderSource(shortSource(f.provider));
    return { ...base, owner: genesys ? "genesys" : "foreign", provider: shortSource(f.provider) };
  }
  if (f.address !== undefined) {
    claimed.add(f.address);
    return fromDiagnostic(base, f.address);
  }
  const detailType = f.detail?.resourceType ?? typeFromSummary(f.summary);
  const genesys =
    detailType?.startsWith("genesyscloud_") === true || SDK_ERROR.test(f.summary) || GENESYS_WORDING.test(f.summary);
  const foreignBullets = foreignBulletProvider(f);
  if (!genesys && foreignBullets !== undefined) return { ...base, owner: "foreign", provider: foreignBullets };
  const recovered = recover(f, parsed, planned, named, claimed, detailType);
  if (recovered !== undefined) {
    claimed.add(recovered.address);
    return fromRecovered(base, recovered, genesys, detailType);
  }
  if (f.configAddress !== undefined) return fromConfigBlock(base, f.configAddress, genesys);
  return {
    ...base,
    owner: genesys ? "genesys" : "unknown",
    ...(genesys ? { provider: "mypurecloud/genesyscloud" } : {}),
    ...(detailType ? { resourceType: detailType } : {}),
  };
}

/** Terraform 0.11/0.12 multi-errors list `* <address>: <message>` bullets: all another provider's, so is the error. */
function foreignBulletProvider(f: Failure): string | undefined {
  const text = [f.summary, f.detail?.errorMessage ?? ""].join("\n");
  const types = [
    ...text.matchAll(/^\s*\* ((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*(?:data\.)?([a-z][a-z0-9]*_[\w-]*)\.[\w-]+)/gm),
  ].map((m) => m[2] ?? "");
  if (types.length === 0 || types.some((t) => t.startsWith("genesyscloud_"))) return undefined;
  return providerOfType(types[0] ?? "");
}

function recover(
  f: Failure,
  parsed: ParseResult,
  planned: PlannedIndex,
  named: ReadonlySet<string>,
  claimed: ReadonlySet<string>,
  detailType: string | undefined,
): Recovered | undefined {
  const free = (address: string) => !named.has(address) && !claimed.has(address);
  const fits = (address: string) => detailType === undefined || typeOf(address) === detailType;
  const ids = objectIds(f);
  const candidates: Claimable[] = [];
  // 1. The same object's id in the run's own progress lines or hooks.
  if (ids.length > 0) {
    for (const activity of parsed.activity) {
      const { address } = activity;
      if (activity.id !== undefined && ids.includes(activity.id.toLowerCase()) && free(address) && fits(address)) {
        candidates.push({ address, activity });
      }
    }
  }
  if (candidates.length === 1) {
    const [c] = candidates;
    const source: AddressSource = parsed.format === "json" ? "apply hook" : "progress line";
    return { address: c!.address, source, ...(c!.activity?.stack ? { stack: c!.activity.stack } : {}) };
  }
  // 2. The one resource whose apply errored (a `-json` hook) that no diagnostic names.
  const errored = parsed.activity.filter((a) => a.errored && free(a.address) && fits(a.address));
  if (errored.length === 1 && candidates.length === 0) {
    const [activity] = errored as [ResourceActivity];
    return { address: activity.address, source: "apply hook", ...(activity.stack ? { stack: activity.stack } : {}) };
  }
  // 3. The plan: the object's id before the change, or the only change of that type and kind.
  const byId = planned.all().filter((p) => p.id !== undefined && ids.includes(p.id.toLowerCase()) && free(p.address));
  if (byId.length === 1) return plannedHit(byId[0]!.address, byId[0]!);
  const method = f.detail?.method?.toUpperCase();
  const action =
    method === "DELETE"
      ? "delete"
      : method === "POST"
        ? "create"
        : method === "PUT" || method === "PATCH"
          ? "update"
          : undefined;
  if (detailType !== undefined && action !== undefined && byId.length === 0) {
    const sameKind = planned
      .all()
      .filter(
        (p) =>
          free(p.address) &&
          typeOf(p.address) === detailType &&
          (p.action === action || (p.action === "replace" && action !== "update")),
      );
    if (sameKind.length === 1) return plannedHit(sameKind[0]!.address, sameKind[0]!);
  }
  return undefined;
}

function plannedHit(address: string, p: PlannedResource): Recovered {
  return {
    address,
    source: "plan",
    ...(p.stack ? { stack: p.stack } : {}),
    ...(p.constructPath ? { constructPath: p.constructPath } : {}),
  };
}
