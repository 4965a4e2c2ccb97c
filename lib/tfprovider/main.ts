/**
 * The provider process: checks it was launched by Terraform, makes its certificate, serves gRPC and prints the
 * go-plugin handshake line. stdout carries that one line and nothing else; logs go to stderr as hclog JSON lines,
 * which go-plugin re-logs at their level (so they show with TF_LOG).
 */
import { createProviderContext } from "./context";
import type { Env } from "./handshake";
import { handshakeLine, hasMagicCookie, hostAcceptsProtocol, NOT_A_PLUGIN_MESSAGE, portRange } from "./handshake";
import { createRegistry } from "./registry";
import { loadProviderSchema } from "./schema";
import { startPluginServer } from "./server";
import { createProviderService } from "./service";
import { generateServerCertificate } from "./tls";

type Level = "trace" | "debug" | "info" | "warn" | "error";

function log(level: Level, message: string): void {
  const line = {
    "@level": level,
    "@message": message,
    "@module": "genesyscloud",
    "@timestamp": new Date().toISOString(),
  };
  process.stderr.write(`${JSON.stringify(line)}\n`);
}

/** Runs the plugin; resolves with the exit code when it should stop before serving, else serves until shutdown. */
export async function main(env: Env = process.env): Promise<number | undefined> {
  if (!hasMagicCookie(env)) {
    process.stderr.write(NOT_A_PLUGIN_MESSAGE);
    return 1;
  }
  if (!hostAcceptsProtocol(env)) {
    log("warn", `the host asks for plugin protocols ${env.PLUGIN_PROTOCOL_VERSIONS}; this provider speaks 5 only`);
  }
  const clientCertPem = env.PLUGIN_CLIENT_CERT;
  const cert = clientCertPem ? await generateServerCertificate() : undefined;
  const schema = loadProviderSchema();
  const provider = createProviderService({
    schema,
    registry: createRegistry(),
    log,
    configure: (config) => createProviderContext(config, process.env),
  });
  const server = await startPluginServer({
    provider,
    ...(cert && clientCertPem ? { tls: { certPem: cert.certPem, keyPem: cert.keyPem, clientCertPem } } : {}),
    ports: portRange(env),
    log,
    onShutdown: () => void server.close().then(() => process.exit(0)),
  });
  log("debug", `plugin address: network=tcp address=${server.address}`);
  process.stdout.write(handshakeLine(server.address, cert?.der ?? new Uint8Array()));
  // From here on stdout belongs to the protocol: anything else written to it would only confuse the host.
  const toStderr: typeof process.stdout.write = process.stderr.write.bind(process.stderr);
  process.stdout.write = toStderr;
  // go-plugin's Serve eats interrupts: Terraform forwards Ctrl-C to the process group and then calls Stop itself.
  process.on("SIGINT", () => log("trace", "plugin received interrupt signal, ignoring"));
  return undefined;
}
