/**
 * The apply-log parser over hand-written logs in the provider's exact formats (docs/terraform-provider.md §4.3),
 * two real Terraform 1.11.4 renderings, and a generated 5 MB log streamed through readline.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";

import { describe, expect, test } from "vitest";

import type { Failure, ParseResult } from "../../lib/resolve/parse";
import { parseApplyLog, parseApplyLogText } from "../../lib/resolve/parse";
import { redactText as redactLine } from "../../lib/redact";

const FIXTURES = path.join(__dirname, "fixtures");

/** The parts of a parse result these tests pin down: the failures, the format, the skipped-line count. */
function core(r: ParseResult): Pick<ParseResult, "failures" | "format" | "skippedLines"> {
  return { failures: r.failures, format: r.format, skippedLines: r.skippedLines };
}

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

interface ApiCase {
  readonly address?: string;
  readonly stack?: string;
  readonly summary: string;
  readonly resourceType: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The Genesys message; the detail's errorMessage is `API Error: <status> - <message> (<corr>)`. */
  readonly message: string;
  readonly corr: string;
  readonly context?: unknown;
  readonly details?: unknown;
  readonly line: number;
}

/** The exact failure for a `BuildAPIDiagnosticError` diagnostic. */
function apiFailure(c: ApiCase): Failure {
  return {
    ...(c.address === undefined ? {} : { address: c.address }),
    ...(c.stack === undefined ? {} : { stack: c.stack }),
    summary: c.summary,
    detail: {
      resourceType: c.resourceType,
      method: c.method,
      path: c.path,
      statusCode: c.status,
      errorMessage: `API Error: ${c.status} - ${c.message} (${c.corr})`,
      ...(c.context === undefined ? {} : { errorMessageContext: c.context }),
      ...(c.details === undefined ? {} : { errorMessageDetails: c.details }),
      correlationId: c.corr,
    },
    status: c.status,
    apiMessage: c.message,
    correlationId: c.corr,
    source: { line: c.line },
  };
}

const DIVISION_409 = "A division with that name already exists.";
const LEGACY_DIVISION = "5b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4";
const HAS_OBJECTS = `Scope '${LEGACY_DIVISION}' may not be deleted because it has objects in it.`;
const MISSING_PERMISSIONS =
  "Unable to perform the requested action. You are missing the following permission(s): [directory:group:add]";
const EMEA_QUEUE = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
const QUEUE_404 = `Unable to find a queue with ID ${EMEA_QUEUE}`;

const divisionDeleteExhausted = (line: number, address = "genesyscloud_auth_division.legacy"): Failure =>
  apiFailure({
    address,
    summary:
      `Exhausted retries. Last error: Failed to delete Division ${LEGACY_DIVISION} error: API Error: 400 - ` +
      `${HAS_OBJECTS} (2f3e4d5c-6b7a-4988-a7b6-c5d4e3f2a1b0)`,
    resourceType: "genesyscloud_auth_division",
    method: "DELETE",
    path: `/api/v2/authorization/divisions/${LEGACY_DIVISION}`,
    status: 400,
    message: HAS_OBJECTS,
    corr: "2f3e4d5c-6b7a-4988-a7b6-c5d4e3f2a1b0",
    line,
  });

const queueReadNotFound = (line: number): Failure =>
  apiFailure({
    address: "genesyscloud_routing_queue.support_emea",
    summary: `Failed to read queue ${EMEA_QUEUE} | error: API Error: 404 - ${QUEUE_404} (5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e)`,
    resourceType: "genesyscloud_routing_queue",
    method: "GET",
    path: `/api/v2/routing/queues/${EMEA_QUEUE}`,
    status: 404,
    message: QUEUE_404,
    corr: "5a5a5a5a-6b6b-4c7c-8d8d-9e9e9e9e9e9e",
    line,
  });

