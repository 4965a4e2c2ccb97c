/**
 * Issue 20's environment matrix, in-process through the real command line (scripts/cli.ts `run`): the variables
 * gcguard reads (the provider's GENESYSCLOUD_* and their PURECLOUD_* aliases, a stack's GCGUARD_<STACK>_ ones,
 * GCGUARD_ALLOW_INSECURE_HTTP, the delta's GCGUARD_IDP_TOKEN; test/matrix/env-cases.ts) given bad values, for every
 * command that connects. Each must exit 2 naming the variable (in the headline, or in one of the problem lines when
 * there are several), print no credential (canary values, grepped in every stream and file), no stack trace,
 * nothing on stdout, write nothing, and send no request: not to the emulator, and not off this machine (a guard
 * on axios, which every Genesys and IdP call goes through, refuses and counts any request to a non-loopback host).
 *
 * Documented behaviour is asserted too: odd but valid settings work, and an access token beside client
 * credentials wins (no login is made; docs: lib/genesys/config.ts, as the provider does).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from "axios";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { isLoopbackHost } from "../../lib/genesys/config";
import { run } from "../../scripts/cli";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import type { BadEnv } from "./env-cases";
import { ACCEPTED_ENV, BAD_ENV, CANARY, ENV_COMMANDS, goodEnv } from "./env-cases";
import type { Fixtures } from "./flag-cases";
import { writeFixtures } from "./flag-cases";
import { Tally } from "./input-harness";

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$|\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/m;

/** Requests axios was asked to send off loopback, refused by the guard. */
let offLoopback: string[] = [];
const realAdapter = axios.defaults.adapter;

/** Sends loopback requests as usual and refuses any other, so a fail-open case cannot reach a real org. */
const guard: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
  const url = new URL(config.url ?? "", config.baseURL);
  if (!isLoopbackHost(url.hostname)) {
    offLoopback.push(url.origin);
    return Promise.reject(Object.assign(new Error(`network guard: ${url.origin}`), { code: "ECONNREFUSED" }));
  }
  return axios.getAdapter(realAdapter)(config);
};

interface Outcome {
  readonly code: number;
  readonly err: string;
  readonly out: string;
  readonly files: readonly string[];
  /** Everything printed and written, for the canary grep. */
  readonly everything: string;
  readonly requests: number;
}

const tally = new Tally("environment matrix");

