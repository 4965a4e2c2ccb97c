import { describe, expect, test } from "vitest";

import { redactDeep, redactJsonText, redactLiterals, redactorFor, redactText, secretValues } from "../lib/redact";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJnY2d1YXJkIn0.c2lnbmF0dXJl";
const SECRET = "cs-7Hq2Lw9XzR4pN8vK1mB6yT3sD5fG0jA";

describe("redactLiterals", () => {
  test("replaces every occurrence of each value, longest first, and ignores empty ones", () => {
    expect(redactLiterals("a=SECRET b=SECRET c=SECRETLONG", ["SECRET", "SECRETLONG", ""])).toBe(
      "a=[redacted] b=[redacted] c=[redacted]",
    );
    expect(redactLiterals("nothing here", [])).toBe("nothing here");
    expect(redactLiterals("token a.b*c+d", ["a.b*c+d"])).toBe("token [redacted]");
  });
});

describe("redactText", () => {
  test.each([
    ["a bearer header", `Authorization: Bearer ${JWT}`, "Authorization: Bearer [redacted]"],
    ["a Go header dump", `map[Authorization:[Bearer ${JWT}]]`, "map[Authorization:[Bearer [redacted]]]"],
    ["a URL query", `GET /api/v2/users?access_token=${JWT}&pageSize=25`, "?access_token=[redacted]&pageSize=25"],
    ["a token query parameter", `GET /api/v2/users?pageSize=25&token=${JWT}`, "&token=[redacted]"],
    [
      "a token body",
      `{"access_token":"${JWT}","token_type":"bearer"}`,
      `{"access_token":"[redacted]","token_type":"bearer"}`,
    ],
    [
      "a token body quoted in a log",
      `body={\\"access_token\\":\\"${JWT}\\"}`,
      `body={\\"access_token\\":\\"[redacted]\\"}`,
    ],
    ["a refresh token", `{"refresh_token": "${SECRET}"}`, `{"refresh_token": "[redacted]"}`],
    ["a form body", `grant_type=client_credentials&client_secret=${SECRET}`, "&client_secret=[redacted]"],
    ["a JSON client secret", `{"client_secret":"${SECRET}"}`, `{"client_secret":"[redacted]"}`],
    ["an env dump", `GENESYSCLOUD_OAUTHCLIENT_SECRET=${SECRET}`, "GENESYSCLOUD_OAUTHCLIENT_SECRET=[redacted]"],
    ["an env token", `export GENESYSCLOUD_ACCESS_TOKEN=${JWT}`, "GENESYSCLOUD_ACCESS_TOKEN=[redacted]"],
    ["an env dumped as JSON", `{"GENESYSCLOUD_OAUTHCLIENT_SECRET": "${SECRET}"}`, `_SECRET": "[redacted]"}`],
  ])("masks %s", (_name, line, expected) => {
    const out = redactText(line);
    expect(out).toContain(expected);
    expect(out).not.toContain(JWT);
    expect(out).not.toContain(SECRET);
  });

  test("masks the given literals anywhere, and leaves ordinary text and placeholders alone", () => {
    expect(redactText(`client gcguard-ci with secret ${SECRET}.`, [SECRET])).toBe(
      "client gcguard-ci with secret [redacted].",
    );
    for (const prose of [
      "API Error: 401 - No authentication bearer token specified in authorization header. (c1)",
      "set GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_ACCESS_TOKEN, then run again",
      '{"token_pool_size": 10, "tokenType": "bearer"}',
      "export GENESYSCLOUD_OAUTHCLIENT_ID=gcguard-ci GENESYSCLOUD_OAUTHCLIENT_SECRET=<its secret in the seed>",
      "GCGUARD_IDP_TOKEN=... gcguard scim diff; GENESYSCLOUD_ACCESS_TOKEN=$TOKEN; GITHUB_TOKEN=${{ secrets.GH }}",
      "GENESYSCLOUD_OAUTHCLIENT_SECRET=*** client_secret=[redacted]",
    ]) {
      expect(redactText(prose)).toBe(prose);
    }
  });
});

