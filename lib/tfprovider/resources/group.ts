/**
 * genesyscloud_group as the real provider manages it (docs/terraform-provider.md §4.2, §5;
 * resource_genesyscloud_group.go): POST, description by PUT, the voicemail policy PATCH on every create, membership
 * only when `member_ids` is configured, version-mismatch retries, and a delete that ignores its result and polls
 * (re-sending DELETE).
 */
import { sleepOf } from "../context";
import {
  buildApiDiagnosticError,
  buildWithRetriesApiDiagnosticError,
  diagnosticFromError,
  goDiagnosticsString,
  isVersionMismatch,
  retryWhen,
  sdkErrorString,
} from "../diagnostics";
import type { ApiResponse, Diagnostic, ObjectValue, ProviderContext, ResourceImpl, StateResult } from "../types";
import { blocks, bool, enc, failWith, guard, isOk, pageAll, str, strings, getForRead, sdkWithRetries } from "./state";

export const GROUP_TYPE = "genesyscloud_group";
export const GROUPS = "/api/v2/groups";
const policyPath = (id: string) => `/api/v2/voicemail/groups/${enc(id)}/policy`;
/** §5: member changes go in batches of 50. */
const MEMBER_BATCH = 50;
/** §4.2: delete polls for 60 s. */
const DELETE_WAIT_MS = 60_000;

interface Group {
  id: string;
  name: string;
  description?: string;
  type?: string;
  visibility?: string;
  state?: string;
  version: number;
  rulesVisible?: boolean;
  rolesEnabled?: boolean;
  callsEnabled?: boolean;
  includeOwners?: boolean;
  owners?: { id: string }[];
  addresses?: { address?: string; extension?: string; type?: string; mediaType?: string }[];
}

interface VoicemailPolicy {
  sendEmailNotifications?: boolean;
  disableEmailPii?: boolean;
  includeEmailTranscriptions?: boolean;
}

/** The SDK's Groupcontact list from the `addresses` blocks (media type PHONE, the only option). */
function addressesOf(planned: ObjectValue): Record<string, unknown>[] | undefined {
  const list = blocks(planned, "addresses");
  if (list.length === 0) return undefined;
  return list.map((a) => ({
    type: str(a, "type"),
    mediaType: "PHONE",
    ...(str(a, "number") ? { address: str(a, "number") } : {}),
    ...(str(a, "extension") ? { extension: str(a, "extension") } : {}),
  }));
}

/** Defaults of the schema (§2: type official, visibility public, the bools true). */
function groupFields(planned: ObjectValue): Record<string, unknown> {
  const addresses = addressesOf(planned);
  const owners = strings(planned, "owner_ids");
  return {
    name: str(planned, "name") ?? "",
    visibility: str(planned, "visibility") ?? "public",
    rulesVisible: bool(planned, "rules_visible", true),
    rolesEnabled: bool(planned, "roles_enabled", true),
    callsEnabled: bool(planned, "calls_enabled", true),
    includeOwners: bool(planned, "include_owners", true),
    ...(addresses ? { addresses } : {}),
    ...(owners ? { ownerIds: owners } : {}),
  };
}

/**
 * A write that needs the group's current `version`, under RetryWhen(IsVersionMismatch) (§4.2): every attempt
 * re-reads the version first. `failure` is the summary's prefix when the write is refused.
 */
async function withGroupVersion(
  ctx: ProviderContext,
  id: string,
  failure: string,
  write: (version: number | undefined) => Promise<ApiResponse>,
): Promise<Diagnostic[]> {
  return retryWhen(
    isVersionMismatch,
    async () => {
      const current = await ctx.request({ method: "GET", path: `${GROUPS}/${enc(id)}` });
      if (!isOk(current)) {
        return {
          resp: current,
          diagnostics: buildApiDiagnosticError(
            GROUP_TYPE,
            `Failed to read group ${id}: ${sdkErrorString(current)}`,
            current,
          ),
        };
      }
      const resp = await write((current.body as Group).version);
      if (isOk(resp)) return { resp };
      return {
        resp,
        diagnostics: buildApiDiagnosticError(GROUP_TYPE, `${failure}: ${sdkErrorString(resp)}`, resp),
      };
    },
    { sleep: sleepOf(ctx) },
  );
}

async function putGroup(planned: ObjectValue, id: string, ctx: ProviderContext): Promise<Diagnostic[]> {
  return withGroupVersion(ctx, id, `Failed to update group ${id}`, (version) =>
    ctx.request({
      method: "PUT",
      path: `${GROUPS}/${enc(id)}`,
      body: { version, ...groupFields(planned), description: str(planned, "description") ?? "" },
    }),
  );
}

/** Direct members, from /individuals (§5: what member_ids reads). */
async function individuals(ctx: ProviderContext, id: string) {
  return pageAll<{ id: string }>(ctx, (page) => `${GROUPS}/${enc(id)}/individuals?pageSize=100&pageNumber=${page}`);
}

