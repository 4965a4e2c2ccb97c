/**
 * A group's voicemail policy (docs/terraform-provider.md §1.3 "Groups": the provider PATCHes it on every group create
 * and its read fails if the GET fails). Shape: the SDK's VoicemailGroupPolicy (npm purecloud-platform-client-v2
 * index.d.ts). The real defaults and permissions are unverified: a new group's policy is disabled with every
 * notification off, and the routes use the group permissions.
 */

import { badRequest } from "../errors";
import type { RouteModule } from "../server";
import type { GroupRecord } from "../store";
import { groupOr404 } from "./groups";

const POLICY = "/api/v2/voicemail/groups/:groupId/policy";

const DEFAULTS: Readonly<Record<string, unknown>> = {
  enabled: false,
  sendEmailNotifications: false,
  disableEmailPii: false,
  includeEmailTranscriptions: false,
};

/** Writable fields and their JSON type; `name` and `group` are read-only. */
const FIELDS: Readonly<Record<string, "boolean" | "number" | "string">> = {
  enabled: "boolean",
  sendEmailNotifications: "boolean",
  disableEmailPii: "boolean",
  includeEmailTranscriptions: "boolean",
  interactiveResponseRequired: "boolean",
  includeGroupNumberInUserCallerIdLists: "boolean",
  rotateCallsSecs: "number",
  stopRingingAfterRotations: "number",
  languagePreference: "string",
  overflowGroupId: "string",
  groupAlertType: "string",
  interactiveResponsePromptId: "string",
};
const ALERT_TYPES = new Set(["RANDOM", "ROUND_ROBIN", "SEQUENTIAL"]);

function policyView(g: GroupRecord): Record<string, unknown> {
  return {
    name: g.name,
    group: { id: g.id, name: g.name, selfUri: `/api/v2/groups/${g.id}` },
    ...DEFAULTS,
    ...g.voicemailPolicy,
  };
}

export const voicemailRoutes: RouteModule = (app, ctx) => {
  app.get(POLICY, { config: { permissions: ["directory:group:view"] } }, async (request) =>
    policyView(groupOr404(ctx, request)),
  );

  app.patch(POLICY, { config: { permissions: ["directory:group:edit"] } }, async (request) => {
    const group = groupOr404(ctx, request);
    const body = request.body ?? {};
    if (typeof body !== "object" || Array.isArray(body)) {
      throw badRequest("The request could not be understood by the server due to malformed syntax.");
    }
    const changes: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
      const type = FIELDS[field];
      if (!type || value === null || value === undefined) continue;
      if (typeof value !== type) {
        throw badRequest("Value for field [{field}] is not a {type}.", "invalid.value", { field, type });
      }
      if (field === "groupAlertType" && !ALERT_TYPES.has(value as string)) {
        throw badRequest("Value [{value}] is not valid for field type [groupAlertType].", "invalid.value", {
          value: value as string,
        });
      }
      changes[field] = value;
    }
    group.voicemailPolicy = { ...group.voicemailPolicy, ...changes };
    return policyView(group);
  });
};
