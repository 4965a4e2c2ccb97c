import { format, inspect } from "node:util";

import { describe, expect, test } from "vitest";

import { isInputError, type InputError } from "../../lib/errors";
import { isLoopbackHost, resolveConnection, type Connection, type ConnectionOptions } from "../../lib/genesys/config";
import { loginBaseUrlFor, regionForDomain } from "../../lib/genesys/regions";

const SECRET = "cs-7Hq2Lw9XzR4pN8vK1mB6yT3sD5fG0jA";
const TOKEN = "at-Qm3Zr8Wk2Xv7Np4Lt9Bc6Hy1Dj5Fs0Gu";
const CLIENT_ID = "0f3c9a52-7d1e-4b8a-9c6f-2e5d8b1a4c70";

/** Client credentials and a region, the common case. */
const BASE_ENV: NodeJS.ProcessEnv = {
  GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID,
  GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET,
  GENESYSCLOUD_REGION: "us-east-1",
};

/** The emulator as the CLI banner prints it (lib/emulator/cli-options.ts). */
const EMULATOR_GATEWAY: NodeJS.ProcessEnv = {
  GENESYSCLOUD_GATEWAY_PROTOCOL: "http",
  GENESYSCLOUD_GATEWAY_HOST: "127.0.0.1",
  GENESYSCLOUD_GATEWAY_PORT: "8080",
};

/** Runs resolveConnection, expecting an InputError (exit code 2), and returns it. */
function failure(options: ConnectionOptions, env: NodeJS.ProcessEnv): InputError {
  try {
    resolveConnection(options, env);
  } catch (err) {
    if (!isInputError(err)) throw err;
    expect(err.exitCode).toBe(2);
    return err;
  }
  throw new Error("expected an InputError, got a connection");
}

/** Every line of the error as printed on stderr. */
function failureText(options: ConnectionOptions, env: NodeJS.ProcessEnv): string {
  return failure(options, env).render();
}

/** Everything a connection could leak through: JSON, inspection, console formatting, spreads. */
function printedForms(c: Connection): string[] {
  return [
    JSON.stringify(c),
    JSON.stringify({ ...c }),
    JSON.stringify(c.auth),
    inspect(c),
    inspect(c, { depth: Infinity, showHidden: true }),
    inspect(c.auth),
    inspect({ ...c }),
    format("%o %O %j %s", c, c, c, c.description),
    c.description,
  ];
}

