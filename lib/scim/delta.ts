/**
 * Reads membership changes since a cursor from an IdP delta endpoint (README "Delta endpoint"):
 *
 *   GET <url>?since=<cursor>   (no `since` on a first load)
 *   Authorization: Bearer <token from env[tokenEnv]>, Accept: application/json
 *   200 {"cursor": "…", "groups": [{"displayName": "…", "add": [ref…], "remove": [ref…]}], "next": "…"}
 *
 * `next` (absolute, or relative to the url) means more pages follow; they are fetched in order and merged, and the
 * cursor to store is the last page's. A member ref is as in an export (lib/scim/export.ts).
 *
 * The token goes only to the endpoint's own origin: https (http only to a loopback host, for tests), redirects
 * refused, `next` checked to stay on the same origin. No error, log line or report ever carries it: axios errors
 * (whose config holds the headers) are never rethrown, and any text from the endpoint is scrubbed of it.
 */
import axios from "axios";
import type { AxiosInstance } from "axios";
import { z } from "zod";

import { ExitCode, InputError } from "../errors";
import { parseRetryAfter } from "../genesys/retry";
import { nameKey } from "../names";
import { caseClash, groupNameProblem, parseMemberInput } from "./export-rules";
import type { GroupDelta, IdpDelta, MemberRef, Origin } from "./model";
import { refKey } from "./model";

export interface FetchIdpDeltaOptions {
  /** The delta endpoint; its own query parameters are kept, `since` is set. */
  readonly url: string;
  /** The environment variable holding the bearer token. */
  readonly tokenEnv: string;
  readonly env: NodeJS.ProcessEnv;
  /** The stored cursor; absent on a first (full) load. */
  readonly since?: string;
  /** Per request, in ms. @default 30000 */
  readonly timeoutMs?: number;
  /** More pages than this is an error. @default 1000 */
  readonly maxPages?: number;
  /** Progress lines (stderr in the CLI): pages, retries; never the token or query strings. */
  readonly log?: (line: string) => void;
  /** Waits between retries; tests pass a recorder. @default - a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The time, for a Retry-After given as an HTTP date. @default Date.now */
  readonly now?: () => number;
  /** Backoff jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** Retry policy of the delta reader: GET is idempotent, so 429, 5xx and network errors are retried. */
export const deltaRetry = {
  /** Retries after the first attempt. */
  retries: 3,
  /** Full-jitter backoff: a random wait in [0, min(baseDelayMs × 2^attempt, maxDelayMs)). */
  baseDelayMs: 250,
  /** The cap of the backoff's ceiling, however many retries. */
  maxDelayMs: 10_000,
  /** A longer Retry-After is shortened to this. */
  maxRetryAfterSeconds: 60,
} as const;

/**
 * The wait before retry `attempt + 1`: Retry-After when the endpoint sent one (capped at maxRetryAfterSeconds),
 * else full-jitter exponential backoff whose ceiling is capped at maxDelayMs.
 */
export function deltaDelayMs(
  attempt: number,
  retryAfter: string | undefined,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const after = parseRetryAfter(retryAfter, now);
  if (after !== undefined) return Math.min(after, deltaRetry.maxRetryAfterSeconds) * 1000;
  return Math.floor(random() * Math.min(deltaRetry.baseDelayMs * 2 ** attempt, deltaRetry.maxDelayMs));
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_PAGES = 1000;
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);
/** At most this many problems of a malformed page are listed. */
const MAX_PROBLEMS = 10;

/** The endpoint could not be read: refused token, unreachable, 5xx, a loop of pages. Exit code 3. */
export class IdpDeltaError extends Error {
  override readonly name = "IdpDeltaError";
  /** Could not verify (DEVELOPERS.md): the desired state is unknown. */
  readonly exitCode: ExitCode = ExitCode.Unverified;

