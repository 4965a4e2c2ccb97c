/**
 * The tfplugin5 Provider service over the contract of ./types.ts, and the gRPC server go-plugin expects around it
 * (grpc.health.v1.Health, plugin.GRPCController, plugin.GRPCStdio, plugin.GRPCBroker). The handlers are plain
 * async functions from request message to response message, so tests can call them without a socket.
 */
import path from "node:path";

import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

import { CodecError, decodeJsonObject, decodeObject, encodeObject } from "./codec";
import { afterApply, afterRead } from "./normalize";
import { planResourceChange } from "./plan";
import type { Registry } from "./registry";
import type { JsonBlock, JsonProviderSchema } from "./schema";
import { findSchema, toProtoSchema } from "./schema";
import type { Diagnostic, ObjectValue, ProviderContext } from "./types";

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

type Req = Record<string, unknown>;
type Res = Record<string, unknown>;
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
 * The real provider is built on terraform-plugin-sdk v2 (terraform-provider.md, Sources), which answers plan and
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

/** The tfplugin5.Provider methods. */
export function createProviderService(opts: ProviderServiceOptions): Record<string, Handler> {
  const { schema, registry } = opts;
  const log = opts.log ?? (() => {});
  let ctx: ProviderContext | undefined;
  let protoSchemas: Res | undefined;

  const resourceBlock = (typeName: string) => findSchema(schema, "resource", typeName)?.block;
  const dataBlock = (typeName: string) => findSchema(schema, "data", typeName)?.block;
  const unknownType = (kind: string, typeName: string): Res => ({
    diagnostics: diagnosticsOf([errorDiag(`Unknown ${kind} type`, `This provider has no ${kind} "${typeName}".`)]),
  });
  const notImplemented = (kind: string, typeName: string): Diagnostic =>
    errorDiag(
      `${typeName} is not implemented`,
      `The emulator-backed genesyscloud provider has the schema of the ${kind} "${typeName}" but no implementation of it.`,
    );
  const notConfigured = errorDiag("Provider not configured", "Terraform called the provider before Configure.");

  return {
    async GetSchema() {
      protoSchemas ??= {
        provider: toProtoSchema(schema.provider),
        resource_schemas: mapValues(schema.resource_schemas ?? {}, toProtoSchema),
        data_source_schemas: mapValues(schema.data_source_schemas ?? {}, toProtoSchema),
        diagnostics: [],
        // No plan_destroy: Terraform plans destroys itself (planned null) and never asks.
        server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false },
      };
      return protoSchemas;
    },

    async PrepareProviderConfig(req) {
      return { prepared_config: req.config, diagnostics: [] };
    },

    async ValidateResourceTypeConfig(req) {
      const typeName = String(req.type_name);
      return resourceBlock(typeName) ? { diagnostics: [] } : unknownType("resource", typeName);
    },

    async ValidateDataSourceConfig(req) {
      const typeName = String(req.type_name);
      return dataBlock(typeName) ? { diagnostics: [] } : unknownType("data source", typeName);
    },

    async UpgradeResourceState(req) {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
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
    },

    async Configure(req) {
      try {
        const config = decodeDynamic(req.config, schema.provider.block) ?? {};
        const result = await opts.configure(
          config,
          typeof req.terraform_version === "string" ? req.terraform_version : "",
        );
        ctx = result.ctx;
        return { diagnostics: diagnosticsOf(result.diagnostics) };
      } catch (err) {
        return { diagnostics: diagnosticsOf([thrownDiagnostic("Configure", err)]) };
      }
    },

    async ReadResource(req) {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      if (!block) return unknownType("resource", typeName);
      const keep = { new_state: req.current_state, private: req.private };
      const impl = registry.resources.get(typeName);
      if (!impl) return { ...keep, diagnostics: diagnosticsOf([notImplemented("resource", typeName)]) };
      if (!ctx) return { ...keep, diagnostics: diagnosticsOf([notConfigured]) };
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
        log("error", `ReadResource ${typeName}: ${stack(err)}`);
        return { ...keep, diagnostics: diagnosticsOf([thrownDiagnostic(`Reading ${typeName}`, err)]) };
      }
    },

    async PlanResourceChange(req) {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      if (!block) return unknownType("resource", typeName);
      try {
        const prior = decodeDynamic(req.prior_state, block);
        const proposed = decodeDynamic(req.proposed_new_state, block);
        const config = decodeDynamic(req.config, block);
        const impl = registry.resources.get(typeName);
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
        log("error", `PlanResourceChange ${typeName}: ${stack(err)}`);
        return { diagnostics: diagnosticsOf([thrownDiagnostic(`Planning ${typeName}`, err)]) };
      }
    },

    async ApplyResourceChange(req) {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      if (!block) return unknownType("resource", typeName);
      const impl = registry.resources.get(typeName);
      // On failure Terraform keeps what new_state says: the prior state is the safe answer.
      const keep = { new_state: req.prior_state, private: req.planned_private };
      if (!impl) return { ...keep, diagnostics: diagnosticsOf([notImplemented("resource", typeName)]) };
      if (!ctx) return { ...keep, diagnostics: diagnosticsOf([notConfigured]) };
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
        log("error", `ApplyResourceChange ${typeName}: ${stack(err)}`);
        return { ...keep, diagnostics: diagnosticsOf([thrownDiagnostic(`Applying ${typeName}`, err)]) };
      }
    },

    async ImportResourceState(req) {
      const typeName = String(req.type_name);
      const block = resourceBlock(typeName);
      if (!block) return unknownType("resource", typeName);
      const impl = registry.resources.get(typeName);
      if (!impl) return { diagnostics: diagnosticsOf([notImplemented("resource", typeName)]) };
      if (!ctx) return { diagnostics: diagnosticsOf([notConfigured]) };
      try {
        const result = await impl.importState(String(req.id), ctx);
        const imported = result.state === null ? [] : [{ type_name: typeName, state: dynamic(result.state, block) }];
        return { imported_resources: imported, diagnostics: diagnosticsOf(result.diagnostics) };
      } catch (err) {
        log("error", `ImportResourceState ${typeName}: ${stack(err)}`);
        return { diagnostics: diagnosticsOf([thrownDiagnostic(`Importing ${typeName}`, err)]) };
      }
    },

    async ReadDataSource(req) {
      const typeName = String(req.type_name);
      const block = dataBlock(typeName);
      if (!block) return unknownType("data source", typeName);
      const impl = registry.dataSources.get(typeName);
      if (!impl) return { diagnostics: diagnosticsOf([notImplemented("data source", typeName)]) };
      if (!ctx) return { diagnostics: diagnosticsOf([notConfigured]) };
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
        log("error", `ReadDataSource ${typeName}: ${stack(err)}`);
        return { diagnostics: diagnosticsOf([thrownDiagnostic(`Reading data source ${typeName}`, err)]) };
      }
    },

    async Stop() {
      return { Error: "" };
    },
  };
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, fn: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fn(v)]));
}