describe("resolveConnection: regions", () => {
  test.each([
    ["us-east-1", "https://api.mypurecloud.com", "https://login.mypurecloud.com"],
    ["eu-west-1", "https://api.mypurecloud.ie", "https://login.mypurecloud.ie"],
    ["ap-southeast-2", "https://api.mypurecloud.com.au", "https://login.mypurecloud.com.au"],
    ["eusc-de-east-1", "https://api.edee1.eusc-pure.cloud", "https://login.edee1.eusc-pure.cloud"],
  ])("region %s goes to %s and logs in at %s", (region, api, login) => {
    const c = resolveConnection({}, { ...BASE_ENV, GENESYSCLOUD_REGION: region });
    expect(c).toMatchObject({ apiBaseUrl: api, loginBaseUrl: login, region });
    expect(c.auth).toEqual({ kind: "client-credentials", clientId: CLIENT_ID, clientSecret: SECRET });
    expect(c.description).toBe(`Genesys Cloud ${region} (${api}) as the OAuth client in GENESYSCLOUD_OAUTHCLIENT_ID`);
  });

  test("compares region keys case-insensitively and trims them, as the provider does", () => {
    expect(resolveConnection({}, { ...BASE_ENV, GENESYSCLOUD_REGION: " EU-West-1 " }).region).toBe("eu-west-1");
  });

  test("fails on an unknown region, listing the valid keys", () => {
    expect(failureText({}, { ...BASE_ENV, GENESYSCLOUD_REGION: "mars-1" })).toMatch(
      /^GENESYSCLOUD_REGION "mars-1" is not a Genesys Cloud region; use one of us-east-1, us-east-2, .*, ap-southeast-2, .*, dca, tca$/,
    );
  });

  test("fails on a domain or an SDK-style key, suggesting the region key", () => {
    expect(failureText({}, { ...BASE_ENV, GENESYSCLOUD_REGION: "mypurecloud.ie" })).toContain(
      'GENESYSCLOUD_REGION "mypurecloud.ie" is not a Genesys Cloud region ("mypurecloud.ie" is a domain; its region key is eu-west-1); use one of',
    );
    expect(failureText({}, { ...BASE_ENV, GENESYSCLOUD_REGION: "eu_west_1" })).toContain(
      "is not a Genesys Cloud region (did you mean eu-west-1?)",
    );
  });

  test("fails with no region and no gateway or baseUrl, naming both ways to fix it", () => {
    const env = { ...BASE_ENV, GENESYSCLOUD_REGION: undefined };
    expect(failureText({}, env)).toBe(
      "no Genesys Cloud region is set: set GENESYSCLOUD_REGION (e.g. us-east-1), or point at a gateway with " +
        "GENESYSCLOUD_GATEWAY_HOST, GENESYSCLOUD_GATEWAY_PORT and GENESYSCLOUD_GATEWAY_PROTOCOL",
    );
  });

  test("a region is optional with a gateway or a baseUrl, and validated when given", () => {
    const env = { ...BASE_ENV, GENESYSCLOUD_REGION: undefined };
    expect(resolveConnection({}, { ...env, ...EMULATOR_GATEWAY }).region).toBeUndefined();
    expect(resolveConnection({ baseUrl: "http://127.0.0.1:8080" }, env).region).toBeUndefined();
    expect(resolveConnection({}, { ...BASE_ENV, ...EMULATOR_GATEWAY })).toMatchObject({
      apiBaseUrl: "http://127.0.0.1:8080",
      region: "us-east-1",
      description: `Genesys Cloud via gateway http://127.0.0.1:8080 (region us-east-1) as the OAuth client in GENESYSCLOUD_OAUTHCLIENT_ID`,
    });
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_REGION: "nowhere" })).toMatch(
      /^GENESYSCLOUD_REGION "nowhere" is not a Genesys Cloud region/,
    );
  });
});

