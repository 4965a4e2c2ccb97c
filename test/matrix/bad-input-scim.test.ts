/**
 * Issue 20's bad-input matrix for the SCIM inputs (the harness and the other inputs: bad-input.test.ts), in-process
 * through the real command line against the emulator: the IdP export as CSV and as JSON (`scim diff --export`), the
 * users export (`scim users --export`, a dry run), the delta state file (`scim diff --delta URL --state FILE`), and
 * the delta endpoint's answers, served by a small HTTP server in this file.
 *
 * A bad file exits 2 (bad input) with one headline naming it and the fix, only `  - ` problem lines below, no stack
 * trace or control character, nothing on stdout and nothing written, although every command is pointed at the
 * input's folder for its report. A bad answer of the delta endpoint exits 3 instead: it comes from the endpoint, not
 * from the user, so what the IdP wants could not be verified (README.md "Exit codes"); its headline names the
 * endpoint. Its variants are the
 * bad bytes (the file-system ones do not apply), an HTML page, and answers past the page limits (lib/limits.ts
 * DELTA_LIMITS: one group more than a page may hold, a body one byte over its bytes). A missing state file is a
 * first load, not bad input (README "Delta state file"), so that variant does not apply to it.
 *
 * The tally of cases per input kind is printed at the end, for the issue's closing note.
 */
import type { Server } from "node:http";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";

import { afterAll, beforeAll, describe } from "vitest";

import { DELTA_LIMITS, INPUT_LIMITS } from "../../lib/limits";
import { useEmulator } from "../emulator/helpers";
import type { InputKind as Kind, Variant } from "./input-harness";
import { describeKind, pretty, ROOT, Tally } from "./input-harness";

interface Fixtures {
  /** The emulator. */
  readonly url: string;
  /** The delta endpoint that answers a valid empty page. */
  readonly delta: string;
  /** The delta endpoint that answers what the case gives it. */
  readonly answers: string;
}
type InputKind = Kind<Fixtures>;

const TOKEN_ENV = { GCGUARD_IDP_TOKEN: "idp-token-for-the-matrix" };
const EMPTY_PAGE = pretty({ cursor: "c1", groups: [] });

/** A scim command against the emulator, its report written into the input's folder (nothing may land there). */
const scim = (f: Fixtures, out: string, ...args: string[]): string[] => [
  "scim",
  ...args,
  "--base-url",
  f.url,
  "--no-progress",
  "--output",
  path.join(out, "report.txt"),
];

const example = (name: string) => () => readFileSync(path.join(ROOT, "examples/idp", name), "utf8");

/** The answer the next delta request gets, set by the delta-answer kind's feed. */
let answer: Buffer = Buffer.from(EMPTY_PAGE);

const KINDS: readonly InputKind[] = [
  {
    name: "idp-csv",
    file: "groups.csv",
    argv: (i, o, f) => scim(f, o, "diff", "--export", i),
    limit: INPUT_LIMITS["IdP export"],
    valid: example("groups.csv"),
    validExit: 1,
  },
  {
    name: "idp-json",
    file: "groups.json",
    argv: (i, o, f) => scim(f, o, "diff", "--export", i),
    limit: INPUT_LIMITS["IdP export (JSON)"],
    valid: example("groups.json"),
    validExit: 1,
  },
  {
    name: "users-export",
    file: "users.csv",
    argv: (i, o, f) => scim(f, o, "users", "--export", i),
    limit: INPUT_LIMITS["IdP export"],
    valid: example("users.csv"),
    validExit: 1,
  },
  {
    name: "delta-state",
    file: "scim-delta.json",
    argv: (i, o, f) => scim(f, o, "diff", "--delta", f.delta, "--state", i),
    limit: INPUT_LIMITS["delta state file"],
    skip: ["missing"],
    env: TOKEN_ENV,
    valid: (f) => pretty({ version: 1, endpoint: f.delta, cursor: "c0", updatedAt: "2025-03-01T10:00:00.000Z" }),
    validExit: 0,
  },
  {
    name: "delta-answer",
    feed: (bytes) => {
      answer = bytes;
      return { name: fixtures.answers };
    },
    argv: (_i, o, f) => scim(f, o, "diff", "--delta", f.answers, "--state", path.join(o, "scim-delta.json")),
    limit: DELTA_LIMITS.pageBytes,
    env: TOKEN_ENV,
    valid: () => EMPTY_PAGE,
    validExit: 0,
  },
];

/** Answers no file can give: a proxy's page, and pages past DELTA_LIMITS, each valid JSON of the contract. */
const ANSWERS: readonly Variant[] = [
  ["an HTML page", Buffer.from("<!doctype html>\n<html><body><h1>502 Bad Gateway</h1></body></html>\n")],
  [
    `a page of ${DELTA_LIMITS.groupsPerPage + 1} groups`,
    Buffer.from(
      JSON.stringify({
        cursor: "c1",
        groups: Array.from({ length: DELTA_LIMITS.groupsPerPage + 1 }, (_, i) => ({ displayName: `G${i}` })),
      }),
    ),
  ],
  [
    "huge (a page one byte over its size limit)",
    (() => {
      const page = Buffer.alloc(DELTA_LIMITS.pageBytes + 1, " ");
      page.write(EMPTY_PAGE);
      return page;
    })(),
  ],
];

let fixtures: Fixtures;
const tally = new Tally("bad-input matrix (scim)");

describe("bad-input matrix (scim)", () => {
  const api = useEmulator();
  let server: Server;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(req.url?.startsWith("/answers") ? answer : EMPTY_PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    fixtures = { url: api().emulator.url, delta: `${base}/delta`, answers: `${base}/answers` };
  });

  afterAll(async () => {
    tally.print();
    await new Promise((resolve) => server.close(resolve));
  });

  for (const kind of KINDS) {
    const answers = kind.feed !== undefined;
    describeKind(kind, { fixtures: () => fixtures, tally, ...(answers ? { exit: 3, extra: ANSWERS } : {}) });
  }
});
