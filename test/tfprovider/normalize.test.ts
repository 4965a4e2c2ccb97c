/** SDKv2-style consistency of apply and read results (lib/tfprovider/normalize.ts). */
import { describe, expect, test } from "vitest";

import { afterApply, afterRead } from "../../lib/tfprovider/normalize";
import type { JsonBlock } from "../../lib/tfprovider/schema";
import type { ObjectValue } from "../../lib/tfprovider/types";
import { Unknown } from "../../lib/tfprovider/types";

const BLOCK: JsonBlock = {
  attributes: {
    id: { type: "string", computed: true },
    name: { type: "string", required: true },
    home: { type: "bool", optional: true },
    description: { type: "string", optional: true },
    division_id: { type: "string", optional: true, computed: true },
  },
  block_types: {
    members: { nesting_mode: "set", block: { attributes: { user_id: { type: "string", required: true } } } },
  },
};

describe("afterApply", () => {
  test("non-computed attributes take the planned value; computed ones what the API returned", () => {
    const planned: ObjectValue = {
      id: Unknown,
      name: "Sales",
      home: null,
      description: "x",
      division_id: Unknown,
      members: [],
    };
    const result: ObjectValue = {
      id: "d1",
      name: "sales",
      home: false,
      description: "x",
      division_id: "h1",
      members: [],
    };
    expect(afterApply(BLOCK, planned, result)).toEqual({ ...result, name: "Sales", home: null });
  });

  test("a destroy or a failed create stays null", () => {
    expect(afterApply(BLOCK, null, null)).toBeNull();
  });
});

describe("afterRead", () => {
  const prior: ObjectValue = { id: "d1", name: "Sales", home: null, description: null, division_id: "h1", members: [] };

  test("zero values of attributes the state had null stay null; real values come through as drift", () => {
    const read: ObjectValue = { ...prior, home: false, description: "" };
    expect(afterRead(BLOCK, prior, read)).toEqual(prior);
    const drifted: ObjectValue = { ...prior, home: true, description: "changed in the UI" };
    expect(afterRead(BLOCK, prior, drifted)).toEqual(drifted);
  });

  test("attributes with a Default keep their zero value, and a gone object reads null", () => {
    expect(afterRead(BLOCK, prior, { ...prior, home: false }, { home: false })).toMatchObject({ home: false });
    expect(afterRead(BLOCK, prior, null)).toBeNull();
  });
});
