/** One rule for "the same name" everywhere (lib/names.ts, docs/names.md). */
import { describe, expect, test } from "vitest";

import { nameKey, sameName } from "../lib/names";

describe("names", () => {
  test("surrounding whitespace and case do not make a new name", () => {
    expect(sameName("Billing", " billing\t")).toBe(true);
    expect(sameName("ÉQUIPE Nuit", "équipe nuit")).toBe(true);
    expect(nameKey("  Customer Support ")).toBe("customer support");
  });

  test("anything else does", () => {
    expect(sameName("Customer Support", "Customer  Support")).toBe(false);
    expect(sameName("Sales", "Sales-EU")).toBe(false);
    expect(sameName("Ops ${var.env}", "Ops $${var.env}")).toBe(false);
  });
});
