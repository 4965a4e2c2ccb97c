/**
 * A rehearsal's terraform and gcguard see the rehearsal client only: no credential variable of the caller's, and no
 * terraform debug log setting (lib/rehearse/terraform.ts `rehearsalEnv`; docs/emulator-provider.md, "Secrets in a
 * rehearsal"). The end-to-end canary (test/e2e/canary-rehearse.test.ts) shows it with a real terraform.
 */
import { describe, expect, test } from "vitest";

import { rehearsalEnv } from "../../lib/rehearse/terraform";

const settings = {
  cliConfigFile: "/work/terraform.rc",
  emulatorUrl: "http://127.0.0.1:41234",
  clientId: "gcguard-rehearse",
  clientSecret: "rehearsal-secret-value",
};

describe("rehearsalEnv", () => {
  test("drops every credential variable of the caller's and terraform's log settings, and keeps the rest", () => {
    const caller: NodeJS.ProcessEnv = {
      PATH: "/usr/bin",
      HOME: "/home/ci",
      GCGUARD_DEBUG: "1",
      GCGUARD_CONFIG: "gcguard.config.yaml",
      GENESYSCLOUD_OAUTHCLIENT_ID: "caller-id",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "caller-secret",
      GENESYSCLOUD_ACCESS_TOKEN: "caller-token",
      GENESYSCLOUD_REGION: "eu-west-1",
      PURECLOUD_CLIENT_SECRET: "caller-sdk-secret",
      GCGUARD_ACME_PROD_GENESYSCLOUD_OAUTHCLIENT_ID: "stack-id",
      GCGUARD_ACME_PROD_GENESYSCLOUD_OAUTHCLIENT_SECRET: "stack-secret",
      GCGUARD_ACME_PROD_GENESYSCLOUD_REGION: "us-east-1",
      GCGUARD_BPO_PURECLOUD_ACCESS_TOKEN: "stack-sdk-token",
      GCGUARD_IDP_TOKEN: "idp-token",
      TF_LOG: "DEBUG",
      TF_LOG_PATH: "/tmp/terraform.log",
      TF_LOG_PROVIDER: "TRACE",
    };
    const env = rehearsalEnv(caller, settings);
    const passed = Object.keys(caller).filter((name) => env[name] === caller[name]);
    expect(passed.sort()).toEqual(["GCGUARD_CONFIG", "GCGUARD_DEBUG", "HOME", "PATH"]);
    for (const name of Object.keys(caller).filter((n) => !passed.includes(n))) {
      expect(Object.values(env), name).not.toContain(caller[name]);
    }
    expect(env).toMatchObject({
      GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-rehearse",
      GENESYSCLOUD_OAUTHCLIENT_SECRET: "rehearsal-secret-value",
      GENESYSCLOUD_GATEWAY_HOST: "127.0.0.1",
      GENESYSCLOUD_GATEWAY_PORT: "41234",
    });
  });
});
