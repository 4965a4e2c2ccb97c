/**
 * Where the Genesys Cloud API is and how to authenticate, resolved once from options and the environment.
 *
 * The environment variables are the Terraform provider's own (docs/terraform-provider.md §1.1), so one secret set
 * serves both gcguard and `terraform apply`. Explicit options win over the environment, setting by setting. Every
 * problem found is reported in one InputError (exit code 2) that names the variable and the fix, and never a secret.
 *
 * Precedence and choices:
 * - Target: `baseUrl` option, else `gateway` option, else the GENESYSCLOUD_GATEWAY_* variables, else the region.
 *   With a target other than the region, the region is optional (validated and reported when set).
 * - Auth: an access token, when set, wins and no OAuth call is made; client id and secret are then ignored, as the
 *   provider does (provider.go InitClientConfig: `if accessToken != "" { config.AccessToken = accessToken }`).
 *   The description says so.
 * - No default region: at v1.84.1 `aws_region` has no default (provider_schema.go `EnvDefaultFunc(..., nil)`);
 *   older releases defaulted to us-east-1, which silently pointed scripts at the wrong org.
 * - Plain http only to loopback hosts, unless allowInsecureHttp / GCGUARD_ALLOW_INSECURE_HTTP=1.
 */
import { inspect, type InspectOptions } from "node:util";

import { InputError } from "../errors";
import { MIN_LITERAL_LENGTH, REDACTED, redactLiterals } from "../redact";
import type { GatewayOptions } from "./gateway";
import { GATEWAY_ENV, nonEmpty, quote } from "./gateway";
import {
  REGIONS,
  normalizeRegion,
  regionApiBaseUrl,
  regionForDomain,
  regionLoginBaseUrl,
  type Region,
} from "./regions";
import type { Target } from "./target";
import { resolveTarget } from "./target";

/**
 * The provider's environment variables (MyPureCloud/terraform-provider-genesyscloud:genesyscloud/provider/
 * provider_env.go and provider_schema.go `EnvDefaultFunc`), plus gcguard's one opt-in.
 */
export const CONNECTION_ENV = {
  clientId: "GENESYSCLOUD_OAUTHCLIENT_ID",
  clientSecret: "GENESYSCLOUD_OAUTHCLIENT_SECRET",
  region: "GENESYSCLOUD_REGION",
  accessToken: "GENESYSCLOUD_ACCESS_TOKEN",
  gatewayHost: GATEWAY_ENV.host,
  gatewayPort: GATEWAY_ENV.port,
  gatewayProtocol: GATEWAY_ENV.protocol,
  gatewayPathName: GATEWAY_ENV.pathName,
  gatewayPathValue: GATEWAY_ENV.pathValue,
  allowInsecureHttp: "GCGUARD_ALLOW_INSECURE_HTTP",
} as const;

/**
 * Older names, read when the GENESYSCLOUD_ one is unset; both set to different values is an error.
 *
 * The provider itself never read any PURECLOUD_ variable: not in v1.84.1 (provider_env.go, provider_schema.go) nor
 * in its first release (genesyscloud/provider.go, GENESYSCLOUD_* only). These names are the Platform SDK example
 * convention (platform-client-sdk-go examples and the JS SDK tests read PURECLOUD_CLIENT_ID / PURECLOUD_CLIENT_SECRET),
 * accepted for scripts written against the SDKs. `PURECLOUD_OAUTHCLIENT_ID/_SECRET` appear nowhere, so are not read.
 * The provider will not see these: a run that works here only through an alias will not work in `terraform apply`.
 */
export const CONNECTION_ENV_ALIASES = {
  clientId: "PURECLOUD_CLIENT_ID",
  clientSecret: "PURECLOUD_CLIENT_SECRET",
  region: "PURECLOUD_REGION",
  accessToken: "PURECLOUD_ACCESS_TOKEN",
} as const;

