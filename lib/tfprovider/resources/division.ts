/**
 * genesyscloud_auth_division as the real provider manages it (docs/terraform-provider.md §4.2; resource_genesyscloud_
 * auth_division.go): plain POST, no name pre-check; `home` adopts the home division; delete retries on 400 (never
 * `force=true`), counts a 404 as done, then polls until the division is gone.
 */
import { sleepOf } from "../context";
import {
  buildApiDiagnosticError,
  buildWithRetriesApiDiagnosticError,
  diagnosticFromError,
  isStatus400,
  retryWhen,
  sdkErrorString,
} from "../diagnostics";
import type { ObjectValue, ProviderContext, ResourceImpl, StateResult } from "../types";
import { bool, enc, failWith, guard, isOk, str, getForRead, sdkWithRetries } from "./state";

export const DIVISION_TYPE = "genesyscloud_auth_division";
export const DIVISIONS = "/api/v2/authorization/divisions";
/** §4.2: the post-delete wait is up to 5 minutes. */
const DELETE_WAIT_MS = 5 * 60_000;

interface Division {
  id: string;
  name: string;
  description?: string;
  homeDivision?: boolean;
}

export async function readDivision(state: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const got = await getForRead<Division>(
    ctx,
    state,
    DIVISION_TYPE,
    "division",
    (id) => `${DIVISIONS}/${id}?objectCount=false`,
  );
  if ("result" in got) return got.result;
  const d = got.body;
  const priorDescription = str(state, "description");
  return {
    state: {
      ...state,
      id: d.id,
      name: d.name,
      // SDKv2 treats "" and unset alike; keep null when the API has no (or an empty) description.
      description: d.description ? d.description : priorDescription === "" ? "" : null,
      home: d.homeDivision ?? null,
    },
  };
}

async function updateDivision(planned: ObjectValue, id: string, ctx: ProviderContext): Promise<StateResult> {
  const name = str(planned, "name") ?? "";
  const resp = await ctx.request({
    method: "PUT",
    path: `${DIVISIONS}/${enc(id)}`,
    body: { name, description: str(planned, "description") ?? "" },
  });
  const withId = { ...planned, id };
  if (!isOk(resp)) {
    return failWith(
      buildApiDiagnosticError(DIVISION_TYPE, `Failed to update division ${name} error: ${sdkErrorString(resp)}`, resp),
      withId,
    );
  }
  return readDivision(withId, ctx);
}

async function createDivision(planned: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const name = str(planned, "name") ?? "";
  if (bool(planned, "home", false)) {
    // The home division already exists: adopt it and PUT the configured name and description.
    const home = await ctx.request({ method: "GET", path: `${DIVISIONS}/home` });
    if (!isOk(home)) {
      return failWith(
        buildApiDiagnosticError(DIVISION_TYPE, `Failed to query home division: ${sdkErrorString(home)}`, home),
      );
    }
    return updateDivision(planned, (home.body as Division).id, ctx);
  }
  const resp = await ctx.request({
    method: "POST",
    path: DIVISIONS,
    body: { name, description: str(planned, "description") ?? "" },
  });
  if (!isOk(resp)) {
    return failWith(
      buildApiDiagnosticError(DIVISION_TYPE, `Failed to create division ${name} error: ${sdkErrorString(resp)}`, resp),
    );
  }
  return readDivision({ ...planned, id: (resp.body as Division).id }, ctx);
}

async function deleteDivision(prior: ObjectValue, ctx: ProviderContext): Promise<StateResult> {
  const id = str(prior, "id") ?? "";
  const name = str(prior, "name") ?? "";
  if (bool(prior, "home", false)) return { state: null };
  const sleep = sleepOf(ctx);
  // Divisions briefly "still think" they hold objects just removed: retry DELETE on 400 (§4.1, §4.2).
  const deleteDiags = await retryWhen(
    isStatus400,
    async () => {
      const resp = await ctx.request({ method: "DELETE", path: `${DIVISIONS}/${enc(id)}?force=false` });
      // PR #2111: a 404 on delete counts as success.
      if (isOk(resp) || resp.status === 404) return { resp };
      return {
        resp,
        diagnostics: buildApiDiagnosticError(
          DIVISION_TYPE,
          `Failed to delete Division ${id} error: ${sdkErrorString(resp)}`,
          resp,
        ),
      };
    },
    { sleep },
  );
  if (deleteDiags.length > 0) return failWith(deleteDiags, prior);
  const failure = await sdkWithRetries(ctx, DELETE_WAIT_MS, async () => {
    const resp = await ctx.request({ method: "GET", path: `${DIVISIONS}/${enc(id)}?objectCount=false` });
    if (resp.status === 404) return { done: true };
    if (!isOk(resp)) {
      return {
        fail: buildWithRetriesApiDiagnosticError(
          DIVISION_TYPE,
          `Error deleting division ${name} | error:: ${sdkErrorString(resp)}`,
          resp,
        ),
      };
    }
    return { retry: buildWithRetriesApiDiagnosticError(DIVISION_TYPE, `Division ${name} still exists`, resp) };
  });
  return failure === undefined ? { state: null } : failWith(diagnosticFromError(failure), prior);
}

export const divisionResource: ResourceImpl = {
  typeName: DIVISION_TYPE,
  apply: (req, ctx) =>
    guard(async () => {
      if (!req.planned) return req.prior ? deleteDivision(req.prior, ctx) : { state: null };
      if (!req.prior) return createDivision(req.planned, ctx);
      return updateDivision(req.planned, str(req.prior, "id") ?? "", ctx);
    }, req.prior),
  read: (state, ctx) => guard(() => readDivision(state, ctx), state),
  importState: async (id) => ({ state: { id } }),
  plan: (req, generic) => {
    // `home` is ForceNew (§2).
    if (req.prior && req.proposed && req.prior.home !== req.proposed.home && req.proposed.home !== null) {
      return { ...generic, requiresReplace: [...(generic.requiresReplace ?? []), ["home"]] };
    }
    return generic;
  },
};
