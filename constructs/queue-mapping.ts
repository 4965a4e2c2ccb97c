import type { RoutingQueueConfig } from "@cdktf/provider-genesyscloud/lib/routing-queue";
import { RoutingQueue } from "@cdktf/provider-genesyscloud/lib/routing-queue";
import type { TerraformMetaArguments } from "cdktf";
import { Token } from "cdktf";
import { Construct } from "constructs";

import { addImportBlock, resourceAddress } from "../lib/adoption/imports";
import type { IDivision } from "./division";
import { literal, literalDeep } from "./private/literal";
import { recordSource } from "./private/source";
import { PropsChecker } from "./private/validate";
import type { IGroup } from "./scim-group";

/** Queue settings passed to `genesyscloud_routing_queue` untouched; the mapping owns the rest. */
export type QueueSettings = Omit<
  RoutingQueueConfig,
  "name" | "divisionId" | "groups" | "members" | "ignoreMembers" | "id" | keyof TerraformMetaArguments
>;

/** A user placed on the queue directly (not through a group). */
export interface QueueMember {
  /** The user's Genesys ID. */
  readonly userId: string;
  /**
   * Bullseye ring the member sits in, 1 to 6.
   * @default 1
   */
  readonly ringNum?: number;
}

export interface QueueMappingProps {
  /** The queue's name. */
  readonly name: string;

  /**
   * Division that owns the queue.
   * @default - the org's home division (the provider's default for `division_id`)
   */
  readonly division?: IDivision;

  /**
   * SCIM groups whose members become the queue's members (`groups`). Genesys adds and removes group members
   * on its own as the identity provider changes the groups.
   */
  readonly groups: readonly IGroup[];

  /**
   * Users to place on the queue directly. Given (even empty), Terraform owns the direct members and removes
   * everyone else. Left out, the queue gets `ignore_members = true`: without it the provider removes every
   * direct member on each apply (provider issue #1705; docs/terraform-provider.md §5).
   * @default - direct members are not managed (`ignore_members = true`)
   */
  readonly members?: readonly QueueMember[];

  /**
   * Every other `genesyscloud_routing_queue` setting (media settings, routing rules, bullseye rings, wrap-up,
   * scoring, ...), passed through as the provider defines it. Every string in them is a literal (`${` and `%{`
   * are escaped); references to other resources are tokens and pass through.
   * @default - the provider's defaults
   */
  readonly settings?: QueueSettings;

  /**
   * Refuse to destroy the queue (Terraform `prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;

  /**
   * Adopt the existing queue with this Genesys ID through an `import` block. Its direct members survive the
   * adoption unless `members` is given.
   * @default - no import block: Terraform creates the queue
   */
  readonly adoptId?: string;

  /**
   * The Terraform resource name, fixing the address to `genesyscloud_routing_queue.<terraformName>`.
   * @default - derived by cdktf from the construct path
   */
  readonly terraformName?: string;
}

/**
 * A routing queue in a division, fed by SCIM groups.
 *
 * @example
 * new QueueMapping(stack, "sales_inbound", {
 *   name: "Sales Inbound",
 *   division: sales,
 *   groups: [salesAgents],
 *   settings: { acwWrapupPrompt: "OPTIONAL", mediaSettingsCall: { alertingTimeoutSec: 20 } },
 * });
 */
export class QueueMapping extends Construct {
  readonly queueId: string;
  /** The underlying provider resource. */
  readonly resource: RoutingQueue;

  constructor(scope: Construct, id: string, props: QueueMappingProps) {
    super(scope, id);
    this.validate(props);
    this.resource = new RoutingQueue(this, "Default", {
      // Free text in the settings is literal too, at any depth (a template in a description would be evaluated).
      ...literalDeep(props.settings),
      name: literal(props.name),
      divisionId: props.division?.divisionId,
      groups: sortedGroupIds(props.groups),
      ...(props.members === undefined
        ? { ignoreMembers: true }
        : { members: props.members.map((m) => ({ userId: m.userId, ringNum: m.ringNum })) }),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    recordSource(this.resource);
    if (props.terraformName) this.resource.overrideLogicalId(props.terraformName);
    if (props.adoptId !== undefined) addImportBlock(this.resource, props.adoptId);
    this.queueId = this.resource.id;
  }

  /** The Terraform address, e.g. `genesyscloud_routing_queue.sales_inbound`. */
  get address(): string {
    return resourceAddress(this.resource);
  }

  private validate(props: QueueMappingProps): void {
    const check = new PropsChecker(this, "QueueMapping");
    check.name("name", props.name);
    check.terraformName(props.terraformName);
    check.adoptId(props.adoptId);
    check.check(
      props.groups.length === 0,
      "groups is empty; a queue mapping feeds a queue from at least one SCIM group (use RoutingQueue for a queue without groups)",
    );
    const seen = new Set<IGroup>();
    for (const group of props.groups) {
      check.check(seen.has(group), `groups lists ${group.node.path} twice`);
      seen.add(group);
    }
    const settings = (props.settings ?? {}) as Record<string, unknown>;
    for (const owned of ["name", "divisionId", "groups", "members", "ignoreMembers"]) {
      check.check(
        owned in settings,
        `settings.${owned} is not allowed: the mapping sets it (use the ${owned === "ignoreMembers" ? "members" : owned.replace("Id", "")} prop)`,
      );
    }
    for (const [i, m] of (props.members ?? []).entries()) {
      if (m.ringNum !== undefined && !Token.isUnresolved(m.ringNum))
        check.check(
          !Number.isInteger(m.ringNum) || m.ringNum < 1 || m.ringNum > 6,
          `members[${i}].ringNum ${m.ringNum} is out of range; bullseye rings are 1 to 6`,
        );
    }
    check.throwIfAny();
  }
}

/** Group IDs in a fixed order (by construct path), so reordering the groups changes nothing in the synth. */
function sortedGroupIds(groups: readonly IGroup[]): string[] {
  return [...groups]
    .sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0))
    .map((g) => g.groupId);
}
