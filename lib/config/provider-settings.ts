/**
 * zod schemas for the provider settings a config may pass through (queue and group `settings`), derived from the
 * checked-in provider schema, the same file the cdktf bindings are generated from. Keys are the bindings'
 * camelCase names, so a config entry maps one to one onto the generated `*Config` interfaces.
 */
import { z } from "zod";

import providerSchemaJson from "../provider-genesyscloud/schema.json";
import { bindingName } from "./binding-names";

type CtyType = string | [string, CtyType] | ["object", Record<string, CtyType>];

interface Attribute {
  readonly type?: CtyType;
  readonly description?: string;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly deprecated?: boolean;
}

interface Block {
  readonly attributes?: Record<string, Attribute>;
  readonly block_types?: Record<string, BlockType>;
}

interface BlockType {
  readonly nesting_mode: "single" | "list" | "set" | "map" | "group";
  readonly block: Block;
  readonly max_items?: number;
  readonly min_items?: number;
}

const PROVIDER = "registry.terraform.io/mypurecloud/genesyscloud";
const schemas = (providerSchemaJson as unknown as { provider_schemas: Record<string, ProviderSchemas> })
  .provider_schemas[PROVIDER];
interface ProviderSchemas {
  readonly resource_schemas: Record<string, { readonly block: Block }>;
}

export function resourceBlock(resourceType: string): Block {
  const block = schemas?.resource_schemas[resourceType]?.block;
  if (!block)
    throw new Error(`provider schema has no resource ${resourceType}; run npm run gen after fixing schema.json`);
  return block;
}

function ctyToZod(type: CtyType): z.ZodType {
  if (typeof type === "string") {
    if (type === "string") return z.string();
    if (type === "number") return z.number();
    if (type === "bool") return z.boolean();
    return z.unknown();
  }
  const [kind, inner] = type;
  if (kind === "list" || kind === "set") return z.array(ctyToZod(inner));
  if (kind === "map") return z.record(z.string(), ctyToZod(inner));
  if (kind === "object") {
    const shape: Record<string, z.ZodType> = {};
    for (const [name, t] of Object.entries(inner as Record<string, CtyType>))
      shape[bindingName(name)] = ctyToZod(t).optional();
    return z.strictObject(shape);
  }
  return z.unknown();
}

function describe<T extends z.ZodType>(schema: T, description: string | undefined): T {
  return description ? schema.describe(description) : schema;
}

/** A strict zod object for a block: settable attributes and nested blocks, minus the names in `omit`. */
export function blockToZod(block: Block, omit: readonly string[] = []): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (omit.includes(name) || name === "id" || !(attr.required || attr.optional) || !attr.type) continue;
    const schema = describe(ctyToZod(attr.type), attr.description);
    shape[bindingName(name)] = attr.required ? schema : schema.optional();
  }
  for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
    if (omit.includes(name)) continue;
    const inner = blockToZod(blockType.block);
    const single = blockType.nesting_mode === "single" || blockType.max_items === 1;
    let schema: z.ZodType;
    if (single) schema = inner;
    else {
      let list = z.array(inner);
      if (blockType.max_items) list = list.max(blockType.max_items);
      schema = list;
    }
    shape[bindingName(name)] = schema.optional();
  }
  return z.strictObject(shape);
}
