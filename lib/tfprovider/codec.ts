/**
 * cty values on the wire <-> the plain JS values of ./types.ts, directed by the cty type (its JSON form, as in
 * the schema). Terraform sends and expects msgpack (hashicorp/terraform docs/plugin-protocol/object-wire-format.md);
 * the stored state arrives as JSON in UpgradeResourceState. The encodings follow zclconf/go-cty cty/msgpack
 * (marshal.go, unknown.go, dynamic.go):
 *
 * - null is msgpack nil; an unknown value is an extension: fixext1 type 0 when unrefined, type 0x0c with a
 *   refinement map when refined. Every extension decodes to `Unknown` (refinements are dropped);
 * - a number is an int when it is an integer, else a float64, and a decimal string when neither is exact;
 * - an object is a map of all its attributes (sorted by name); a set is an array; a map is a map;
 * - a "dynamic" value is a 2-array [type JSON as bytes, value].
 */
import { ExtData, decode, encode } from "@msgpack/msgpack";

import type { JsonBlock } from "./schema";
import { impliedType } from "./schema";
import type { CtyType, ObjectValue, Value } from "./types";
import { Unknown } from "./types";

// The cty type lives in ./types.ts (schema.ts reads it too); codec users import it from here as well.
export type { CtyType } from "./types";

/** What a malformed value from Terraform (or from a resource) is reported as, with the path to it. */
export class CodecError extends Error {
  constructor(
    message: string,
    readonly path: readonly (string | number)[],
  ) {
    super(path.length > 0 ? `${message} at ${path.join(".")}` : message);
    this.name = "CodecError";
  }
}

// cty/msgpack/unknown.go: `unknownValBytes = []byte{0xd4, 0, 0}`.
const UNKNOWN_EXT = new ExtData(0, new Uint8Array([0]));

// ---------------------------------------------------------------------------------------------------------------
// msgpack

export function decodeMsgpack(bytes: Uint8Array, type: CtyType): Value {
  return fromWire(decode(bytes), type, []);
}

export function encodeMsgpack(value: Value, type: CtyType): Uint8Array {
  return encode(toWire(value, type, []), { sortKeys: true, forceIntegerToFloat: false });
}

/** Decodes a resource's object as Terraform sent it; every attribute and block is a key of the result. */
export function decodeObject(bytes: Uint8Array, block: JsonBlock): ObjectValue | null {
  const value = decodeMsgpack(bytes, impliedType(block));
  if (value === Unknown) throw new CodecError("the whole object is unknown", []);
  return value as ObjectValue | null;
}

/**
 * Encodes an object for a block. Attributes and blocks the value lacks are filled in (null; an empty array for
 * list and set blocks, an empty object for map blocks), so resources may return partial objects.
 */
export function encodeObject(value: ObjectValue | null, block: JsonBlock): Uint8Array {
  return encodeMsgpack(value === null ? null : completeObject(value, block), impliedType(block));
}

/**
 * Fills in what an object of this block lacks. Terraform wants list and set blocks as collections even when
 * empty (its objchange treats a null block collection as a change), so null becomes [] there too.
 */
export function completeObject(value: ObjectValue, block: JsonBlock): ObjectValue {
  const out: ObjectValue = {};
  for (const name of Object.keys(block.attributes ?? {})) out[name] = value[name] ?? null;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const v = value[name];
    switch (nested.nesting_mode) {
      case "list":
      case "set":
        out[name] = Array.isArray(v) ? v.map((e) => completeNested(e, nested.block)) : v === Unknown ? v : [];
        break;
      case "map":
        out[name] = isObject(v)
          ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, completeNested(e, nested.block)]))
          : v === Unknown
            ? v
            : {};
        break;
      case "group":
        out[name] = completeObject(isObject(v) ? v : {}, nested.block);
        break;
      case "single":
        out[name] = isObject(v) ? completeObject(v, nested.block) : v === Unknown ? v : null;
        break;
    }
  }
  return out;
}

function completeNested(value: Value, block: JsonBlock): Value {
  return isObject(value) ? completeObject(value, block) : value;
}

function isObject(value: Value | undefined): value is ObjectValue {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

type Path = (string | number)[];

function fromWire(raw: unknown, type: CtyType, path: Path): Value {
  if (raw instanceof ExtData) return Unknown;
  if (raw === null || raw === undefined) return null;
  if (type === "dynamic") {
    if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) {
      throw new CodecError("a dynamic value must be [type JSON, value]", path);
    }
    return fromWire(raw[1], parseTypeJson(raw[0]), path);
  }
  if (type === "string") {
    if (typeof raw !== "string") throw new CodecError(`expected a string, got ${typeof raw}`, path);
    return raw;
  }
  if (type === "number") return decodeNumber(raw, path);
  if (type === "bool") {
    if (typeof raw !== "boolean") throw new CodecError(`expected a bool, got ${typeof raw}`, path);
    return raw;
  }
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
    case "map":
      return decodeElements(raw, kind, type[1], path, fromWire);
    case "tuple": {
      const types = inner;
      const arr = expectArray(raw, path);
      if (arr.length !== types.length) throw new CodecError(`expected ${types.length} tuple elements`, path);
      return arr.map((e, i) => fromWire(e, types[i] as CtyType, [...path, i]));
    }
    case "object":
      return decodeFields(raw, inner, path, fromWire);
  }
}

/** Decodes one value of a type at a path: the wire's rules (fromWire) or stored JSON's (decodeJson). */
type Decode = (raw: unknown, type: CtyType, path: Path) => Value;

