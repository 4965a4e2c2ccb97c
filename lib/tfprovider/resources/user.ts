/**
 * genesyscloud_user as the real provider manages it (docs/terraform-provider.md §4.2): create first looks for a deleted
 * user with the same email and restores it; a general.conflict on POST searches again; PATCH and DELETE retry on
 * version mismatch; delete waits for the deleted state. Only the attributes the emulator models are read back
 * (name, email, state, division, department, title); the rest stay as configured.
 */
import { sleepOf } from "../context";
import {
  buildApiDiagnosticError,
  buildWithRetriesApiDiagnosticError,
  diagnosticFromError,
  isVersionMismatch,
  retryWhen,
  sdkErrorString,
} from "../diagnostics";
import type { ApiResponse, Diagnostic, ObjectValue, ProviderContext, ResourceImpl, StateResult } from "../types";
import { DIVISIONS } from "./division";
import { enc, failWith, guard, isOk, str, getForRead, sdkWithRetries } from "./state";

export const USER_TYPE = "genesyscloud_user";
export const USERS = "/api/v2/users";
/** §4.2: after delete the provider waits up to 3 minutes for the deleted state. */
const DELETE_WAIT_MS = 3 * 60_000;

interface User {
  id: string;
  name: string;
  email: string;
  state?: string;
  version: number;
  division?: { id: string };
  department?: string;
  title?: string;
}

/** POST /users/search for a user with this email in the given state (EXACT on email). */
async function searchByEmail(ctx: ProviderContext, email: string, state: string): Promise<User | undefined> {
  const resp = await ctx.request({
    method: "POST",
    path: `${USERS}/search`,
    body: {
      pageSize: 1,
      query: [
        { type: "EXACT", fields: ["email"], value: email },
        { type: "EXACT", fields: ["state"], values: [state] },
      ],
    },
  });
  if (!isOk(resp)) return undefined;
  return ((resp.body as { results?: User[] }).results ?? [])[0];
}

const patchFields = (planned: ObjectValue): Record<string, unknown> => ({
  name: str(planned, "name") ?? "",
  email: str(planned, "email") ?? "",
  state: str(planned, "state") ?? "active",
  ...(str(planned, "department") !== undefined ? { department: str(planned, "department") } : {}),
  ...(str(planned, "title") !== undefined ? { title: str(planned, "title") } : {}),
});

/** PATCH with the current version, re-read on every attempt (§4.2: retries on version mismatch). */
async function patchUser(
  ctx: ProviderContext,
  id: string,
  body: Record<string, unknown>,
  summary: (err: string) => string,
): Promise<Diagnostic[]> {
  return retryWhen(
    isVersionMismatch,
    async () => {
      const current = await ctx.request({ method: "GET", path: `${USERS}/${enc(id)}` });
      if (!isOk(current)) {
        return {
          resp: current,
          diagnostics: buildApiDiagnosticError(
            USER_TYPE,
            `Failed to read user ${id} error: ${sdkErrorString(current)}`,
            current,
          ),
        };
      }
      const resp = await ctx.request({
        method: "PATCH",
        path: `${USERS}/${enc(id)}`,
        body: { ...body, version: (current.body as User).version },
      });
      if (isOk(resp)) return { resp };
      return { resp, diagnostics: buildApiDiagnosticError(USER_TYPE, summary(sdkErrorString(resp)), resp) };
    },
    { sleep: sleepOf(ctx) },
  );
}

async function moveDivision(ctx: ProviderContext, id: string, divisionId: string): Promise<Diagnostic[]> {
  const resp = await ctx.request({ method: "POST", path: `${DIVISIONS}/${enc(divisionId)}/objects/USER`, body: [id] });
  if (isOk(resp)) return [];
  return diagnosticFromError(`Failed to update division for USER ${id}: ${sdkErrorString(resp)}`);
}

export async function readUser(state: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const got = await getForRead<User>(ctx, state, USER_TYPE, "user", (id) => `${USERS}/${id}`);
  if ("result" in got) return got.result;
  const u = got.body;
  // A deleted user is gone for Terraform.
  if (u.state === "deleted") return { state: null };
  return {
    state: {
      ...state,
      id: u.id,
      name: u.name,
      email: u.email,
      state: u.state ?? null,
      division_id: u.division?.id ?? null,
      department: u.department ?? null,
      title: u.title ?? null,
    },
  };
}

