/**
 * genesyscloud_routing_queue as the real provider manages it (docs/terraform-provider.md §4.2, §5): POST that must
 * answer exactly 200, full-replace PUT, groups as memberGroups, direct members only when `ignore_members` is not set
 * (and then an omitted `members` removes them all), division moves by POST .../objects/QUEUE, delete with
 * forceDelete=true then a poll. Attributes the emulator does not model are left as configured.
 */
import { sleepOf } from "../context";
import {
  buildApiDiagnosticError,
  buildDiagnosticError,
  buildWithRetriesApiDiagnosticError,
  diagnosticFromError,
  sdkErrorString,
} from "../diagnostics";
import type { ApiResponse, Diagnostic, ObjectValue, ProviderContext, ResourceImpl, StateResult, Value } from "../types";
import { DIVISIONS } from "./division";
import {
  blocks,
  bool,
  enc,
  failWith,
  guard,
  isOk,
  num,
  pageAll,
  str,
  strings,
  getForRead,
  sdkWithRetries,
} from "./state";

export const QUEUE_TYPE = "genesyscloud_routing_queue";
export const QUEUES = "/api/v2/routing/queues";
/** §5: member changes go in batches of 100; the provider sleeps 10 s before changing members. */
const MEMBER_BATCH = 100;
const MEMBER_SETTLE_MS = 10_000;
/** §4.2: after delete, sleep 5 s then poll for 120 s. */
const DELETE_SETTLE_MS = 5_000;
const DELETE_WAIT_MS = 120_000;

interface Queue {
  id: string;
  name: string;
  description?: string;
  division?: { id: string };
  memberGroups?: { id: string; type: string }[];
  acwSettings?: { wrapupPrompt?: string; timeoutMs?: number };
  [field: string]: unknown;
}

interface QueueMember {
  id: string;
  ringNumber?: number;
  memberBy?: string;
}

/** Plain attributes and their Queue field, with the schema default the provider sends when unset (§2). */
const SIMPLE: readonly (readonly [string, string, Value])[] = [
  ["skill_evaluation_method", "skillEvaluationMethod", "ALL"],
  ["scoring_method", "scoringMethod", "TimestampAndPriority"],
  ["auto_answer_only", "autoAnswerOnly", true],
  ["enable_transcription", "enableTranscription", false],
  ["suppress_in_queue_call_recording", "suppressInQueueCallRecording", true],
  ["enable_manual_assignment", "enableManualAssignment", false],
  ["enable_audio_monitoring", "enableAudioMonitoring", null],
  ["calling_party_name", "callingPartyName", null],
  ["calling_party_number", "callingPartyNumber", null],
  ["last_agent_routing_mode", "lastAgentRoutingMode", null],
];

/** §5: `groups` → GROUP, `skill_groups` → SKILLGROUP, `teams` → TEAM, merged into memberGroups. */
const MEMBER_GROUP_ATTRS = [
  ["groups", "GROUP"],
  ["skill_groups", "SKILLGROUP"],
  ["teams", "TEAM"],
] as const;

function queueBody(planned: ObjectValue, withDivision: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: str(planned, "name") ?? "" };
  const description = str(planned, "description");
  if (description !== undefined) body.description = description;
  const division = str(planned, "division_id");
  if (withDivision && division) body.division = { id: division };
  body.memberGroups = MEMBER_GROUP_ATTRS.flatMap(([attr, type]) =>
    (strings(planned, attr) ?? []).map((id) => ({ id, type })),
  );
  const timeoutMs = num(planned, "acw_timeout_ms");
  body.acwSettings = {
    wrapupPrompt: str(planned, "acw_wrapup_prompt") ?? "MANDATORY_TIMEOUT",
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  for (const [attr, field, fallback] of SIMPLE) {
    const v = planned[attr];
    const value = typeof v === "string" || typeof v === "boolean" || typeof v === "number" ? v : fallback;
    if (value !== null) body[field] = value;
  }
  return body;
}

async function userMembers(ctx: ProviderContext, id: string) {
  return pageAll<QueueMember>(
    ctx,
    (page) => `${QUEUES}/${enc(id)}/members?memberBy=user&pageSize=100&pageNumber=${page}`,
  );
}

/**
 * §5 "Queue members": unless ignore_members, make direct members match `members` (an omitted block removes them
 * all): sleep 10 s, refuse users already members through a group, add/remove in batches of 100, PATCH ring numbers.
 */