export interface ConnectionOptions {
  /**
   * Provider region key (`us-east-1`, `eu-west-1`, ...; case-insensitive).
   * @default - GENESYSCLOUD_REGION, else PURECLOUD_REGION; required unless a gateway or baseUrl is set
   */
  readonly region?: string;
  /**
   * Explicit API base URL, e.g. the emulator's `http://127.0.0.1:8080`. OAuth goes to the same origin, or to
   * `login.<domain>` when the host is `api.<domain>`. Wins over any gateway set in the environment.
   * @default - the gateway if one is set, else `https://api.<region domain>`
   */
  readonly baseUrl?: string;
  /** @default - GENESYSCLOUD_OAUTHCLIENT_ID, else PURECLOUD_CLIENT_ID */
  readonly clientId?: string;
  /** @default - GENESYSCLOUD_OAUTHCLIENT_SECRET, else PURECLOUD_CLIENT_SECRET */
  readonly clientSecret?: string;
  /**
   * A bearer token to use instead of the client-credentials grant; when set, client id and secret are ignored.
   * @default - GENESYSCLOUD_ACCESS_TOKEN, else PURECLOUD_ACCESS_TOKEN
   */
  readonly accessToken?: string;
  /**
   * Allow plain http to hosts other than loopback (127.0.0.0/8, ::1, localhost).
   * @default - true when GCGUARD_ALLOW_INSECURE_HTTP is 1 or true, else false
   */
  readonly allowInsecureHttp?: boolean;
  /**
   * Gateway; when given, the GENESYSCLOUD_GATEWAY_* variables are ignored. Not with `baseUrl`.
   * @default - GENESYSCLOUD_GATEWAY_HOST / _PORT / _PROTOCOL / _PATH_NAME / _PATH_VALUE when the host is set
   */
  readonly gateway?: GatewayOptions;
  /**
   * The prefix the variables were read under (a stack's `GCGUARD_<STACK>_`, lib/preflight/credentials.ts), so the
   * description names the variable the user set: it names the client id's variable rather than printing the id.
   * @default - none: the plain variable names
   */
  readonly variablePrefix?: string;
}

export interface ClientCredentialsAuth {
  readonly kind: "client-credentials";
  readonly clientId: string;
  readonly clientSecret: string;
}

export interface AccessTokenAuth {
  readonly kind: "access-token";
  readonly token: string;
}

export type ConnectionAuth = ClientCredentialsAuth | AccessTokenAuth;

/**
 * A resolved connection. It carries the secret, so `auth` and the connection redact it from `JSON.stringify`
 * (`toJSON`) and `util.inspect` / `console.log` (`util.inspect.custom`); spreading keeps `auth` and its redaction.
 */
export interface Connection {
  /** API base URL without trailing slash; requests go to `<it>/api/v2/...`. */
  readonly apiBaseUrl: string;
  /** OAuth base URL without trailing slash; the token endpoint is `<it>/oauth/token`. */
  readonly loginBaseUrl: string;
  readonly auth: ConnectionAuth;
  /** The region, when one was set (also with a gateway or baseUrl). */
  readonly region?: Region;
  /** One line, safe to print: where and as whom; never a secret or token. */
  readonly description: string;
}

/** Loopback hosts, where plain http never leaves the machine: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return octets !== null && octets.slice(1).every((o) => Number(o) <= 255);
}

/** A setting's value and where it came from (an option name or an environment variable), for messages. */
interface Setting {
  readonly value: string;
  readonly source: string;
}

type AliasedKey = keyof typeof CONNECTION_ENV_ALIASES;

/**
 * Resolves the API and login URLs and the credentials. Throws one InputError (exit code 2) listing every problem:
 * missing or contradictory credentials, no or unknown region, a bad gateway or baseUrl, plain http off loopback.
 */
export function resolveConnection(options: ConnectionOptions = {}, env: NodeJS.ProcessEnv = process.env): Connection {
  const problems: string[] = [];
  const settings = readSettings(options, env, problems);
  const { clientId, clientSecret, accessToken, conflicts } = settings;
  const credentialConflict = conflicts.has("clientId") || conflicts.has("clientSecret") || conflicts.has("accessToken");
  const auth = resolveAuth(clientId, clientSecret, accessToken, credentialConflict, problems);
  const region = resolveRegion(settings.region, problems);
  const allowInsecure = resolveAllowInsecure(options.allowInsecureHttp, env, problems);
  const { target, requested } = resolveTarget(options, env, problems);
  const E = CONNECTION_ENV;
  if (!requested && settings.region === undefined && !conflicts.has("region")) {
    problems.push(
      `no Genesys Cloud region is set: set ${E.region} (e.g. us-east-1), or point at a gateway with ` +
        `${E.gatewayHost}, ${E.gatewayPort} and ${E.gatewayProtocol}`,
    );
  }
  if (target !== undefined && target.protocol === "http:" && !allowInsecure && !isLoopbackHost(target.hostname)) {
    problems.push(
      `${target.protocolSource} is http but ${target.hostSource} ${quote(target.hostname)} is not a loopback address: ` +
        `the secret and tokens would cross the network unencrypted; use https, or set ` +
        `${E.allowInsecureHttp}=1 if the network is trusted`,
    );
  }
  if (problems.length > 0 || auth === undefined) {
    const lines = problems.map((p) => redactLiterals(p, settings.secrets));
    if (lines.length <= 1) throw new InputError(lines[0] ?? "Genesys credentials are not set");
    throw new InputError(`Genesys connection settings have ${lines.length} problems; fix them and run again`, {
      problems: lines,
    });
  }
  return connectionTo(target, region, auth, settings);
}