/** Restores a deleted user (PATCH state active), then updates it to the plan (§4.2). */
async function restore(ctx: ProviderContext, user: User, planned: ObjectValue): Promise<StateResult> {
  const email = str(planned, "email") ?? "";
  const withId = { ...planned, id: user.id };
  const restored = await patchUser(
    ctx,
    user.id,
    { state: "active" },
    (err) => `Failed to restore deleted user ${email}: ${err}`,
  );
  if (restored.length > 0) return failWith(restored, withId);
  return updateUser({ ...withId, division_id: user.division?.id ?? null }, planned, ctx);
}

async function createUser(planned: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const email = str(planned, "email") ?? "";
  const deleted = await searchByEmail(ctx, email, "deleted");
  if (deleted) return restore(ctx, deleted, planned);
  const division = str(planned, "division_id");
  const password = str(planned, "password");
  const resp: ApiResponse = await ctx.request({
    method: "POST",
    path: USERS,
    body: {
      ...patchFields(planned),
      ...(division ? { divisionId: division } : {}),
      ...(password ? { password } : {}),
    },
  });
  if (!isOk(resp)) {
    if ((resp.body as { code?: unknown } | undefined)?.code === "general.conflict") {
      const again = await searchByEmail(ctx, email, "deleted");
      if (again) return restore(ctx, again, planned);
    }
    return failWith(
      buildApiDiagnosticError(USER_TYPE, `Failed to create user ${email} error: ${sdkErrorString(resp)}`, resp),
    );
  }
  return readUser({ ...planned, id: (resp.body as User).id }, ctx);
}

async function updateUser(prior: ObjectValue, planned: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const id = str(prior, "id") ?? "";
  const email = str(planned, "email") ?? "";
  const withId = { ...planned, id };
  const division = str(planned, "division_id");
  if (division && division !== str(prior, "division_id")) {
    const moved = await moveDivision(ctx, id, division);
    if (moved.length > 0) return failWith(moved, withId);
  }
  const diags = await patchUser(ctx, id, patchFields(planned), (err) => `Failed to update user ${email} error: ${err}`);
  if (diags.length > 0) return failWith(diags, withId);
  return readUser(withId, ctx);
}

async function deleteUser(prior: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const id = str(prior, "id") ?? "";
  const email = str(prior, "email") ?? "";
  const diags = await retryWhen(
    isVersionMismatch,
    async () => {
      const resp = await ctx.request({ method: "DELETE", path: `${USERS}/${enc(id)}` });
      if (isOk(resp) || resp.status === 404) return { resp };
      return {
        resp,
        diagnostics: buildApiDiagnosticError(
          USER_TYPE,
          `Failed to delete user ${email} error: ${sdkErrorString(resp)}`,
          resp,
        ),
      };
    },
    { sleep: sleepOf(ctx) },
  );
  if (diags.length > 0) return failWith(diags, prior);
  const failure = await sdkWithRetries(ctx, DELETE_WAIT_MS, async () => {
    const got = await ctx.request({ method: "GET", path: `${USERS}/${enc(id)}` });
    if (got.status === 404 || (isOk(got) && (got.body as User).state === "deleted")) return { done: true };
    if (!isOk(got)) {
      return {
        fail: buildWithRetriesApiDiagnosticError(
          USER_TYPE,
          `Error deleting user ${email} | error: ${sdkErrorString(got)}`,
          got,
        ),
      };
    }
    return { retry: `user ${email} not yet in deleted state` };
  });
  return failure === undefined ? { state: null } : failWith(diagnosticFromError(failure), prior);
}

export const userResource: ResourceImpl = {
  typeName: USER_TYPE,
  // §2: state active, acd_auto_answer false.
  defaults: { state: "active", acd_auto_answer: false },
  apply: (req, ctx) =>
    guard(async () => {
      if (!req.planned) return req.prior ? deleteUser(req.prior, ctx) : { state: null };
      if (!req.prior) return createUser(req.planned, ctx);
      return updateUser(req.prior, req.planned, ctx);
    }, req.prior),
  read: (state, ctx) => guard(() => readUser(state, ctx), state),
  importState: async (id) => ({ state: { id } }),
};
