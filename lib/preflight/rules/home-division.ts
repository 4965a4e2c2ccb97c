/**
 * GCG202: the plan deletes or replaces the home division, or creates (or renames to) a division with its name.
 * The home division cannot be deleted (the provider's delete is a silent no-op, docs/terraform-provider.md §4.2), and
 * its name is taken for good; a stack refers to it through `Division.home()` / config `mode: home` instead.
 */
import type { PlannedName } from "../../org/planned";
import { known, plannedNames } from "../../org/planned";
import type { FindingDraft, RuleDefinition } from "../model";
import type { OrgView } from "../../org/view";
import type { PlannedChange } from "../../plan/model";

import { changesOf, homeDivision, isHomeDivisionId, quote, takesHomeName } from "./shared";

const USE_HOME = "Refer to the home division through Division.home() (config: mode: home) instead of managing it.";

function isHomeDelete(org: OrgView, c: PlannedChange): boolean {
  return (
    c.mode === "managed" &&
    c.type === "genesyscloud_auth_division" &&
    (c.action === "delete" || c.action === "replace") &&
    (c.before?.home === true || isHomeDivisionId(org, known(c.before?.id)))
  );
}

function deleteFinding(org: OrgView, c: PlannedChange): FindingDraft {
  const name = known(c.before?.name) ?? homeDivision(org)?.name ?? "home";
  const id = known(c.before?.id) ?? homeDivision(org)?.id ?? "unknown";
  return {
    address: c.address,
    message: `the plan ${c.action === "replace" ? "replaces" : "deletes"} the home division ${quote(name)}`,
    detail:
      `${c.address} is the org's home division (id ${id}). Genesys cannot delete it: the provider's delete does ` +
      `nothing and only drops it from state` +
      (c.action === "replace" ? `, and the create that follows collides with its name.` : `.`),
    remediation:
      `Stop managing it without deleting it: a Terraform block removed { from = ${c.address} lifecycle ` +
      `{ destroy = false } } (Terraform 1.7+). ${USE_HOME}`,
  };
}

function nameFinding(org: OrgView, p: PlannedName): FindingDraft {
  const home = homeDivision(org);
  const doing = p.renamedFrom ? `renames the division ${quote(p.renamedFrom)} to` : `creates a division named`;
  return {
    address: p.change.address,
    message: `${quote(p.name)} is the name of the org's home division`,
    detail:
      `${p.change.address} ${doing} ${quote(p.name)}, which is the home division's name (id ${home?.id ?? "unknown"}; ` +
      `names compare trimmed and case-insensitively). The ${p.renamedFrom ? "rename" : "create"} fails on the name, ` +
      `and adopting the home division into a managed resource would make Terraform try to delete it later.`,
    remediation: `${USE_HOME} Or give this division another name.`,
  };
}

export const homeDivisionRule: RuleDefinition = {
  id: "home-division",
  code: "GCG202",
  title: "The home division is referenced, not managed",
  description: "The plan neither deletes the home division nor creates another division with its name.",
  check: ({ plan, org }) => {
    const divisions = changesOf(plan, "managed", "genesyscloud_auth_division");
    const deletes = divisions.filter((c) => isHomeDelete(org, c)).map((c) => deleteFinding(org, c));
    const names = plannedNames(plan)
      .filter((p) => takesHomeName(org, p))
      .map((p) => nameFinding(org, p));
    const applicable = divisions.some((c) => c.action !== "no-op");
    return { applicable, findings: [...deletes, ...names] };
  },
};
