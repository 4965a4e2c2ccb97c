/**
 * The table of the environment matrix (test/matrix/bad-env.test.ts): the commands that connect to Genesys, a good
 * environment (the demo emulator as a gateway), and the bad settings of each variable gcguard reads, with the
 * variable the refusal must name. Credentials in bad cases are canaries: no output may ever hold them.
 */
import path from "node:path";

import type { Fixtures } from "./flag-cases";

export const CANARY = {
  id: "canary-client-id-8f3a1c",
  secret: "canary-client-secret-2b7e9d",
  token: "canary-access-token-5d1f0a",
  idp: "canary-idp-token-9c4e27",
} as const;

/** A command that reads the connection, with a command line writing only under `out`. */
export interface EnvCommand {
  readonly name: string;
  readonly argv: (f: Fixtures, out: string) => string[];
  /** Its exit code against the demo org, with the good environment. */
  readonly exit: number;
}

export const ENV_COMMANDS: readonly EnvCommand[] = [
  {
    name: "preflight",
    argv: (f, out) => [
      "preflight",
      "--plan",
      `acme=${f.plan}`,
      "--no-progress",
      "--format",
      `json=${path.join(out, "r.json")}`,
    ],
    exit: 0,
  },
  {
    name: "scim diff",
    argv: (f, out) => ["scim", "diff", "--export", f.groups, "--no-progress", "-o", path.join(out, "r.txt")],
    exit: 1,
  },
  { name: "scim users", argv: (f) => ["scim", "users", "--export", f.users, "--no-progress"], exit: 1 },
  { name: "snapshot", argv: (_f, out) => ["snapshot", "--out", path.join(out, "org.json")], exit: 0 },
  {
    name: "resolve",
    argv: (f, out) => ["resolve", f.log, "--out", out],
    exit: 1,
  },
];

type Env = Readonly<Record<string, string | undefined>>;

/** The demo emulator as the provider's gateway, with the CI client of the demo org. */
export function goodEnv(url: string): Record<string, string> {
  const { hostname, port } = new URL(url);
  return {
    GENESYSCLOUD_GATEWAY_HOST: hostname,
    GENESYSCLOUD_GATEWAY_PORT: port,
    GENESYSCLOUD_GATEWAY_PROTOCOL: "http",
    GENESYSCLOUD_REGION: "us-east-1",
    GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci",
  };
}

/** Canary credentials: a refused environment is refused before any login, so they never matter. */
const CANARIES: Env = {
  GENESYSCLOUD_OAUTHCLIENT_ID: CANARY.id,
  GENESYSCLOUD_OAUTHCLIENT_SECRET: CANARY.secret,
};

/** A bad environment: what changes from the good one (undefined unsets), and the variable the refusal names. */
export interface BadEnv {
  readonly name: string;
  readonly change: Env;
  readonly names: string;
  /** Only for these commands (a stack's own variables are preflight's). @default every command */
  readonly only?: readonly string[];
  /** Not for these commands, whose answer differs by design (test/matrix/bad-env.test.ts says how). */
  readonly notFor?: readonly string[];
}

const G = {
  host: "GENESYSCLOUD_GATEWAY_HOST",
  port: "GENESYSCLOUD_GATEWAY_PORT",
  protocol: "GENESYSCLOUD_GATEWAY_PROTOCOL",
  pathName: "GENESYSCLOUD_GATEWAY_PATH_NAME",
  pathValue: "GENESYSCLOUD_GATEWAY_PATH_VALUE",
} as const;
const ID = "GENESYSCLOUD_OAUTHCLIENT_ID";
const SECRET = "GENESYSCLOUD_OAUTHCLIENT_SECRET";
const REGION = "GENESYSCLOUD_REGION";

const bad = (name: string, names: string, change: Env): BadEnv => ({ name, names, change: { ...CANARIES, ...change } });

