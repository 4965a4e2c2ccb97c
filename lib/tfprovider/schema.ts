/**
 * The provider's schema, kept in `terraform providers schema -json` form (lib/provider-genesyscloud/schema.json,
 * the file the cdktf bindings are generated from), converted to tfplugin5 Schema messages for GetSchema, and the
 * cty object type each block implies (what its values are encoded with).
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import type { CtyType } from "./types";

/** The provider address schema.json is keyed by (and `terraform providers schema -json` prints). */
export const PROVIDER_ADDRESS = "registry.terraform.io/mypurecloud/genesyscloud";
export const SCHEMA_FILE = path.join(__dirname, "..", "provider-genesyscloud", "schema.json");

export interface JsonAttribute {
  readonly type: CtyType;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
}

export type NestingMode = "single" | "group" | "list" | "set" | "map";

export interface JsonNestedBlock {
  readonly nesting_mode: NestingMode;
  readonly block: JsonBlock;
  readonly min_items?: number;
  readonly max_items?: number;
}

export interface JsonBlock {
  readonly attributes?: Readonly<Record<string, JsonAttribute>>;
  readonly block_types?: Readonly<Record<string, JsonNestedBlock>>;
  readonly description?: string;
  readonly description_kind?: "plain" | "markdown";
  readonly deprecated?: boolean;
}

export interface JsonSchema {
  readonly version: number;
  readonly block: JsonBlock;
}

export interface JsonProviderSchema {
  readonly provider: JsonSchema;
  readonly resource_schemas?: Readonly<Record<string, JsonSchema>>;
  readonly data_source_schemas?: Readonly<Record<string, JsonSchema>>;
}

/** Reads the provider's entry of a `terraform providers schema -json` document. */
export function loadProviderSchema(file = SCHEMA_FILE, address = PROVIDER_ADDRESS): JsonProviderSchema {
  const doc = JSON.parse(readFileSync(file, "utf8")) as { provider_schemas?: Record<string, JsonProviderSchema> };
  const schema = doc.provider_schemas?.[address];
  if (!schema) throw new Error(`${file} has no provider_schemas entry for ${address}`);
  return schema;
}

/** The cty object type of a block's values: its attributes plus one attribute per nested block type. */
export function impliedType(block: JsonBlock): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) attrs[name] = attr.type;
  for (const [name, nested] of Object.entries(block.block_types ?? {})) {
    const inner = impliedType(nested.block);
    switch (nested.nesting_mode) {
      case "single":
      case "group":
        attrs[name] = inner;
        break;
      case "list":
      case "set":
      case "map":
        attrs[name] = [nested.nesting_mode, inner];
        break;
    }
  }
  return ["object", attrs];
}

// tfplugin5 messages, as plain objects for @grpc/proto-loader (keepCase, enums as numbers).

export interface ProtoAttribute {
  name: string;
  type: Buffer;
  description: string;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  description_kind: number;
  deprecated: boolean;
  write_only: boolean;
}

export interface ProtoNestedBlock {
  type_name: string;
  block: ProtoBlock;
  nesting: number;
  min_items: number;
  max_items: number;
}

export interface ProtoBlock {
  version: number;
  attributes: ProtoAttribute[];
  block_types: ProtoNestedBlock[];
  description: string;
  description_kind: number;
  deprecated: boolean;
}

export interface ProtoSchema {
  version: number;
  block: ProtoBlock;
}

// tfplugin5.proto: enum StringKind { PLAIN = 0; MARKDOWN = 1; } and NestingMode SINGLE=1 LIST=2 SET=3 MAP=4 GROUP=5.
const STRING_KIND = { plain: 0, markdown: 1 } as const;
const NESTING = { single: 1, list: 2, set: 3, map: 4, group: 5 } as const;

export function toProtoSchema(schema: JsonSchema): ProtoSchema {
  return { version: schema.version, block: toProtoBlock(schema.block, schema.version) };
}

function toProtoBlock(block: JsonBlock, version: number): ProtoBlock {
  return {
    version,
    attributes: Object.entries(block.attributes ?? {}).map(([name, a]) => ({
      name,
      type: Buffer.from(JSON.stringify(a.type)),
      description: a.description ?? "",
      required: a.required ?? false,
      optional: a.optional ?? false,
      computed: a.computed ?? false,
      sensitive: a.sensitive ?? false,
      description_kind: STRING_KIND[a.description_kind ?? "plain"],
      deprecated: a.deprecated ?? false,
      write_only: a.write_only ?? false,
    })),
    block_types: Object.entries(block.block_types ?? {}).map(([name, nb]) => ({
      type_name: name,
      block: toProtoBlock(nb.block, 0),
      nesting: NESTING[nb.nesting_mode],
      min_items: nb.min_items ?? 0,
      max_items: nb.max_items ?? 0,
    })),
    description: block.description ?? "",
    description_kind: STRING_KIND[block.description_kind ?? "plain"],
    deprecated: block.deprecated ?? false,
  };
}

/** A resource's or data source's schema, or undefined for a type the provider does not have. */
export function findSchema(
  schema: JsonProviderSchema,
  kind: "resource" | "data",
  typeName: string,
): JsonSchema | undefined {
  const table = kind === "resource" ? schema.resource_schemas : schema.data_source_schemas;
  return table && Object.hasOwn(table, typeName) ? table[typeName] : undefined;
}
