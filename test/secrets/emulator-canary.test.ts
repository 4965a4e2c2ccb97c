/**
 * The canary test for a serving `gcguard emulator` (issue 20, "secret hygiene by construction"; the other commands:
 * test/secrets/canary.test.ts, rehearse: test/e2e/canary-rehearse.test.ts). Canary values in the credential
 * variables and GCGUARD_DEBUG=1; the emulator run in-process through `run(argv, io)`, sent logins with the canary
 * id and secret (Basic header and form body), requests with `Authorization: Bearer <canary>` and
 * `?access_token=<canary>`, and the same with a token it issued; then stopped the way a SIGTERM stops it (its own
 * handlers called, no signal sent). Searched for every canary and issued token: its stdout and stderr (URL, banner,
 * stop lines), the process's own streams, its request log (GET /__emulator/requests), every answer to a request
 * that carried a canary, and every file it wrote (--write-seed). It has no request logging or debug output of its
 * own; GCGUARD_DEBUG is set so that any added later is searched too.
 */
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { afterAll, describe, expect, test, vi } from "vitest";

import { DEMO_SEED_FILE } from "../../lib/emulator";
import { loadSeedFile } from "../../lib/emulator/seed";
import { tempDir } from "../helpers";
import { run } from "../../scripts/cli";
import { captureRun, filesUnder } from "./capture";

const CANARY = {
  id: "canary-id-9d4c7b2e-client",
  secret: "canary-secret-Vt8Nq3Lx6Zp1Kw4Rs7",
  token: "canary-token-Gm5Hd2Jy9Cb4Ft7Xe1",
  idpToken: "canary-idp-token-Pw3Qs8Ua5Zn",
} as const;

const ENV: NodeJS.ProcessEnv = {
  GENESYSCLOUD_OAUTHCLIENT_ID: CANARY.id,
  GENESYSCLOUD_OAUTHCLIENT_SECRET: CANARY.secret,
  GENESYSCLOUD_ACCESS_TOKEN: CANARY.token,
  GCGUARD_IDP_TOKEN: CANARY.idpToken,
  GCGUARD_DEBUG: "1",
};

const basic = (id: string, secret: string) => Buffer.from(`${id}:${secret}`).toString("base64");

/** The tokens the emulators issued in this file; canaries like the others. */
const issued: string[] = [];

function canaryForms(): string[] {
  return [...Object.values(CANARY), basic(CANARY.id, CANARY.secret), ...issued];
}

/** A serving emulator in-process: what it printed so far, its URL, and `stop` (its SIGTERM handlers, called). */
interface Serving {
  readonly url: string;
  readonly text: () => string;
  stop(): Promise<number>;
}

async function serve(argv: readonly string[]): Promise<Serving> {
  let text = "";
  const sink = (chunk: string | Uint8Array): boolean => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(sink);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(sink);
  const before = process.listeners("SIGTERM");
  let url: (value: string) => void = () => {};
  const started = new Promise<string>((resolve) => (url = resolve));
  const stdout = (t: string) => {
    sink(t);
    if (/^http:\/\/\S+\n$/.test(t)) url(t.trim());
  };
  const exit = run(["emulator", ...argv], { stdout, stderr: (t) => sink(t), env: ENV, isTty: false });
  const stopped = exit.finally(() => {
    out.mockRestore();
    err.mockRestore();
  });
  const first = await Promise.race([started, stopped.then((code) => `exited ${code}: ${text}`)]);
  if (!first.startsWith("http://")) throw new Error(`the emulator did not serve: ${first}`);
  return {
    url: first,
    text: () => text,
    async stop() {
      const handlers = process.listeners("SIGTERM").filter((h) => !before.includes(h));
      for (const handler of handlers) handler("SIGTERM");
      return stopped;
    },
  };
}

/** Runs a command that ends by itself, capturing every stream. */
const gcguard = (argv: readonly string[]) => captureRun(argv, ENV);

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
}

/**
 * Logins and API calls carrying the canaries, and a good login of `client` (the canary's own when the seed has it)
 * whose token is then used the same ways; returns the answers to search (the good login's answer carries its token
 * by design, so it is not among them).
 */