async function syncMembers(planned: ObjectValue, id: string, ctx: ProviderContext): Promise<Diagnostic[]> {
  if (bool(planned, "ignore_members", false)) return [];
  const wanted = new Map(
    blocks(planned, "members").map((m) => [str(m, "user_id") ?? "", num(m, "ring_num") ?? 1] as const),
  );
  await sleepOf(ctx)(MEMBER_SETTLE_MS);
  if (wanted.size > 0) {
    const clash = await memberViaGroup(wanted, id, ctx);
    if (clash.length > 0) return clash;
  }
  const live = await userMembers(ctx, id);
  if (live.error) return membersUnread(live.error);
  const existing = new Map(live.entities.map((m) => [m.id, m.ringNumber ?? 1]));
  const removeDiags = await changeMembers(
    ctx,
    id,
    [...existing.keys()].filter((u) => !wanted.has(u)),
    true,
  );
  if (removeDiags.length > 0) return removeDiags;
  const addDiags = await changeMembers(
    ctx,
    id,
    [...wanted.keys()].filter((u) => !existing.has(u)),
    false,
  );
  if (addDiags.length > 0) return addDiags;
  return updateRingNumbers(ctx, id, wanted, existing);
}

function membersUnread(error: ApiResponse): Diagnostic[] {
  return buildApiDiagnosticError(QUEUE_TYPE, `failed to read queue members: ${sdkErrorString(error)}`, error);
}

/** The provider's refusal of a wanted member who is already one through a group, or none. */
async function memberViaGroup(wanted: ReadonlyMap<string, number>, id: string, ctx: ProviderContext) {
  const viaGroups = await pageAll<QueueMember>(
    ctx,
    (page) => `${QUEUES}/${enc(id)}/members?memberBy=group&pageSize=100&pageNumber=${page}`,
  );
  if (viaGroups.error) return membersUnread(viaGroups.error);
  const member = viaGroups.entities.find((m) => wanted.has(m.id));
  if (member === undefined) return [];
  return buildDiagnosticError(
    QUEUE_TYPE,
    "failed to update queue member: ",
    `member ${member.id}  is already assigned to queue ${id} via a group, and therefore should not be assigned as a member`,
  );
}

/** Adds (or removes) direct members in batches of 100, stopping at the first refusal. */
async function changeMembers(ctx: ProviderContext, id: string, ids: string[], remove: boolean): Promise<Diagnostic[]> {
  for (let i = 0; i < ids.length; i += MEMBER_BATCH) {
    const chunk = ids.slice(i, i + MEMBER_BATCH);
    const resp = await ctx.request({
      method: "POST",
      path: `${QUEUES}/${enc(id)}/members?delete=${remove}`,
      body: chunk.map((u) => ({ id: u })),
    });
    if (!isOk(resp)) {
      return buildApiDiagnosticError(
        QUEUE_TYPE,
        `Failed to update members in queue ${id}: ${sdkErrorString(resp)}`,
        resp,
      );
    }
  }
  return [];
}

/** PATCHes each member whose ring number differs from the one wanted (1 when unset). */
async function updateRingNumbers(
  ctx: ProviderContext,
  id: string,
  wanted: ReadonlyMap<string, number>,
  existing: ReadonlyMap<string, number>,
): Promise<Diagnostic[]> {
  for (const [userId, ring] of wanted) {
    if ((existing.get(userId) ?? 1) === ring) continue;
    const resp = await ctx.request({
      method: "PATCH",
      path: `${QUEUES}/${enc(id)}/members/${enc(userId)}`,
      body: { ringNumber: ring },
    });
    if (!isOk(resp)) {
      return buildApiDiagnosticError(
        QUEUE_TYPE,
        `Failed to update ring number for queue ${id} user ${userId}: ${sdkErrorString(resp)}`,
        resp,
      );
    }
  }
  return [];
}

export async function readQueue(state: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const got = await getForRead<Queue>(ctx, state, QUEUE_TYPE, "queue", (id) => `${QUEUES}/${id}`);
  if ("result" in got) return got.result;
  const { id, body: q } = got;
  const next: ObjectValue = {
    ...state,
    id: q.id,
    name: q.name,
    description: q.description ?? null,
    division_id: q.division?.id ?? null,
  };
  for (const [attr, type] of MEMBER_GROUP_ATTRS) {
    next[attr] = (q.memberGroups ?? []).filter((mg) => mg.type === type).map((mg) => mg.id);
  }
  // Fields the API returns set state; fields it does not return stay as configured (never invented).
  if (q.acwSettings?.wrapupPrompt !== undefined) next.acw_wrapup_prompt = q.acwSettings.wrapupPrompt;
  next.acw_timeout_ms =
    q.acwSettings?.timeoutMs ?? (typeof state.acw_timeout_ms === "number" ? state.acw_timeout_ms : null);
  for (const [attr, field] of SIMPLE) {
    const v = q[field];
    if (typeof v === "string" || typeof v === "boolean" || typeof v === "number") next[attr] = v;
  }
  // §5: read collects memberBy=user members unless ignore_members is set.
  if (!bool(state, "ignore_members", false)) {
    const members = await userMembers(ctx, id);
    if (members.error) {
      return failWith(
        buildApiDiagnosticError(
          QUEUE_TYPE,
          `Failed to read members of queue ${id}: ${sdkErrorString(members.error)}`,
          members.error,
        ),
        state,
      );
    }
    next.members = members.entities.map((m) => ({ user_id: m.id, ring_num: m.ringNumber ?? 1 }));
  }
  return { state: next };
}

