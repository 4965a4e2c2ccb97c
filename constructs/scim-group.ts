import { DataGenesyscloudGroup } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-group";
import type { GroupConfig } from "@cdktf/provider-genesyscloud/lib/group";
import { Group } from "@cdktf/provider-genesyscloud/lib/group";
import type { TerraformMetaArguments } from "cdktf";
import type { IConstruct } from "constructs";
import { Construct } from "constructs";

import { addImportBlock, resourceAddress } from "../lib/adoption/imports";
import { literal, literalDeep } from "./private/literal";
import { recordSource } from "./private/source";
import { PropsChecker } from "./private/validate";

/** A Genesys Cloud group. */
export interface IGroup extends IConstruct {
  /** The group's Genesys ID (a Terraform reference until apply). */
  readonly groupId: string;
}

/**
 * `managed`: this stack owns the group object (name, description, settings) but never its membership.
 * `lookup`: the group was created elsewhere; the stack only reads it by name.
 */
export type ScimGroupMode = "managed" | "lookup";

/** Group settings this construct passes to `genesyscloud_group` untouched. Membership and lifecycle are its own. */
export type ScimGroupSettings = Omit<
  GroupConfig,
  "name" | "description" | "memberIds" | "id" | keyof TerraformMetaArguments
>;

export interface ScimGroupProps {
  /**
   * The group's display name, exactly as the identity provider (Entra ID, Okta) sends it. Genesys SCIM never
   * creates groups: it only fills groups whose name matches the IdP group's display name.
   */
  readonly name: string;

  /**
   * Whether this stack creates the group (`managed`) or reads an existing one (`lookup`).
   * @default "managed"
   */
  readonly mode?: ScimGroupMode;

  /**
   * Group description. `managed` mode only.
   * @default - no description
   */
  readonly description?: string;

  /**
   * Further `genesyscloud_group` settings (type, visibility, owners, addresses, ...). `managed` mode only.
   * Membership (`memberIds`) is deliberately absent: the identity provider owns it. Every string in them is a
   * literal (`${` and `%{` are escaped); references to other resources are tokens and pass through.
   * @default - the provider's defaults
   */
  readonly settings?: ScimGroupSettings;

  /**
   * Refuse to destroy the group (Terraform `prevent_destroy`). `managed` mode only.
   * @default false
   */
  readonly preventDestroy?: boolean;

  /**
   * Adopt the existing group with this Genesys ID through an `import` block. `managed` mode only.
   * @default - no import block: Terraform creates the group
   */
  readonly adoptId?: string;

  /**
   * The Terraform resource (or data source) name, fixing the address to `genesyscloud_group.<terraformName>`.
   * @default - derived by cdktf from the construct path
   */
  readonly terraformName?: string;
}

/**
 * A group whose membership belongs to the identity provider.
 *
 * In `managed` mode it creates `genesyscloud_group` with the exact display name the IdP will match, never sets
 * `member_ids`, and adds `lifecycle.ignore_changes = ["member_ids"]` so that an apply never reverts what SCIM
 * wrote (provider issue #2139; docs/terraform-provider.md §5). In `lookup` mode it reads an existing group by name.
 *
 * @example
 * const agents = new ScimGroup(stack, "sales_agents", { name: "GC-Sales-Agents" });
 * const tier1 = new ScimGroup(stack, "tier1", { name: "GC-Support-Tier1", mode: "lookup" });
 */
export class ScimGroup extends Construct implements IGroup {
  readonly groupId: string;
  readonly mode: ScimGroupMode;
  /** The `genesyscloud_group` resource (`managed`) or data source (`lookup`). */
  readonly element: Group | DataGenesyscloudGroup;

  constructor(scope: Construct, id: string, props: ScimGroupProps) {
    super(scope, id);
    this.mode = props.mode ?? "managed";
    this.validate(props);
    this.element = this.mode === "managed" ? this.renderGroup(props) : this.renderLookup(props);
    this.groupId = this.element.id;
  }

  /** The Terraform address, e.g. `genesyscloud_group.sales_agents` or `data.genesyscloud_group.tier1`. */
  get address(): string {
    return this.element instanceof Group
      ? resourceAddress(this.element)
      : `data.${this.element.terraformResourceType}.${this.element.friendlyUniqueId}`;
  }

  private validate(props: ScimGroupProps): void {
    const check = new PropsChecker(this, "ScimGroup");
    check.check(
      !["managed", "lookup"].includes(this.mode),
      `mode ${JSON.stringify(this.mode)} is not one of "managed", "lookup"`,
    );
    check.name("name", props.name);
    check.terraformName(props.terraformName);
    check.adoptId(props.adoptId);
    // Plain JavaScript and config callers can get past the settings type; membership must still stay with SCIM.
    const settings = (props.settings ?? {}) as Record<string, unknown>;
    check.check(
      "memberIds" in settings || "member_ids" in settings,
      "settings.memberIds is not allowed: the identity provider owns this group's membership through SCIM",
    );
    if (this.mode === "lookup") {
      for (const prop of ["description", "settings", "preventDestroy", "adoptId"] as const) {
        check.check(
          props[prop] !== undefined,
          `${prop} does not apply in mode "lookup" (the group is read, not managed); remove it or use mode "managed"`,
        );
      }
    }
    check.throwIfAny();
  }

  private renderGroup(props: ScimGroupProps): Group {
    const group = new Group(this, "Default", {
      ...literalDeep(props.settings),
      name: literal(props.name),
      description: literal(props.description),
      lifecycle: {
        ignoreChanges: ["member_ids"],
        ...(props.preventDestroy ? { preventDestroy: true } : {}),
      },
    });
    recordSource(group);
    if (props.terraformName) group.overrideLogicalId(props.terraformName);
    if (props.adoptId !== undefined) addImportBlock(group, props.adoptId);
    return group;
  }

  private renderLookup(props: ScimGroupProps): DataGenesyscloudGroup {
    const data = new DataGenesyscloudGroup(this, "Default", { name: literal(props.name) });
    recordSource(data);
    if (props.terraformName) data.overrideLogicalId(props.terraformName);
    return data;
  }
}
