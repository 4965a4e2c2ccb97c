import { TerraformResource } from "cdktf";
import type { TerraformStack } from "cdktf";

import { addImportBlock, resourceAddress } from "./imports";
import type { AdoptionEntry } from "./manifest";

export interface AppliedAdoptions {
  /** Entries that matched a resource in the stack and became import blocks, sorted by address. */
  readonly adopted: readonly { readonly address: string; readonly id: string; readonly name?: string }[];
  /** Addresses in the manifest that no resource in the stack has (stale, or a typo). */
  readonly unmatched: readonly string[];
}

/**
 * Turns a stack's manifest entries into import blocks, matching them against the addresses of the stack's own
 * resources (whatever construct made them), so the manifest works for resources outside gcguard's constructs too.
 */
export function applyAdoptions(
  stack: TerraformStack,
  entries: Readonly<Record<string, AdoptionEntry>>,
): AppliedAdoptions {
  const resources = new Map<string, TerraformResource>();
  for (const node of stack.node.findAll()) {
    if (TerraformResource.isTerraformResource(node)) resources.set(resourceAddress(node), node);
  }
  const adopted: { address: string; id: string; name?: string }[] = [];
  const unmatched: string[] = [];
  for (const address of Object.keys(entries).sort()) {
    const entry = entries[address] as AdoptionEntry;
    const resource = resources.get(address);
    if (!resource) {
      unmatched.push(address);
      continue;
    }
    addImportBlock(resource, entry.id);
    adopted.push(entry.name === undefined ? { address, id: entry.id } : { address, id: entry.id, name: entry.name });
  }
  return { adopted, unmatched };
}