/** §5: only when member_ids is configured: remove extras, add the missing, in batches of 50. */
async function syncMembers(config: ObjectValue | null, id: string, ctx: ProviderContext): Promise<Diagnostic[]> {
  const wanted = strings(config, "member_ids");
  if (!wanted) return [];
  const live = await individuals(ctx, id);
  if (live.error) {
    return buildApiDiagnosticError(
      GROUP_TYPE,
      `Unable to retrieve members for group ${id}. ${sdkErrorString(live.error)}`,
      live.error,
    );
  }
  const existing = live.entities.map((u) => u.id);
  const sleep = sleepOf(ctx);
  const remove = existing.filter((m) => !wanted.includes(m));
  for (let i = 0; i < remove.length; i += MEMBER_BATCH) {
    const chunk = remove.slice(i, i + MEMBER_BATCH);
    const diags = await retryWhen(
      isVersionMismatch,
      async () => {
        const resp = await ctx.request({
          method: "DELETE",
          path: `${GROUPS}/${enc(id)}/members?ids=${chunk.map(enc).join(",")}`,
        });
        if (isOk(resp)) return { resp };
        return {
          resp,
          diagnostics: buildApiDiagnosticError(
            GROUP_TYPE,
            `Failed to remove members from group ${id}: ${sdkErrorString(resp)}`,
            resp,
          ),
        };
      },
      { sleep },
    );
    if (diags.length > 0) return diags;
  }
  const add = wanted.filter((m) => !existing.includes(m));
  for (let i = 0; i < add.length; i += MEMBER_BATCH) {
    const chunk = add.slice(i, i + MEMBER_BATCH);
    const diags = await withGroupVersion(ctx, id, `Failed to add group members ${id}`, (version) =>
      ctx.request({ method: "POST", path: `${GROUPS}/${enc(id)}/members`, body: { memberIds: chunk, version } }),
    );
    if (diags.length > 0) return diags;
  }
  return [];
}

/** The voicemail_policy block as the API's VoicemailGroupPolicy fields (only those configured). */
function policyBody(planned: ObjectValue): VoicemailPolicy {
  const block = blocks(planned, "voicemail_policy")[0];
  if (!block) return {};
  const out: Record<string, boolean> = {};
  for (const [attr, field] of [
    ["send_email_notifications", "sendEmailNotifications"],
    ["disable_email_pii", "disableEmailPii"],
    ["include_email_transcriptions", "includeEmailTranscriptions"],
  ] as const) {
    const v = block[attr];
    if (typeof v === "boolean") out[field] = v;
  }
  return out;
}

async function patchPolicy(planned: ObjectValue, id: string, ctx: ProviderContext): Promise<Diagnostic[]> {
  const resp = await ctx.request({ method: "PATCH", path: policyPath(id), body: policyBody(planned) });
  if (isOk(resp)) return [];
  return buildApiDiagnosticError(
    GROUP_TYPE,
    `Failed to update voicemail policy for group ${id}: ${sdkErrorString(resp)}`,
    resp,
  );
}

export async function readGroup(state: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const got = await getForRead<Group>(ctx, state, GROUP_TYPE, "group", (id) => `${GROUPS}/${id}`);
  if ("result" in got) return got.result;
  const { id, body: g } = got;
  if (g.state === "deleted") return { state: null };
  const members = await individuals(ctx, id);
  if (members.error) {
    const diags = buildApiDiagnosticError(
      GROUP_TYPE,
      `Failed to read members for group ${id}: ${sdkErrorString(members.error)}`,
      members.error,
    );
    // retry.NonRetryableError(fmt.Errorf("%v", diags)): the Go %v of the diagnostics becomes the summary.
    return failWith(diagnosticFromError(goDiagnosticsString(diags)), state);
  }
  // §2.1 / §4.2: read fails if the voicemail policy GET fails.
  const policy = await ctx.request({ method: "GET", path: policyPath(id) });
  if (!isOk(policy)) {
    const diags = buildApiDiagnosticError(
      GROUP_TYPE,
      `Failed to read voicemail policy for group ${id}: ${sdkErrorString(policy)}`,
      policy,
    );
    return failWith(diagnosticFromError(goDiagnosticsString(diags)), state);
  }
  return { state: groupState(state, g, members.entities, policy.body ?? {}) };
}

/** The state Terraform stores, from what the read found: the group, its direct members, its voicemail policy. */
function groupState(state: ObjectValue, g: Group, members: readonly { id: string }[], p: VoicemailPolicy): ObjectValue {
  const hadPolicy = blocks(state, "voicemail_policy").length > 0;
  const priorDescription = str(state, "description");
  return {
    ...state,
    id: g.id,
    name: g.name,
    type: g.type ?? null,
    visibility: g.visibility ?? null,
    rules_visible: g.rulesVisible ?? null,
    roles_enabled: g.rolesEnabled ?? null,
    calls_enabled: g.callsEnabled ?? null,
    include_owners: g.includeOwners ?? null,
    description: g.description ? g.description : priorDescription === "" ? "" : null,
    owner_ids: (g.owners ?? []).map((o) => o.id),
    member_ids: members.map((u) => u.id),
    addresses: (g.addresses ?? [])
      .filter((a) => a.mediaType === "PHONE")
      .map((a) => ({ number: a.address ?? null, extension: a.extension ?? null, type: a.type ?? null })),
    // The block is Optional, not Computed: fill it only when the configuration has it.
    voicemail_policy: hadPolicy
      ? [
          {
            send_email_notifications: p.sendEmailNotifications ?? null,
            disable_email_pii: p.disableEmailPii ?? null,
            include_email_transcriptions: p.includeEmailTranscriptions ?? null,
          },
        ]
      : [],
  };
}