  constructor(
    message: string,
    /** The endpoint without query. */
    readonly endpoint: string,
    /** The HTTP status of the last answer, when there was one. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The endpoint as stored with the cursor and named in messages: origin and path, no query or credentials. */
export function endpointOf(url: string): string {
  const u = parseUrl(url);
  return `${u.origin}${u.pathname}`;
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    // Shown without what could be secret: a query, a fragment, credentials.
    const shown = url.replace(/[?#].*$/s, "").replace(/\/\/[^/]*@/, "//");
    throw new InputError(`${shown}: not a URL; pass the IdP delta endpoint, e.g. https://idp.example/scim-delta`);
  }
}

/** Fetches every page of changes since `since` and merges them in order. */
export async function fetchIdpDelta(options: FetchIdpDeltaOptions): Promise<IdpDelta> {
  const base = checkedUrl(options.url, options.tokenEnv);
  const source = `${base.origin}${base.pathname}`;
  const token = options.env[options.tokenEnv]?.trim();
  if (!token) throw new InputError(`set ${options.tokenEnv} to the delta endpoint's bearer token`);
  // Node would refuse the header anyway, but its error must not be the first to notice.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InputError(`${options.tokenEnv} holds characters a bearer token cannot have; store the token alone`);
  }
  const reader = new PageReader(options, source, token);
  const first = new URL(base);
  if (options.since !== undefined) first.searchParams.set("since", options.since);
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const endpoint: Endpoint = { source, scrub: reader.scrub };
  const merge = new DeltaMerge(endpoint);
  const seen = new Set<string>();
  let url = first;
  for (let page = 1; ; page++) {
    seen.add(url.href);
    const body = readPage(await reader.get(url, page), endpoint, page);
    merge.page(body.groups, page);
    options.log?.(`delta: page ${page} (${body.groups.length} group${body.groups.length === 1 ? "" : "s"})`);
    if (!body.next) return { kind: "delta", source, since: options.since, cursor: body.cursor, groups: merge.result() };
    if (page >= maxPages) {
      throw new IdpDeltaError(
        `${source}: more than ${maxPages} pages; gcguard reads at most ${maxPages} per run, so the endpoint may be ` +
          "looping or its pages may be too small",
        source,
      );
    }
    url = nextUrl(body.next, base, seen, endpoint, page);
  }
}

/** The url, if it may carry the token: https, or http to a loopback host. */
function checkedUrl(url: string, tokenEnv: string): URL {
  const u = parseUrl(url);
  const shown = `${u.protocol}//${u.host}${u.pathname}`;
  if (u.username !== "" || u.password !== "") {
    throw new InputError(`${shown}: the URL holds credentials; remove them and put the token in ${tokenEnv}`);
  }
  if (u.protocol !== "https:" && !(u.protocol === "http:" && LOOPBACK.has(u.hostname))) {
    throw new InputError(
      `${shown}: the delta endpoint must use https, so the token is not sent in clear; use https://`,
    );
  }
  return u;
}

function nextUrl(next: string, base: URL, seen: Set<string>, endpoint: Endpoint, page: number): URL {
  let u: URL;
  try {
    u = new URL(next, base);
  } catch {
    throw malformed(endpoint, page, [`next ${JSON.stringify(next)} is not a URL`]);
  }
  if (u.origin !== base.origin) {
    // The token goes only where the user pointed gcguard.
    throw malformed(endpoint, page, [`next points to ${u.origin}; gcguard sends the token only to ${base.origin}`]);
  }
  if (seen.has(u.href)) {
    throw new IdpDeltaError(`${endpoint.source}: page ${page} links back to an earlier page`, endpoint.source);
  }
  return u;
}

type Scrub = (text: string) => string;

/** One GET per page, with retries; the answer's body as text. */
class PageReader {
  private readonly http: AxiosInstance;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly timeoutMs: number;

  constructor(
    private readonly options: FetchIdpDeltaOptions,
    private readonly source: string,
    private readonly token: string,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.http = axios.create({
      timeout: this.timeoutMs,
      // A redirect would carry the Authorization header elsewhere: refused, reported as an answer.
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      // A proxy from the environment must not see loopback test traffic; https through a proxy stays a tunnel.
      ...(LOOPBACK.has(new URL(source).hostname) ? { proxy: false as const } : {}),
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json", "User-Agent": "gcguard" },
    });
  }

  /** Replaces the token in text that came from elsewhere (an echoing endpoint). */
  readonly scrub: Scrub = (text) => text.split(this.token).join("[redacted]");

  async get(url: URL, page: number): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.attempt(url);
      const status = answer.kind === "answer" ? answer.status : undefined;
      if (answer.kind === "answer") {
        if (answer.status >= 200 && answer.status < 300) return answer.body;
        this.refuse(answer, page);
      }
      const what = answer.kind === "answer" ? `answered ${answer.status}` : answer.problem;
      if (attempt >= deltaRetry.retries) {
        throw new IdpDeltaError(
          `${this.source}: page ${page} ${what}, gave up after ${attempt + 1} attempts; try again later`,
          this.source,
          status,
        );
      }
      const retryAfter = answer.kind === "answer" ? answer.retryAfter : undefined;
      const delay = deltaDelayMs(attempt, retryAfter, this.random, (this.options.now ?? Date.now)());
      this.options.log?.(`delta: page ${page} ${what}; retry ${attempt + 1} of ${deltaRetry.retries} in ${delay} ms`);
      await this.sleep(delay);
    }
  }

