/**
 * The ErrorBody of every kind of refusal, as Genesys builds it (docs/genesys-api.md §2.1): `messageWithParams` is the
 * `{param}` template, `messageParams` the values, `message` the text filled in from both. A value the request
 * brought (a bad parameter, an unknown id, a route) is in the message and the params, never in the template.
 */
import { describe, expect, test } from "vitest";

import { ApiError } from "../../lib/emulator/errors";
import { fill } from "../../lib/emulator/settings";
import type { Api } from "./helpers";
import { DEMO, useEmulator } from "./helpers";

interface ErrorBody {
  status: number;
  code: string;
  message: string;
  messageWithParams: string;
  messageParams: Record<string, string>;
}

interface Case {
  readonly name: string;
  readonly status: number;
  readonly code: string;
  /** The value the request brought, which must end up in the params and the message only. */
  readonly value: string;
  readonly send: (api: Api) => Promise<{ status: number; body: unknown }>;
}

const CASES: readonly Case[] = [
  {
    name: "a page size that is not a number",
    status: 400,
    code: "invalid.value",
    value: "lots",
    send: (api) => api.call("GET", "/api/v2/routing/queues?pageSize=lots"),
  },
  {
    name: "an unknown user state",
    status: 400,
    code: "invalid.value",
    value: "zombie",
    send: (api) => api.call("GET", "/api/v2/users?state=zombie"),
  },
  {
    name: "a search on an unsupported field",
    status: 400,
    code: "invalid.value",
    value: "shoeSize",
    send: (api) =>
      api.call("POST", "/api/v2/users/search", {
        body: { query: [{ type: "EXACT", fields: ["shoeSize"], value: "42" }] },
      }),
  },
  {
    name: "a queue in an unknown division",
    status: 400,
    code: "invalid.value",
    value: "no-such-division",
    send: (api) =>
      api.call("POST", "/api/v2/routing/queues", { body: { name: "Q", division: { id: "no-such-division" } } }),
  },
  {
    name: "a wrap-up code in an unknown division",
    status: 400,
    code: "invalid.value",
    value: "no-such-division",
    send: (api) =>
      api.call("POST", "/api/v2/routing/wrapupcodes", { body: { name: "W", division: { id: "no-such-division" } } }),
  },
  {
    name: "an outbound listing with an unknown filterType",
    status: 400,
    code: "invalid.value",
    value: "Soundex",
    send: (api) => api.call("GET", "/api/v2/outbound/contactlists?name=x&filterType=Soundex"),
  },
  {
    name: "an unknown user added to a queue",
    status: 400,
    code: "invalid.value",
    value: "no-such-user",
    send: (api) =>
      api.call("POST", `/api/v2/routing/queues/${DEMO.legacyInbound}/members`, { body: [{ id: "no-such-user" }] }),
  },
  {
    name: "a duplicate group name",
    status: 409,
    code: "general.conflict",
    value: "GC-Sales-Agents",
    send: (api) =>
      api.call("POST", "/api/v2/groups", {
        body: { name: "GC-Sales-Agents", type: "official", rulesVisible: true, visibility: "public" },
      }),
  },
  {
    name: "a missing permission",
    status: 403,
    code: "missing.permissions",
    value: "authorization:division:add",
    send: (api) => api.call("POST", "/api/v2/authorization/divisions", { body: { name: "X" }, as: "gcguard-readonly" }),
  },
  {
    name: "an unknown route",
    status: 404,
    code: "not.found",
    value: "/api/v2/nowhere",
    send: (api) => api.call("GET", "/api/v2/nowhere"),
  },
  {
    name: "a forced 429",
    status: 429,
    code: "too.many.requests.retry.after",
    value: "7",
    send: async (api) => {
      await api.admin("PUT", "/faults", [{ kind: "rate-limit", retryAfterSeconds: 7, times: 1 }]);
      return api.call("GET", "/api/v2/organizations/me");
    },
  },
];

describe("emulator: error bodies", () => {
  const api = useEmulator();

  test.each(CASES.map((c) => [c.name, c] as const))("%s: template, params and filled-in message", async (_, c) => {
    const res = await c.send(api());
    const body = res.body as ErrorBody;
    expect(res.status).toBe(c.status);
    expect(body).toMatchObject({ status: c.status, code: c.code });
    expect(body.messageWithParams).toMatch(/\{\w+\}/);
    expect(body.messageWithParams).not.toContain(c.value);
    expect(Object.values(body.messageParams).join(" ")).toContain(c.value);
    expect(body.message).toContain(c.value);
    expect(body.message).toBe(fill(body.messageWithParams, body.messageParams));
  });
});

describe("ApiError", () => {
  test("fills the template once: a value that looks like a placeholder stays as it is", () => {
    const error = new ApiError(400, "invalid.value", "Value [{value}] is not valid for field [{field}].", {
      messageParams: { value: "{field}", field: "state" },
    });
    expect(error.body("ctx")).toMatchObject({
      message: "Value [{field}] is not valid for field [state].",
      messageWithParams: "Value [{value}] is not valid for field [{field}].",
      messageParams: { value: "{field}", field: "state" },
      contextId: "ctx",
    });
  });

  test("a message without params is its own template", () => {
    expect(new ApiError(404, "not.found", "Gone.").body("ctx")).toMatchObject({
      message: "Gone.",
      messageWithParams: "Gone.",
      messageParams: {},
    });
  });
});