describe("resolveConnection: credentials", () => {
  test("reads an access token and makes no use of client credentials", () => {
    const c = resolveConnection({}, { GENESYSCLOUD_ACCESS_TOKEN: TOKEN, GENESYSCLOUD_REGION: "eu-west-1" });
    expect(c.auth).toEqual({ kind: "access-token", token: TOKEN });
    expect(c.description).toBe(
      "Genesys Cloud eu-west-1 (https://api.mypurecloud.ie) with an access token from GENESYSCLOUD_ACCESS_TOKEN",
    );
  });

  test("an access token wins over client credentials, as in the provider, and the description says so", () => {
    const c = resolveConnection({}, { ...BASE_ENV, GENESYSCLOUD_ACCESS_TOKEN: TOKEN });
    expect(c.auth).toEqual({ kind: "access-token", token: TOKEN });
    expect(c.description).toBe(
      "Genesys Cloud us-east-1 (https://api.mypurecloud.com) with an access token from GENESYSCLOUD_ACCESS_TOKEN; " +
        "GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET ignored because an access token is set",
    );
  });

  test.each([
    ["PURECLOUD_CLIENT_ID", { PURECLOUD_CLIENT_ID: CLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET }],
    ["PURECLOUD_CLIENT_SECRET", { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID, PURECLOUD_CLIENT_SECRET: SECRET }],
  ])("reads the older name %s when the GENESYSCLOUD_ one is unset", (_name, creds) => {
    const c = resolveConnection({}, { ...creds, GENESYSCLOUD_REGION: "us-east-1" });
    expect(c.auth).toEqual({ kind: "client-credentials", clientId: CLIENT_ID, clientSecret: SECRET });
  });

  test("reads PURECLOUD_REGION and PURECLOUD_ACCESS_TOKEN", () => {
    const c = resolveConnection({}, { PURECLOUD_ACCESS_TOKEN: TOKEN, PURECLOUD_REGION: "AP-Southeast-2" });
    expect(c).toMatchObject({ region: "ap-southeast-2", auth: { kind: "access-token", token: TOKEN } });
    expect(c.description).toContain("with an access token from PURECLOUD_ACCESS_TOKEN");
  });

  test("accepts a GENESYSCLOUD_ and a PURECLOUD_ variable set to the same value", () => {
    const env = {
      ...BASE_ENV,
      PURECLOUD_CLIENT_ID: CLIENT_ID,
      PURECLOUD_CLIENT_SECRET: SECRET,
      PURECLOUD_REGION: "US-EAST-1",
    };
    expect(resolveConnection({}, env).apiBaseUrl).toBe("https://api.mypurecloud.com");
  });

  test("fails when a GENESYSCLOUD_ and a PURECLOUD_ variable disagree, never printing secret values", () => {
    const err = failure(
      {},
      {
        ...BASE_ENV,
        PURECLOUD_CLIENT_ID: "another-client",
        PURECLOUD_CLIENT_SECRET: "pc-other-secret-value",
        PURECLOUD_REGION: "eu-west-1",
        GENESYSCLOUD_ACCESS_TOKEN: TOKEN,
        PURECLOUD_ACCESS_TOKEN: "pc-other-token-value",
      },
    );
    expect(err.message).toBe("Genesys connection settings have 4 problems; fix them and run again");
    expect(err.problems).toEqual([
      "GENESYSCLOUD_OAUTHCLIENT_ID and PURECLOUD_CLIENT_ID are both set, to different values; unset PURECLOUD_CLIENT_ID (gcguard and the provider read GENESYSCLOUD_OAUTHCLIENT_ID)",
      "GENESYSCLOUD_OAUTHCLIENT_SECRET and PURECLOUD_CLIENT_SECRET are both set, to different values; unset PURECLOUD_CLIENT_SECRET (gcguard and the provider read GENESYSCLOUD_OAUTHCLIENT_SECRET)",
      "GENESYSCLOUD_ACCESS_TOKEN and PURECLOUD_ACCESS_TOKEN are both set, to different values; unset PURECLOUD_ACCESS_TOKEN (gcguard and the provider read GENESYSCLOUD_ACCESS_TOKEN)",
      'GENESYSCLOUD_REGION "us-east-1" and PURECLOUD_REGION "eu-west-1" disagree; unset PURECLOUD_REGION (gcguard and the provider read GENESYSCLOUD_REGION)',
    ]);
    const text = err.render();
    for (const secret of [
      CLIENT_ID,
      "another-client",
      SECRET,
      TOKEN,
      "pc-other-secret-value",
      "pc-other-token-value",
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  test("fails with no credentials at all, naming both ways to authenticate", () => {
    expect(failureText({}, { GENESYSCLOUD_REGION: "us-east-1" })).toBe(
      "Genesys credentials are not set: set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET " +
        "(an OAuth client with the client-credentials grant), or set GENESYSCLOUD_ACCESS_TOKEN",
    );
  });

  test("treats empty and blank variables as unset, as the provider's EnvDefaultFunc does", () => {
    expect(
      failureText(
        {},
        { GENESYSCLOUD_REGION: "us-east-1", GENESYSCLOUD_OAUTHCLIENT_ID: "", GENESYSCLOUD_ACCESS_TOKEN: "  " },
      ),
    ).toMatch(/^Genesys credentials are not set/);
  });

  test("fails on a client id without a secret, naming the missing variable and the alternative", () => {
    expect(failureText({}, { GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID, GENESYSCLOUD_REGION: "us-east-1" })).toBe(
      "Genesys credentials are incomplete: GENESYSCLOUD_OAUTHCLIENT_SECRET is not set (the client id comes from " +
        "GENESYSCLOUD_OAUTHCLIENT_ID); set it, or set GENESYSCLOUD_ACCESS_TOKEN instead",
    );
  });

  test("fails on a secret without a client id, without printing the secret", () => {
    const text = failureText({}, { PURECLOUD_CLIENT_SECRET: SECRET, GENESYSCLOUD_REGION: "us-east-1" });
    expect(text).toBe(
      "Genesys credentials are incomplete: GENESYSCLOUD_OAUTHCLIENT_ID is not set (a client secret comes from " +
        "PURECLOUD_CLIENT_SECRET); set it, or set GENESYSCLOUD_ACCESS_TOKEN instead",
    );
  });
});

describe("resolveConnection: explicit options win over the environment", () => {
  test("region, client id and secret options replace the environment's, setting by setting", () => {
    const c = resolveConnection({ region: "eu-central-1", clientSecret: "option-secret-1234" }, BASE_ENV);
    expect(c).toMatchObject({ region: "eu-central-1", apiBaseUrl: "https://api.mypurecloud.de" });
    expect(c.auth).toEqual({ kind: "client-credentials", clientId: CLIENT_ID, clientSecret: "option-secret-1234" });
  });

  test("an option also settles a GENESYSCLOUD_/PURECLOUD_ disagreement, since the environment is not read", () => {
    const env = { ...BASE_ENV, PURECLOUD_REGION: "eu-west-1" };
    expect(resolveConnection({ region: "us-west-2" }, env).apiBaseUrl).toBe("https://api.usw2.pure.cloud");
  });

  test("an accessToken option wins, and names itself as the source", () => {
    const c = resolveConnection({ accessToken: TOKEN }, BASE_ENV);
    expect(c.auth).toEqual({ kind: "access-token", token: TOKEN });
    expect(c.description).toContain("with an access token from the accessToken option;");
  });

  test("a client id option without any secret names the option and the missing variable", () => {
    expect(failureText({ clientId: "cli" }, { GENESYSCLOUD_REGION: "us-east-1" })).toContain(
      "GENESYSCLOUD_OAUTHCLIENT_SECRET is not set (the client id comes from the clientId option)",
    );
  });

  test("a baseUrl option wins over a gateway in the environment, which is then not read", () => {
    const env = { ...BASE_ENV, GENESYSCLOUD_GATEWAY_HOST: "gw.example.com", GENESYSCLOUD_GATEWAY_PORT: "bad" };
    expect(resolveConnection({ baseUrl: "http://localhost:9999" }, env)).toMatchObject({
      apiBaseUrl: "http://localhost:9999",
      loginBaseUrl: "http://localhost:9999",
      description: `Genesys Cloud at http://localhost:9999 (region us-east-1) as the OAuth client in GENESYSCLOUD_OAUTHCLIENT_ID`,
    });
  });

  test("a gateway option replaces the GENESYSCLOUD_GATEWAY_* variables as a whole", () => {
    const env = { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_PATH_NAME: "api" };
    const c = resolveConnection({ gateway: { host: "localhost", port: 9090, protocol: "http" } }, env);
    expect(c.apiBaseUrl).toBe("http://localhost:9090");
  });

  test("fails when both baseUrl and gateway options are given", () => {
    expect(
      failureText(
        { baseUrl: "http://127.0.0.1:1", gateway: { host: "127.0.0.1", port: 2, protocol: "http" } },
        BASE_ENV,
      ),
    ).toBe("both the baseUrl and the gateway options are set; pass one of them");
  });

  test("allowInsecureHttp: false overrides GCGUARD_ALLOW_INSECURE_HTTP=1", () => {
    const env = { ...BASE_ENV, GCGUARD_ALLOW_INSECURE_HTTP: "1" };
    expect(failureText({ baseUrl: "http://10.0.0.1:8080", allowInsecureHttp: false }, env)).toMatch(
      /^baseUrl is http but baseUrl host "10.0.0.1" is not a loopback address/,
    );
  });
});

describe("resolveConnection: gateway URLs, as the provider builds them", () => {
  const gateway = (vars: NodeJS.ProcessEnv) => resolveConnection({}, { ...BASE_ENV, ...vars });

  test("the emulator's banner settings: http://127.0.0.1:8080 for both API and OAuth", () => {
    expect(gateway(EMULATOR_GATEWAY)).toMatchObject({
      apiBaseUrl: "http://127.0.0.1:8080",
      loginBaseUrl: "http://127.0.0.1:8080",
    });
  });

  test.each([
    ["https", "443", "https://gw.example.com"],
    ["http", "80", "http://localhost"],
    ["https", "8443", "https://gw.example.com:8443"],
    ["HTTPS", "", "https://gw.example.com"],
  ])("protocol %s, port %j: %s (80 and 443 are left out, any other port appended)", (protocol, port, url) => {
    const host = url.includes("localhost") ? "localhost" : "gw.example.com";
    expect(
      gateway({
        GENESYSCLOUD_GATEWAY_PROTOCOL: protocol,
        GENESYSCLOUD_GATEWAY_HOST: host,
        GENESYSCLOUD_GATEWAY_PORT: port,
      }).apiBaseUrl,
    ).toBe(url);
  });

  test("path parameters named api and login prefix API and OAuth requests, trimmed of spaces and slashes", () => {
    const env = {
      ...EMULATOR_GATEWAY,
      GENESYSCLOUD_GATEWAY_PATH_NAME: "api",
      GENESYSCLOUD_GATEWAY_PATH_VALUE: " /gc/v/ ",
    };
    expect(gateway(env)).toMatchObject({
      apiBaseUrl: "http://127.0.0.1:8080/gc/v",
      loginBaseUrl: "http://127.0.0.1:8080",
    });
    const c = resolveConnection(
      {
        gateway: {
          host: "gw.example.com",
          port: "8443",
          protocol: "https",
          pathParams: [
            { name: "api", value: "genesys-api" },
            { name: "login", value: "/genesys-login/" },
          ],
        },
      },
      BASE_ENV,
    );
    expect(c).toMatchObject({
      apiBaseUrl: "https://gw.example.com:8443/genesys-api",
      loginBaseUrl: "https://gw.example.com:8443/genesys-login",
    });
  });

  test("brackets an IPv6 host", () => {
    expect(gateway({ ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_HOST: "::1" }).apiBaseUrl).toBe("http://[::1]:8080");
    expect(gateway({ ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_HOST: "[::1]" }).apiBaseUrl).toBe("http://[::1]:8080");
  });

  test.each(["0", "65536", "80a", "-1", "8080.5"])("fails on port %j, naming the variable and the range", (port) => {
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_PORT: port })).toBe(
      `GENESYSCLOUD_GATEWAY_PORT "${port}" is not a port number (1-65535); set it to the gateway's port, e.g. 8080`,
    );
  });

  test("fails on a bad port option too, naming the option", () => {
    expect(failureText({ gateway: { host: "127.0.0.1", port: 70000, protocol: "http" } }, BASE_ENV)).toMatch(
      /^gateway.port "70000" is not a port number \(1-65535\)/,
    );
  });

  test("fails on a protocol other than http or https, and on a missing protocol", () => {
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_PROTOCOL: "ftp" })).toBe(
      'GENESYSCLOUD_GATEWAY_PROTOCOL "ftp" is not http or https; set it to https, or http for a local emulator',
    );
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_PROTOCOL: "" })).toBe(
      "GENESYSCLOUD_GATEWAY_PROTOCOL is not set; set it to https, or http for a local emulator",
    );
  });

  test("fails on port 443 with http (or 80 with https), which the provider's rule would send to the other port", () => {
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_PORT: "443" })).toBe(
      "GENESYSCLOUD_GATEWAY_PORT is 443 with GENESYSCLOUD_GATEWAY_PROTOCOL http: the provider leaves ports 80 and " +
        "443 out of the gateway URL, so requests would go to port 80; use https, or another port",
    );
  });

  test("fails on a host with a scheme or a port, saying where those go", () => {
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_HOST: "http://127.0.0.1" })).toBe(
      'GENESYSCLOUD_GATEWAY_HOST "http://127.0.0.1" is not a bare host: give the host only (e.g. 127.0.0.1), the ' +
        "scheme in GENESYSCLOUD_GATEWAY_PROTOCOL and the port in GENESYSCLOUD_GATEWAY_PORT",
    );
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_HOST: "127.0.0.1:8080" })).toBe(
      'GENESYSCLOUD_GATEWAY_HOST "127.0.0.1:8080" includes a port; put the port in GENESYSCLOUD_GATEWAY_PORT',
    );
  });

  test("fails on gateway variables without GENESYSCLOUD_GATEWAY_HOST, instead of silently ignoring them", () => {
    expect(
      failureText({}, { ...BASE_ENV, GENESYSCLOUD_GATEWAY_PORT: "8080", GENESYSCLOUD_GATEWAY_PROTOCOL: "http" }),
    ).toBe(
      "GENESYSCLOUD_GATEWAY_PORT and GENESYSCLOUD_GATEWAY_PROTOCOL are set but GENESYSCLOUD_GATEWAY_HOST is not, " +
        "so there is no gateway; set GENESYSCLOUD_GATEWAY_HOST, or unset them",
    );
  });

  test("fails on a path name without a value, and on a path name other than api or login", () => {
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_PATH_NAME: "api" })).toBe(
      "GENESYSCLOUD_GATEWAY_PATH_NAME is set but GENESYSCLOUD_GATEWAY_PATH_VALUE is not; set both (a path parameter " +
        "needs a name and a value) or neither",
    );
    expect(
      failureText(
        {},
        {
          ...BASE_ENV,
          ...EMULATOR_GATEWAY,
          GENESYSCLOUD_GATEWAY_PATH_NAME: "proxy",
          GENESYSCLOUD_GATEWAY_PATH_VALUE: "/x",
        },
      ),
    ).toContain('path name "proxy" is neither api nor login');
  });
});

