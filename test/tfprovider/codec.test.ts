/** cty msgpack and JSON <-> the JS values of the provider contract, with the bytes go-cty writes. */
import { encode } from "@msgpack/msgpack";
import { describe, expect, test } from "vitest";

import type { CtyType } from "../../lib/tfprovider/codec";
import {
  CodecError,
  decodeJsonObject,
  decodeMsgpack,
  decodeObject,
  encodeMsgpack,
  encodeObject,
} from "../../lib/tfprovider/codec";
import type { JsonBlock } from "../../lib/tfprovider/schema";
import type { ObjectValue, Value } from "../../lib/tfprovider/types";
import { Unknown } from "../../lib/tfprovider/types";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const fromHex = (h: string) => new Uint8Array(Buffer.from(h, "hex"));

const roundTrip = (value: Value, type: CtyType) => decodeMsgpack(encodeMsgpack(value, type), type);

const QUEUE: JsonBlock = {
  attributes: {
    id: { type: "string", optional: true, computed: true },
    name: { type: "string", required: true },
    skill_evaluation_method: { type: "string", optional: true },
    labels: { type: ["map", "string"], optional: true },
    groups: { type: ["set", "string"], optional: true },
  },
  block_types: {
    media_settings_call: {
      nesting_mode: "list",
      max_items: 1,
      block: { attributes: { alerting_timeout_sec: { type: "number", optional: true, computed: true } } },
    },
    members: {
      nesting_mode: "set",
      block: {
        attributes: { user_id: { type: "string", required: true }, ring_num: { type: "number", optional: true } },
      },
    },
    routing: { nesting_mode: "single", block: { attributes: { mode: { type: "string", optional: true } } } },
    by_name: { nesting_mode: "map", block: { attributes: { v: { type: "bool", optional: true } } } },
  },
};

describe("msgpack", () => {
  test("writes an unrefined unknown as go-cty does (fixext1 type 0: d4 00 00)", () => {
    expect(hex(encodeMsgpack(Unknown, "string"))).toBe("d40000");
  });

  test("reads unknowns in every extension form go-cty writes, refined ones included", () => {
    expect(decodeMsgpack(fromHex("d40000"), "string")).toBe(Unknown);
    // fixext1 type 0x0c: a refinement map {1: false} (definitely not null), cty/msgpack/unknown.go.
    expect(decodeMsgpack(fromHex("c7030c8101c2"), "string")).toBe(Unknown);
    // {1: false, 2: "ab"}: not null, string prefix "ab".
    expect(decodeMsgpack(fromHex("c7070c8201c202a26162"), "string")).toBe(Unknown);
    // {5: 1}: a list of at least one element.
    expect(decodeMsgpack(fromHex("c7030c810501"), ["list", "string"])).toBe(Unknown);
  });

  test("reads null as nil for every type", () => {
    for (const type of ["string", "number", "bool", ["list", "string"], ["object", {}]] as CtyType[]) {
      expect(decodeMsgpack(fromHex("c0"), type)).toBeNull();
    }
  });

  test("writes integers as msgpack ints and fractions as float64", () => {
    expect(hex(encodeMsgpack(7, "number"))).toBe("07");
    expect(hex(encodeMsgpack(-300, "number"))).toBe("d1fed4");
    expect(hex(encodeMsgpack(1.5, "number"))).toBe("cb3ff8000000000000");
  });

  test("reads numbers as ints, floats, and the decimal strings cty uses for big ones", () => {
    expect(decodeMsgpack(fromHex("07"), "number")).toBe(7);
    expect(decodeMsgpack(fromHex("cb3ff8000000000000"), "number")).toBe(1.5);
    expect(decodeMsgpack(fromHex("ca3fc00000"), "number")).toBe(1.5);
    expect(decodeMsgpack(encode("12345678901234567890"), "number")).toBe(Number("12345678901234567890"));
    expect(decodeMsgpack(encode(2 ** 40), "number")).toBe(2 ** 40);
  });

  test("round-trips collections, objects, tuples and dynamic values", () => {
    expect(roundTrip(["a", "b"], ["list", "string"])).toEqual(["a", "b"]);
    expect(roundTrip(["x"], ["set", "string"])).toEqual(["x"]);
    expect(roundTrip({ k: 1, j: Unknown }, ["map", "number"])).toEqual({ k: 1, j: Unknown });
    expect(roundTrip(["a", 2, true], ["tuple", ["string", "number", "bool"]])).toEqual(["a", 2, true]);
    expect(roundTrip({ a: "x", b: null }, ["object", { a: "string", b: "bool" }])).toEqual({ a: "x", b: null });
    expect(roundTrip({ n: 1, s: ["a"] }, "dynamic")).toEqual({ n: 1, s: ["a"] });
    expect(roundTrip(Unknown, "dynamic")).toBe(Unknown);
  });

  test("writes a dynamic value as [type JSON bytes, value]", () => {
    // 92 = 2-array; c4 08 = bin8 of '"string"'; a1 78 = "x".
    expect(hex(encodeMsgpack("x", "dynamic"))).toBe(`92c408${Buffer.from('"string"').toString("hex")}a178`);
  });

  test("fills what a partial object lacks: null attributes, [] for list and set blocks, null single blocks", () => {
    const decoded = decodeObject(encodeObject({ name: "Q", members: [{ user_id: "u1" }] }, QUEUE), QUEUE);
    expect(decoded).toEqual({
      id: null,
      name: "Q",
      skill_evaluation_method: null,
      labels: null,
      groups: null,
      media_settings_call: [],
      members: [{ user_id: "u1", ring_num: null }],
      routing: null,
      by_name: {},
    });
  });

  test("round-trips a full object with unknowns in nested blocks", () => {
    const state: ObjectValue = {
      id: Unknown,
      name: "Q",
      skill_evaluation_method: "ALL",
      labels: { a: "b" },
      groups: ["g1", "g2"],
      media_settings_call: [{ alerting_timeout_sec: Unknown }],
      members: [{ user_id: "u1", ring_num: 2 }],
      routing: { mode: "x" },
      by_name: { one: { v: true } },
    };
    expect(decodeObject(encodeObject(state, QUEUE), QUEUE)).toEqual(state);
  });

  test("encodes a null object as nil", () => {
    expect(hex(encodeObject(null, QUEUE))).toBe("c0");
    expect(decodeObject(fromHex("c0"), QUEUE)).toBeNull();
  });

  test("fails with the path of a value of the wrong type", () => {
    expect(() => encodeObject({ name: 3 }, QUEUE)).toThrow(CodecError);
    expect(() => encodeObject({ name: 3 }, QUEUE)).toThrow(/expected a string, got number at name/);
    expect(() => encodeObject({ name: "q", members: [{ user_id: "u", ring_num: "x" }] }, QUEUE)).toThrow(
      /at members\.0\.ring_num/,
    );
  });
});

describe("JSON state", () => {
  test("reads stored state, dropping attributes the schema no longer has and completing the rest", () => {
    const json = Buffer.from(
      JSON.stringify({ id: "q1", name: "Q", gone: 1, members: [{ user_id: "u1", ring_num: 1 }], routing: null }),
    );
    expect(decodeJsonObject(json, QUEUE)).toEqual({
      id: "q1",
      name: "Q",
      skill_evaluation_method: null,
      labels: null,
      groups: null,
      media_settings_call: [],
      members: [{ user_id: "u1", ring_num: 1 }],
      routing: null,
      by_name: {},
    });
  });
});