describe("a second pass", () => {
  test("leaves redacted text as it is (rehearse redacts again what resolve already redacted)", () => {
    for (const line of [
      `Authorization: Bearer ${JWT}`,
      `map[Authorization:[Bearer ${JWT}]]`,
      `"Authorization":"Basic ${SECRET}"`,
      `GET /x?access_token=${JWT} bearer ${JWT} GENESYSCLOUD_OAUTHCLIENT_SECRET=${SECRET}`,
      `{"access_token":"${JWT}"} client_secret=${SECRET}`,
    ]) {
      const once = redactText(line, [SECRET]);
      expect(redactText(once, [SECRET])).toBe(once);
    }
  });
});

describe("redactJsonText", () => {
  test("keeps a compact document valid JSON where redactText would cut through its quotes", () => {
    const doc = JSON.stringify({ a: `GENESYSCLOUD_OAUTHCLIENT_SECRET=${SECRET}`, b: "kept", c: [`x ${JWT}`] });
    expect(() => JSON.parse(redactText(doc)) as unknown).toThrow();
    const out = redactJsonText(`${doc}\n`, [JWT]);
    expect(out.endsWith("}\n")).toBe(true);
    expect(JSON.parse(out)).toStrictEqual({
      a: "GENESYSCLOUD_OAUTHCLIENT_SECRET=[redacted]",
      b: "kept",
      c: ["x [redacted]"],
    });
  });

  test("redacts JSON lines one by one, lines that are not JSON as text, and keeps clean lines byte for byte", () => {
    const clean = '{"@message":"a \\u003cb\\u003e","type":"version"}';
    const lines = [clean, `{"diagnostic":{"detail":"GET /x?access_token=${JWT}"}}`, `plain Bearer ${JWT}`, ""];
    expect(redactJsonText(lines.join("\n")).split("\n")).toStrictEqual([
      clean,
      '{"diagnostic":{"detail":"GET /x?access_token=[redacted]"}}',
      "plain Bearer [redacted]",
      "",
    ]);
  });
});

describe("redactDeep", () => {
  test("masks every string at any depth and keeps the shape", () => {
    const value = { a: [`Bearer ${JWT}`, 3, null], b: { c: `x ${SECRET}` } };
    expect(redactDeep(value, [SECRET])).toStrictEqual({ a: ["Bearer [redacted]", 3, null], b: { c: "x [redacted]" } });
  });
});

describe("secretValues and redactorFor", () => {
  const env = {
    GENESYSCLOUD_OAUTHCLIENT_ID: "client-id-not-secret",
    GENESYSCLOUD_OAUTHCLIENT_SECRET: SECRET,
    GENESYSCLOUD_ACCESS_TOKEN: JWT,
    PURECLOUD_CLIENT_SECRET: "pure-secret-value",
    GCGUARD_ACME_PROD_GENESYSCLOUD_OAUTHCLIENT_SECRET: "stack-secret-value",
    GCGUARD_ACME_PROD_GENESYSCLOUD_ACCESS_TOKEN: "stack-token-value",
    GCGUARD_IDP_TOKEN: "idp-delta-token",
    GENESYSCLOUD_REGION: "us-east-1",
    OTHER_SECRET_THING: "not-a-gcguard-credential",
  };

  test("are the credential variables' values, the client id and per-stack overrides included, no other setting", () => {
    expect(secretValues(env).sort()).toStrictEqual(
      [
        "client-id-not-secret",
        SECRET,
        JWT,
        "pure-secret-value",
        "stack-secret-value",
        "stack-token-value",
        "idp-delta-token",
      ].sort(),
    );
  });

  test("values shorter than 8 characters are not literals: they would garble ordinary words", () => {
    expect(secretValues({ GENESYSCLOUD_OAUTHCLIENT_SECRET: "t", GENESYSCLOUD_ACCESS_TOKEN: "1234567" })).toEqual([]);
    expect(redactorFor({ GENESYSCLOUD_OAUTHCLIENT_SECRET: "t" })("the tests")).toBe("the tests");
  });

  test("redact the values wherever they appear, however they are framed", () => {
    const redact = redactorFor(env);
    const out = redact(`id client-id-not-secret; pasted ${SECRET}; stack stack-secret-value`);
    expect(out).toBe(`id [redacted]; pasted [redacted]; stack [redacted]`);
  });
});
