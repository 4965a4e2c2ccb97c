/**
 * The tfplugin5 Provider service over the contract of ./types.ts: plain async functions from request message to
 * response message, so tests can call them without a socket (the gRPC server around them is ./server.ts).
 */
import { CodecError, decodeJsonObject, decodeObject, encodeObject } from "./codec";
import { afterApply, afterRead } from "./normalize";
import { planResourceChange } from "./plan";
import type { Registry } from "./registry";
import type { JsonBlock, JsonProviderSchema } from "./schema";
import { findSchema, toProtoSchema } from "./schema";
import type { DataSourceImpl, Diagnostic, ObjectValue, ProviderContext, ResourceImpl } from "./types";

// --- messages (field names as in proto/tfplugin5.proto; @grpc/proto-loader with keepCase) ----------------------

export interface DynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}

export interface ProtoDiagnostic {
  severity: number;
  summary: string;
  detail: string;
  attribute?: { steps: ({ attribute_name: string } | { element_key_int: number })[] };
}

export type Req = Record<string, unknown>;
export type Res = Record<string, unknown>;
export type Handler = (req: Req) => Promise<Res>;

/** What Configure needs: the provider block in, a context (and its diagnostics) out. */
export type Configurer = (
  config: ObjectValue,
  terraformVersion: string,
) => Promise<{ ctx: ProviderContext; diagnostics: readonly Diagnostic[] }>;

export interface ProviderServiceOptions {
  readonly schema: JsonProviderSchema;
  readonly registry: Registry;
  readonly configure: Configurer;
  readonly log?: (level: "trace" | "debug" | "info" | "warn" | "error", message: string) => void;
}

/**
 * The real provider is built on terraform-plugin-sdk v2 (docs/terraform-provider.md, Sources), which answers plan and
 * apply with `legacy_type_system`: Terraform then tolerates (and only logs) what that SDK does and a modern
 * provider may not, above all planning an attribute's `Default` where the config leaves it null. A stand-in for
 * that provider has to behave the same, or Terraform would reject plans the real one gets through.
 */
const LEGACY_TYPE_SYSTEM = true;

// tfplugin5.proto Diagnostic.Severity: ERROR = 1, WARNING = 2.
const SEVERITY = { error: 1, warning: 2 } as const;

export function toProtoDiagnostic(d: Diagnostic): ProtoDiagnostic {
  const out: ProtoDiagnostic = { severity: SEVERITY[d.severity], summary: d.summary, detail: d.detail ?? "" };
  if (d.attribute && d.attribute.length > 0) {
    // HCL names never start with a digit, so an all-digit step is a list index.
    out.attribute = {
      steps: d.attribute.map((s, i) =>
        i > 0 && /^\d+$/.test(s) ? { element_key_int: Number(s) } : { attribute_name: s },
      ),
    };
  }
  return out;
}

const errorDiag = (summary: string, detail?: string): Diagnostic => ({
  severity: "error",
  summary,
  ...(detail ? { detail } : {}),
});

function diagnosticsOf(list: readonly Diagnostic[] | undefined): ProtoDiagnostic[] {
  return (list ?? []).map(toProtoDiagnostic);
}

function decodeDynamic(value: unknown, block: JsonBlock): ObjectValue | null {
  const dv = (value ?? {}) as DynamicValue;
  if (dv.msgpack && dv.msgpack.length > 0) return decodeObject(dv.msgpack, block);
  if (dv.json && dv.json.length > 0) return decodeJsonObject(dv.json, block);
  return null;
}

function dynamic(value: ObjectValue | null, block: JsonBlock): DynamicValue {
  return { msgpack: Buffer.from(encodeObject(value, block)) };
}

function thrownDiagnostic(what: string, err: unknown): Diagnostic {
  if (err instanceof CodecError) return errorDiag(`Invalid value in ${what}`, err.message);
  return errorDiag(`${what} failed`, err instanceof Error ? err.message : String(err));
}

/** The provider's state between calls: the schema, the implementations, and the context Configure made. */
interface Service {
  readonly schema: JsonProviderSchema;
  readonly registry: Registry;
  readonly configure: Configurer;
  readonly log: NonNullable<ProviderServiceOptions["log"]>;
  ctx?: ProviderContext;
  protoSchemas?: Res;
}

