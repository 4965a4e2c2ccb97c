import { readFileSync } from "node:fs";
import path from "node:path";

import Ajv2020 from "ajv/dist/2020";
import { describe, expect, test } from "vitest";

import { renderJson } from "../../../lib/preflight/output/json";
import { ReportSchema, renderReportJsonSchema } from "../../../lib/preflight/output/json-schema";
import { cleanReport, sampleReport, snapshotFile } from "./fixtures";
import { WAIVER_REASON, onlyWaivedReport, waivedReport } from "./waived-fixture";

const committed = readFileSync(
  path.join(__dirname, "..", "..", "..", "lib", "preflight", "output", "report.schema.json"),
  "utf8",
);
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(committed) as object);

describe("JSON report", () => {
  test("is the report, pretty-printed, with a trailing newline", async () => {
    const json = renderJson(sampleReport);
    await expect(json).toMatchFileSnapshot(snapshotFile("report.json"));
    expect(json.endsWith("}\n")).toBe(true);
    expect(JSON.parse(json)).toEqual(sampleReport);
  });

  test("the committed schema is what the zod definition generates (run npm run schema if not)", () => {
    expect(committed).toBe(renderReportJsonSchema());
  });

  test("validates against the committed schema", () => {
    for (const report of [sampleReport, cleanReport]) {
      expect(validate(JSON.parse(renderJson(report))), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(ReportSchema.parse(sampleReport)).toEqual(sampleReport);
  });

  test("fails validation for an unknown level, a missing field or an extra field", () => {
    const report = JSON.parse(renderJson(sampleReport)) as { findings: Record<string, unknown>[] };
    report.findings[0]!.level = "info";
    expect(validate(report)).toBe(false);

    const missing = JSON.parse(renderJson(sampleReport)) as { summary: Record<string, unknown> };
    delete missing.summary.exitCode;
    expect(validate(missing)).toBe(false);

    const extra = JSON.parse(renderJson(sampleReport)) as { stacks: Record<string, unknown>[] };
    extra.stacks[0]!.colour = "blue";
    expect(validate(extra)).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ additionalProperty: "colour" });
  });
});

describe("JSON report with waivers", () => {
  test("carries each suppression and the suppressed count, and validates against the schema", () => {
    for (const report of [waivedReport, onlyWaivedReport]) {
      const json = JSON.parse(renderJson(report)) as typeof report;
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      expect(json.summary.suppressed).toBe(1);
      expect(json.findings[0]!.suppression).toEqual({
        reason: WAIVER_REASON,
        expires: "2030-01-31",
        file: ".gcguard-waivers.yaml",
        line: 2,
      });
    }
    const expired = (JSON.parse(renderJson(waivedReport)) as typeof waivedReport).findings.find(
      (f) => f.code === "GCG901",
    );
    expect(expired).toMatchObject({ level: "error", location: { file: ".gcguard-waivers.yaml", line: 7 } });
    expect(expired?.suppression).toBeUndefined();
  });
});
