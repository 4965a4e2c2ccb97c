/**
 * The contract between the plugin-protocol side of the emulator-backed provider (gRPC, mTLS handshake, msgpack
 * codec, schema) and its resources (HTTP calls to the Genesys API, state mapping, diagnostics). Values here are
 * plain JS, decoded from cty msgpack with the schema's types:
 *
 * - an object (a resource's state, a nested block) has EVERY attribute and block of its schema as a key; unset
 *   attributes are null; list and set blocks are arrays (possibly empty), single blocks an object or null;
 * - numbers are JS numbers; strings, bools, lists, sets (arrays) and maps (objects) as expected;
 * - a value Terraform does not know yet (during plan) is the `Unknown` symbol.
 */

/** A cty type as Terraform writes it in JSON (the schema's attribute types, the codec's guide). */
export type CtyType =
  | "string"
  | "number"
  | "bool"
  | "dynamic"
  | readonly ["list" | "set" | "map", CtyType]
  | readonly ["object", Readonly<Record<string, CtyType>>]
  | readonly ["object", Readonly<Record<string, CtyType>>, readonly string[]]
  | readonly ["tuple", readonly CtyType[]];

export const Unknown: unique symbol = Symbol.for("gcguard.tfprovider.Unknown");
export type UnknownValue = typeof Unknown;

export type Value = null | string | number | boolean | UnknownValue | Value[] | ObjectValue;
export interface ObjectValue {
  [name: string]: Value;
}

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  /** Attribute path, e.g. ["name"]; absent for resource-level diagnostics. */
  readonly attribute?: readonly string[];
}

/** What a resource or data source needs to talk to Genesys: built once in Configure from the provider block. */
export interface ProviderContext {
  /** The API base URL requests go to (the gateway, e.g. the emulator), without a trailing slash. */
  readonly apiBaseUrl: string;
  /**
   * Sends one request the way the real provider's Go SDK does (User-Agent, bearer token, its retries on 429 and
   * 5xx) and returns status, headers and the parsed body; never throws for an HTTP error status.
   */
  request(req: ApiRequest): Promise<ApiResponse>;
}

export interface ApiRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path from /api/v2 on, with the query string if any. */
  readonly path: string;
  readonly body?: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or undefined for an empty body; the raw text when it is not JSON. */
  readonly body: unknown;
  readonly method: string;
  /** The URL path, without the query (the `path` of the provider's detail JSON). */
  readonly urlPath: string;
}

export interface PlanRequest {
  /** null on create. */
  readonly prior: ObjectValue | null;
  /** null on destroy. Terraform's proposed new state: config merged with prior computed values. */
  readonly proposed: ObjectValue | null;
  readonly config: ObjectValue | null;
}

export interface PlanResult {
  /** Proposed state with computed attributes Unknown where the apply will decide them. */
  readonly planned: ObjectValue | null;
  /** Attribute paths whose change forces replacement. */
  readonly requiresReplace?: readonly (readonly string[])[];
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ApplyRequest {
  readonly prior: ObjectValue | null;
  /** null means destroy. */
  readonly planned: ObjectValue | null;
  readonly config: ObjectValue | null;
}

export interface StateResult {
  /** null: the object is gone (read) or was destroyed (apply). */
  readonly state: ObjectValue | null;
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ResourceImpl {
  readonly typeName: string;
  /**
   * SDKv2 `Default`s of top-level attributes (docs/terraform-provider.md §2): the plan uses one where the config leaves
   * the attribute null, as the real provider's SDK does, so an adopted object's server defaults plan no change.
   */
  readonly defaults?: Readonly<Record<string, Value>>;
  /**
   * Optional plan hook run after the generic plan (which sets Unknown for computed attributes that are null in
   * the proposed state on create, and keeps prior values otherwise). Use it for requiresReplace and for
   * attributes the server recomputes on update.
   */
  plan?(req: PlanRequest, generic: PlanResult): PlanResult;
  apply(req: ApplyRequest, ctx: ProviderContext): Promise<StateResult>;
  read(state: ObjectValue, ctx: ProviderContext): Promise<StateResult>;
  /** The state for `terraform import <addr> <id>`; Terraform calls read right after. */
  importState(id: string, ctx: ProviderContext): Promise<StateResult>;
}

export interface DataSourceImpl {
  readonly typeName: string;
  read(config: ObjectValue, ctx: ProviderContext): Promise<StateResult>;
}