/** The tfplugin5.Provider methods. */
export function createProviderService(opts: ProviderServiceOptions): Record<string, Handler> {
  const s: Service = { ...opts, log: opts.log ?? (() => {}) };
  return {
    GetSchema: async () => getSchema(s),
    PrepareProviderConfig: async (req) => ({ prepared_config: req.config, diagnostics: [] }),
    ValidateResourceTypeConfig: async (req) => validate(s, "resource", String(req.type_name)),
    ValidateDataSourceConfig: async (req) => validate(s, "data source", String(req.type_name)),
    UpgradeResourceState: async (req) => upgradeResourceState(s, req),
    Configure: async (req) => configure(s, req),
    ReadResource: async (req) => readResource(s, req),
    PlanResourceChange: async (req) => planResource(s, req),
    ApplyResourceChange: async (req) => applyResource(s, req),
    ImportResourceState: async (req) => importResourceState(s, req),
    ReadDataSource: async (req) => readDataSource(s, req),
    Stop: async () => ({ Error: "" }),
  };
}

type Kind = "resource" | "data source";

function blockOf(s: Service, kind: Kind, typeName: string): JsonBlock | undefined {
  return findSchema(s.schema, kind === "resource" ? "resource" : "data", typeName)?.block;
}

const unknownType = (kind: Kind, typeName: string): Res => ({
  diagnostics: diagnosticsOf([errorDiag(`Unknown ${kind} type`, `This provider has no ${kind} "${typeName}".`)]),
});

const notImplemented = (kind: Kind, typeName: string): Diagnostic =>
  errorDiag(
    `${typeName} is not implemented`,
    `The emulator-backed genesyscloud provider has the schema of the ${kind} "${typeName}" but no implementation of it.`,
  );

const notConfigured = errorDiag("Provider not configured", "Terraform called the provider before Configure.");

/**
 * What a call on an implemented type needs: its name, schema block, implementation and the configured context;
 * or, when one is missing, the answer to give (with `keep`, what Terraform should hold on to).
 */
function callOn<I>(
  s: Service,
  kind: Kind,
  req: Req,
  keep: Res,
): { typeName: string; block: JsonBlock; impl: I; ctx: ProviderContext } | { answer: Res } {
  const typeName = String(req.type_name);
  const block = blockOf(s, kind, typeName);
  if (!block) return { answer: unknownType(kind, typeName) };
  const impl = (kind === "resource" ? s.registry.resources : s.registry.dataSources).get(typeName) as I | undefined;
  if (!impl) return { answer: { ...keep, diagnostics: diagnosticsOf([notImplemented(kind, typeName)]) } };
  if (!s.ctx) return { answer: { ...keep, diagnostics: diagnosticsOf([notConfigured]) } };
  return { typeName, block, impl, ctx: s.ctx };
}

/** The answer to a call that threw: logged with its stack, told to Terraform as a diagnostic. */
function failedCall(s: Service, method: string, typeName: string, what: string, err: unknown, keep: Res = {}): Res {
  s.log("error", `${method} ${typeName}: ${stack(err)}`);
  return { ...keep, diagnostics: diagnosticsOf([thrownDiagnostic(what, err)]) };
}

function getSchema(s: Service): Res {
  s.protoSchemas ??= {
    provider: toProtoSchema(s.schema.provider),
    resource_schemas: mapValues(s.schema.resource_schemas ?? {}, toProtoSchema),
    data_source_schemas: mapValues(s.schema.data_source_schemas ?? {}, toProtoSchema),
    diagnostics: [],
    // No plan_destroy: Terraform plans destroys itself (planned null) and never asks.
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false },
  };
  return s.protoSchemas;
}

function validate(s: Service, kind: Kind, typeName: string): Res {
  return blockOf(s, kind, typeName) ? { diagnostics: [] } : unknownType(kind, typeName);
}

function upgradeResourceState(s: Service, req: Req): Res {
  const typeName = String(req.type_name);
  const block = blockOf(s, "resource", typeName);
  if (!block) return unknownType("resource", typeName);
  const raw = (req.raw_state ?? {}) as { json?: Buffer };
  if (!raw.json || raw.json.length === 0) {
    return {
      diagnostics: diagnosticsOf([
        errorDiag("Unsupported state format", `The stored state of ${typeName} is not JSON (legacy flatmap).`),
      ]),
    };
  }
  try {
    // Schema versions never changed here, so upgrading is re-reading the JSON with the current schema.
    return { upgraded_state: dynamic(decodeJsonObject(raw.json, block), block), diagnostics: [] };
  } catch (err) {
    return { diagnostics: diagnosticsOf([thrownDiagnostic("the stored state", err)]) };
  }
}

async function configure(s: Service, req: Req): Promise<Res> {
  try {
    const config = decodeDynamic(req.config, s.schema.provider.block) ?? {};
    const result = await s.configure(config, typeof req.terraform_version === "string" ? req.terraform_version : "");
    s.ctx = result.ctx;
    return { diagnostics: diagnosticsOf(result.diagnostics) };
  } catch (err) {
    return { diagnostics: diagnosticsOf([thrownDiagnostic("Configure", err)]) };
  }
}

