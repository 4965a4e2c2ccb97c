/**
 * The JSON form of the preflight report (`--format json`), as a zod schema. report.schema.json beside this file is
 * generated from it (`npm run schema`); a type-level check below keeps it in step with the
 * `PreflightReport` interface, and a test keeps the committed JSON Schema in step with it.
 *
 * Objects are strict (`additionalProperties: false`): a field added to the report is a schema change, published
 * with the report's `schemaVersion`.
 */
import { z } from "zod";

import type { CallStats } from "../../genesys/accounting";
import type { Finding } from "../model";
import type { OrgObject } from "../../org/view";
import { KIND_IDS } from "../../org/kind-spec";
import type { PreflightReport, RuleReport, StackReport } from "../report";
import { REPORT_SCHEMA_VERSION } from "../report";

const Count = z.number().int().nonnegative();

const CallStatsSchema = z
  .strictObject({
    requests: z.record(z.string(), Count).describe("Requests by endpoint, keyed `METHOD /path/:param`."),
    totalRequests: Count.describe("Requests sent, every attempt and retry included."),
    retries: Count,
    rateLimited: Count.describe("Responses with status 429."),
    waitedMs: Count.describe("Milliseconds spent waiting: pacing plus retry delays."),
  })
  .meta({ id: "CallStats", description: "API requests made, with retries, 429s and time waited." });

const LevelSchema = z.enum(["error", "warning", "unverified"]).meta({ id: "Level" });
const ActionSchema = z.enum(["create", "update", "delete", "replace", "import", "no-op", "read"]);

const OrgObjectSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  kind: z.enum(KIND_IDS),
  divisionName: z.string().optional(),
  scope: z.string().optional().describe("The scope the name is unique in (a flow's type)."),
  state: z.literal("deleted").optional().describe("A soft-deleted object that still matters (a deleted user)."),
});

const FindingSchema = z.strictObject({
  rule: z.string().describe("Rule id, e.g. `name-collision`."),
  code: z.string().describe("Rule code, e.g. `GCG101`."),
  level: LevelSchema,
  stack: z.string(),
  address: z.string().optional().describe("The Terraform address concerned, when there is one."),
  location: z
    .strictObject({
      file: z.string().describe("Relative to the working directory, `/`-separated (absolute when outside it)."),
      line: z.number().int().positive(),
    })
    .optional()
    .describe("The source line to edit: the entry in the gcguard config, the .tf block, or line 1 of the input file."),
  message: z.string().describe("One line: what is wrong."),
  detail: z.string().optional().describe("Why it matters, and the evidence, in a few lines."),
  remediation: z.string().describe("What to do about it."),
  objects: z.array(OrgObjectSchema).optional().describe("The org objects involved."),
  adoption: z
    .strictObject({ address: z.string(), id: z.string(), name: z.string() })
    .optional()
    .describe("The import that fixes it, when one does."),
  suppression: z
    .strictObject({
      reason: z.string().describe("Why the finding is accepted."),
      expires: z.string().optional().describe("The waiver's last day, YYYY-MM-DD (UTC)."),
      file: z.string().describe("The file the waiver is written in."),
      line: z.number().int().positive(),
    })
    .optional()
    .describe("The waiver covering this finding: it is reported but does not count toward the exit code."),
});

const RuleReportSchema = z.strictObject({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string().describe("What holds when the rule passes."),
  level: LevelSchema,
  results: z
    .array(
      z.strictObject({
        stack: z.string(),
        status: z.enum(["pass", "fail", "not-applicable", "error"]),
        findings: Count,
      }),
    )
    .describe("One entry per stack checked."),
});

const CoverageSchema = z
  .strictObject({
    checked: z.array(z.strictObject({ type: z.string(), kind: z.enum(KIND_IDS), changes: Count })),
    notChecked: z.array(
      z.strictObject({
        type: z.string(),
        changes: Count,
        reason: z
          .enum(["unknown-type", "no-unique-name"])
          .describe(
            "unknown-type: a Genesys type gcguard cannot check (--require-coverage fails on it); no-unique-name: " +
              "nothing of it can collide.",
          ),
      }),
    ),
  })
  .describe("The plan's resource types with planned creates, updates, replaces or imports: checked or not.");

const StackReportSchema = z.strictObject({
  name: z.string(),
  source: z.string().describe("Where the plan came from."),
  org: z.string().describe("The org and credentials it was checked against."),
  changes: z
    .partialRecord(ActionSchema, Count)
    .describe("Planned changes by action, for the genesyscloud kinds the rules check."),
  terraform: z
    .strictObject({ import: Count, add: Count, change: Count, destroy: Count })
    .describe("The plan's summary as Terraform prints it: N to import, N to add, N to change, N to destroy."),
  coverage: CoverageSchema,
  apiCalls: CallStatsSchema,
});

export const ReportSchema = z
  .strictObject({
    schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
    tool: z.strictObject({ name: z.literal("gcguard"), version: z.string() }),
    stacks: z.array(StackReportSchema),
    rules: z.array(RuleReportSchema),
    findings: z
      .array(FindingSchema)
      .describe("In a stable order: stack, then level (errors first), then rule, then address."),
    summary: z.strictObject({
      errors: Count,
      warnings: Count,
      unverified: Count,
      suppressed: Count.optional().describe("Waived findings, not counted above; present when waivers were in effect."),
      exitCode: z.literal([0, 1, 2, 3]).describe("The exit code this report leads to."),
      failOn: z.enum(["error", "warning"]).describe("`--fail-on`: the lowest level that fails the gate."),
      allowUnverified: z.boolean().describe("`--allow-unverified`: unverified findings alone do not fail the gate."),
    }),
    apiCalls: CallStatsSchema.describe("All API requests, summed over stacks."),
  })
  .meta({
    title: "gcguard preflight report",
    description: "The JSON report of `gcguard preflight --format json`.",
  });

// The zod schema and the TypeScript interfaces must describe the same data: same keys, same optionality, same
// types (readonly aside). A field added to one and not the other fails type checking here.
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
type Same<A, B> =
  (<T>() => T extends DeepReadonly<A> ? 1 : 2) extends <T>() => T extends DeepReadonly<B> ? 1 : 2 ? true : false;
const inStep: [
  Same<z.output<typeof ReportSchema>, PreflightReport>,
  Same<z.output<typeof StackReportSchema>, StackReport>,
  Same<z.output<typeof RuleReportSchema>, RuleReport>,
  Same<z.output<typeof FindingSchema>, Finding>,
  Same<z.output<typeof OrgObjectSchema>, OrgObject>,
  Same<z.output<typeof CallStatsSchema>, CallStats>,
] = [true, true, true, true, true, true];
void inStep;

/** The report's JSON Schema (draft 2020-12). */
export function reportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ReportSchema, { target: "draft-2020-12" });
}

/** The report's JSON Schema as committed: two-space indent, trailing newline. */
export function renderReportJsonSchema(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
