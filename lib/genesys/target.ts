/**
 * Where gcguard's requests go when it is not the region's own API: an explicit `baseUrl`, or a gateway from the
 * options or the GENESYSCLOUD_GATEWAY_* variables (URL rules in lib/genesys/gateway.ts). Every setting is checked
 * here and each problem reported, naming the option or variable to fix, for resolveConnection's one InputError.
 */
import { loginBaseUrlFor } from "./regions";
import type { GatewayEnv, GatewayOptions, GatewayPathParam } from "./gateway";
import {
  GATEWAY_ENV,
  gatewayEnvPathParams,
  gatewayOrigin,
  gatewayPrefix,
  nonEmpty,
  quote,
  readGatewayEnv,
} from "./gateway";

/** A resolved gateway or baseUrl target. */
export interface Target {
  readonly kind: "gateway" | "baseUrl";
  readonly apiBaseUrl: string;
  readonly loginBaseUrl: string;
  readonly protocol: "http:" | "https:";
  /** Host as in the URL, without brackets. */
  readonly hostname: string;
  /** Names for messages. */
  readonly protocolSource: string;
  readonly hostSource: string;
}

/**
 * The target the options and variables ask for, in this order: `baseUrl` option, `gateway` option, gateway
 * variables. `requested` says whether any was asked for, even when it had problems (then the region is optional).
 */
export function resolveTarget(
  options: { readonly baseUrl?: string; readonly gateway?: GatewayOptions },
  env: NodeJS.ProcessEnv,
  problems: string[],
): { target?: Target; requested: boolean } {
  const gatewayEnv = readGatewayEnv(env);
  const requested =
    options.baseUrl !== undefined || options.gateway !== undefined || Object.keys(gatewayEnv).length > 0;
  let target: Target | undefined;
  if (options.baseUrl !== undefined && options.gateway !== undefined) {
    problems.push("both the baseUrl and the gateway options are set; pass one of them");
  } else if (options.baseUrl !== undefined) {
    target = resolveBaseUrl(options.baseUrl, problems);
  } else if (options.gateway !== undefined) {
    const g = options.gateway;
    const input = {
      host: nonEmpty(g.host),
      port: g.port,
      protocol: nonEmpty(g.protocol),
      pathParams: g.pathParams ?? [],
    };
    target = resolveGateway(input, GATEWAY_OPTION_NAMES, problems);
  } else {
    target = gatewayFromEnv(gatewayEnv, problems);
  }
  return { ...(target ? { target } : {}), requested };
}