/** The elements of a list or set, or the entries of a map, each decoded at its own path. */
function decodeElements(
  raw: unknown,
  kind: "list" | "set" | "map",
  element: CtyType,
  path: Path,
  decode: Decode,
): Value {
  if (kind === "map") {
    return Object.fromEntries(
      Object.entries(expectMap(raw, path)).map(([k, e]) => [k, decode(e, element, [...path, k])]),
    );
  }
  return expectArray(raw, path).map((e, i) => decode(e, element, [...path, i]));
}

/** An object's attributes, each decoded at its own path; an absent one decodes from undefined. */
function decodeFields(raw: unknown, fields: Record<string, CtyType>, path: Path, decode: Decode): ObjectValue {
  const map = expectMap(raw, path);
  const out: ObjectValue = {};
  for (const [name, t] of Object.entries(fields)) out[name] = decode(map[name], t, [...path, name]);
  return out;
}

function decodeNumber(raw: unknown, path: Path): number {
  if (typeof raw === "number") return raw;
  if (typeof raw === "bigint") return Number(raw);
  if (typeof raw === "string") {
    const n = Number(raw);
    if (!Number.isNaN(n)) return n;
  }
  throw new CodecError(`expected a number, got ${typeof raw}`, path);
}

function expectArray(raw: unknown, path: Path): unknown[] {
  if (!Array.isArray(raw)) throw new CodecError(`expected an array, got ${typeof raw}`, path);
  return raw;
}

function expectMap(raw: unknown, path: Path): Record<string, unknown> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || raw instanceof Uint8Array) {
    throw new CodecError(`expected a map, got ${typeof raw}`, path);
  }
  return raw as Record<string, unknown>;
}

function toWire(value: Value | undefined, type: CtyType, path: Path): unknown {
  if (value === Unknown) return UNKNOWN_EXT;
  if (value === null || value === undefined) return null;
  if (type === "dynamic") {
    const actual = impliedValueType(value);
    return [new TextEncoder().encode(JSON.stringify(actual)), toWire(value, actual, path)];
  }
  if (type === "string") {
    if (typeof value !== "string") throw new CodecError(`expected a string, got ${describe(value)}`, path);
    return value;
  }
  if (type === "number") {
    if (typeof value !== "number") throw new CodecError(`expected a number, got ${describe(value)}`, path);
    // Integers beyond the int64 range lose nothing as strings; cty reads both.
    return Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : value;
  }
  if (type === "bool") {
    if (typeof value !== "boolean") throw new CodecError(`expected a bool, got ${describe(value)}`, path);
    return value;
  }
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
      if (!Array.isArray(value)) throw new CodecError(`expected an array, got ${describe(value)}`, path);
      return value.map((e, i) => toWire(e, type[1], [...path, i]));
    case "map":
      if (!isObject(value)) throw new CodecError(`expected an object, got ${describe(value)}`, path);
      return Object.fromEntries(Object.entries(value).map(([k, e]) => [k, toWire(e, type[1], [...path, k])]));
    case "tuple": {
      const types = inner;
      if (!Array.isArray(value) || value.length !== types.length) {
        throw new CodecError(`expected a ${types.length}-element array, got ${describe(value)}`, path);
      }
      return value.map((e, i) => toWire(e, types[i] as CtyType, [...path, i]));
    }
    case "object": {
      if (!isObject(value)) throw new CodecError(`expected an object, got ${describe(value)}`, path);
      const out: Record<string, unknown> = {};
      for (const [name, t] of Object.entries(inner as Record<string, CtyType>)) {
        out[name] = toWire(value[name], t, [...path, name]);
      }
      return out;
    }
  }
}

function describe(value: Value): string {
  return Array.isArray(value) ? "an array" : typeof value;
}

/** The cty type a known JS value would have if Terraform had written it literally (for "dynamic" attributes). */
export function impliedValueType(value: Value): CtyType {
  if (value === null || value === Unknown) return "dynamic";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map(impliedValueType)];
  return ["object", Object.fromEntries(Object.entries(value).map(([k, v]) => [k, impliedValueType(v)]))];
}

function parseTypeJson(bytes: Uint8Array): CtyType {
  return JSON.parse(new TextDecoder().decode(bytes)) as CtyType;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON (stored state)

/**
 * Reads a value from cty's JSON form (how Terraform stores state) with the given type. Object attributes the
 * type does not have are dropped, and missing ones are null, so state written by an older schema still decodes.
 */
export function decodeJson(json: unknown, type: CtyType, path: Path = []): Value {
  if (json === null || json === undefined) return null;
  if (type === "dynamic") {
    // cty/json: a dynamic value is {"value": ..., "type": ...}.
    const wrapped = expectMap(json, path);
    return decodeJson(wrapped.value, wrapped.type as CtyType, path);
  }
  if (type === "string") {
    if (typeof json === "string") return json;
    if (typeof json === "number" || typeof json === "boolean") return String(json);
    throw new CodecError(`expected a string, got ${typeof json}`, path);
  }
  if (type === "number") return decodeNumber(json, path);
  if (type === "bool") {
    if (typeof json === "boolean") return json;
    if (json === "true" || json === "false") return json === "true";
    throw new CodecError(`expected a bool, got ${typeof json}`, path);
  }
  const [kind, inner] = type;
  switch (kind) {
    case "list":
    case "set":
    case "map":
      return decodeElements(json, kind, type[1], path, decodeJson);
    case "tuple": {
      const types = inner;
      return expectArray(json, path).map((e, i) => decodeJson(e, types[i] ?? "dynamic", [...path, i]));
    }
    case "object":
      return decodeFields(json, inner, path, decodeJson);
  }
}

/** Decodes stored JSON state for a block, completing it the way encodeObject does. */
export function decodeJsonObject(json: Uint8Array, block: JsonBlock): ObjectValue | null {
  const value = decodeJson(JSON.parse(new TextDecoder().decode(json)), impliedType(block));
  return value === null ? null : completeObject(value as ObjectValue, block);
}
