/**
 * Gateway rules, one home for gcguard's connection settings (lib/genesys/config.ts) and the emulator-backed
 * Terraform provider (lib/tfprovider/context.ts): the GENESYSCLOUD_GATEWAY_* variables, and how host, port,
 * protocol and path parameters become the API and login URLs, as the provider's Go SDK builds them
 * (docs/terraform-provider.md §1.1, §1.3; platform-client-sdk-go apiclient.go getConfUrl).
 */

/** The provider's gateway variables (provider_env.go), each the env default of one `gateway` block attribute. */
export const GATEWAY_ENV = {
  host: "GENESYSCLOUD_GATEWAY_HOST",
  port: "GENESYSCLOUD_GATEWAY_PORT",
  protocol: "GENESYSCLOUD_GATEWAY_PROTOCOL",
  pathName: "GENESYSCLOUD_GATEWAY_PATH_NAME",
  pathValue: "GENESYSCLOUD_GATEWAY_PATH_VALUE",
} as const;

/** One gateway path parameter, as the provider's `gateway.path_params` (docs/terraform-provider.md §1.1, §1.3). */
export interface GatewayPathParam {
  /** `api` (prefix for API paths) or `login` (prefix for `/oauth/token`); the SDK ignores any other name. */
  readonly name: string;
  /** The prefix; surrounding spaces and slashes are trimmed, as the SDK does (apiclient.go getConfUrl). */
  readonly value: string;
}

/** A gateway in front of Genesys Cloud (or the local emulator), as the provider's `gateway` block. */
export interface GatewayOptions {
  /** Host name or IP address, without scheme, port or path. */
  readonly host: string;
  /**
   * Port. As in the provider, 80 and 443 are left out of the URL and any other port is appended.
   * @default - none: the protocol's default port (the provider appends a bare ":", which Go reads the same way)
   */
  readonly port?: number | string;
  /** `http` or `https`. */
  readonly protocol: string;
  /**
   * Path prefixes for API and login requests.
   * @default - no prefixes: API at `/api/v2/...`, OAuth at `/oauth/token`
   */
  readonly pathParams?: readonly GatewayPathParam[];
}

/** The value trimmed, or undefined when nothing is left: an empty variable counts as unset. */
export function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v === undefined || v === "" ? undefined : v;
}

/**
 * A setting's value as messages quote it: in double quotes, with line breaks and control characters escaped
 * (JSON's escapes), so a value pasted with a newline cannot split the one-line message or reach the terminal raw.
 */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** The GENESYSCLOUD_GATEWAY_* variables as set (trimmed; empty ones left out). */
export interface GatewayEnv {
  readonly host?: string;
  readonly port?: string;
  readonly protocol?: string;
  readonly pathName?: string;
  readonly pathValue?: string;
}

export function readGatewayEnv(env: NodeJS.ProcessEnv): GatewayEnv {
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(GATEWAY_ENV)) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The path parameter the variables give: both a name and a value, or none. */
export function gatewayEnvPathParams(gateway: GatewayEnv): GatewayPathParam[] {
  const { pathName, pathValue } = gateway;
  return pathName !== undefined && pathValue !== undefined ? [{ name: pathName, value: pathValue }] : [];
}

/** A path parameter's value as a URL prefix, as getConfUrl: spaces, then slashes trimmed, then one leading slash. */
export function gatewayPrefix(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "" : `/${trimmed}`;
}

/** The `api` and `login` prefixes of a gateway's path parameters; other names are ignored, as the SDK does. */
export function gatewayPrefixes(params: readonly GatewayPathParam[]): { api: string; login: string } {
  const prefixes = { api: "", login: "" };
  for (const param of params) {
    const name = param.name.trim();
    if (name === "api" || name === "login") prefixes[name] = gatewayPrefix(param.value);
  }
  return prefixes;
}

/** §1.3: `<protocol>://<host>[:<port>]`; the port is left out when unset, "80" or "443". */
export function gatewayOrigin(g: { host: string; port?: string | number; protocol: string }): string {
  const port = g.port === undefined || ["", "80", "443"].includes(String(g.port)) ? "" : `:${g.port}`;
  return `${g.protocol}://${g.host}${port}`;
}
