import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { describeFailure } from "../../lib/errors";
import { DELTA_LIMITS } from "../../lib/limits";
import type { FetchIdpDeltaOptions } from "../../lib/scim/delta";
import { fetchIdpDelta } from "../../lib/scim/delta";

// A delta endpoint that answers more than a delta should: every bound in DELTA_LIMITS ends the run with exit 3.

let server: Server;
let base: string;
let bodies: Record<string, string> = {};
let requests = 0;

const groups = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ displayName: `G${from + i}`, add: [`u${from + i}@acme.example`] }));

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(bodies[req.url ?? ""] ?? "{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function options(extra: Partial<FetchIdpDeltaOptions> = {}): FetchIdpDeltaOptions {
  return {
    url: `${base}/delta`,
    tokenEnv: "IDP_TOKEN",
    env: { IDP_TOKEN: "idp-token" },
    sleep: async () => {},
    random: () => 0.5,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<{ text: string; exitCode: number }> {
  try {
    await promise;
  } catch (err) {
    return describeFailure(err);
  }
  throw new Error("expected an error, got none");
}

describe("fetchIdpDelta limits", () => {
  test("fails with exit code 3 on a page of more groups than DELTA_LIMITS.groupsPerPage", async () => {
    bodies = { "/delta": JSON.stringify({ cursor: "c1", groups: groups(DELTA_LIMITS.groupsPerPage + 1) }) };
    expect(await failure(fetchIdpDelta(options()))).toEqual({
      exitCode: 3,
      text:
        `${base}/delta: page 1 holds 10001 groups, over gcguard's limit of 10000 per page; ` +
        'have the endpoint answer in smaller pages (README.md, "Limits")',
    });
  });

  test("reads a page of exactly DELTA_LIMITS.groupsPerPage groups", async () => {
    bodies = { "/delta": JSON.stringify({ cursor: "c1", groups: groups(DELTA_LIMITS.groupsPerPage) }) };
    const delta = await fetchIdpDelta(options());
    expect(delta.groups).toHaveLength(DELTA_LIMITS.groupsPerPage);
  });

  test("fails with exit code 3 once the pages together pass the total", async () => {
    bodies = {
      "/delta": JSON.stringify({ cursor: "c1", groups: groups(3), next: "/delta?page=2" }),
      "/delta?page=2": JSON.stringify({ cursor: "c2", groups: groups(3, 3), next: "/delta?page=3" }),
      "/delta?page=3": JSON.stringify({ cursor: "c3", groups: [] }),
    };
    requests = 0;
    const failed = await failure(fetchIdpDelta(options({ limits: { groupsTotal: 5 } })));
    expect(failed.exitCode).toBe(3);
    expect(failed.text).toBe(
      `${base}/delta: more than 5 groups by page 2, over gcguard's limit per run; ` +
        `check the endpoint's since handling, or sync from a full IdP export (README.md, "Limits")`,
    );
    expect(requests).toBe(2); // page 3 is never asked for
  });

  test("fails with exit code 3, without retrying, on a page body past DELTA_LIMITS.pageBytes", async () => {
    bodies = { "/delta": JSON.stringify({ cursor: "c1", groups: groups(50) }) };
    requests = 0;
    expect(await failure(fetchIdpDelta(options({ limits: { pageBytes: 1024 } })))).toEqual({
      exitCode: 3,
      text:
        `${base}/delta: a page is over gcguard's limit of 1 KB; have the endpoint answer in smaller pages ` +
        '(README.md, "Limits")',
    });
    expect(requests).toBe(1);
  });
});
