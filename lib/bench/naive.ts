/**
 * The naive baseline: the same checks the way the seed scripts did them. One request after another, one lookup per
 * resource, per-division listings with small pages, no pacing: it never reads the rate-limit headers and only waits
 * when a 429 tells it to (Retry-After). It stops at a wall-time cap and then reports a lower bound.
 */
import type { BenchApplyLog, BenchPlan, BenchScimExport } from "./scenarios";
import type { MixedPlan } from "./scenarios-mixed";

/** The seed scripts' page size. */
export const NAIVE_PAGE_SIZE = 25;

export interface NaiveOptions {
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Stop once the run would pass this many milliseconds. */
  readonly capMs: number;
}

export interface NaiveResult {
  readonly requests: number;
  readonly rateLimited: number;
  readonly wallMs: number;
  /** true: the cap stopped it; requests and wallMs are lower bounds. */
  readonly capped: boolean;
}

class CapReached extends Error {}

interface Page {
  entities?: unknown[];
  results?: unknown[];
  pageCount?: number;
  total?: number;
}

class NaiveClient {
  requests = 0;
  rateLimited = 0;
  private token = "";
  private readonly started = Date.now();
  /** Wall time including a wait the cap cut short (the run cannot finish sooner). */
  boundMs = 0;

  constructor(private readonly options: NaiveOptions) {}

  async login(): Promise<void> {
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString("base64");
    const body = await this.send("/oauth/token", {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    this.token = (body as { access_token: string }).access_token;
  }

  get(path: string): Promise<unknown> {
    return this.send(path, { method: "GET", headers: { authorization: `Bearer ${this.token}` } });
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.send(path, {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** Every page of a pageNumber listing, NAIVE_PAGE_SIZE at a time. */
  async getAll(path: string): Promise<unknown[]> {
    const out: unknown[] = [];
    for (let n = 1; ; n++) {
      const sep = path.includes("?") ? "&" : "?";
      const page = (await this.get(`${path}${sep}pageSize=${NAIVE_PAGE_SIZE}&pageNumber=${n}`)) as Page;
      out.push(...(page.entities ?? []));
      if ((page.entities ?? []).length === 0 || n >= (page.pageCount ?? 1)) return out;
    }
  }

  private async send(path: string, init: RequestInit): Promise<unknown> {
    for (;;) {
      this.requests++;
      const response = await fetch(`${this.options.baseUrl}${path}`, init);
      const text = await response.text();
      if (response.status !== 429) return text ? (JSON.parse(text) as unknown) : undefined;
      this.rateLimited++;
      const waitMs = Number(response.headers.get("retry-after") ?? "1") * 1000;
      const elapsed = Date.now() - this.started;
      if (elapsed + waitMs > this.options.capMs) {
        this.boundMs = elapsed + waitMs;
        throw new CapReached();
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  result(capped: boolean): NaiveResult {
    const wallMs = Date.now() - this.started;
    return { requests: this.requests, rateLimited: this.rateLimited, wallMs: Math.max(wallMs, this.boundMs), capped };
  }
}

async function run(options: NaiveOptions, body: (c: NaiveClient) => Promise<void>): Promise<NaiveResult> {
  const client = new NaiveClient(options);
  try {
    await client.login();
    await body(client);
    return client.result(false);
  } catch (e) {
    if (e instanceof CapReached) return client.result(true);
    throw e;
  }
}

const q = encodeURIComponent;
const DIVISIONS = "/api/v2/authorization/divisions";

/** preflight, naively: a name query per create and rename, a get and full small-page listings per destroy. */
export function naivePreflight(options: NaiveOptions, plan: BenchPlan): Promise<NaiveResult> {
  return run(options, async (c) => {
    for (const name of plan.creates) await c.getAll(`${DIVISIONS}?name=${q(name)}`);
    for (const r of plan.renames) {
      await c.get(`${DIVISIONS}/${r.id}`);
      await c.getAll(`${DIVISIONS}?name=${q(r.to)}`);
    }
    for (const d of plan.destroys) {
      await c.get(`${DIVISIONS}/${d.id}?objectCount=true`);
      for (let n = 1; ; n++) {
        const page = (await c.post("/api/v2/users/search", {
          pageSize: NAIVE_PAGE_SIZE,
          pageNumber: n,
          query: [{ type: "EXACT", fields: ["divisionId"], values: [d.id] }],
        })) as Page;
        if ((page.results ?? []).length === 0 || n >= (page.pageCount ?? 1)) break;
      }
      await c.getAll(`/api/v2/routing/queues?divisionId=${d.id}`);
    }
    const permissions = new Set<string>();
    if (plan.creates.length > 0)
      ["authorization:division:add", "authorization:grant:add"].forEach((p) => permissions.add(p));
    if (plan.renames.length > 0) permissions.add("authorization:division:edit");
    if (plan.destroys.length > 0) permissions.add("authorization:division:delete");
    for (const p of permissions)
      await c.get(`/api/v2/authorization/divisionspermitted/paged/me?permission=${q(p)}&pageSize=1&pageNumber=1`);
  });
}

/** resolve, naively: one lookup per conflicting name. */
export function naiveResolve(options: NaiveOptions, log: BenchApplyLog): Promise<NaiveResult> {
  return run(options, async (c) => {
    for (const { kind, name } of log.conflicts) {
      if (kind === "division") await c.getAll(`${DIVISIONS}?name=${q(name)}`);
      else if (kind === "queue") await c.getAll(`/api/v2/routing/queues?name=${q(name)}`);
      else
        await c.post("/api/v2/groups/search", {
          pageSize: NAIVE_PAGE_SIZE,
          query: [{ type: "EXACT", fields: ["name"], values: [name] }],
        });
    }
  });
}

/**
 * The mixed plan, naively: one lookup per create, as the seed scripts looked names up: the listing's name filter
 * where the kind has one, an EXACT search per name where it has a search, else the whole listing in small pages.
 */
export function naiveMixed(options: NaiveOptions, plan: MixedPlan): Promise<NaiveResult> {
  return run(options, async (c) => {
    for (const { spec, name } of plan.creates) {
      const list = spec.kind === "group" ? undefined : spec.list;
      if (list === undefined || list.style === "search")
        await c.post(list?.path ?? "/api/v2/groups/search", {
          pageSize: NAIVE_PAGE_SIZE,
          query: [{ type: "EXACT", fields: [list?.field ?? "name"], values: [name] }],
        });
      else if (list.nameParam) await c.getAll(`${list.path}?${list.nameParam}=${q(name)}`);
      else await c.getAll(list.path);
    }
  });
}

/** scim diff, naively: a filter per group, a filter per member reference, the queues in small pages. */
export function naiveScimDiff(options: NaiveOptions, scim: BenchScimExport): Promise<NaiveResult> {
  return run(options, async (c) => {
    for (const g of scim.export.groups) {
      await c.get(`/api/v2/scim/v2/groups?filter=${q(`displayName eq "${g.displayName}"`)}`);
      for (const m of g.members) await c.get(`/api/v2/scim/v2/users?filter=${q(`userName eq "${m}"`)}`);
    }
    await c.getAll("/api/v2/routing/queues");
  });
}
