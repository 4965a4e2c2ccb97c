/**
 * GCG201: a division the plan deletes (or replaces) still holds objects. Genesys refuses with `API Error: 400 -
 * Scope '<id>' may not be deleted because it has objects in it.`; the provider retries that 400 for about 27 s,
 * always with force=false, then fails the apply (docs/terraform-provider.md §4.1, §4.2; provider PR #733).
 */
import { known } from "../../org/planned";
import type { Division } from "../../genesys/schemas";
import { divisionNotEmptyRefusal, keepDivisionBlock, moveObjectsCommand } from "../../messages";
import type { Dependents, OrgObject, OrgView } from "../../org/view";
import type { FindingDraft, RuleDefinition } from "../model";
import type { PlannedChange } from "../../plan/model";
import { describeObject, isHomeDivisionId, listSome, plural, queueObject, quote, userObject } from "./shared";

const SAMPLE = 5;

interface Contents {
  readonly counts: readonly (readonly [string, number])[];
  readonly dependents?: Dependents;
}

function contentsOf(org: OrgView, id: string): Contents {
  const division: Division | undefined = org.divisions.find((d) => d.id === id);
  const counts = Object.entries(division?.objectCounts ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const dependents = org.divisionDependents.get(id);
  return dependents ? { counts, dependents } : { counts };
}

function isEmpty({ counts, dependents }: Contents): boolean {
  return counts.length === 0 && (dependents?.users.total ?? 0) === 0 && (dependents?.queues.total ?? 0) === 0;
}

function evidence(org: OrgView, { counts, dependents }: Contents): { lines: string[]; objects: OrgObject[] } {
  const lines: string[] = [];
  if (counts.length > 0) lines.push(`Object counts: ${counts.map(([type, n]) => `${type} ${n}`).join(", ")}.`);
  const users = (dependents?.users.sample ?? []).slice(0, SAMPLE).map((u) => userObject(org, u));
  const queues = (dependents?.queues.sample ?? []).slice(0, SAMPLE).map((q) => queueObject(org, q));
  for (const [label, total, sample] of [
    ["user", dependents?.users.total ?? 0, users],
    ["queue", dependents?.queues.total ?? 0, queues],
  ] as const) {
    if (total === 0) continue;
    const more = total > sample.length ? `, and ${total - sample.length} more` : "";
    lines.push(`${plural(total, label)}: ${listSome(sample.map(describeObject))}${more}.`);
  }
  return { lines, objects: [...users, ...queues] };
}

function finding(org: OrgView, change: PlannedChange, id: string, contents: Contents): FindingDraft {
  const name = known(change.before?.name) ?? org.divisions.find((d) => d.id === id)?.name ?? id;
  const types = new Set(["QUEUE", ...contents.counts.map(([type]) => type)]);
  const others = [...types].filter((t) => t !== "USER").map((t) => `…/objects/${t}`);
  const { lines, objects } = evidence(org, contents);
  const verb = change.action === "replace" ? "replaces (deletes, then recreates)" : "deletes";
  return {
    address: change.address,
    message: `the division ${quote(name)} still holds objects; deleting it will fail`,
    detail: [
      `The plan ${verb} division ${quote(name)} (id ${id}), which is not empty.`,
      ...lines,
      `Genesys refuses with "${divisionNotEmptyRefusal(id)}"; the provider retries ` +
        `for about 27 s, never with force, then fails the apply.`,
    ].join("\n"),
    remediation:
      `Move its objects to another division before the apply (POST /api/v2/authorization/divisions/{target}/` +
      `objects/USER with the user ids, likewise ${others.join(", ")}), or after the apply fails on it: ` +
      `${moveObjectsCommand({ apply: true })}, then apply again. ` +
      (change.action === "replace"
        ? `Or find what forces the replacement and avoid it.`
        : `Or, to keep the division and only stop managing it, replace the resource with a Terraform block ` +
          `${keepDivisionBlock(change.address)} (Terraform 1.7+).`),
    objects,
  };
}

export const nonEmptyDivisionRule: RuleDefinition = {
  id: "non-empty-division",
  code: "GCG201",
  title: "Divisions the plan deletes are empty",
  description: "Every division the plan deletes or replaces holds no users, queues or other objects.",
  check: ({ plan, org }) => {
    const targets = plan.changes.filter(
      (c) =>
        c.mode === "managed" &&
        c.type === "genesyscloud_auth_division" &&
        (c.action === "delete" || c.action === "replace") &&
        c.before?.home !== true && // the home division is home-division's (GCG202) business
        !isHomeDivisionId(org, known(c.before?.id)),
    );
    const findings: FindingDraft[] = [];
    for (const change of targets) {
      const id = known(change.before?.id);
      if (!id) continue;
      const contents = contentsOf(org, id);
      if (!isEmpty(contents)) findings.push(finding(org, change, id, contents));
    }
    return { applicable: targets.length > 0, findings };
  },
};
