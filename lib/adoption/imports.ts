/**
 * Terraform `import` blocks for adopted objects, written without cdktf's `importFrom()`.
 *
 * `importFrom()` adds a validation that shells out to `terraform version`, so a stack that adopts anything would
 * fail to synthesize on a machine without terraform (docs/cdktf.md §4). The block itself is plain JSON, so we add it as
 * a stack-level override instead: same output, no terraform needed. Blocks are kept sorted by address so a
 * re-synth is byte-identical whatever order objects were adopted in.
 */
import type { TerraformResource } from "cdktf";
import { TerraformStack } from "cdktf";

import { InputError } from "../errors";

export interface ImportBlock {
  /** Terraform address, `<resource type>.<name>`. */
  readonly to: string;
  /** The object's Genesys ID (the provider's import ID is the bare GUID; docs/terraform-provider.md §3). */
  readonly id: string;
  /**
   * Provider reference. Never set by gcguard: next to an existing resource block Terraform 1.11 rejects it
   * ("Invalid import provider argument"), and the resource's own provider is used anyway.
   */
  readonly provider?: string;
}

const blocksByStack = new WeakMap<TerraformStack, Map<string, ImportBlock>>();

/** The Terraform address of a resource as it will appear in the synthesized stack. */
export function resourceAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/**
 * Adopts an existing object into `resource` through an `import` block. Call it after the resource's logical ID is
 * final (after any `overrideLogicalId`), since the block records the address at this moment.
 */
export function addImportBlock(resource: TerraformResource, id: string): ImportBlock {
  const to = resourceAddress(resource);
  if (id.trim() === "" || id !== id.trim()) {
    throw new InputError(`cannot adopt ${to}: the Genesys ID ${JSON.stringify(id)} is empty or padded with spaces`);
  }
  const stack = TerraformStack.of(resource);
  let blocks = blocksByStack.get(stack);
  if (!blocks) {
    blocks = new Map();
    blocksByStack.set(stack, blocks);
  }
  const existing = blocks.get(to);
  if (existing && existing.id !== id) {
    throw new InputError(
      `cannot adopt ${to} twice: once as ${existing.id} and once as ${id}; keep the one that names the right object`,
    );
  }
  const block: ImportBlock = { to, id };
  blocks.set(to, block);
  stack.addOverride("import", importBlocksOf(stack));
  return block;
}

/** The import blocks added to a stack so far, sorted by address. */
export function importBlocksOf(stack: TerraformStack): ImportBlock[] {
  const blocks = blocksByStack.get(stack);
  if (!blocks) return [];
  return [...blocks.values()].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}