describe("parseApplyLog", () => {
  test("reads every error diagnostic of `terraform apply -json`, and no warning", async () => {
    const result = await parseApplyLogText(fixture("json-apply.log"));
    const group = "3e5f7a9b-1c2d-4e3f-a5b6-c7d8e9f0a1b2";
    const support = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    expect(core(result)).toStrictEqual({
      format: "json",
      skippedLines: 0,
      failures: [
        apiFailure({
          address: "genesyscloud_auth_division.sales",
          summary: `Failed to create division Sales error: API Error: 409 - ${DIVISION_409} (8d0f3c4e-1a2b-4c5d-9e8f-0a1b2c3d4e5f)`,
          resourceType: "genesyscloud_auth_division",
          method: "POST",
          path: "/api/v2/authorization/divisions",
          status: 409,
          message: DIVISION_409,
          corr: "8d0f3c4e-1a2b-4c5d-9e8f-0a1b2c3d4e5f",
          line: 22,
        }),
        apiFailure({
          address: "genesyscloud_routing_queue.support_eu",
          summary:
            "Failed to create queue Support EU | error: API Error: 409 - The queue name 'Support EU' is already in use. " +
            "(1b6e2f90-3c4d-4e5f-8a9b-c0d1e2f3a4b5)",
          resourceType: "genesyscloud_routing_queue",
          method: "POST",
          path: "/api/v2/routing/queues",
          status: 409,
          message: "The queue name 'Support EU' is already in use.",
          corr: "1b6e2f90-3c4d-4e5f-8a9b-c0d1e2f3a4b5",
          context: { name: "Support EU" },
          line: 23,
        }),
        apiFailure({
          address: "genesyscloud_group.sales_agents",
          summary:
            `Exhausted retries. Last error: Failed to update group ${group}: API Error: 409 - The version supplied (3) ` +
            "does not match the current version (4). (c7a1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e)",
          resourceType: "genesyscloud_group",
          method: "PUT",
          path: `/api/v2/groups/${group}`,
          status: 409,
          message: "The version supplied (3) does not match the current version (4).",
          corr: "c7a1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e",
          line: 24,
        }),
        divisionDeleteExhausted(25),
        apiFailure({
          address: "genesyscloud_routing_queue.billing",
          summary:
            "Failed to create queue Billing | error: API Error: 429 - Rate limit exceeded the maximum. Retry the request " +
            "in [4] seconds (44c0ffee-5d6e-4f70-8192-a3b4c5d6e7f8)",
          resourceType: "genesyscloud_routing_queue",
          method: "POST",
          path: "/api/v2/routing/queues",
          status: 429,
          message: "Rate limit exceeded the maximum. Retry the request in [4] seconds",
          corr: "44c0ffee-5d6e-4f70-8192-a3b4c5d6e7f8",
          line: 26,
        }),
        apiFailure({
          address: "genesyscloud_auth_division.support",
          summary: `Failed to read division ${support} | error: API Error: 401 - Invalid login credentials. (9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a)`,
          resourceType: "genesyscloud_auth_division",
          method: "GET",
          path: `/api/v2/authorization/divisions/${support}`,
          status: 401,
          message: "Invalid login credentials.",
          corr: "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
          line: 27,
        }),
        apiFailure({
          address: "genesyscloud_group.sales_agents_eu",
          summary: `Failed to create group Sales Agents EU: API Error: 403 - ${MISSING_PERMISSIONS} (ab12cd34-ef56-4a78-9b0c-1d2e3f4a5b6c)`,
          resourceType: "genesyscloud_group",
          method: "POST",
          path: "/api/v2/groups",
          status: 403,
          message: MISSING_PERMISSIONS,
          corr: "ab12cd34-ef56-4a78-9b0c-1d2e3f4a5b6c",
          context: { permissions: "directory:group:add" },
          details: [{ errorCode: "missing.permissions" }],
          line: 28,
        }),
        queueReadNotFound(29),
      ],
    });
  });

  test("reads coloured, boxed output and re-joins the detail JSON that Terraform wrapped over 3 lines", async () => {
    expect(core(await parseApplyLogText(fixture("human-color-wrapped.log")))).toStrictEqual({
      format: "human",
      skippedLines: 0,
      failures: [
        apiFailure({
          address: "genesyscloud_auth_division.sales",
          summary: `Failed to create division Sales error: API Error: 409 - ${DIVISION_409} (0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9)`,
          resourceType: "genesyscloud_auth_division",
          method: "POST",
          path: "/api/v2/authorization/divisions",
          status: 409,
          message: DIVISION_409,
          corr: "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9",
          line: 15,
        }),
        apiFailure({
          address: "genesyscloud_group.sales_agents",
          summary: `Failed to create group Sales Agents: API Error: 403 - ${MISSING_PERMISSIONS} (77aa88bb-99cc-4dd0-8ee1-f2a3b4c5d6e7)`,
          resourceType: "genesyscloud_group",
          method: "POST",
          path: "/api/v2/groups",
          status: 403,
          message: MISSING_PERMISSIONS,
          corr: "77aa88bb-99cc-4dd0-8ee1-f2a3b4c5d6e7",
          context: { permissions: "directory:group:add" },
          line: 26,
        }),
      ],
    });
  });

  test("maps the pre-1.54 key `resourceName` to `resourceType`", async () => {
    const message = "The version supplied does not match the current version of the queue.";
    const queue = "6f0e1d2c-3b4a-4958-a7b6-c5d4e3f2a1b0";
    expect(core(await parseApplyLogText(fixture("human-resource-name.log")))).toStrictEqual({
      format: "human",
      skippedLines: 0,
      failures: [
        apiFailure({
          address: "genesyscloud_routing_queue.support",
          summary: `Failed to update queue Support error: API Error: 409 - ${message} (d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6)`,
          resourceType: "genesyscloud_routing_queue",
          method: "PUT",
          path: `/api/v2/routing/queues/${queue}`,
          status: 409,
          message,
          corr: "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6",
          line: 3,
        }),
      ],
    });
  });

  test("reads unboxed blocks (-no-color): a wrapped line starting with `Error:`, JSON embedded in the summary", async () => {
    expect(core(await parseApplyLogText(fixture("human-plain.log")))).toStrictEqual({
      format: "human",
      skippedLines: 0,
      failures: [
        apiFailure({
          address: "genesyscloud_auth_division.sales",
          summary: `Failed to create division Sales error: API Error: 409 - ${DIVISION_409} (0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9)`,
          resourceType: "genesyscloud_auth_division",
          method: "POST",
          path: "/api/v2/authorization/divisions",
          status: 409,
          message: DIVISION_409,
          corr: "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9",
          line: 4,
        }),
        queueReadNotFound(14),
      ],
    });
  });

  test("unwraps `Exhausted retries. Last error: [{0 <summary> <json> []}]`", async () => {
    expect(core(await parseApplyLogText(fixture("human-retry-exhausted.log")))).toStrictEqual({
      format: "human",
      skippedLines: 0,
      failures: [divisionDeleteExhausted(5)],
    });
  });

  test.each(["real-tf1.11-color.log", "real-tf1.11-no-color.log"])(
    "reads what Terraform 1.11.4 really printed (%s; a postcondition carrying the provider's texts)",
    async (name) => {
      const failure = apiFailure({
        summary: "Resource postcondition failed",
        resourceType: "genesyscloud_auth_division",
        method: "POST",
        path: "/api/v2/authorization/divisions",
        status: 409,
        message: DIVISION_409,
        corr: "0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9",
        line: 19,
      });
      // A postcondition names no resource: its `on …, in resource "terraform_data" "sales":` line is all there is.
      expect(core(await parseApplyLogText(fixture(name)))).toStrictEqual({
        format: "human",
        skippedLines: 0,
        failures: [{ ...failure, configAddress: "terraform_data.sales" }],
      });
    },
  );

  test("attributes each failure of an interleaved two-stack `cdktf deploy` to its stack", async () => {
    expect(core(await parseApplyLogText(fixture("cdktf-two-stacks.log")))).toStrictEqual({
      format: "cdktf",
      skippedLines: 0,
      failures: [
        apiFailure({
          address: "genesyscloud_auth_division.sales",
          stack: "acme-prod",
          summary: `Failed to create division Sales error: API Error: 409 - ${DIVISION_409} (4c3b2a19-0807-4f6e-8d5c-4b3a29180706)`,
          resourceType: "genesyscloud_auth_division",
          method: "POST",
          path: "/api/v2/authorization/divisions",
          status: 409,
          message: DIVISION_409,
          corr: "4c3b2a19-0807-4f6e-8d5c-4b3a29180706",
          line: 8,
        }),
        apiFailure({
          address: "genesyscloud_routing_queue.support",
          stack: "acme-dev",
          summary:
            "Failed to create queue Support | error: API Error: 409 - The queue name 'Support' is already in use. " +
            "(e5d4c3b2-a190-4f8e-9d7c-6b5a49382716)",
          resourceType: "genesyscloud_routing_queue",
          method: "POST",
          path: "/api/v2/routing/queues",
          status: 409,
          message: "The queue name 'Support' is already in use.",
          corr: "e5d4c3b2-a190-4f8e-9d7c-6b5a49382716",
          line: 9,
        }),
      ],
    });
  });

  test("reads a cdktf entry whose lines continue indented under the stack name", async () => {
    const log = [
      "acme-prod  genesyscloud_group.sales_agents: Creating...",
      "acme-prod  ╷",
      "           │ Error: Failed to create group Sales Agents: API Error: 409 - Group name exists. (c0ffee00-0000-4000-8000-000000000001)",
      "           │",
      "           │   with genesyscloud_group.sales_agents,",
      "           │   on cdk.tf.json line 57, in resource.genesyscloud_group.sales_agents:",
      "           │   57:       },",
      "           │",
      '           │ {"resourceType":"genesyscloud_group","method":"POST","path":"/api/v2/groups","statusCode":409,"errorMessage":"API',
      "           │ Error: 409 - Group name exists.",
      '           │ (c0ffee00-0000-4000-8000-000000000001)","correlationId":"c0ffee00-0000-4000-8000-000000000001"}',
      "           ╵",
    ].join("\n");
    expect(core(await parseApplyLogText(log))).toStrictEqual({
      format: "cdktf",
      skippedLines: 0,
      failures: [
        apiFailure({
          address: "genesyscloud_group.sales_agents",
          stack: "acme-prod",
          summary:
            "Failed to create group Sales Agents: API Error: 409 - Group name exists. (c0ffee00-0000-4000-8000-000000000001)",
          resourceType: "genesyscloud_group",
          method: "POST",
          path: "/api/v2/groups",
          status: 409,
          message: "Group name exists.",
          corr: "c0ffee00-0000-4000-8000-000000000001",
          line: 3,
        }),
      ],
    });
  });

  test("re-joins JSON hard-wrapped at a fixed column (breaks inside a path, a key and a number)", async () => {
    const json =
      '{"resourceType":"genesyscloud_auth_division","method":"POST","path":"/api/v2/authorization/divisions",' +
      '"statusCode":409,"errorMessage":"API Error: 409 - A division with that name already exists. (c1)","correlationId":"c1"}';
    const folded = json.match(/.{1,40}/g) ?? [];
    const log = ["╷", "│ Error: Failed to create division Sales", "│", ...folded.map((l) => `│ ${l}`), "╵"].join("\n");
    const [failure] = (await parseApplyLogText(log)).failures;
    expect(failure?.detail).toStrictEqual(JSON.parse(json));
    expect(failure?.status).toBe(409);
  });

  test("falls back to the SDK error text when the detail JSON is cut off", async () => {
    const log = [
      "Error: Failed to create queue Support | error: API Error: 409 - Queue exists (Support). (ab-12)",
      "",
      "  with genesyscloud_routing_queue.support,",
      "",
      '{"resourceType":"genesyscloud_routing_queue","method":"POST","path":"/api/v2/routing/queues","statusCode":409,"errorMessage":"API',
    ].join("\n");
    expect(core(await parseApplyLogText(log))).toStrictEqual({
      format: "human",
      skippedLines: 0,
      failures: [
        {
          address: "genesyscloud_routing_queue.support",
          summary: "Failed to create queue Support | error: API Error: 409 - Queue exists (Support). (ab-12)",
          status: 409,
          apiMessage: "Queue exists (Support).",
          correlationId: "ab-12",
          source: { line: 1 },
        },
      ],
    });
  });

  test("reads an SDK error without a correlation id or a body", async () => {
    const line = JSON.stringify({
      "@level": "error",
      "@message": "Error: Failed to create group G",
      "@module": "terraform.ui",
      type: "diagnostic",
      diagnostic: {
        severity: "error",
        summary: "Failed to create group G: API Error: 409 - API Error: 409 Conflict ()",
        detail: "",
        address: "genesyscloud_group.g",
      },
    });
    expect((await parseApplyLogText(line)).failures).toStrictEqual([
      {
        address: "genesyscloud_group.g",
        summary: "Failed to create group G: API Error: 409 - API Error: 409 Conflict ()",
        status: 409,
        apiMessage: "API Error: 409 Conflict",
        source: { line: 1 },
      },
    ]);
  });

  test("returns no failures for a successful apply, and `unknown` for a log without Terraform output", async () => {
    expect(core(await parseApplyLogText(fixture("no-errors.log")))).toStrictEqual({
      failures: [],
      format: "human",
      skippedLines: 0,
    });
    expect(core(await parseApplyLogText(""))).toStrictEqual({ failures: [], format: "unknown", skippedLines: 0 });
    expect(core(await parseApplyLog(["", "   "]))).toStrictEqual({ failures: [], format: "unknown", skippedLines: 0 });
  });

  test("skips and counts unreadable lines, and salvages the error a cut-off last line still shows", async () => {
    const result = await parseApplyLogText(fixture("garbage.log"));
    // a truncated info line, `{not json`, a foreign JSON line; binary junk and broken UTF-8 are just text
    expect(result.skippedLines).toBe(3);
    expect(result.format).toBe("json");
    expect(result.failures).toStrictEqual([
      apiFailure({
        address: "genesyscloud_auth_division.sales",
        summary: `Failed to create division Sales error: API Error: 409 - ${DIVISION_409} (8d0f3c4e-1a2b-4c5d-9e8f-0a1b2c3d4e5f)`,
        resourceType: "genesyscloud_auth_division",
        method: "POST",
        path: "/api/v2/authorization/divisions",
        status: 409,
        message: DIVISION_409,
        corr: "8d0f3c4e-1a2b-4c5d-9e8f-0a1b2c3d4e5f",
        line: 7,
      }),
      {
        summary:
          "Failed to create queue Support EU | error: API Error: 409 - The queue name 'Support EU' is already in use. (1b6e2f90-3c4d-4e5f-8a9b-c0d1e2f3a4b",
        status: 409,
        apiMessage: "The queue name 'Support EU' is already in use.",
        source: { line: 9 },
        salvaged: true,
      },
    ]);
  });

  test("masks secrets and credential patterns in every string of a failure", async () => {
    const result = await parseApplyLogText(fixture("secrets.log"), { secrets: ["s3cr3t-Value_42"] });
    expect(result.failures).toStrictEqual([
      {
        address: "genesyscloud_auth_division.sales",
        summary:
          'Failed to create division Sales error: Post "https://api.mypurecloud.de/api/v2/authorization/divisions?' +
          'access_token=[redacted]": dial tcp: lookup api.mypurecloud.de: no such host',
        detail: {
          resourceType: "genesyscloud_auth_division",
          errorMessage: "client gcguard-ci with secret [redacted] could not reach the API",
        },
        source: { line: 9 },
      },
    ]);
  });

  test("finds failures in a log that mixes -json lines and human output", async () => {
    const json = fixture("json-apply.log").split("\n").slice(21, 22);
    const human = fixture("human-retry-exhausted.log").split("\n");
    const result = await parseApplyLog([...human, ...json]);
    expect(result.format).toBe("json");
    expect(result.failures.map((f) => [f.address, f.status, f.source.line])).toStrictEqual([
      ["genesyscloud_auth_division.legacy", 400, 5],
      ["genesyscloud_auth_division.sales", 409, human.length + 1],
    ]);
  });
});

