import { AuthDivision } from "@cdktf/provider-genesyscloud/lib/auth-division";
import { DataGenesyscloudAuthDivision } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-auth-division";
import { DataGenesyscloudAuthDivisionHome } from "@cdktf/provider-genesyscloud/lib/data-genesyscloud-auth-division-home";
import type { TerraformDataSource } from "cdktf";
import type { IConstruct } from "constructs";
import { Construct } from "constructs";

import { addImportBlock, resourceAddress } from "../lib/adoption/imports";
import { literal } from "./private/literal";
import { recordSource } from "./private/source";
import { PropsChecker } from "./private/validate";

/** A Genesys Cloud division, created by this stack or found in the org. */
export interface IDivision extends IConstruct {
  /** The division's Genesys ID (a Terraform reference until apply). */
  readonly divisionId: string;
}

export interface DivisionProps {
  /**
   * The division's name. Genesys compares division names trimmed and case-insensitively, so "Sales" and
   * "sales " are the same division to it.
   */
  readonly name: string;

  /**
   * Free-text description shown in the Genesys admin UI.
   * @default - no description
   */
  readonly description?: string;

  /**
   * Refuse to destroy the division (Terraform `prevent_destroy`). A division that still holds users or queues
   * cannot be deleted anyway; this stops the plan before the apply tries.
   * @default false
   */
  readonly preventDestroy?: boolean;

  /**
   * Adopt the existing division with this Genesys ID through a Terraform `import` block instead of creating a
   * new one (which would fail with a name conflict).
   * @default - no import block: Terraform creates the division
   */
  readonly adoptId?: string;

  /**
   * The Terraform resource name, fixing the address to `genesyscloud_auth_division.<terraformName>`.
   * @default - derived by cdktf from the construct path (the construct id, when the division sits directly
   * in the stack)
   */
  readonly terraformName?: string;
}

/**
 * A division managed by this stack (`genesyscloud_auth_division`).
 *
 * @example
 * const sales = new Division(stack, "sales", { name: "Sales", preventDestroy: true });
 * const home = Division.home(stack, "home");
 * const legacy = Division.fromName(stack, "legacy", "Legacy Support");
 */
export class Division extends Construct implements IDivision {
  /**
   * The org's home division (data source `genesyscloud_auth_division_home`). It always exists and can never be
   * deleted.
   */
  static home(scope: Construct, id: string, options: ExistingDivisionOptions = {}): IDivision {
    return new ExistingDivision(
      scope,
      id,
      options,
      (self) => new DataGenesyscloudAuthDivisionHome(self, "Default", {}),
    );
  }

  /**
   * A division that exists outside this stack, found by its exact name (data source `genesyscloud_auth_division`).
   * The plan fails if no division has that name.
   */
  static fromName(scope: Construct, id: string, name: string, options: ExistingDivisionOptions = {}): IDivision {
    return new ExistingDivision(scope, id, options, (self) => {
      const check = new PropsChecker(self, "Division.fromName");
      check.name("name", name);
      check.throwIfAny();
      return new DataGenesyscloudAuthDivision(self, "Default", { name: literal(name) });
    });
  }

  readonly divisionId: string;
  /** The underlying provider resource. */
  readonly resource: AuthDivision;

  constructor(scope: Construct, id: string, props: DivisionProps) {
    super(scope, id);
    const check = new PropsChecker(this, "Division");
    check.name("name", props.name);
    check.terraformName(props.terraformName);
    check.adoptId(props.adoptId);
    check.throwIfAny();

    this.resource = new AuthDivision(this, "Default", {
      name: literal(props.name),
      description: literal(props.description),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    recordSource(this.resource);
    if (props.terraformName) this.resource.overrideLogicalId(props.terraformName);
    if (props.adoptId !== undefined) addImportBlock(this.resource, props.adoptId);
    this.divisionId = this.resource.id;
  }

  /** The Terraform address, e.g. `genesyscloud_auth_division.sales`. */
  get address(): string {
    return resourceAddress(this.resource);
  }
}

/** Options for `Division.home()` and `Division.fromName()`. */
export interface ExistingDivisionOptions {
  /**
   * The data source name, fixing the address to `data.<type>.<terraformName>`.
   * @default - derived by cdktf from the construct path
   */
  readonly terraformName?: string;
}

/** A division that exists outside the stack, read through a data source. */
class ExistingDivision extends Construct implements IDivision {
  readonly divisionId: string;

  constructor(
    scope: Construct,
    id: string,
    options: ExistingDivisionOptions,
    lookup: (self: Construct) => TerraformDataSource,
  ) {
    super(scope, id);
    const check = new PropsChecker(this, "Division");
    check.terraformName(options.terraformName);
    check.throwIfAny();
    const data = lookup(this);
    recordSource(data);
    if (options.terraformName) data.overrideLogicalId(options.terraformName);
    this.divisionId = data.getStringAttribute("id");
  }
}