  /** Throws for an answer that is not worth retrying: anything but 429 and 5xx (except 501). */
  private refuse(answer: Answer & { kind: "answer" }, page: number): void {
    const { status } = answer;
    if (status >= 300 && status < 400) {
      throw new InputError(
        `${this.source}: page ${page} answered ${status}, a redirect; gcguard does not follow redirects, so the ` +
          "token is never sent elsewhere; pass the final URL",
      );
    }
    if (status === 401 || status === 403) {
      throw new IdpDeltaError(
        `${this.source} refused the token (${status}); check that ${this.options.tokenEnv} holds a current token ` +
          "allowed to read the delta",
        this.source,
        status,
      );
    }
    if (status === 429 || (status >= 500 && status !== 501)) return;
    const detail = errorDetail(answer.body, this.scrub);
    throw new IdpDeltaError(`${this.source}: page ${page} answered ${status}${detail}`, this.source, status);
  }

  private async attempt(url: URL): Promise<Answer> {
    try {
      const res = await this.http.get<unknown>(url.href);
      const header: unknown = res.headers["retry-after"];
      return {
        kind: "answer",
        status: res.status,
        body: typeof res.data === "string" ? res.data : "",
        ...(typeof header === "string" ? { retryAfter: header } : {}),
      };
    } catch (err) {
      // Only the error code: the axios error itself holds the request headers.
      const code = axios.isAxiosError(err) ? err.code : undefined;
      if (code === "ECONNABORTED" || code === "ETIMEDOUT") {
        return { kind: "none", problem: `did not answer within ${this.timeoutMs} ms` };
      }
      return { kind: "none", problem: `could not be reached (${code ?? "network error"})` };
    }
  }
}

/** What one attempt got: an HTTP answer, or none (network error, timeout). */
type Answer =
  | { readonly kind: "answer"; readonly status: number; readonly body: string; readonly retryAfter?: string }
  | { readonly kind: "none"; readonly problem: string };

/** The endpoint's own words from an error body (`error`, `message` or `detail`), short and scrubbed. */
function errorDetail(body: string, scrub: Scrub): string {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return "";
  }
  const record = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const found = [record.error, record.message, record.detail].find((v): v is string => typeof v === "string");
  if (found === undefined) return "";
  // Scrubbed before shortening, so a cut cannot leave half a token.
  const text = scrub(found);
  return `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Pages

const DeltaPage = z.object({
  cursor: z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") }).min(1, "is empty"),
  groups: z.array(z.unknown(), { error: "must be an array" }).optional(),
  next: z.string({ error: "must be a string or null" }).nullable().optional(),
});

const DeltaGroup = z.strictObject({
  displayName: z.string({ error: (i) => (i.input === undefined ? "is required" : "must be a string") }),
  add: z.array(z.unknown(), { error: "must be an array" }).optional(),
  remove: z.array(z.unknown(), { error: "must be an array" }).optional(),
});

interface ParsedGroup {
  readonly displayName: string;
  readonly add: readonly MemberRef[];
  readonly remove: readonly MemberRef[];
  readonly origin: Origin;
}

interface ParsedPage {
  readonly cursor: string;
  readonly next: string | undefined;
  readonly groups: readonly ParsedGroup[];
}

/** The endpoint named in messages, and how to keep its token out of text that came from it. */
interface Endpoint {
  readonly source: string;
  readonly scrub: Scrub;
}

/** A page that does not follow the contract; every problem (text from the endpoint) is scrubbed of the token. */
function malformed(endpoint: Endpoint, page: number, problems: readonly string[]): InputError {
  const shown = problems.slice(0, MAX_PROBLEMS).map(endpoint.scrub);
  if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more`);
  return new InputError(
    `${endpoint.source}: page ${page} is not a valid delta answer; fix the endpoint (README "Delta endpoint")`,
    { problems: shown },
  );
}