function stack(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

// --- gRPC ------------------------------------------------------------------------------------------------------

const PROTO_DIR = path.join(__dirname, "proto");

// Terraform raises gRPC message limits to 256 MiB (hashicorp/terraform internal/plugin/grpc_provider.go).
const MAX_MESSAGE_BYTES = 256 << 20;

interface ServiceDefinitions {
  provider: grpc.ServiceDefinition;
  health: grpc.ServiceDefinition;
  controller: grpc.ServiceDefinition;
  stdio: grpc.ServiceDefinition;
  broker: grpc.ServiceDefinition;
}

let serviceDefinitions: ServiceDefinitions | undefined;

/** The gRPC services, from the .proto files in lib/tfprovider/proto (parsed once per process). */
export function loadServiceDefinitions(): ServiceDefinitions {
  if (serviceDefinitions) return serviceDefinitions;
  const pkg = protoLoader.loadSync(
    ["tfplugin5.proto", "go-plugin.proto", "health.proto"].map((f) => path.join(PROTO_DIR, f)),
    { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: true },
  );
  const service = (name: string) => pkg[name] as grpc.ServiceDefinition;
  return (serviceDefinitions = {
    provider: service("tfplugin5.Provider"),
    health: service("grpc.health.v1.Health"),
    controller: service("plugin.GRPCController"),
    stdio: service("plugin.GRPCStdio"),
    broker: service("plugin.GRPCBroker"),
  });
}

export interface PluginServerOptions {
  readonly provider: Record<string, Handler>;
  /** PEM; without it the server runs without TLS (go-plugin does the same when the host sends no cert). */
  readonly tls?: { readonly certPem: string; readonly keyPem: string; readonly clientCertPem: string };
  readonly ports?: { readonly min: number; readonly max: number };
  /** Listen on this Unix socket instead of a loopback port (lib/tfprovider/hosted.ts). */
  readonly socket?: string;
  /** GRPCController.Shutdown was called: the host is done with us. */
  readonly onShutdown: () => void;
  readonly log?: (level: "trace" | "debug" | "info" | "warn" | "error", message: string) => void;
}

export interface PluginServer {
  readonly server: grpc.Server;
  /** `127.0.0.1:<port>`, or the socket's path when `network` is "unix". */
  readonly address: string;
  readonly network: "tcp" | "unix";
  /** Ends the open streams and stops the server once the calls in flight are answered. */
  close(): Promise<void>;
}

export async function startPluginServer(opts: PluginServerOptions): Promise<PluginServer> {
  const log = opts.log ?? (() => {});
  const defs = loadServiceDefinitions();
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  const openStreams = new Set<
    grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>
  >();

  const unary: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(opts.provider)) {
    unary[name] = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
      const started = Date.now();
      handler(call.request).then(
        (res) => {
          log("trace", `tfplugin5.Provider/${name} done in ${Date.now() - started} ms`);
          callback(null, res);
        },
        (err: unknown) => {
          log("error", `tfplugin5.Provider/${name} failed: ${stack(err)}`);
          callback({ code: grpc.status.INTERNAL, details: err instanceof Error ? err.message : String(err) });
        },
      );
    };
  }
  server.addService(defs.provider, unary);

  server.addService(defs.health, {
    // go-plugin registers its health server with service "plugin" SERVING (grpc_server.go); "" is the server.
    Check(call: grpc.ServerUnaryCall<{ service: string }, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const service = call.request.service;
      if (service === "" || service === "plugin") callback(null, { status: 1 });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
    },
  });

  server.addService(defs.controller, {
    Shutdown(_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      log("debug", "GRPCController/Shutdown: the host is done");
      callback(null, {});
      setImmediate(opts.onShutdown);
    },
  });

  server.addService(defs.stdio, {
    // Everything this plugin says goes to stderr directly, so the stream stays open and empty until the end.
    StreamStdio(call: grpc.ServerWritableStream<unknown, unknown>) {
      openStreams.add(call);
      call.on("cancelled", () => openStreams.delete(call));
    },
  });

  server.addService(defs.broker, {
    // Terraform's providers never broker extra connections; answer nothing and end when the host does.
    StartStream(call: grpc.ServerDuplexStream<unknown, unknown>) {
      openStreams.add(call);
      call.on("data", () => {});
      call.on("end", () => {
        openStreams.delete(call);
        call.end();
      });
      call.on("cancelled", () => openStreams.delete(call));
    },
  });

  const credentials = opts.tls
    ? grpc.ServerCredentials.createSsl(
        Buffer.from(opts.tls.clientCertPem),
        [{ private_key: Buffer.from(opts.tls.keyPem), cert_chain: Buffer.from(opts.tls.certPem) }],
        true,
      )
    : grpc.ServerCredentials.createInsecure();

  const bound = opts.socket
    ? await bindSocket(server, credentials, opts.socket)
    : { network: "tcp" as const, address: `127.0.0.1:${await bindInRange(server, credentials, opts.ports)}` };
  return {
    server,
    ...bound,
    close() {
      for (const call of openStreams) call.end();
      openStreams.clear();
      // Graceful first, so the answer to Shutdown itself still reaches the host.
      return new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 1000);
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      });
    },
  };
}

function bindSocket(
  server: grpc.Server,
  credentials: grpc.ServerCredentials,
  socket: string,
): Promise<{ network: "unix"; address: string }> {
  return new Promise((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, credentials, (err) =>
      err ? reject(err) : resolve({ network: "unix", address: socket }),
    ),
  );
}

async function bindInRange(
  server: grpc.Server,
  credentials: grpc.ServerCredentials,
  range: { min: number; max: number } | undefined,
): Promise<number> {
  const bind = (port: number) =>
    new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
    );
  if (!range) return bind(0);
  let lastError: unknown;
  for (let port = range.min; port <= range.max; port++) {
    try {
      return await bind(port);
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(`no free port in PLUGIN_MIN_PORT..PLUGIN_MAX_PORT (${range.min}..${range.max})`, {
    cause: lastError,
  });
}