async function readResource(s: Service, req: Req): Promise<Res> {
  const keep = { new_state: req.current_state, private: req.private };
  const call = callOn<ResourceImpl>(s, "resource", req, keep);
  if ("answer" in call) return call.answer;
  const { typeName, block, impl, ctx } = call;
  try {
    const current = decodeDynamic(req.current_state, block);
    if (current === null) return { ...keep, diagnostics: [] };
    const result = await impl.read(current, ctx);
    return {
      new_state: dynamic(afterRead(block, current, result.state, impl.defaults), block),
      private: req.private,
      diagnostics: diagnosticsOf(result.diagnostics),
    };
  } catch (err) {
    return failedCall(s, "ReadResource", typeName, `Reading ${typeName}`, err, keep);
  }
}

function planResource(s: Service, req: Req): Res {
  const typeName = String(req.type_name);
  const block = blockOf(s, "resource", typeName);
  if (!block) return unknownType("resource", typeName);
  try {
    const prior = decodeDynamic(req.prior_state, block);
    const proposed = decodeDynamic(req.proposed_new_state, block);
    const config = decodeDynamic(req.config, block);
    const impl = s.registry.resources.get(typeName);
    if (!impl && proposed !== null) {
      return {
        planned_state: req.proposed_new_state,
        diagnostics: diagnosticsOf([notImplemented("resource", typeName)]),
      };
    }
    const result = planResourceChange({ prior, proposed, config }, block, impl);
    return {
      planned_state: dynamic(result.planned, block),
      requires_replace: (result.requiresReplace ?? []).map((p) => ({
        steps: p.map((name) => ({ attribute_name: name })),
      })),
      planned_private: req.prior_private,
      diagnostics: diagnosticsOf(result.diagnostics),
      legacy_type_system: LEGACY_TYPE_SYSTEM,
    };
  } catch (err) {
    return failedCall(s, "PlanResourceChange", typeName, `Planning ${typeName}`, err);
  }
}

async function applyResource(s: Service, req: Req): Promise<Res> {
  // On failure Terraform keeps what new_state says: the prior state is the safe answer.
  const keep = { new_state: req.prior_state, private: req.planned_private };
  const call = callOn<ResourceImpl>(s, "resource", req, keep);
  if ("answer" in call) return call.answer;
  const { typeName, block, impl, ctx } = call;
  try {
    const prior = decodeDynamic(req.prior_state, block);
    const planned = decodeDynamic(req.planned_state, block);
    const config = decodeDynamic(req.config, block);
    const result = await impl.apply({ prior, planned, config }, ctx);
    return {
      new_state: dynamic(afterApply(block, planned, result.state), block),
      private: req.planned_private,
      diagnostics: diagnosticsOf(result.diagnostics),
      legacy_type_system: LEGACY_TYPE_SYSTEM,
    };
  } catch (err) {
    return failedCall(s, "ApplyResourceChange", typeName, `Applying ${typeName}`, err, keep);
  }
}

async function importResourceState(s: Service, req: Req): Promise<Res> {
  const call = callOn<ResourceImpl>(s, "resource", req, {});
  if ("answer" in call) return call.answer;
  const { typeName, block, impl, ctx } = call;
  try {
    const result = await impl.importState(String(req.id), ctx);
    const imported = result.state === null ? [] : [{ type_name: typeName, state: dynamic(result.state, block) }];
    return { imported_resources: imported, diagnostics: diagnosticsOf(result.diagnostics) };
  } catch (err) {
    return failedCall(s, "ImportResourceState", typeName, `Importing ${typeName}`, err);
  }
}

async function readDataSource(s: Service, req: Req): Promise<Res> {
  const call = callOn<DataSourceImpl>(s, "data source", req, {});
  if ("answer" in call) return call.answer;
  const { typeName, block, impl, ctx } = call;
  try {
    const config = decodeDynamic(req.config, block) ?? {};
    const result = await impl.read(config, ctx);
    const diagnostics = [...(result.diagnostics ?? [])];
    if (result.state === null && !diagnostics.some((d) => d.severity === "error")) {
      diagnostics.push(errorDiag(`${typeName} returned no state`, "A data source must return an object."));
    }
    return {
      ...(result.state === null ? {} : { state: dynamic(result.state, block) }),
      diagnostics: diagnosticsOf(diagnostics),
    };
  } catch (err) {
    return failedCall(s, "ReadDataSource", typeName, `Reading data source ${typeName}`, err);
  }
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

export function stack(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
