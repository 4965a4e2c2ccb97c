/**
 * GCG302: the apply would take membership away from whoever owns it. (a) A group with `member_ids` set makes
 * Terraform own its membership: it removes members SCIM added, at every apply (docs/terraform-provider.md §5, provider
 * issue #2139). (b) A queue adopted or updated with neither `members` nor `ignore_members = true` loses every
 * direct member (docs/terraform-provider.md §3, §5, provider issue #1705).
 */
import { known } from "../../org/planned";
import type { FindingDraft, RuleDefinition } from "../model";
import type { OrgView } from "../../org/view";
import type { PlannedChange } from "../../plan/model";
import { listSome, plural, queueObject, quote, userObject } from "./shared";

const GROUP_ACTIONS = new Set(["create", "update", "import", "replace"]);

function ignores(change: PlannedChange, attribute: string): boolean {
  return change.ignoreChanges === "all" || (change.ignoreChanges ?? []).includes(attribute);
}

function existingId(change: PlannedChange): string | undefined {
  return change.importId ?? (change.action === "replace" ? undefined : known(change.before?.id));
}

function groupFinding(org: OrgView, change: PlannedChange, memberIds: readonly unknown[]): FindingDraft {
  const name = quote(known(change.after?.name) ?? known(change.before?.name) ?? change.address);
  const planned = new Set(memberIds.map(known));
  const id = existingId(change);
  const users = id ? org.groupMembers.get(id) : undefined;
  const stateIds = Array.isArray(change.before?.member_ids) ? change.before.member_ids.map(known) : [];
  const liveIds = users ? users.map((u) => u.id) : stateIds.filter((m): m is string => m !== undefined);
  const removed = liveIds.filter((m) => !planned.has(m));
  const upTo = planned.has(undefined) ? "up to " : ""; // member ids resolved at apply may keep some
  const fix =
    "If the identity provider owns membership, drop member_ids and add lifecycle ignore_changes = [member_ids] " +
    "(ScimGroup does both). If Terraform should own it, list every member in member_ids.";
  if (removed.length === 0) {
    return {
      address: change.address,
      message: `Terraform will own membership of the group ${name}; SCIM changes will be reverted at every apply`,
      detail:
        `${change.address} sets member_ids (${plural(memberIds.length, "member")}) without ignore_changes on it, so every ` +
        `apply adds and removes members until the group matches the list (provider issue #2139).`,
      remediation: fix,
    };
  }
  const sample = (users ?? []).filter((u) => !planned.has(u.id)).map((u) => userObject(org, u));
  return {
    address: change.address,
    message: `the apply removes ${upTo}${plural(removed.length, "member")} from the group ${name}`,
    detail:
      `${change.address} sets member_ids, so Terraform makes the membership match the list exactly. The group ` +
      `${id ? `(id ${id}) ` : ""}has ${plural(liveIds.length, "member")}; ${upTo}${removed.length} of them ` +
      `${removed.length === 1 ? "is" : "are"} not in member_ids and would be removed: ${listSome(sample.length > 0 ? sample.map((u) => `${quote(u.name)} (${u.id})`) : removed)}.`,
    remediation: fix,
    objects: sample,
  };
}

function queueFinding(org: OrgView, change: PlannedChange): FindingDraft | undefined {
  const id = change.importId ?? known(change.before?.id);
  const queue = id ? org.queuesById.get(id) : undefined;
  const inState = Array.isArray(change.before?.members) ? change.before.members.length : 0;
  const count = queue?.userMemberCount ?? inState;
  if (count === 0) return undefined;
  const name = quote(queue?.name ?? known(change.after?.name) ?? change.address);
  return {
    address: change.address,
    message: `the apply removes ${count === 1 ? "the only direct member" : `all ${count} direct members`} of the queue ${name}`,
    detail:
      `${change.address} ${change.action === "import" ? "adopts" : "updates"} the queue${id ? ` (id ${id})` : ""} ` +
      `with neither members nor ignore_members = true; the provider then removes every direct member (provider ` +
      `issue #1705). Members through groups stay.`,
    remediation:
      "Set ignore_members = true to leave direct members alone (QueueMapping does this when members is left out), " +
      "or list the direct members to keep in members.",
    ...(queue ? { objects: [queueObject(org, queue)] } : {}),
  };
}

export const membershipTrapRule: RuleDefinition = {
  id: "membership-trap",
  code: "GCG302",
  title: "The apply leaves membership to its owner",
  description:
    "No group takes its membership from Terraform without ignore_changes, and no adopted queue loses its direct members.",
  check: ({ plan, org }) => {
    const managed = plan.changes.filter((c) => c.mode === "managed");
    const groups = managed.filter((c) => c.type === "genesyscloud_group" && GROUP_ACTIONS.has(c.action));
    const queues = managed.filter(
      (c) => c.type === "genesyscloud_routing_queue" && (c.action === "import" || (c.action === "update" && c.before)),
    );
    const findings: FindingDraft[] = [];
    for (const group of groups) {
      const memberIds = group.after?.member_ids;
      if (Array.isArray(memberIds) && memberIds.length > 0 && !ignores(group, "member_ids")) {
        findings.push(groupFinding(org, group, memberIds));
      }
    }
    for (const queue of queues) {
      const members = queue.after?.members;
      const owned = (Array.isArray(members) && members.length > 0) || queue.after?.ignore_members === true;
      const finding = owned || ignores(queue, "members") ? undefined : queueFinding(org, queue);
      if (finding) findings.push(finding);
    }
    return { applicable: groups.length + queues.length > 0, findings };
  },
};