function resolveBaseUrl(raw: string, problems: string[]): Target | undefined {
  const fix = "give an absolute URL such as https://api.mypurecloud.com or http://127.0.0.1:8080";
  if (!raw.includes("://")) {
    problems.push(`baseUrl ${quote(raw)} has no http:// or https://; ${fix}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    problems.push(`baseUrl ${quote(raw)} is not a URL; ${fix}`);
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    problems.push(`baseUrl ${quote(raw)} is not http or https; ${fix}`);
  }
  if (url.username !== "" || url.password !== "") {
    problems.push("baseUrl contains credentials; remove them and pass clientId/clientSecret or accessToken");
  }
  if (url.search !== "" || url.hash !== "") {
    problems.push(`baseUrl "${url.origin}${url.pathname}..." has a query or fragment; remove it`);
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (/\/api\/v2$/i.test(path)) {
    problems.push(`baseUrl "${url.origin}${url.pathname}" ends in /api/v2; leave it out (requests add /api/v2/...)`);
  }
  if (problems.length > before) return undefined;
  const apiBaseUrl = url.origin + path;
  return {
    kind: "baseUrl",
    apiBaseUrl,
    loginBaseUrl: loginBaseUrlFor(apiBaseUrl),
    protocol: url.protocol as "http:" | "https:",
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    protocolSource: "baseUrl",
    hostSource: "baseUrl host",
  };
}

/** What the settings of a gateway are called where they came from, for messages. */
interface GatewayNames {
  readonly host: string;
  readonly port: string;
  readonly protocol: string;
  readonly pathParams: string;
}

const GATEWAY_OPTION_NAMES: GatewayNames = {
  host: "gateway.host",
  port: "gateway.port",
  protocol: "gateway.protocol",
  pathParams: "gateway.pathParams",
};

const GATEWAY_ENV_NAMES: GatewayNames = {
  host: GATEWAY_ENV.host,
  port: GATEWAY_ENV.port,
  protocol: GATEWAY_ENV.protocol,
  pathParams: `${GATEWAY_ENV.pathName}/_PATH_VALUE`,
};

interface GatewayInput {
  readonly host: string | undefined;
  readonly port: number | string | undefined;
  readonly protocol: string | undefined;
  readonly pathParams: readonly GatewayPathParam[];
}

/**
 * The gateway from GENESYSCLOUD_GATEWAY_*. The provider uses a gateway only when its host is set (apiclient.go
 * CallAPI: `GateWayConfiguration.Host != ""`); a port, protocol or path without a host is refused here rather than
 * silently ignored.
 */
function gatewayFromEnv(gateway: GatewayEnv, problems: string[]): Target | undefined {
  const E = GATEWAY_ENV;
  const { host, port, protocol, pathName, pathValue } = gateway;
  if (host === undefined) {
    const stray = (
      [
        [E.port, port],
        [E.protocol, protocol],
        [E.pathName, pathName],
        [E.pathValue, pathValue],
      ] as const
    )
      .filter(([, v]) => v !== undefined)
      .map(([n]) => n);
    if (stray.length > 0) {
      problems.push(
        `${stray.join(" and ")} ${stray.length === 1 ? "is" : "are"} set but ${E.host} is not, so there is ` +
          `no gateway; set ${E.host}, or unset ${stray.length === 1 ? "it" : "them"}`,
      );
    }
    return undefined;
  }
  if ((pathName === undefined) !== (pathValue === undefined)) {
    const [set, unset] = pathName !== undefined ? [E.pathName, E.pathValue] : [E.pathValue, E.pathName];
    problems.push(`${set} is set but ${unset} is not; set both (a path parameter needs a name and a value) or neither`);
  }
  return resolveGateway(
    { host, port, protocol, pathParams: gatewayEnvPathParams(gateway) },
    GATEWAY_ENV_NAMES,
    problems,
  );
}

/**
 * Checks a gateway and builds its URLs as the SDK does (docs/terraform-provider.md §1.3, lib/genesys/gateway.ts):
 * API requests at `<origin><api prefix>/api/v2/...`, OAuth at `<origin><login prefix>/oauth/token`.
 */
function resolveGateway(input: GatewayInput, names: GatewayNames, problems: string[]): Target | undefined {
  const before = problems.length;
  const protocol = checkProtocol(input.protocol, names, problems);
  const port = checkPort(input.port, protocol, names, problems);
  const host = checkHost(input.host, names, problems);
  const prefixes = checkPrefixes(input.pathParams, names, problems);
  if (problems.length > before || host === undefined || protocol === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(gatewayOrigin({ protocol, host, port }));
  } catch {
    problems.push(
      `${names.host} ${quote(input.host ?? "")} is not a host name or IP address; set it to e.g. 127.0.0.1`,
    );
    return undefined;
  }
  return {
    kind: "gateway",
    apiBaseUrl: url.origin + prefixes.api,
    loginBaseUrl: url.origin + prefixes.login,
    protocol: url.protocol as "http:" | "https:",
    hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    protocolSource: names.protocol,
    hostSource: names.host,
  };
}

function checkProtocol(raw: string | undefined, names: GatewayNames, problems: string[]): string | undefined {
  const protocol = raw?.toLowerCase(); // Go's url.Parse lowercases the scheme too
  if (protocol === undefined) {
    problems.push(`${names.protocol} is not set; set it to https, or http for a local emulator`);
  } else if (protocol !== "http" && protocol !== "https") {
    problems.push(
      `${names.protocol} ${quote(raw ?? "")} is not http or https; set it to https, or http for a local emulator`,
    );
  }
  return protocol;
}

/** The port, if valid; refused when 80 or 443 would be left out of the URL under the other protocol. */
function checkPort(
  raw: number | string | undefined,
  protocol: string | undefined,
  names: GatewayNames,
  problems: string[],
): number | undefined {
  const given = typeof raw === "string" ? nonEmpty(raw) : raw;
  if (given === undefined) return undefined;
  const text = String(given);
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    problems.push(
      `${names.port} ${quote(text)} is not a port number (1-65535); set it to the gateway's port, e.g. 8080`,
    );
    return undefined;
  }
  if ((protocol === "http" && port === 443) || (protocol === "https" && port === 80)) {
    problems.push(
      `${names.port} is ${port} with ${names.protocol} ${protocol}: the provider leaves ports 80 and 443 out of the ` +
        `gateway URL, so requests would go to port ${port === 443 ? 80 : 443}; ` +
        `use ${port === 443 ? "https" : "http"}, or another port`,
    );
  }
  return port;
}

/** The host as it goes into the URL (an IPv6 address bracketed, which the provider would not do), if valid. */
function checkHost(raw: string | undefined, names: GatewayNames, problems: string[]): string | undefined {
  if (raw === undefined) {
    problems.push(`${names.host} is not set; set it to the gateway's host name or IP address, e.g. 127.0.0.1`);
  } else if (raw.includes("://") || raw.includes("/")) {
    problems.push(
      `${names.host} ${quote(raw)} is not a bare host: give the host only (e.g. 127.0.0.1), the scheme in ` +
        `${names.protocol} and the port in ${names.port}`,
    );
  } else if (/^[^:[\]]+:\d*$/.test(raw)) {
    problems.push(`${names.host} ${quote(raw)} includes a port; put the port in ${names.port}`);
  } else if (/^\[[0-9a-f:.]+\]$/i.test(raw) || /^[0-9a-f.]*:[0-9a-f.]*:[0-9a-f:.]*$/i.test(raw)) {
    return raw.startsWith("[") ? raw : `[${raw}]`;
  } else if (/^[a-z0-9._-]+$/i.test(raw)) {
    return raw;
  } else {
    problems.push(`${names.host} ${quote(raw)} is not a host name or IP address; set it to e.g. 127.0.0.1`);
  }
  return undefined;
}

/** The api and login prefixes; a name other than those two, or a value that is no URL path, is a problem. */
function checkPrefixes(
  params: readonly GatewayPathParam[],
  names: GatewayNames,
  problems: string[],
): { api: string; login: string } {
  const prefixes = { api: "", login: "" };
  for (const param of params) {
    const name = param.name.trim();
    if (name !== "api" && name !== "login") {
      problems.push(
        `${names.pathParams}: path name ${quote(param.name)} is neither api nor login, the only names the gateway uses; ` +
          "use api (prefix for API requests) or login (prefix for /oauth/token)",
      );
      continue;
    }
    const prefix = gatewayPrefix(param.value);
    if (!/^[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(prefix)) {
      problems.push(
        `${names.pathParams}: path value ${quote(param.value)} for ${name} is not a URL path; use e.g. /genesys`,
      );
      continue;
    }
    prefixes[name] = prefix;
  }
  return prefixes;
}