describe("redactLine", () => {
  const lines = fixture("secrets.log").split("\n");
  const secrets = ["s3cr3t-Value_42"];

  test.each([
    [1, "Authorization: Basic [redacted]"],
    [2, "grant_type=client_credentials&client_id=gcguard-ci&client_secret=[redacted]"],
    [3, '{"access_token":"[redacted]","token_type":"bearer","expires_in":86399}'],
    [5, "Authorization: Bearer [redacted]"],
    [6, "GENESYSCLOUD_OAUTHCLIENT_SECRET=[redacted]"],
    [8, "divisions?access_token=[redacted]"],
  ])("masks line %i of secrets.log (%s)", (index, expected) => {
    const out = redactLine(lines[index] ?? "", secrets);
    expect(out).toContain(expected);
    for (const secret of [
      "abc.def",
      "s3cr3t-Value_42",
      "Z2NndWFyZC1jbGllbnQ6c3VwZXItc2VjcmV0",
      "eyJhbGciOiJIUzI1NiJ9",
    ]) {
      expect(out).not.toContain(secret);
    }
  });

  test("masks the given secrets wherever they appear, and leaves ordinary text alone", () => {
    expect(redactLine("client gcguard-ci with secret s3cr3t-Value_42", secrets)).toBe(
      "client gcguard-ci with secret [redacted]",
    );
    const prose = "API Error: 401 - No authentication bearer token specified in authorization header. (c1)";
    expect(redactLine(prose, [])).toBe(prose);
    expect(redactLine("Authorization: [Bearer eyJhbGciOi.x.y]", [])).toBe("Authorization: [Bearer [redacted]]");
  });
});