async function exercise(url: string, client: { id: string; secret: string }): Promise<string[]> {
  const answers: { status: number; text: string }[] = [];
  const body = `grant_type=client_credentials&client_id=${CANARY.id}&client_secret=${CANARY.secret}`;
  answers.push(await call(`${url}/oauth/token`, { method: "POST", headers: FORM, body }));
  if (client.id !== CANARY.id) {
    const refused = await call(`${url}/oauth/token`, {
      method: "POST",
      headers: { ...FORM, authorization: `Basic ${basic(CANARY.id, CANARY.secret)}` },
      body: "grant_type=client_credentials",
    });
    expect(refused.status).toBe(400);
    answers.push(refused);
  }
  const login = await call(`${url}/oauth/token`, {
    method: "POST",
    headers: { ...FORM, authorization: `Basic ${basic(client.id, client.secret)}` },
    body: `grant_type=client_credentials&client_secret=${client.secret}`,
  });
  expect(login.status).toBe(200);
  const token = (JSON.parse(login.text) as { access_token: string }).access_token;
  issued.push(token);
  for (const bearer of [CANARY.token, token]) {
    answers.push(await call(`${url}/api/v2/users`, { headers: { authorization: `Bearer ${bearer}` } }));
    answers.push(await call(`${url}/api/v2/authorization/divisions?access_token=${bearer}&pageSize=25`));
    answers.push(
      await call(`${url}/api/v2/groups/search`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({ query: [{ type: "EXACT", fields: ["name"], value: CANARY.secret }] }),
      }),
    );
  }
  expect(answers.map((a) => a.status).slice(-6)).toEqual([401, 401, 401, 200, 401, 200]);
  answers.push(await call(`${url}/__emulator/requests`));
  return answers.map((a) => a.text);
}

describe("no canary reaches any stream or file of gcguard emulator", () => {
  const checked: { path: string; code: number }[] = [];
  const leaks: string[] = [];

  afterAll(() => {
    process.stderr.write(
      `[canary] emulator: ${checked.length} runs over 1 command (${checked.map((c) => c.path).join("; ")}), ` +
        `${canaryForms().length} canary forms (${issued.length} tokens it issued) searched in every stream, ` +
        `answer and file, ${leaks.length} found\n${leaks.map((l) => `  ${l}\n`).join("")}`,
    );
  });

  function search(pathName: string, code: number, places: { file: string; text: string }[]): void {
    checked.push({ path: pathName, code });
    for (const { file, text } of places) {
      for (const canary of canaryForms()) if (text.includes(canary)) leaks.push(`${pathName}: ${canary} in ${file}`);
    }
  }

  async function serving(pathName: string, argv: string[], client: { id: string; secret: string }): Promise<string> {
    const emulator = await serve(["--port", "0", ...argv]);
    const answers = await exercise(emulator.url, client);
    const code = await emulator.stop();
    expect(code).toBe(0);
    expect(emulator.text()).toContain("gcguard emulator: stopped");
    search(pathName, code, [
      { file: "(streams)", text: emulator.text() },
      ...answers.map((text, i) => ({ file: `(answer ${i + 1})`, text })),
    ]);
    return emulator.text();
  }

  test("serving the demo org, and a seed whose client has the canary credentials", async () => {
    await serving("serving: the demo org", [], { id: "gcguard-ci", secret: "demo-secret-ci" });
    // A seed holds its clients' secrets by design, so it is the test's input, outside anything searched.
    const seed = loadSeedFile(DEMO_SEED_FILE);
    seed.clients.push({ id: CANARY.id, secret: CANARY.secret, permissions: "*", divisions: "*" });
    const seedFile = path.join(tempDir("gcguard-canary-emulator-input-"), "seed.json");
    writeFileSync(seedFile, JSON.stringify(seed));
    const text = await serving("serving: a seed with the canary's client", ["--seed", seedFile], CANARY);
    // The banner lists the clients by id: the canary id's is masked, the others' stay.
    expect(text).toContain("[redacted] (all permissions, all divisions)");
    expect(text).toContain("gcguard-ci (all permissions");
    expect(leaks).toEqual([]);
  });

  test("--write-seed, a taken port and a missing seed", async () => {
    const dir = tempDir("gcguard-canary-emulator-");
    const written = await gcguard(["emulator", "--write-seed", path.join(dir, "seed.json")]);
    expect(written.code).toBe(0);
    search("--write-seed", written.code, [{ file: "(streams)", text: written.text }, ...filesUnder(dir)]);

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const refused = await gcguard(["emulator", "--port", port]);
      expect(refused.code).toBe(2);
      search("failure: the port is taken", refused.code, [{ file: "(streams)", text: refused.text }]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }

    const missing = await gcguard(["emulator", "--seed", path.join(dir, "nope.yaml"), "--port", "0"]);
    expect(missing.code).toBe(2);
    search("failure: a missing seed", missing.code, [{ file: "(streams)", text: missing.text }]);
    expect(leaks).toEqual([]);
  });
});
