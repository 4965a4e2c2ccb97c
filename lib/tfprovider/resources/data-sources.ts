/**
 * The in-scope data sources as the real provider reads them (docs/terraform-provider.md §2 "Data sources", §4.3): name
 * lookups retried for 15 s, errors as bare summaries (diag.FromErr), the with-retries format where the provider
 * uses it.
 */
import { buildWithRetriesApiDiagnosticError, diagnosticFromError, sdkErrorString } from "../diagnostics";
import type { ApiResponse, DataSourceImpl, ObjectValue, ProviderContext, StateResult } from "../types";
import { DIVISION_TYPE, DIVISIONS } from "./division";
import { GROUPS } from "./group";
import { QUEUES } from "./queue";
import { USERS } from "./user";
import { enc, guard, isOk, str, sdkWithRetries } from "./state";

/** §2: the name lookups retry for 15 s. */
const LOOKUP_WAIT_MS = 15_000;

type Lookup = { done: true } | { retry: string } | { fail: string };

async function lookup(
  config: ObjectValue,
  ctx: ProviderContext,
  find: (setId: (id: string) => void) => Promise<Lookup>,
): Promise<StateResult> {
  let id = "";
  const failure = await sdkWithRetries(ctx, LOOKUP_WAIT_MS, () => find((found) => (id = found)));
  if (failure !== undefined) return { state: null, diagnostics: diagnosticFromError(failure) };
  return { state: { ...config, id } };
}

/** A data source that finds its object by the configured `name`, the lookup retried for 15 s (§2). */
function byName(
  typeName: string,
  find: (name: string, ctx: ProviderContext, setId: (id: string) => void) => Promise<Lookup>,
): DataSourceImpl {
  return {
    typeName,
    read: (config, ctx) =>
      guard(() => {
        const name = str(config, "name") ?? "";
        return lookup(config, ctx, (setId) => find(name, ctx, setId));
      }),
  };
}

/** Every page of a name-filtered listing, stopping at the first exact match. */
async function findInPages<T extends { id: string; name: string }>(
  ctx: ProviderContext,
  path: (page: number) => string,
  matches: (entity: T) => boolean,
): Promise<{ found?: T; resp: ApiResponse }> {
  for (let page = 1; ; page++) {
    const resp = await ctx.request({ method: "GET", path: path(page) });
    if (!isOk(resp)) return { resp };
    const body = (resp.body ?? {}) as { entities?: T[]; pageCount?: number };
    const found = (body.entities ?? []).find(matches);
    if (found) return { found, resp };
    if ((body.entities ?? []).length === 0 || page >= (body.pageCount ?? page)) return { resp };
  }
}

export const divisionDataSource: DataSourceImpl = byName("genesyscloud_auth_division", async (name, ctx, setId) => {
  // The provider's cache keys are lower-cased names; the fallback query re-checks the name exactly.
  const wanted = name.toLowerCase();
  const { found, resp } = await findInPages<{ id: string; name: string }>(
    ctx,
    (page) => `${DIVISIONS}?pageSize=100&pageNumber=${page}&objectCount=false&name=${enc(name)}`,
    (d) => d.name.toLowerCase() === wanted,
  );
  if (found) {
    setId(found.id);
    return { done: true };
  }
  const err = isOk(resp) ? `unable to find auth division with name ${name}` : sdkErrorString(resp);
  const text = buildWithRetriesApiDiagnosticError(
    DIVISION_TYPE,
    `Could not find division "${name}" | error: ${err}`,
    resp,
  );
  return isOk(resp) ? { retry: text } : { fail: text };
});

export const homeDivisionDataSource: DataSourceImpl = {
  typeName: "genesyscloud_auth_division_home",
  read: (config, ctx) =>
    guard(async () => {
      const resp = await ctx.request({ method: "GET", path: `${DIVISIONS}/home` });
      if (!isOk(resp)) {
        return {
          state: null,
          diagnostics: diagnosticFromError(
            buildWithRetriesApiDiagnosticError(
              "genesyscloud_auth_division_home",
              `Failed to query home division: ${sdkErrorString(resp)}`,
              resp,
            ),
          ),
        };
      }
      const d = resp.body as { id: string; name: string; description?: string };
      return { state: { ...config, id: d.id, name: d.name, description: d.description ?? null } };
    }),
};

export const groupDataSource: DataSourceImpl = byName("genesyscloud_group", async (name, ctx, setId) => {
  const resp = await ctx.request({
    method: "POST",
    path: `${GROUPS}/search`,
    body: { query: [{ type: "EXACT", fields: ["name"], value: name }] },
  });
  if (!isOk(resp)) return { fail: `Error requesting group ${name}: ${sdkErrorString(resp)}` };
  const body = (resp.body ?? {}) as { total?: number; results?: { id: string }[] };
  const total = body.total ?? 0;
  // The trailing spaces are the provider's.
  if (total > 1) return { fail: `Multiple groups found with name ${name} ` };
  const first = body.results?.[0];
  if (total === 0 || !first) return { retry: `No groups found with name ${name} ` };
  setId(first.id);
  return { done: true };
});

export const queueDataSource: DataSourceImpl = byName("genesyscloud_routing_queue", async (name, ctx, setId) => {
  const { found, resp } = await findInPages<{ id: string; name: string }>(
    ctx,
    (page) => `${QUEUES}?pageSize=100&pageNumber=${page}&name=${enc(name)}`,
    (q) => q.name === name,
  );
  if (found) {
    setId(found.id);
    return { done: true };
  }
  if (!isOk(resp)) return { fail: `failed to get queue by name ${name}: ${sdkErrorString(resp)}` };
  return { retry: `no routing queues found with name ${name}` };
});

export const userDataSource: DataSourceImpl = {
  typeName: "genesyscloud_user",
  read: (config, ctx) =>
    guard(async () => {
      // §2: with both set the provider searches by name.
      const name = str(config, "name");
      const email = str(config, "email");
      const [field, value] = name ? ["name", name] : email ? ["email", email] : [undefined, undefined];
      if (!field || value === undefined)
        return { state: null, diagnostics: diagnosticFromError("no user search field specified") };
      return lookup(config, ctx, async (setId) => {
        const resp = await ctx.request({
          method: "POST",
          path: `${USERS}/search`,
          body: {
            query: [
              { type: "EXACT", fields: [field], value },
              { type: "EXACT", fields: ["state"], values: ["active", "inactive"] },
            ],
          },
        });
        if (!isOk(resp)) return { fail: `Error requesting users: ${sdkErrorString(resp)}` };
        const first = ((resp.body ?? {}) as { results?: { id: string }[] }).results?.[0];
        if (!first) return { retry: `No users found with search criteria ${field} ${value}` };
        setId(first.id);
        return { done: true };
      });
    }),
};