/**
 * A human apply log of about `bytes` bytes in 64 KiB chunks: progress lines, and every `every` lines a coloured, boxed
 * 409 block with its JSON wrapped as Terraform wraps it; `blocks` receives the index of each block written.
 */
function* bigLog(bytes: number, every: number, blocks: number[]): Generator<string> {
  const red = (s: string): string => `\u001b[31m${s}\u001b[0m`;
  let size = 0;
  let chunk = "";
  for (let i = 0; size < bytes; i++) {
    let line = `\u001b[0m\u001b[1mgenesyscloud_routing_queue.q${i}: Creating...\u001b[0m\u001b[0m\n`;
    if (i % 3 === 1)
      line = `genesyscloud_routing_queue.q${i - 1}: Creation complete after 1s [id=6f0e1d2c-3b4a-4958-a7b6-${String(i).padStart(12, "0")}]\n`;
    if (i > 0 && i % every === 0) {
      const corr = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      blocks.push(i);
      line = [
        red("╷"),
        `${red("│")} \u001b[1m\u001b[31mError: \u001b[0m\u001b[1mFailed to create queue Q${i} | error: API Error: 409 - Queue exists. (${corr})\u001b[0m`,
        red("│"),
        `${red("│")}   with genesyscloud_routing_queue.q${i},`,
        `${red("│")}   on cdk.tf.json line ${i}, in resource.genesyscloud_routing_queue.q${i}:`,
        red("│"),
        `${red("│")} {"resourceType":"genesyscloud_routing_queue","method":"POST","path":"/api/v2/routing/queues","statusCode":409,"errorMessage":"API`,
        `${red("│")} Error: 409 - Queue exists.`,
        `${red("│")} (${corr})","correlationId":"${corr}"}`,
        red("╵"),
        "",
      ].join("\n");
    }
    size += line.length;
    chunk += line;
    if (chunk.length >= 64 * 1024) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

describe("parseApplyLog on a 5 MB log", () => {
  // Its speed and heap are machine figures: npm run bench:logs measures them (bench/log-parsing.md).
  test("reads it through readline and finds every failure in it", async () => {
    const bytes = 5 * 1024 * 1024;
    const every = 15_000;
    const blocks: number[] = [];
    const lines = createInterface({ input: Readable.from(bigLog(bytes, every, blocks)), crlfDelay: Infinity });
    const result = await parseApplyLog(lines);

    expect(result.format).toBe("human");
    expect(result.skippedLines).toBe(0);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(result.failures).toHaveLength(blocks.length);
    result.failures.forEach((f, k) => {
      const i = blocks[k] ?? -1;
      const corr = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      expect(f).toStrictEqual(
        apiFailure({
          address: `genesyscloud_routing_queue.q${i}`,
          summary: `Failed to create queue Q${i} | error: API Error: 409 - Queue exists. (${corr})`,
          resourceType: "genesyscloud_routing_queue",
          method: "POST",
          path: "/api/v2/routing/queues",
          status: 409,
          message: "Queue exists.",
          corr,
          line: f.source.line,
        }),
      );
    });
  });
});