describe("resolveConnection: plain http only to loopback", () => {
  const viaGateway = (host: string, extra: NodeJS.ProcessEnv = {}) =>
    resolveConnection({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_HOST: host, ...extra });

  test.each(["127.0.0.1", "127.10.20.30", "localhost", "LocalHost", "::1"])("allows http to %s", (host) => {
    expect(viaGateway(host).apiBaseUrl).toMatch(/^http:\/\//);
    expect(
      resolveConnection({ baseUrl: `http://${host.includes(":") ? `[${host}]` : host}:8080` }, BASE_ENV).apiBaseUrl,
    ).toMatch(/^http:\/\//);
  });

  test("refuses http to 10.0.0.1, naming the variables and both fixes", () => {
    expect(failureText({}, { ...BASE_ENV, ...EMULATOR_GATEWAY, GENESYSCLOUD_GATEWAY_HOST: "10.0.0.1" })).toBe(
      'GENESYSCLOUD_GATEWAY_PROTOCOL is http but GENESYSCLOUD_GATEWAY_HOST "10.0.0.1" is not a loopback address: ' +
        "the secret and tokens would cross the network unencrypted; use https, or set GCGUARD_ALLOW_INSECURE_HTTP=1 " +
        "if the network is trusted",
    );
    expect(failureText({ baseUrl: "http://emulator.internal:8080" }, BASE_ENV)).toMatch(
      /^baseUrl is http but baseUrl host "emulator.internal" is not a loopback address/,
    );
  });

  test("allows http to 10.0.0.1 with GCGUARD_ALLOW_INSECURE_HTTP=1 or the allowInsecureHttp option", () => {
    expect(viaGateway("10.0.0.1", { GCGUARD_ALLOW_INSECURE_HTTP: "1" }).apiBaseUrl).toBe("http://10.0.0.1:8080");
    expect(resolveConnection({ baseUrl: "http://10.0.0.1:8080", allowInsecureHttp: true }, BASE_ENV).apiBaseUrl).toBe(
      "http://10.0.0.1:8080",
    );
  });

  test("https to any host needs no opt-in", () => {
    expect(resolveConnection({ baseUrl: "https://10.0.0.1:8443" }, BASE_ENV).apiBaseUrl).toBe("https://10.0.0.1:8443");
  });

  test("fails on a GCGUARD_ALLOW_INSECURE_HTTP value that is neither 1 nor 0", () => {
    expect(failureText({}, { ...BASE_ENV, GCGUARD_ALLOW_INSECURE_HTTP: "yes" })).toBe(
      'GCGUARD_ALLOW_INSECURE_HTTP "yes" is not 1 or 0; set it to 1 to allow plain http off loopback, or unset it',
    );
  });

  test("isLoopbackHost", () => {
    for (const h of ["127.0.0.1", "127.255.255.255", "localhost", "::1", "[::1]", "localhost."]) {
      expect(isLoopbackHost(h), h).toBe(true);
    }
    for (const h of ["10.0.0.1", "128.0.0.1", "127.0.0.256", "localhost.example.com", "::2", "0.0.0.0", ""]) {
      expect(isLoopbackHost(h), h).toBe(false);
    }
  });
});

describe("resolveConnection: baseUrl", () => {
  test("the emulator's URL serves API and OAuth on one origin; a trailing slash is dropped", () => {
    expect(resolveConnection({ baseUrl: "http://127.0.0.1:8080/" }, BASE_ENV)).toMatchObject({
      apiBaseUrl: "http://127.0.0.1:8080",
      loginBaseUrl: "http://127.0.0.1:8080",
    });
  });

  test("an api.<domain> URL logs in at login.<domain>, as the SDKs derive it", () => {
    expect(resolveConnection({ baseUrl: "https://api.mypurecloud.de" }, BASE_ENV)).toMatchObject({
      apiBaseUrl: "https://api.mypurecloud.de",
      loginBaseUrl: "https://login.mypurecloud.de",
    });
  });

  test.each([
    ["127.0.0.1:8080", 'baseUrl "127.0.0.1:8080" has no http:// or https://; give an absolute URL such as'],
    ["localhost:8080", 'baseUrl "localhost:8080" has no http:// or https://;'],
    ["http://", 'baseUrl "http://" is not a URL; give an absolute URL such as https://api.mypurecloud.com'],
    ["ftp://127.0.0.1", 'baseUrl "ftp://127.0.0.1" is not http or https;'],
    ["http://127.0.0.1:8080/api/v2", "ends in /api/v2; leave it out (requests add /api/v2/...)"],
    ["http://127.0.0.1:8080/?x=1", "has a query or fragment; remove it"],
  ])("fails on baseUrl %j", (baseUrl, expected) => {
    expect(failureText({ baseUrl }, BASE_ENV)).toContain(expected);
  });

  test("fails on credentials in the baseUrl without printing them", () => {
    const text = failureText({ baseUrl: `https://user:${SECRET}@gw.example.com` }, BASE_ENV);
    expect(text).toBe("baseUrl contains credentials; remove them and pass clientId/clientSecret or accessToken");
  });
});

describe("resolveConnection: every problem at once", () => {
  test("lists all problems in one InputError with exit code 2", () => {
    const err = failure(
      {},
      {
        GENESYSCLOUD_OAUTHCLIENT_ID: CLIENT_ID,
        GENESYSCLOUD_REGION: "mars-1",
        GENESYSCLOUD_GATEWAY_HOST: "10.0.0.1",
        GENESYSCLOUD_GATEWAY_PORT: "0",
        GENESYSCLOUD_GATEWAY_PROTOCOL: "gopher",
      },
    );
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe("Genesys connection settings have 4 problems; fix them and run again");
    expect(err.problems).toEqual([
      expect.stringMatching(/^Genesys credentials are incomplete: GENESYSCLOUD_OAUTHCLIENT_SECRET is not set/),
      expect.stringMatching(/^GENESYSCLOUD_REGION "mars-1" is not a Genesys Cloud region; use one of/),
      expect.stringMatching(/^GENESYSCLOUD_GATEWAY_PROTOCOL "gopher" is not http or https/),
      expect.stringMatching(/^GENESYSCLOUD_GATEWAY_PORT "0" is not a port number/),
    ]);
    expect(err.render().split("\n")).toHaveLength(5);
  });
});

describe("secrets never leak", () => {
  test("not through JSON.stringify, util.inspect, console formatting, spreads or the description", () => {
    const byClient = resolveConnection({}, BASE_ENV);
    const byToken = resolveConnection({}, { ...BASE_ENV, GENESYSCLOUD_ACCESS_TOKEN: TOKEN });
    for (const c of [byClient, byToken]) {
      for (const printed of printedForms(c)) {
        expect(printed).not.toContain(SECRET);
        expect(printed).not.toContain(TOKEN);
      }
    }
    expect(JSON.parse(JSON.stringify(byClient))).toEqual({
      apiBaseUrl: "https://api.mypurecloud.com",
      loginBaseUrl: "https://login.mypurecloud.com",
      auth: { kind: "client-credentials", clientId: "[redacted]", clientSecret: "[redacted]" },
      region: "us-east-1",
      description: `Genesys Cloud us-east-1 (https://api.mypurecloud.com) as the OAuth client in GENESYSCLOUD_OAUTHCLIENT_ID`,
    });
    expect(inspect(byToken.auth)).toBe("{ kind: 'access-token', token: '[redacted]' }");
  });

  test("while the connection still carries them, readable and spreadable, and is frozen", () => {
    const c = resolveConnection({}, BASE_ENV);
    expect(c.auth.kind === "client-credentials" && c.auth.clientSecret).toBe(SECRET);
    expect({ ...c }.auth).toBe(c.auth);
    expect(Object.keys(c)).toEqual(["apiBaseUrl", "loginBaseUrl", "auth", "region", "description"]);
    expect(Object.isFrozen(c) && Object.isFrozen(c.auth)).toBe(true);
  });

  test("not through error messages, even when a secret is pasted into another setting", () => {
    const err = failure({ region: SECRET, clientSecret: SECRET }, { GENESYSCLOUD_ACCESS_TOKEN: TOKEN });
    for (const printed of [err.message, err.render(), inspect(err), JSON.stringify(err), String(err)]) {
      expect(printed).not.toContain(SECRET);
      expect(printed).not.toContain(TOKEN);
    }
    expect(err.message).toContain('the region option "[redacted]" is not a Genesys Cloud region');
  });

  test.each([
    ["equals the secret", { GENESYSCLOUD_OAUTHCLIENT_ID: SECRET }],
    ["and the secret are swapped", { GENESYSCLOUD_OAUTHCLIENT_ID: SECRET, GENESYSCLOUD_OAUTHCLIENT_SECRET: CLIENT_ID }],
  ])("not through the description or the JSON view when the client id %s", (_case, swap) => {
    const c = resolveConnection({}, { ...BASE_ENV, ...swap });
    expect(c.description).toBe(
      "Genesys Cloud us-east-1 (https://api.mypurecloud.com) as the OAuth client in GENESYSCLOUD_OAUTHCLIENT_ID",
    );
    for (const printed of printedForms(c)) expect(printed).not.toContain(SECRET);
  });
});

describe("variablePrefix", () => {
  test("names the variable a stack's credentials came from, with its prefix", () => {
    const c = resolveConnection({ variablePrefix: "GCGUARD_ACME_BPO_" }, BASE_ENV);
    expect(c.description).toBe(
      "Genesys Cloud us-east-1 (https://api.mypurecloud.com) as the OAuth client in GCGUARD_ACME_BPO_GENESYSCLOUD_OAUTHCLIENT_ID",
    );
  });
});

describe("regions helpers", () => {
  test("loginBaseUrlFor swaps api. for login. and otherwise keeps the origin", () => {
    expect(loginBaseUrlFor("https://api.mypurecloud.com.au")).toBe("https://login.mypurecloud.com.au");
    expect(loginBaseUrlFor("http://127.0.0.1:8080/prefix")).toBe("http://127.0.0.1:8080");
  });

  test("regionForDomain maps a domain, or an api./login. host, to its region key", () => {
    expect(regionForDomain("MyPureCloud.jp")).toBe("ap-northeast-1");
    expect(regionForDomain("login.usw2.pure.cloud")).toBe("us-west-2");
    expect(regionForDomain("example.com")).toBeUndefined();
  });
});
