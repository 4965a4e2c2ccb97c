import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";

import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { describeFailure, isInputError } from "../../lib/errors";
import type { FetchIdpDeltaOptions } from "../../lib/scim/delta";
import { IdpDeltaError, deltaDelayMs, deltaRetry, endpointOf, fetchIdpDelta } from "../../lib/scim/delta";

// A fake identity provider: the delta endpoint's side of the contract in lib/scim/delta.ts, over loopback.

const TOKEN = "idp-s3cr3t-token-4711";

interface Seen {
  readonly url: string;
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
}

/** `n`: the request's index within the test. */
type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: Seen[] = [];
const waits: number[] = [];
const logs: string[] = [];

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** Answers by request path and query (`/delta?page=2`), 404 for anything else. */
function pages(byUrl: Record<string, unknown>): Handler {
  return (req, res) => {
    const body = byUrl[req.url ?? ""];
    if (body === undefined) send(res, 404, { error: `no page ${req.url}` });
    else send(res, 200, body);
  };
}

function options(extra: Partial<FetchIdpDeltaOptions> = {}): FetchIdpDeltaOptions {
  return {
    url: `${base}/delta`,
    tokenEnv: "IDP_TOKEN",
    env: { IDP_TOKEN: TOKEN },
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    log: (line) => logs.push(line),
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw err;
  }
  throw new Error("expected an error, got none");
}

/** Every way an error could be printed or logged holds none of the secrets. */
function expectNoSecrets(err: Error, ...secrets: string[]): void {
  const texts = [String(err), JSON.stringify(err), inspect(err, { depth: 10 }), err.stack ?? "", ...logs];
  if (isInputError(err)) texts.push(err.render());
  if (err instanceof IdpDeltaError) texts.push(...err.problems);
  for (const secret of [TOKEN, ...secrets]) for (const text of texts) expect(text).not.toContain(secret);
  expect(err.cause).toBeUndefined();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization, accept: req.headers.accept });
    handler(req, res, seen.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  waits.length = 0;
  logs.length = 0;
  handler = pages({});
});

