/**
 * The shipped GitLab example (examples/ci/gitlab-ci.yml) against GitLab's own CI JSON Schema, the one GitLab's
 * pipeline editor lints .gitlab-ci.yml with, kept unchanged in test/fixtures/ci/ (gitlab-ci.schema.PROVENANCE.md
 * says where from). The broken copies below show the check is real: each is rejected at the path that was broken.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import Ajv from "ajv";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const schema = JSON.parse(
  readFileSync(path.join(ROOT, "test", "fixtures", "ci", "gitlab-ci.schema.json"), "utf8"),
) as Record<string, unknown>;
const example = readFileSync(path.join(ROOT, "examples", "ci", "gitlab-ci.yml"), "utf8");

// The schema is draft-07, ajv 8's default. It carries editor-only keywords (markdownDescription), so strict is off.
// Formats (uri, uri-reference, date-time, regex) are not checked: ajv 8 needs ajv-formats for them, which is not a
// dependency of ours, and the example uses none of the keywords that have one.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);

interface Job {
  when?: unknown;
  artifacts?: { reports?: Record<string, unknown> };
  [keyword: string]: unknown;
}
/** A fresh copy of the example, as GitLab reads it: top-level keys are jobs, or global keywords. */
const pipeline = () => parse(example) as Record<string, Job>;

describe("GitLab CI example against GitLab's CI schema", () => {
  test("the schema is GitLab's (draft-07, its $id)", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.$id).toBe("https://gitlab.com/.gitlab-ci.yml");
  });

  test("examples/ci/gitlab-ci.yml is valid", () => {
    expect(validate(pipeline()), ajv.errorsText(validate.errors)).toBe(true);
  });

  test.each([
    {
      broken: "a report given a number, not a file",
      at: "/preflight/artifacts/reports/codequality",
      says: "must be string",
      edit: (p: Record<string, Job>) => {
        p.preflight!.artifacts!.reports!.codequality = 5;
      },
    },
    {
      broken: "a `when` GitLab has no such value for",
      at: "/apply/when",
      says: "must be equal to one of the allowed values",
      edit: (p: Record<string, Job>) => {
        p.apply!.when = "sometimes";
      },
    },
    {
      broken: "a misspelt job keyword (artifact for artifacts)",
      at: "/preflight",
      says: "must NOT have additional properties",
      edit: (p: Record<string, Job>) => {
        p.preflight!.artifact = p.preflight!.artifacts;
        delete p.preflight!.artifacts;
      },
    },
  ])("rejects $broken, naming $at", ({ at, says, edit }) => {
    const broken = pipeline();
    edit(broken);
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain(at);
    expect(ajv.errorsText(validate.errors)).toContain(`data${at} ${says}`);
  });
});
