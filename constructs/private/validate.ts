import { Token } from "cdktf";
import type { Construct } from "constructs";

import { InputError } from "../../lib/errors";

/** Terraform's identifier rule for resource names (letters, digits, `_`, `-`; not starting with a digit or `-`). */
export const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Collects every problem with a construct's props, then throws once (aws-cdk's validateBucketName style), so
 * users fix them all in one round.
 */
export class PropsChecker {
  private readonly problems: string[] = [];

  constructor(
    private readonly scope: Construct,
    private readonly kind: string,
  ) {}

  /** A Genesys object name: non-empty and free of leading or trailing whitespace. */
  name(prop: string, value: string): void {
    if (Token.isUnresolved(value)) return;
    if (value.trim() === "") this.problems.push(`${prop} is empty; give the ${this.kind}'s name as Genesys shows it`);
    else if (value !== value.trim())
      this.problems.push(
        `${prop} ${JSON.stringify(value)} has leading or trailing whitespace; Genesys trims names, so use ${JSON.stringify(value.trim())}`,
      );
  }

  terraformName(value: string | undefined): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (!TERRAFORM_NAME.test(value))
      this.problems.push(
        `terraformName ${JSON.stringify(value)} is not a Terraform identifier; use letters, digits, "_" and "-", starting with a letter or "_"`,
      );
  }

  adoptId(value: string | undefined): void {
    if (value === undefined || Token.isUnresolved(value)) return;
    if (value.trim() === "" || /\s/.test(value))
      this.problems.push(`adoptId ${JSON.stringify(value)} is not a Genesys ID; copy the object's GUID from Genesys`);
  }

  /** Records a problem when `when` holds. */
  check(when: boolean, problem: string): void {
    if (when) this.problems.push(problem);
  }

  /** Throws one InputError listing every problem, naming the construct by its path. */
  throwIfAny(): void {
    if (this.problems.length === 0) return;
    throw new InputError(`${this.kind} ${this.scope.node.path}: invalid props`, { problems: this.problems });
  }
}
