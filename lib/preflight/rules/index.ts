/** The preflight's rules, in a stable order (by code). The runner and the report list them in this order. */
import type { RuleDefinition } from "../model";
import { ambiguousNameRule } from "./ambiguous-name";
import { duplicateInPlanRule } from "./duplicate-in-plan";
import { homeDivisionRule } from "./home-division";
import { membershipTrapRule } from "./membership-trap";
import { nameCollisionRule } from "./name-collision";
import { nonEmptyDivisionRule } from "./non-empty-division";
import { scimGroupMissingRule } from "./scim-group-missing";
import { visibilityRule } from "./visibility";

export {
  ambiguousNameRule,
  duplicateInPlanRule,
  homeDivisionRule,
  membershipTrapRule,
  nameCollisionRule,
  nonEmptyDivisionRule,
  scimGroupMissingRule,
  visibilityRule,
};

export const RULES: readonly RuleDefinition[] = [
  nameCollisionRule, // GCG101
  duplicateInPlanRule, // GCG102
  ambiguousNameRule, // GCG103
  nonEmptyDivisionRule, // GCG201
  homeDivisionRule, // GCG202
  scimGroupMissingRule, // GCG301
  membershipTrapRule, // GCG302
  visibilityRule, // GCG401
];
