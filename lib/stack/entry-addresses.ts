import type { ResolvedOrg } from "../config/load";

/** An org entry's Terraform address, as OrgStack below names it, and the config line the entry starts on. */
export interface EntryAddress {
  readonly address: string;
  readonly line?: number;
}

/**
 * The address of every resource and data source OrgStack (org-stack.ts) makes for `org`, each with its entry's
 * line: the same rules as its render methods (terraformName is the entry key). Kept apart from the stack so that
 * reading locations loads no cdktf; test/stack/org-stack.test.ts checks it against a synthesized stack.
 */
export function entryAddresses(org: ResolvedOrg): EntryAddress[] {
  const at = (address: string, line: number | undefined): EntryAddress =>
    line === undefined ? { address } : { address, line };
  return [
    ...org.divisions.map((d) =>
      at(
        d.mode === "home"
          ? `data.genesyscloud_auth_division_home.${d.key}`
          : d.mode === "lookup"
            ? `data.genesyscloud_auth_division.${d.key}`
            : `genesyscloud_auth_division.${d.key}`,
        d.line,
      ),
    ),
    ...org.scimGroups.map((g) =>
      at(g.mode === "lookup" ? `data.genesyscloud_group.${g.key}` : `genesyscloud_group.${g.key}`, g.line),
    ),
    ...org.queues.map((q) => at(`genesyscloud_routing_queue.${q.key}`, q.line)),
  ];
}
