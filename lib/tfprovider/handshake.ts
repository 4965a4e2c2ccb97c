/**
 * The go-plugin handshake as Terraform drives it (hashicorp/go-plugin server.go, Serve and protocolVersion):
 * the host sets a magic cookie, the protocol versions it speaks and its client certificate in the environment;
 * the plugin prints one line `CORE|APP|NETWORK|ADDR|PROTOCOL|CERT` on stdout and then serves gRPC there.
 */

// The handshake cookie every Terraform provider serves with
// (hashicorp/terraform-plugin-sdk plugin/serve.go, Handshake).
export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/** go-plugin's CoreProtocolVersion (server.go). */
export const CORE_PROTOCOL_VERSION = 1;
/** The Terraform plugin protocol this provider serves (tfplugin5). */
export const APP_PROTOCOL_VERSION = 5;

/** Word for word what go-plugin's Serve prints when the cookie is missing (server.go). */
export const NOT_A_PLUGIN_MESSAGE =
  "This binary is a plugin. These are not meant to be executed directly.\n" +
  "Please execute the program that consumes these plugins, which will\n" +
  "load any plugins automatically\n";

export type Env = Readonly<Record<string, string | undefined>>;

export function hasMagicCookie(env: Env): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * Whether the host accepts protocol 5. go-plugin's server answers with its own version anyway when there is no
 * match (leaving the client to report it), and so do we; this is for a clear log line.
 */
export function hostAcceptsProtocol(env: Env, version = APP_PROTOCOL_VERSION): boolean {
  const list = env.PLUGIN_PROTOCOL_VERSIONS;
  if (!list) return true;
  return list.split(",").some((v) => Number(v.trim()) === version);
}

/** The port range to listen in: PLUGIN_MIN_PORT..PLUGIN_MAX_PORT, or any free port (0) when unset. */
export function portRange(env: Env): { min: number; max: number } | undefined {
  const min = Number(env.PLUGIN_MIN_PORT ?? "");
  const max = Number(env.PLUGIN_MAX_PORT ?? "");
  if (!env.PLUGIN_MIN_PORT || !env.PLUGIN_MAX_PORT || !Number.isInteger(min) || !Number.isInteger(max)) {
    return undefined;
  }
  if (min < 1 || max > 65535 || min > max) return undefined;
  return { min, max };
}

/**
 * The one line the plugin prints on stdout. go-plugin sends the leaf certificate's DER as base64
 * RawStdEncoding (no padding), "since the protocol can't handle newlines" (server.go).
 */
export function handshakeLine(address: string, certDer: Uint8Array): string {
  const cert = Buffer.from(certDer).toString("base64").replace(/=+$/, "");
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|tcp|${address}|grpc|${cert}\n`;
}
