import { readFileSync } from "node:fs";
import path from "node:path";

import Ajv2020 from "ajv/dist/2020";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";

import { renderConfigJsonSchema } from "../../lib/config/json-schema";

const ROOT = path.join(__dirname, "..", "..");
const committed = readFileSync(path.join(ROOT, "lib/config/gcguard.config.schema.json"), "utf8");

describe("config JSON Schema", () => {
  test("the committed schema is what the zod definition generates (run npm run schema if not)", () => {
    expect(committed).toBe(renderConfigJsonSchema());
  });

  test("editors accept the example config and flag a typo in it", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(committed) as object);
    const example = parse(readFileSync(path.join(ROOT, "examples/gcguard.config.yaml"), "utf8")) as {
      orgs: { queues: Record<string, unknown>[] }[];
    };
    expect(validate(example)).toBe(true);
    example.orgs[0]!.queues[0]!.divison = "Sales";
    expect(validate(example)).toBe(false);
    expect(validate.errors?.[0]?.params).toEqual({ additionalProperty: "divison" });
  });
});
