/** The preflight's rules, in a stable order (by code). The runner and the report list them in this order. */
import type { Level, RegisteredRule, RuleDefinition } from "../model";
import { ambiguousNameRule } from "./ambiguous-name";
import { deletedUserRule } from "./deleted-user";
import { duplicateInPlanRule } from "./duplicate-in-plan";
import { homeDivisionRule } from "./home-division";
import { membershipTrapRule } from "./membership-trap";
import { nameCollisionRule } from "./name-collision";
import { nameUnknownRule } from "./name-unknown";
import { nonEmptyDivisionRule } from "./non-empty-division";
import { scimGroupMissingRule } from "./scim-group-missing";
import { typeNotCheckedRule } from "./type-not-checked";
import { visibilityRule } from "./visibility";
import { waiverExpiredRule } from "./waiver-expired";

export {
  ambiguousNameRule,
  deletedUserRule,
  duplicateInPlanRule,
  homeDivisionRule,
  membershipTrapRule,
  nameCollisionRule,
  nameUnknownRule,
  nonEmptyDivisionRule,
  scimGroupMissingRule,
  typeNotCheckedRule,
  visibilityRule,
  waiverExpiredRule,
};

/**
 * Each rule with its level, in report order (by code). Levels live here, in one table, so that tightening or
 * relaxing a rule is a one-line policy change that does not touch what the rule checks.
 */
const REGISTRY: readonly (readonly [RuleDefinition, Level])[] = [
  [nameCollisionRule, "error"], // GCG101
  [duplicateInPlanRule, "error"], // GCG102
  [ambiguousNameRule, "error"], // GCG103
  [typeNotCheckedRule, "unverified"], // GCG104
  [nameUnknownRule, "unverified"], // GCG105
  [deletedUserRule, "warning"], // GCG106
  [nonEmptyDivisionRule, "error"], // GCG201
  [homeDivisionRule, "error"], // GCG202
  [scimGroupMissingRule, "error"], // GCG301
  [membershipTrapRule, "error"], // GCG302
  [visibilityRule, "unverified"], // GCG401
  [waiverExpiredRule, "error"], // GCG901
];

export const RULES: readonly RegisteredRule[] = REGISTRY.map(([rule, level]) => ({ ...rule, level }));