export const BAD_ENV: readonly BadEnv[] = [
  bad("an unknown region", REGION, { [REGION]: "mars-1" }),
  bad("a region given as a domain", REGION, { [REGION]: "mypurecloud.ie" }),
  bad("an unknown region, no gateway", REGION, {
    [G.host]: undefined,
    [G.port]: undefined,
    [G.protocol]: undefined,
    [REGION]: "mars-1",
  }),
  bad("no region and no gateway", REGION, {
    [G.host]: undefined,
    [G.port]: undefined,
    [G.protocol]: undefined,
    [REGION]: undefined,
  }),
  bad("an empty region and no gateway", REGION, {
    [G.host]: undefined,
    [G.port]: undefined,
    [G.protocol]: undefined,
    [REGION]: "",
  }),
  ...["abc", "0", "70000", "-1", "1.5", "1e3", "8080 8081"].map((port) =>
    bad(`the gateway port "${port}"`, G.port, { [G.port]: port }),
  ),
  bad("the gateway protocol ftp", G.protocol, { [G.protocol]: "ftp" }),
  bad("an empty gateway protocol", G.protocol, { [G.protocol]: "" }),
  bad("a gateway host with a path", G.host, { [G.host]: "127.0.0.1/api" }),
  bad("a gateway host with a scheme", G.host, { [G.host]: "http://127.0.0.1" }),
  bad("a gateway host with a port", G.host, { [G.host]: "127.0.0.1:8080" }),
  bad("a gateway host with spaces inside", G.host, { [G.host]: "127.0.0.1 example" }),
  bad("a gateway host with a newline", G.host, { [G.host]: "127.0.0.1\nexample" }),
  bad("a gateway port without a host", G.port, { [G.host]: undefined }),
  bad("a gateway path name without a value", G.pathValue, { [G.pathName]: "api" }),
  bad("a gateway path name other than api or login", G.pathName, { [G.pathName]: "bogus", [G.pathValue]: "/x" }),
  bad("plain http to a host off loopback", "GCGUARD_ALLOW_INSECURE_HTTP", { [G.host]: "10.11.12.13" }),
  bad("GCGUARD_ALLOW_INSECURE_HTTP neither 1 nor 0", "GCGUARD_ALLOW_INSECURE_HTTP", {
    GCGUARD_ALLOW_INSECURE_HTTP: "yes",
  }),
  bad("a client id without a secret", SECRET, { [SECRET]: undefined }),
  bad("a client secret without an id", ID, { [ID]: undefined }),
  bad("an empty client id", ID, { [ID]: "" }),
  bad("a whitespace-only client secret", SECRET, { [SECRET]: "  \t " }),
  // resolve prints its diagnosis from the log and exits 3 instead (README "Exit codes").
  { ...bad("no credentials at all", ID, { [ID]: undefined, [SECRET]: undefined }), notFor: ["resolve"] },
  bad("a client id and its PURECLOUD_ alias disagreeing", "PURECLOUD_CLIENT_ID", {
    PURECLOUD_CLIENT_ID: `${CANARY.id}-other`,
  }),
  bad("a client secret and its PURECLOUD_ alias disagreeing", "PURECLOUD_CLIENT_SECRET", {
    PURECLOUD_CLIENT_SECRET: `${CANARY.secret}-other`,
  }),
  bad("the region and its PURECLOUD_ alias disagreeing", "PURECLOUD_REGION", { PURECLOUD_REGION: "eu-west-1" }),
  {
    ...bad("a stack's own region unknown", "GCGUARD_ACME_GENESYSCLOUD_REGION", {
      GCGUARD_ACME_GENESYSCLOUD_REGION: "mars-1",
    }),
    only: ["preflight"],
  },
];

/**
 * Settings that look odd but are documented as fine (lib/genesys/gateway.ts `nonEmpty`: values are trimmed; the
 * provider compares region keys and protocols case-insensitively; lib/color.ts reads the colour variables; only
 * GCGUARD_DEBUG=1 turns the debug log on): the command gives its usual exit code.
 */
export const ACCEPTED_ENV: readonly { readonly name: string; readonly change: (good: Env) => Env }[] = [
  {
    name: "whitespace around every connection value",
    change: (good) => Object.fromEntries(Object.entries(good).map(([k, v]) => [k, ` ${v ?? ""}\t`])),
  },
  { name: "an upper-case region and protocol", change: () => ({ [REGION]: "US-EAST-1", [G.protocol]: "HTTP" }) },
  { name: "an empty alias beside the variable", change: () => ({ PURECLOUD_CLIENT_ID: "", PURECLOUD_REGION: " " }) },
  { name: "NO_COLOR and FORCE_COLOR both set", change: () => ({ NO_COLOR: "1", FORCE_COLOR: "0" }) },
  { name: "FORCE_COLOR set to a word", change: () => ({ FORCE_COLOR: "abc" }) },
  { name: "GCGUARD_DEBUG set to something other than 1", change: () => ({ GCGUARD_DEBUG: "yes" }) },
];