/** The aliased settings, where each came from, the keys whose variables disagree, and the secrets to redact. */
interface Settings {
  readonly clientId?: Setting;
  readonly clientSecret?: Setting;
  readonly accessToken?: Setting;
  readonly region?: Setting;
  readonly conflicts: ReadonlySet<AliasedKey>;
  readonly secrets: readonly string[];
}

function readSettings(options: ConnectionOptions, env: NodeJS.ProcessEnv, problems: string[]): Settings {
  const secrets: string[] = [];
  const conflicts = new Set<AliasedKey>();
  const prefix = options.variablePrefix ?? "";
  const setting = (key: AliasedKey, option: string | undefined, secret: boolean): Setting | undefined => {
    const explicit = nonEmpty(option);
    const primary = CONNECTION_ENV[key];
    const alias = CONNECTION_ENV_ALIASES[key];
    const a = nonEmpty(env[primary]);
    const b = nonEmpty(env[alias]);
    // Defence in depth: messages never interpolate secrets, but a secret pasted into another setting (a client id
    // equal to the secret) is still caught. Shorter values (test dummies like "t") would mangle ordinary words.
    if (secret)
      secrets.push(...[explicit, a, b].filter((v): v is string => v !== undefined && v.length >= MIN_LITERAL_LENGTH));
    if (explicit !== undefined) return { value: explicit, source: `the ${key} option` };
    if (a !== undefined && b !== undefined && !sameValue(key, a, b)) {
      problems.push(
        // A client id is not quoted either: with the id and secret variables swapped, the id is the secret.
        secret || key === "clientId"
          ? `${primary} and ${alias} are both set, to different values; unset ${alias} (gcguard and the provider read ${primary})`
          : `${primary} "${a}" and ${alias} "${b}" disagree; unset ${alias} (gcguard and the provider read ${primary})`,
      );
      conflicts.add(key);
      return undefined;
    }
    if (a !== undefined) return { value: a, source: `${prefix}${primary}` };
    if (b !== undefined) return { value: b, source: `${prefix}${alias}` };
    return undefined;
  };
  const found = {
    clientId: setting("clientId", options.clientId, false),
    clientSecret: setting("clientSecret", options.clientSecret, true),
    accessToken: setting("accessToken", options.accessToken, true),
    region: setting("region", options.region, false),
  };
  const present = Object.fromEntries(Object.entries(found).filter(([, v]) => v !== undefined));
  return { ...present, conflicts, secrets };
}

/** The connection once every setting checked out: to the target if one was set, else to the region. */
function connectionTo(
  target: Target | undefined,
  region: Region | undefined,
  auth: { value: ConnectionAuth; tokenSource?: string },
  settings: Settings,
): Connection {
  let apiBaseUrl: string;
  let loginBaseUrl: string;
  let where: string;
  if (target !== undefined) {
    ({ apiBaseUrl, loginBaseUrl } = target);
    where = `${target.kind === "gateway" ? "via gateway" : "at"} ${apiBaseUrl}${region ? ` (region ${region})` : ""}`;
  } else {
    const r = region as Region; // no target and no problems means a valid region
    apiBaseUrl = regionApiBaseUrl(r);
    loginBaseUrl = regionLoginBaseUrl(r);
    where = `${r} (${apiBaseUrl})`;
  }
  const description = redactLiterals(
    `Genesys Cloud ${where} ${describeAuth(auth, settings.clientId, settings.clientSecret)}`,
    settings.secrets,
  );
  return makeConnection({ apiBaseUrl, loginBaseUrl, auth: auth.value, region, description });
}