function readPage(text: string, endpoint: Endpoint, page: number): ParsedPage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Not V8's message: it quotes the start of the body, which could be a (cut, so unscrubbable) echoed token.
    throw malformed(endpoint, page, ["the body is not JSON"]);
  }
  const parsed = DeltaPage.safeParse(raw);
  if (!parsed.success) throw malformed(endpoint, page, issues(parsed.error, ""));
  const problems: string[] = [];
  const groups: ParsedGroup[] = [];
  (parsed.data.groups ?? []).forEach((entry, i) => {
    const at = `groups[${i}]`;
    const group = DeltaGroup.safeParse(entry);
    if (!group.success) {
      problems.push(...issues(group.error, at));
      return;
    }
    const refs = (list: readonly unknown[] | undefined, key: string): MemberRef[] =>
      (list ?? []).flatMap((m, j) => {
        const ref = parseMemberInput(m);
        if (typeof ref !== "string") return [ref];
        problems.push(`${at}.${key}[${j}]: ${ref}`);
        return [];
      });
    const bad = groupNameProblem(group.data.displayName);
    if (bad !== undefined) problems.push(`${at}: ${bad}`);
    const add = refs(group.data.add, "add");
    const remove = refs(group.data.remove, "remove");
    const both = new Set(add.map(refKey));
    const clash = remove.filter((r) => both.has(refKey(r)));
    if (clash.length > 0) {
      problems.push(`${at}: ${clash.map((r) => JSON.stringify(r.value)).join(", ")} both added and removed`);
    }
    groups.push({ displayName: group.data.displayName, add, remove, origin: `delta page ${page} ${at}` });
  });
  if (problems.length > 0) throw malformed(endpoint, page, problems);
  return { cursor: parsed.data.cursor, next: parsed.data.next ?? undefined, groups };
}

function issues(error: z.ZodError, at: string): string[] {
  return error.issues.map((issue) => {
    const where = [at, ...issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))]
      .join("")
      .replace(/^\./, "");
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`
        : issue.message;
    return `${where || "(body)"}: ${message}`;
  });
}

interface Draft {
  readonly displayName: string;
  readonly origin: Origin;
  /** Latest change per member, in first-seen order. */
  readonly changes: Map<string, { ref: MemberRef; op: "add" | "remove" }>;
}

/** Merges pages in order: a later add or remove of a member replaces an earlier one. */
class DeltaMerge {
  private readonly groups = new Map<string, Draft>();

  constructor(private readonly endpoint: Endpoint) {}

  page(groups: readonly ParsedGroup[], page: number): void {
    const problems: string[] = [];
    for (const g of groups) {
      const id = nameKey(g.displayName);
      const draft = this.groups.get(id) ?? { displayName: g.displayName, origin: g.origin, changes: new Map() };
      if (draft.displayName !== g.displayName) {
        problems.push(`${g.origin.replace(/^delta page \d+ /, "")}: ${caseClash(g.displayName, draft)}`);
        continue;
      }
      this.groups.set(id, draft);
      for (const ref of g.add) draft.changes.set(refKey(ref), { ref, op: "add" });
      for (const ref of g.remove) draft.changes.set(refKey(ref), { ref, op: "remove" });
    }
    if (problems.length > 0) throw malformed(this.endpoint, page, problems);
  }

  result(): GroupDelta[] {
    return [...this.groups.values()].map((d) => {
      const changes = [...d.changes.values()];
      return {
        displayName: d.displayName,
        add: changes.filter((c) => c.op === "add").map((c) => c.ref),
        remove: changes.filter((c) => c.op === "remove").map((c) => c.ref),
        origin: d.origin,
      };
    });
  }
}
