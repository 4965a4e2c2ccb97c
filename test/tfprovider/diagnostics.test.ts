import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, test } from "vitest";

import {
  buildApiDiagnosticError,
  buildDiagnosticError,
  buildWithRetriesApiDiagnosticError,
  isStatus400,
  isStatus404,
  isStatus409,
  isVersionMismatch,
  retryWhen,
  sdkErrorString,
} from "../../lib/tfprovider/diagnostics";
import type { ApiResponse } from "../../lib/tfprovider/types";

const fixture = (name: string) => readFileSync(path.join(__dirname, "fixtures", name), "utf8");

function resp(status: number, body: unknown, corr = "corr-1", extra: Record<string, string> = {}): ApiResponse {
  return {
    status,
    headers: { ...(corr ? { "inin-correlation-id": corr } : {}), ...extra },
    body,
    method: "POST",
    urlPath: "/api/v2/authorization/divisions",
  };
}

describe("SDK error string (docs/terraform-provider.md §4.3)", () => {
  test("is `API Error: <status> - <message> (<corr>)`", () => {
    expect(sdkErrorString(resp(409, { message: "msg" }))).toBe("API Error: 409 - msg (corr-1)");
  });

  test("ends in () without the correlation header", () => {
    expect(sdkErrorString(resp(409, { message: "msg" }, ""))).toBe("API Error: 409 - msg ()");
  });

  test("repeats the status line when there is no body", () => {
    expect(sdkErrorString(resp(409, undefined))).toBe("API Error: 409 - API Error: 409 Conflict (corr-1)");
  });

  test("is the JSON parse error for a body that is not JSON, and the detail has no errorMessage", () => {
    const r = resp(502, "<html>");
    expect(sdkErrorString(r)).toBe("invalid character '<' looking for beginning of value");
    expect(buildApiDiagnosticError("t", "s", r)[0]?.detail).toBe(
      '{"resourceType":"t","method":"POST","path":"/api/v2/authorization/divisions","statusCode":502,"correlationId":"corr-1"}',
    );
  });
});

describe("BuildAPIDiagnosticError", () => {
  test("matches the reference's human-readable example byte for byte", () => {
    const r = resp(409, { message: "msg", messageParams: {}, details: [] });
    const [d] = buildApiDiagnosticError(
      "genesyscloud_auth_division",
      `Failed to create division Sales error: ${sdkErrorString(r)}`,
      r,
    );
    expect(d?.severity).toBe("error");
    expect(d?.summary).toBe(fixture("ref-409.summary.txt"));
    expect(d?.detail).toBe(fixture("ref-409.detail.txt"));
  });

  test("keeps the struct's key order, sorts messageParams and escapes like Go's json.Marshal", () => {
    const r = resp(400, {
      message: "a <b> & c",
      messageParams: { z: "1", a: "2" },
      details: [{ entityName: "n", errorCode: "E", ignored: "x" }],
    });
    expect(buildApiDiagnosticError("t", "s", r)[0]?.detail).toBe(
      '{"resourceType":"t","method":"POST","path":"/api/v2/authorization/divisions","statusCode":400,' +
        '"errorMessage":"API Error: 400 - a \\u003cb\\u003e \\u0026 c (corr-1)","errorMessageContext":{"a":"2","z":"1"},' +
        '"errorMessageDetails":[{"errorCode":"E","entityName":"n"}],"correlationId":"corr-1"}',
    );
  });

  test("has its own detail for a nil response", () => {
    expect(buildApiDiagnosticError("genesyscloud_group", "s", undefined)[0]?.detail).toBe(
      fixture("nil-response.detail.txt"),
    );
  });
});

test("BuildDiagnosticError has resourceType and errorMessage only", () => {
  expect(buildDiagnosticError("genesyscloud_routing_queue", "failed to update queue member: ", "boom")).toEqual([
    {
      severity: "error",
      summary: "failed to update queue member: ",
      detail: '{"resourceType":"genesyscloud_routing_queue","errorMessage":"boom"}',
    },
  ]);
});

test("BuildWithRetriesApiDiagnosticError is `<summary>\\n<json>\\n`", () => {
  const r: ApiResponse = {
    status: 404,
    headers: { "Inin-Correlation-Id": "corr-2" },
    body: { message: "Unable to find a group with that groupId", details: [{ errorCode: "E1", fieldName: "name" }] },
    method: "GET",
    urlPath: "/api/v2/groups/g1",
  };
  expect(
    buildWithRetriesApiDiagnosticError(
      "genesyscloud_group",
      `Failed to read group g1 | error: ${sdkErrorString(r)}`,
      r,
    ),
  ).toBe(fixture("with-retries-404.txt"));
});

describe("RetryWhen (docs/terraform-provider.md §4.1)", () => {
  const divisionDelete = (corr: string): ApiResponse => ({
    status: 400,
    headers: { "inin-correlation-id": corr },
    body: { message: "Scope 'd1' may not be deleted because it has objects in it." },
    method: "DELETE",
    urlPath: "/api/v2/authorization/divisions/d1",
  });

  test("makes 10 attempts, sleeping (i+1)*500 ms, then reports the last error in Go's %v form", async () => {
    const waits: number[] = [];
    let attempts = 0;
    const diags = await retryWhen(
      isStatus400,
      async () => {
        attempts++;
        const r = divisionDelete("corr-3");
        return {
          resp: r,
          diagnostics: buildApiDiagnosticError(
            "genesyscloud_auth_division",
            `Failed to delete Division d1 error: ${sdkErrorString(r)}`,
            r,
          ),
        };
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(attempts).toBe(10);
    expect(waits).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
    expect(diags).toEqual([{ severity: "error", summary: fixture("exhausted-400.summary.txt") }]);
  });

  test("honours Retry-After and stops at once on an error the predicate refuses", async () => {
    const waits: number[] = [];
    const results = [
      resp(409, { message: "conflict" }, "c", { "retry-after": "3" }),
      resp(404, { message: "gone" }, "c"),
    ];
    let i = 0;
    const diags = await retryWhen(
      isStatus409,
      async () => {
        const r = results[i++] as ApiResponse;
        return { resp: r, diagnostics: buildApiDiagnosticError("t", sdkErrorString(r), r) };
      },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(waits).toEqual([3000]);
    expect(diags[0]?.summary).toBe("API Error: 404 - gone (c)");
  });

  test("returns no diagnostics once an attempt succeeds", async () => {
    let i = 0;
    const diags = await retryWhen(
      isVersionMismatch,
      async () => (i++ === 0 ? { resp: resp(409, {}), diagnostics: [{ severity: "error", summary: "x" }] } : {}),
      { sleep: async () => undefined },
    );
    expect(diags).toEqual([]);
    expect(i).toBe(2);
  });

  test("predicates accept the statuses of §4.1", () => {
    const s = (status: number, message = "") => resp(status, { message });
    expect([409, 408, 400].map((n) => isVersionMismatch(s(n)))).toEqual([true, true, false]);
    expect(isVersionMismatch(s(400, "The version supplied does not match the current version of the user"))).toBe(true);
    expect([409, 408, 400].map((n) => isStatus409(s(n)))).toEqual([true, true, false]);
    expect([400, 408, 409].map((n) => isStatus400(s(n)))).toEqual([true, true, false]);
    expect([404, 408, 410, 400].map((n) => isStatus404(s(n)))).toEqual([true, true, true, false]);
  });
});