describe("fetchIdpDelta", () => {
  test("reads a first load without since, sending the bearer token and Accept: application/json", async () => {
    handler = pages({
      "/delta": {
        cursor: "c1",
        groups: [{ displayName: "GC-Sales-Agents", add: ["ada@acme.example", { externalId: "entra-1003" }] }],
      },
    });
    const delta = await fetchIdpDelta(options());
    expect(delta).toEqual({
      kind: "delta",
      source: `${base}/delta`,
      since: undefined,
      cursor: "c1",
      groups: [
        {
          displayName: "GC-Sales-Agents",
          add: [
            { by: "userName", value: "ada@acme.example" },
            { by: "externalId", value: "entra-1003" },
          ],
          remove: [],
          origin: "delta page 1 groups[0]",
        },
      ],
    });
    expect(seen).toEqual([{ url: "/delta", authorization: `Bearer ${TOKEN}`, accept: "application/json" }]);
    expect(logs).toEqual(["delta: page 1 (1 group)"]);
  });

  test("sends the stored cursor as since, keeping the endpoint's own query parameters", async () => {
    handler = pages({ "/delta?tenant=acme&since=c+1%2F2": { cursor: "c2", groups: [] } });
    const delta = await fetchIdpDelta(options({ url: `${base}/delta?tenant=acme`, since: "c 1/2" }));
    expect(delta).toMatchObject({ source: `${base}/delta`, since: "c 1/2", cursor: "c2", groups: [] });
  });

  test("follows relative and absolute next links, merging pages in order and keeping the last cursor", async () => {
    handler = pages({
      "/delta?since=c0": {
        cursor: "c1",
        groups: [
          { displayName: "GC-Sales-Agents", add: ["ada@acme.example"], remove: ["alan@acme.example"] },
          { displayName: "GC-Support-Tier1", add: [{ email: "donald@acme.example" }] },
        ],
        next: "/delta?page=2&since=c0",
      },
      "/delta?page=2&since=c0": {
        cursor: "c2",
        groups: [
          {
            displayName: "GC-Sales-Agents",
            add: [{ userName: "ALAN@acme.example" }, { externalId: "E7" }],
            remove: ["Ada@Acme.example"],
          },
        ],
        next: `${base}/delta?page=3&since=c0`,
      },
      "/delta?page=3&since=c0": {
        cursor: "c3",
        groups: [{ displayName: "GC-Support-Tier1", remove: [{ externalId: "E7" }] }],
        next: null,
      },
    });
    const delta = await fetchIdpDelta(options({ since: "c0" }));
    expect(delta.cursor).toBe("c3");
    expect(delta.groups).toEqual([
      {
        displayName: "GC-Sales-Agents",
        add: [
          { by: "userName", value: "ALAN@acme.example" },
          { by: "externalId", value: "E7" },
        ],
        remove: [{ by: "userName", value: "Ada@Acme.example" }],
        origin: "delta page 1 groups[0]",
      },
      {
        displayName: "GC-Support-Tier1",
        add: [{ by: "userName", value: "donald@acme.example" }],
        remove: [{ by: "externalId", value: "E7" }],
        origin: "delta page 1 groups[1]",
      },
    ]);
    expect(seen.map((s) => s.authorization)).toEqual(Array(3).fill(`Bearer ${TOKEN}`));
    expect(logs).toEqual(["delta: page 1 (2 groups)", "delta: page 2 (1 group)", "delta: page 3 (1 group)"]);
  });

  test("fails on group names that differ only in case across pages, naming both", async () => {
    handler = pages({
      "/delta": { cursor: "c1", groups: [{ displayName: "GC-Sales" }], next: "/delta?page=2" },
      "/delta?page=2": { cursor: "c2", groups: [{ displayName: "gc-sales", add: ["a@x"] }] },
    });
    const err = await failure(fetchIdpDelta(options()));
    expect(err).toBeInstanceOf(IdpDeltaError);
    if (!(err instanceof IdpDeltaError)) return;
    expect(err.message).toBe(
      `${base}/delta: page 2 is not a valid delta answer; fix the endpoint (README "Delta endpoint")`,
    );
    expect(err.problems).toEqual([
      'groups[0]: group "gc-sales" differs only in case from "GC-Sales" at delta page 1 groups[0]; Genesys treats both as one group and the IdP links groups by exact name, so use one spelling',
    ]);
  });

  test("fails with exit code 3 and without retrying when the endpoint refuses the token", async () => {
    for (const status of [401, 403]) {
      seen.length = 0;
      handler = (_req, res) => send(res, status, { error: "invalid_token" });
      const err = await failure(fetchIdpDelta(options()));
      expect(err).toBeInstanceOf(IdpDeltaError);
      expect((err as IdpDeltaError).exitCode).toBe(3);
      expect(err.message).toBe(
        `${base}/delta refused the token (${status}); check that IDP_TOKEN holds a current token allowed to read the delta`,
      );
      expect(seen).toHaveLength(1);
      expectNoSecrets(err);
    }
  });

  test("retries a 500 after a full-jitter backoff, then reads the page", async () => {
    handler = (req, res, n) => (n === 0 ? send(res, 500, "oops") : pages({ "/delta": { cursor: "c1" } })(req, res, n));
    const delta = await fetchIdpDelta(options());
    expect(delta.cursor).toBe("c1");
    expect(waits).toEqual([125]); // random 0.5 × 250 ms × 2^0
    expect(logs).toEqual(["delta: page 1 answered 500; retry 1 of 3 in 125 ms", "delta: page 1 (0 groups)"]);
  });

  test("waits out a 429's Retry-After in seconds, capped at 60 s", async () => {
    handler = (req, res, n) => {
      if (n === 0) send(res, 429, {}, { "retry-after": "2" });
      else if (n === 1) send(res, 429, {}, { "retry-after": "3600" });
      else pages({ "/delta": { cursor: "c1" } })(req, res, n);
    };
    await fetchIdpDelta(options());
    expect(waits).toEqual([2000, 60_000]);
    expect(seen).toHaveLength(3);
  });

  test("the backoff's ceiling is capped however many the retries; a dated Retry-After is read on the given clock", () => {
    const almostOne = () => 0.999_999;
    expect(deltaDelayMs(2, undefined, almostOne)).toBe(999);
    expect(deltaDelayMs(30, undefined, almostOne)).toBe(deltaRetry.maxDelayMs - 1);
    const now = Date.UTC(2030, 0, 1);
    expect(deltaDelayMs(0, new Date(now + 5_000).toUTCString(), almostOne, now)).toBe(5_000);
  });

  test("the reader's backoff stops growing at the policy's maxDelayMs, however many the retries", async () => {
    handler = (req, res, n) => (n < 8 ? send(res, 503, {}) : pages({ "/delta": { cursor: "c1" } })(req, res, n));
    await fetchIdpDelta(options({ random: () => 0.999_999, retry: { retries: 8 } }));
    expect(waits).toEqual([249, 499, 999, 1999, 3999, 7999, 9999, 9999]);
    expect(Math.max(...waits)).toBeLessThan(deltaRetry.maxDelayMs);
  });

  test("fails with exit code 3 after three retries, naming the endpoint without its query", async () => {
    handler = (_req, res) => send(res, 503, { error: "maintenance" });
    const err = await failure(fetchIdpDelta(options({ url: `${base}/delta?apikey=query-secret` })));
    expect((err as IdpDeltaError).exitCode).toBe(3);
    expect(err.message).toBe(`${base}/delta: page 1 answered 503, gave up after 4 attempts; try again later`);
    expect(seen).toHaveLength(4);
    expect(waits).toEqual([125, 250, 500]);
    expectNoSecrets(err, "query-secret");
  });

  test("fails with exit code 3 when the endpoint cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const err = await failure(fetchIdpDelta(options({ url: `http://127.0.0.1:${port}/delta` })));
    expect((err as IdpDeltaError).exitCode).toBe(3);
    expect(err.message).toBe(
      `http://127.0.0.1:${port}/delta: page 1 could not be reached (ECONNREFUSED), gave up after 4 attempts; try again later`,
    );
    expect(waits).toHaveLength(3);
    expectNoSecrets(err);
  });

  test("fails with exit code 3 when the endpoint does not answer in time", async () => {
    handler = () => undefined; // never answers
    const err = await failure(fetchIdpDelta(options({ timeoutMs: 50 })));
    expect((err as IdpDeltaError).exitCode).toBe(3);
    expect(err.message).toBe(
      `${base}/delta: page 1 did not answer within 50 ms, gave up after 4 attempts; try again later`,
    );
    expectNoSecrets(err);
  });

  test("fails with exit code 3 on other error answers, quoting the endpoint's message without the token", async () => {
    handler = (_req, res) => send(res, 400, { error: `token ${TOKEN} may not read tenant acme` });
    const err = await failure(fetchIdpDelta(options()));
    expect((err as IdpDeltaError).exitCode).toBe(3);
    expect(err.message).toBe(`${base}/delta: page 1 answered 400: token [redacted] may not read tenant acme`);
    expect(seen).toHaveLength(1);
    expectNoSecrets(err);
  });

  // A broken answer is the endpoint's fault, not the user's: could not verify (exit 3), like a refused token.
  test("fails with exit code 3 naming the endpoint on a body that is not JSON", async () => {
    handler = (_req, res) => send(res, 200, `${TOKEN} is not JSON`);
    const err = await failure(fetchIdpDelta(options()));
    expect(err).toBeInstanceOf(IdpDeltaError);
    if (!(err instanceof IdpDeltaError)) return;
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(
      `${base}/delta: page 1 is not a valid delta answer; fix the endpoint (README "Delta endpoint")`,
    );
    expect(err.problems).toEqual(["the body is not JSON"]);
    // As the command line prints it: the problems below the headline.
    expect(describeFailure(err)).toEqual({ exitCode: 3, text: `${err.message}\n  - the body is not JSON` });
    expectNoSecrets(err);
  });

  test("fails with exit code 3 listing the first problems of a malformed body", async () => {
    handler = pages({ "/delta": { groups: {} } });
    expect(((await failure(fetchIdpDelta(options()))) as { problems?: unknown }).problems).toEqual([
      "cursor: is required",
      "groups: must be an array",
    ]);
    handler = pages({
      "/delta": {
        cursor: "c1",
        groups: [
          { displayName: "G", add: ["ada", { userName: "a@x", externalId: "1" }], remove: ["b@x"], removed: [] },
          { displayName: "H", add: ["b@x"], remove: ["B@X"] },
          { add: [] },
          ...Array.from({ length: 12 }, () => ({ displayName: " " })),
        ],
      },
    });
    const err = await failure(fetchIdpDelta(options()));
    expect(err).toBeInstanceOf(IdpDeltaError);
    if (!(err instanceof IdpDeltaError)) return;
    expect(err.exitCode).toBe(3);
    expect(err.problems).toEqual([
      'groups[0]: unknown key "removed"',
      'groups[1]: "B@X" both added and removed',
      "groups[2].displayName: is required",
      ...Array.from(
        { length: 7 },
        (_, i) => `groups[${i + 3}]: the group displayName is blank; give the group's exact display name`,
      ),
      "… and 5 more",
    ]);
    handler = pages({
      "/delta": {
        cursor: "c1",
        groups: [{ displayName: "G", add: ["ada", { userName: "a@x", externalId: "1" }] }],
      },
    });
    expect(((await failure(fetchIdpDelta(options()))) as { problems?: unknown }).problems).toEqual([
      'groups[0].add[0]: userName "ada" is not an email address; a Genesys userName is the user\'s email (x@y)',
      'groups[0].add[1]: a member is a userName string or an object with exactly one of userName, email, externalId; got "userName", "externalId"',
    ]);
  });

  test("refuses a redirect instead of following it with the token", async () => {
    handler = (req, res) => {
      if (req.url === "/delta") send(res, 302, "", { location: `${base}/elsewhere` });
      else send(res, 200, { cursor: "stolen" });
    };
    const err = await failure(fetchIdpDelta(options()));
    expect(isInputError(err)).toBe(true);
    expect(err.message).toBe(
      `${base}/delta: page 1 answered 302, a redirect; gcguard does not follow redirects, so the token is never sent elsewhere; pass the final URL`,
    );
    expect(seen.map((s) => s.url)).toEqual(["/delta"]);
    expectNoSecrets(err);
  });

  test("refuses a next link to another origin", async () => {
    const port = new URL(base).port;
    handler = pages({ "/delta": { cursor: "c1", next: `http://localhost:${port}/delta?page=2` } });
    const err = await failure(fetchIdpDelta(options()));
    expect(err).toBeInstanceOf(IdpDeltaError);
    if (!(err instanceof IdpDeltaError)) return;
    expect(err.problems).toEqual([`next points to http://localhost:${port}; gcguard sends the token only to ${base}`]);
    expect(seen).toHaveLength(1);
  });

  test("fails with exit code 3 on pages that link back, and on more pages than maxPages", async () => {
    handler = pages({
      "/delta": { cursor: "c1", next: "/delta?page=2" },
      "/delta?page=2": { cursor: "c2", next: "/delta" },
    });
    const loop = await failure(fetchIdpDelta(options()));
    expect((loop as IdpDeltaError).exitCode).toBe(3);
    expect(loop.message).toBe(`${base}/delta: page 2 links back to an earlier page`);
    handler = (_req, res) => send(res, 200, { cursor: "c", next: `/delta?page=${seen.length + 1}` });
    seen.length = 0;
    const many = await failure(fetchIdpDelta(options({ maxPages: 3 })));
    expect((many as IdpDeltaError).exitCode).toBe(3);
    expect(many.message).toBe(
      `${base}/delta: more than 3 pages; gcguard reads at most 3 per run, so the endpoint may be looping or its pages may be too small`,
    );
    expect(seen).toHaveLength(3);
  });

  test("fails before any request on a plain-http endpoint that is not loopback, a URL with credentials or none", async () => {
    const cases: [string, RegExp][] = [
      ["http://idp.example/delta?x=1", /^http:\/\/idp\.example\/delta: the delta endpoint must use https/],
      ["ftp://idp.example/delta", /must use https/],
      [
        "https://user:pw@idp.example/delta",
        /^https:\/\/idp\.example\/delta: the URL holds credentials; remove them and put the token in IDP_TOKEN$/,
      ],
      ["idp.example/delta", /^idp\.example\/delta: not a URL; pass the IdP delta endpoint/],
      ["//user:pw@idp.example/delta?key=pw@", /^\/\/idp\.example\/delta: not a URL/],
    ];
    for (const [url, message] of cases) {
      const err = await failure(fetchIdpDelta(options({ url })));
      expect(isInputError(err)).toBe(true);
      expect(err.message).toMatch(message);
      expectNoSecrets(err, "pw@");
    }
    expect(seen).toHaveLength(0);
  });

  test("fails before any request when the token variable is missing or empty", async () => {
    for (const env of [{}, { IDP_TOKEN: "  " }]) {
      const err = await failure(fetchIdpDelta(options({ env })));
      expect(isInputError(err)).toBe(true);
      expect(err.message).toBe("set IDP_TOKEN to the delta endpoint's bearer token");
    }
    const err = await failure(fetchIdpDelta(options({ env: { IDP_TOKEN: `${TOKEN}\nX-Evil: 1` } })));
    expect(err.message).toBe("IDP_TOKEN holds characters a bearer token cannot have; store the token alone");
    expectNoSecrets(err);
    expect(seen).toHaveLength(0);
  });
});

describe("endpointOf", () => {
  test("keeps origin and path, dropping query, fragment and credentials", () => {
    expect(endpointOf("https://u:p@idp.example:8443/scim/delta?since=x#frag")).toBe(
      "https://idp.example:8443/scim/delta",
    );
  });
});