async function createQueue(planned: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const name = str(planned, "name") ?? "";
  const resp = await ctx.request({ method: "POST", path: QUEUES, body: queueBody(planned, true) });
  if (!isOk(resp)) {
    return failWith(
      buildApiDiagnosticError(QUEUE_TYPE, `Failed to create queue ${name} | error: ${sdkErrorString(resp)}`, resp),
    );
  }
  // §4.2: any 2xx other than exactly 200 fails (the Go error is nil there).
  if (resp.status !== 200) {
    return failWith(
      buildApiDiagnosticError(
        QUEUE_TYPE,
        `Failed to create queue ${name} with error: %!s(<nil>), status code ${resp.status}`,
        resp,
      ),
    );
  }
  const created = { ...planned, id: (resp.body as Queue).id };
  // §4.2: a partial failure after create syncs state and returns the errors (Terraform taints the queue).
  const diags = await syncMembers(planned, created.id, ctx);
  const read = await readQueue(created, ctx);
  return diags.length > 0 ? failWith(diags, read.state ?? created) : read;
}

async function updateQueue(prior: ObjectValue, planned: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const id = str(prior, "id") ?? "";
  const name = str(planned, "name") ?? "";
  const withId = { ...planned, id };
  const division = str(planned, "division_id");
  if (division && division !== str(prior, "division_id")) {
    const moved = await ctx.request({
      method: "POST",
      path: `${DIVISIONS}/${enc(division)}/objects/QUEUE`,
      body: [id],
    });
    if (!isOk(moved)) {
      // §4.2: no JSON detail.
      return failWith(
        diagnosticFromError(`Failed to update division for QUEUE ${id}: ${sdkErrorString(moved)}`),
        withId,
      );
    }
  }
  const resp = await ctx.request({ method: "PUT", path: `${QUEUES}/${enc(id)}`, body: queueBody(planned, false) });
  if (!isOk(resp)) {
    return failWith(
      buildApiDiagnosticError(QUEUE_TYPE, `Failed to update queue ${name} error: ${sdkErrorString(resp)}`, resp),
      withId,
    );
  }
  const diags = await syncMembers(planned, id, ctx);
  if (diags.length > 0) return failWith(diags, withId);
  return readQueue(withId, ctx);
}

async function deleteQueue(prior: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const id = str(prior, "id") ?? "";
  const name = str(prior, "name") ?? "";
  const resp = await ctx.request({ method: "DELETE", path: `${QUEUES}/${enc(id)}?forceDelete=true` });
  if (!isOk(resp)) {
    return failWith(
      buildApiDiagnosticError(QUEUE_TYPE, `Failed to delete queue ${name} error: ${sdkErrorString(resp)}`, resp),
      prior,
    );
  }
  await sleepOf(ctx)(DELETE_SETTLE_MS);
  const failure = await sdkWithRetries(ctx, DELETE_WAIT_MS, async () => {
    const got = await ctx.request({ method: "GET", path: `${QUEUES}/${enc(id)}` });
    if (got.status === 404) return { done: true };
    if (!isOk(got)) {
      return {
        fail: buildWithRetriesApiDiagnosticError(
          QUEUE_TYPE,
          `Error deleting queue ${id} | error: ${sdkErrorString(got)}`,
          got,
        ),
      };
    }
    return { retry: buildWithRetriesApiDiagnosticError(QUEUE_TYPE, `Queue ${id} still exists`, got) };
  });
  return failure === undefined ? { state: null } : failWith(diagnosticFromError(failure), prior);
}

export const queueResource: ResourceImpl = {
  typeName: QUEUE_TYPE,
  // §2's queue table; SIMPLE lists the same defaults for the request body.
  defaults: {
    acw_wrapup_prompt: "MANDATORY_TIMEOUT",
    ...Object.fromEntries(SIMPLE.filter(([, , d]) => d !== null).map(([attr, , d]) => [attr, d])),
  },
  apply: (req, ctx) =>
    guard(async () => {
      if (!req.planned) return req.prior ? deleteQueue(req.prior, ctx) : { state: null };
      if (!req.prior) return createQueue(req.planned, ctx);
      return updateQueue(req.prior, req.planned, ctx);
    }, req.prior),
  read: (state, ctx) => guard(() => readQueue(state, ctx), state),
  importState: async (id) => ({ state: { id } }),
  plan: (req, generic) => {
    // §2: the `members` diff is suppressed when ignore_members is set.
    if (generic.planned && req.proposed?.ignore_members === true) {
      return {
        ...generic,
        planned: { ...generic.planned, members: req.prior?.members ?? generic.planned.members ?? [] },
      };
    }
    return generic;
  },
};