async function createGroup(planned: ObjectValue, config: ObjectValue | null, ctx: ProviderContext) {
  const fields = groupFields(planned);
  const name = fields.name as string;
  const resp = await ctx.request({
    method: "POST",
    path: GROUPS,
    body: { ...fields, type: str(planned, "type") ?? "official" },
  });
  if (!isOk(resp)) {
    return failWith(
      buildApiDiagnosticError(GROUP_TYPE, `Failed to create group ${name}: ${sdkErrorString(resp)}`, resp),
    );
  }
  const id = (resp.body as Group).id;
  const created = { ...planned, id };
  // "Description can only be set in a PUT" (the provider's comment).
  if (str(planned, "description")) {
    const diags = await putGroup(planned, id, ctx);
    if (diags.length > 0) return failWith(diags, created);
  }
  const policyDiags = await patchPolicy(planned, id, ctx);
  if (policyDiags.length > 0) return failWith(policyDiags, created);
  const memberDiags = await syncMembers(config, id, ctx);
  if (memberDiags.length > 0) return failWith(memberDiags, created);
  return readGroup(created, ctx);
}

async function updateGroup(prior: ObjectValue, planned: ObjectValue, config: ObjectValue | null, ctx: ProviderContext) {
  const id = str(prior, "id") ?? "";
  const withId = { ...planned, id };
  const diags = await putGroup(planned, id, ctx);
  if (diags.length > 0) return failWith(diags, withId);
  if (JSON.stringify(prior.voicemail_policy) !== JSON.stringify(planned.voicemail_policy)) {
    const policyDiags = await patchPolicy(planned, id, ctx);
    if (policyDiags.length > 0) return failWith(policyDiags, withId);
  }
  const memberDiags = await syncMembers(config, id, ctx);
  if (memberDiags.length > 0) return failWith(memberDiags, withId);
  return readGroup(withId, ctx);
}

async function deleteGroup(prior: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const id = str(prior, "id") ?? "";
  const sleep = sleepOf(ctx);
  // The result of this DELETE is ignored (§4.2).
  await retryWhen(
    isVersionMismatch,
    async () => {
      const resp = await ctx.request({ method: "DELETE", path: `${GROUPS}/${enc(id)}` });
      return isOk(resp) ? { resp } : { resp, diagnostics: buildApiDiagnosticError(GROUP_TYPE, "delete", resp) };
    },
    { sleep },
  );
  const failure = await sdkWithRetries(ctx, DELETE_WAIT_MS, async () => {
    const resp = await ctx.request({ method: "GET", path: `${GROUPS}/${enc(id)}` });
    if (resp.status === 404) return { done: true };
    if (!isOk(resp)) {
      return {
        fail: buildWithRetriesApiDiagnosticError(
          GROUP_TYPE,
          `Error deleting group ${id} | error: ${sdkErrorString(resp)}`,
          resp,
        ),
      };
    }
    if ((resp.body as Group).state === "deleted") return { done: true };
    // DEVTOOLING-485: re-send DELETE on every poll.
    const again = await ctx.request({ method: "DELETE", path: `${GROUPS}/${enc(id)}` });
    return { retry: buildWithRetriesApiDiagnosticError(GROUP_TYPE, `Group ${id} still exists`, again) };
  });
  return failure === undefined ? { state: null } : failWith(diagnosticFromError(failure), prior);
}

export const groupResource: ResourceImpl = {
  typeName: GROUP_TYPE,
  // §2: type official, visibility public, the four bools true.
  defaults: {
    type: "official",
    visibility: "public",
    rules_visible: true,
    roles_enabled: true,
    calls_enabled: true,
    include_owners: true,
  },
  apply: (req, ctx) =>
    guard(async () => {
      if (!req.planned) return req.prior ? deleteGroup(req.prior, ctx) : { state: null };
      if (!req.prior) return createGroup(req.planned, req.config, ctx);
      return updateGroup(req.prior, req.planned, req.config, ctx);
    }, req.prior),
  read: (state, ctx) => guard(() => readGroup(state, ctx), state),
  importState: async (id) => ({ state: { id } }),
  plan: (req, generic) => {
    // `type` is ForceNew (§2).
    if (req.prior && req.proposed && req.proposed.type !== null && req.prior.type !== req.proposed.type) {
      return { ...generic, requiresReplace: [...(generic.requiresReplace ?? []), ["type"]] };
    }
    return generic;
  },
};
