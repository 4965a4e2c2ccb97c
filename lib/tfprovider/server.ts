/**
 * The gRPC server go-plugin expects around the tfplugin5 Provider service of ./service.ts: grpc.health.v1.Health,
 * plugin.GRPCController, plugin.GRPCStdio and plugin.GRPCBroker, on a loopback port or a Unix socket.
 */
import path from "node:path";

import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

import type { Handler, Req, Res } from "./service";
import { stack } from "./service";

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

type OpenStream = grpc.ServerWritableStream<unknown, unknown> | grpc.ServerDuplexStream<unknown, unknown>;

export async function startPluginServer(opts: PluginServerOptions): Promise<PluginServer> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
  });
  const openStreams = new Set<OpenStream>();
  addProvider(server, opts);
  addGoPluginServices(server, opts, openStreams);
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
  return { server, ...bound, close: () => closeServer(server, openStreams) };
}

/** The Provider service: each handler a unary call, timed in the trace log; a handler that throws is INTERNAL. */
function addProvider(server: grpc.Server, opts: PluginServerOptions): void {
  const log = opts.log ?? (() => {});
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
  server.addService(loadServiceDefinitions().provider, unary);
}

/** The services go-plugin's host talks to besides the provider's own. */
function addGoPluginServices(server: grpc.Server, opts: PluginServerOptions, openStreams: Set<OpenStream>): void {
  const log = opts.log ?? (() => {});
  const defs = loadServiceDefinitions();
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
}

/** Ends the open streams, then shuts down: gracefully first, so the answer to Shutdown itself reaches the host. */
function closeServer(server: grpc.Server, openStreams: Set<OpenStream>): Promise<void> {
  for (const call of openStreams) call.end();
  openStreams.clear();
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