describe("environment matrix", () => {
  const api = useEmulator();
  let fixtures: Fixtures;

  beforeAll(() => {
    fixtures = writeFixtures(tempDir(), api().emulator.url);
    axios.defaults.adapter = guard;
  });

  afterAll(() => {
    axios.defaults.adapter = realAdapter;
    tally.print();
  });

  beforeEach(() => {
    api().emulator.context.requests.reset();
    offLoopback = [];
  });

  async function runWith(argv: (out: string) => string[], env: Record<string, string | undefined>): Promise<Outcome> {
    const out = tempDir();
    let stdout = "";
    let stderr = "";
    const code = await run(argv(out), {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)),
      stdinIsTty: false,
    });
    const files = readdirSync(out, { recursive: true, encoding: "utf8" });
    const written = files.map((f) => {
      try {
        return readFileSync(path.join(out, f), "utf8");
      } catch {
        return ""; // a folder
      }
    });
    const requests = api().emulator.context.requests.counts().total + offLoopback.length;
    return { code, err: stderr, out: stdout, files, everything: [stdout, stderr, ...written].join("\n"), requests };
  }

  function expectNoCanary(r: Outcome): void {
    for (const value of Object.values(CANARY)) expect(r.everything, `${value} printed or written`).not.toContain(value);
  }

  /** Exit 2 naming `variable`; only problem lines below the headline; nothing printed, written or sent. */
  function expectRefused(r: Outcome, variable: string): void {
    expect(r.code, r.err).toBe(2);
    const [headline = "", ...rest] = r.err.trimEnd().split("\n");
    expect(
      rest.filter((l) => !l.startsWith("  - ")),
      r.err,
    ).toEqual([]);
    expect(
      [headline, ...rest].some((l) => l.includes(variable)),
      `names ${variable}: ${r.err}`,
    ).toBe(true);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.out).toBe("");
    expect(r.files).toEqual([]);
    expect(r.requests, "requests sent").toBe(0);
    expectNoCanary(r);
  }

  for (const command of ENV_COMMANDS) {
    describe(command.name, () => {
      test("the good environment is the baseline", async () => {
        const r = await runWith((out) => command.argv(fixtures, out), goodEnv(fixtures.url));
        expect(r.code, r.err).toBe(command.exit);
      });

      const cases = BAD_ENV.filter(
        (c: BadEnv) => (c.only === undefined || c.only.includes(command.name)) && !c.notFor?.includes(command.name),
      );
      test.each(cases.map((c) => [c.name, c] as const))("fails on %s", async (_name, c) =>
        tally.count(command.name, async () => {
          const r = await runWith((out) => command.argv(fixtures, out), { ...goodEnv(fixtures.url), ...c.change });
          expectRefused(r, c.names);
        }),
      );

      test.each(ACCEPTED_ENV.map((c) => [c.name, c] as const))("accepts %s", async (_name, c) =>
        tally.count(command.name, async () => {
          const good = goodEnv(fixtures.url);
          const r = await runWith((out) => command.argv(fixtures, out), { ...good, ...c.change(good) });
          expect(r.code, r.err).toBe(command.exit);
          expect(r.err).not.toMatch(STACK_LINE);
        }),
      );

      test("an access token beside client credentials wins: no login, and neither is printed", async () =>
        tally.count(command.name, async () => {
          const env = { ...goodEnv(fixtures.url), ...{ GENESYSCLOUD_ACCESS_TOKEN: CANARY.token } };
          const r = await runWith((out) => command.argv(fixtures, out), {
            ...env,
            GENESYSCLOUD_OAUTHCLIENT_ID: CANARY.id,
            GENESYSCLOUD_OAUTHCLIENT_SECRET: CANARY.secret,
          });
          // The emulator does not know the canary token: the token was used (401), the client never logged in.
          expect(r.code, r.err).toBe(3);
          const routes = api().emulator.context.requests.counts().byRoute;
          expect(routes["POST /oauth/token"] ?? 0).toBe(0);
          expect(api().emulator.context.requests.counts().total).toBeGreaterThan(0);
          expectNoCanary(r);
        }));
    });
  }

  test("resolve with no credentials at all: the log's diagnosis is printed, the lookups unverified (exit 3)", async () => {
    const resolve = ENV_COMMANDS.find((c) => c.name === "resolve")!;
    const env: Record<string, string> = goodEnv(fixtures.url);
    delete env.GENESYSCLOUD_OAUTHCLIENT_ID;
    delete env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
    const r = await runWith((out) => resolve.argv(fixtures, out), env);
    expect(r.code, r.err).toBe(3);
    expect(r.out).toContain("gcguard resolve:");
    expect(r.err).toContain("could not look the objects up in Genesys: ");
    expect(r.requests, "requests sent").toBe(0);
  });

  describe("synth: GCGUARD_CONFIG and GCGUARD_IMPORTS", () => {
    const argv = (out: string): string[] => ["synth", "-o", path.join(out, "cdktf.out")];

    test("the io's GCGUARD_CONFIG is the config synth reads", async () => {
      const r = await runWith(argv, { GCGUARD_CONFIG: fixtures.config });
      expect(r.code, r.err).toBe(0);
    });

    // A message names the file the variable gave (lib/stack/synth.ts); only a missing config names the variable.
    test.each([
      ["GCGUARD_CONFIG naming a missing file", { GCGUARD_CONFIG: "<dir>/missing.yaml" }, "GCGUARD_CONFIG"],
      ["GCGUARD_CONFIG naming a folder", { GCGUARD_CONFIG: "<dir>" }, "<dir>"],
      [
        "GCGUARD_IMPORTS naming a missing file",
        { GCGUARD_CONFIG: "<config>", GCGUARD_IMPORTS: "<dir>/missing.json" },
        "<dir>/missing.json",
      ],
    ])("fails on %s", async (_name, vars, names) =>
      tally.count("synth", async () => {
        const fill = (v: string): string => v.replace("<dir>", fixtures.dir).replace("<config>", fixtures.config);
        const env = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, fill(v)]));
        expectRefused(await runWith(argv, env), fill(names));
      }),
    );
  });

  describe("scim diff --delta", () => {
    const argv = (): string[] => ["scim", "diff", "--delta", "https://127.0.0.1:9/delta", "--no-progress"];
    test.each([
      ["unset", undefined],
      ["empty", ""],
      ["whitespace only", " \t "],
    ])("fails on GCGUARD_IDP_TOKEN %s", async (_name, token) =>
      tally.count("scim diff --delta", async () => {
        const r = await runWith(argv, { ...goodEnv(fixtures.url), GCGUARD_IDP_TOKEN: token });
        expectRefused(r, "GCGUARD_IDP_TOKEN");
      }),
    );

    test("fails on a --token-env variable that is unset, naming it", async () =>
      tally.count("scim diff --delta", async () => {
        const r = await runWith(() => [...argv(), "--token-env", "MY_IDP_TOKEN"], {
          ...goodEnv(fixtures.url),
          GCGUARD_IDP_TOKEN: CANARY.idp,
        });
        expectRefused(r, "MY_IDP_TOKEN");
      }));
  });
});