function sameValue(key: AliasedKey, a: string, b: string): boolean {
  return key === "region" ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function resolveAuth(
  clientId: Setting | undefined,
  clientSecret: Setting | undefined,
  accessToken: Setting | undefined,
  conflict: boolean,
  problems: string[],
): { value: ConnectionAuth; tokenSource?: string } | undefined {
  const E = CONNECTION_ENV;
  if (accessToken !== undefined) {
    return { value: { kind: "access-token", token: accessToken.value }, tokenSource: accessToken.source };
  }
  if (clientId !== undefined && clientSecret !== undefined) {
    return { value: { kind: "client-credentials", clientId: clientId.value, clientSecret: clientSecret.value } };
  }
  if (conflict) return undefined; // already reported; "not set" would be misleading
  if (clientId !== undefined) {
    problems.push(
      `Genesys credentials are incomplete: ${E.clientSecret} is not set (the client id comes from ${clientId.source}); ` +
        `set it, or set ${E.accessToken} instead`,
    );
  } else if (clientSecret !== undefined) {
    problems.push(
      `Genesys credentials are incomplete: ${E.clientId} is not set (a client secret comes from ${clientSecret.source}); ` +
        `set it, or set ${E.accessToken} instead`,
    );
  } else {
    problems.push(
      `Genesys credentials are not set: set ${E.clientId} and ${E.clientSecret} (an OAuth client with the ` +
        `client-credentials grant), or set ${E.accessToken}`,
    );
  }
  return undefined;
}

function describeAuth(
  auth: { value: ConnectionAuth; tokenSource?: string },
  clientId: Setting | undefined,
  clientSecret: Setting | undefined,
): string {
  // The id is named by its variable, never printed: with the id and secret variables swapped (a common slip) the
  // "id" is the secret, and nothing in the two values tells which is which.
  if (auth.value.kind === "client-credentials")
    return `as the OAuth client in ${clientId?.source ?? "the clientId option"}`;
  const ignored = [clientId?.source, clientSecret?.source].filter((s) => s !== undefined);
  return (
    `with an access token from ${auth.tokenSource}` +
    (ignored.length > 0 ? `; ${ignored.join(" and ")} ignored because an access token is set` : "")
  );
}

function resolveRegion(setting: Setting | undefined, problems: string[]): Region | undefined {
  if (setting === undefined) return undefined;
  const region = normalizeRegion(setting.value);
  if (region !== undefined) return region;
  const byDomain = regionForDomain(setting.value);
  const dashed = normalizeRegion(setting.value.replace(/_/g, "-"));
  const hint =
    byDomain !== undefined
      ? ` (${quote(setting.value)} is a domain; its region key is ${byDomain})`
      : dashed !== undefined
        ? ` (did you mean ${dashed}?)`
        : "";
  problems.push(
    `${setting.source} ${quote(setting.value)} is not a Genesys Cloud region${hint}; use one of ${REGIONS.join(", ")}`,
  );
  return undefined;
}

function resolveAllowInsecure(option: boolean | undefined, env: NodeJS.ProcessEnv, problems: string[]): boolean {
  if (option !== undefined) return option;
  const name = CONNECTION_ENV.allowInsecureHttp;
  const raw = nonEmpty(env[name])?.toLowerCase();
  if (raw === undefined || raw === "0" || raw === "false") return false;
  if (raw === "1" || raw === "true") return true;
  problems.push(
    `${name} ${quote(env[name] ?? "")} is not 1 or 0; set it to 1 to allow plain http off loopback, or unset it`,
  );
  return false;
}

/** The redacted view of an auth, for JSON and inspection. */
function redactedAuth(auth: ConnectionAuth): Record<string, string> {
  return auth.kind === "client-credentials"
    ? { kind: auth.kind, clientId: REDACTED, clientSecret: REDACTED } // the id is the secret when the two are swapped
    : { kind: auth.kind, token: REDACTED };
}

/** Adds non-enumerable `toJSON` and `util.inspect.custom` returning `view()`, and freezes. */
function withRedaction<T extends object>(target: T, view: () => Record<string, unknown>): T {
  Object.defineProperties(target, {
    toJSON: { value: view },
    [inspect.custom]: {
      value: (_depth: number, opts: InspectOptions, insp: typeof inspect = inspect) => insp(view(), opts),
    },
  });
  return Object.freeze(target);
}

function makeConnection(fields: {
  apiBaseUrl: string;
  loginBaseUrl: string;
  auth: ConnectionAuth;
  region: Region | undefined;
  description: string;
}): Connection {
  const auth = withRedaction({ ...fields.auth }, () => redactedAuth(fields.auth));
  const connection: Connection = {
    apiBaseUrl: fields.apiBaseUrl,
    loginBaseUrl: fields.loginBaseUrl,
    auth,
    ...(fields.region !== undefined ? { region: fields.region } : {}),
    description: fields.description,
  };
  return withRedaction(connection, () => ({ ...connection, auth: redactedAuth(fields.auth) }));
}
