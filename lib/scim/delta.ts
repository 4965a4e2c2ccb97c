/**
 * Reads membership changes since a cursor from an IdP delta endpoint (README "Delta endpoint"):
 *
 *   GET <url>?since=<cursor>   (no `since` on a first load)
 *   Authorization: Bearer <token from env[tokenEnv]>, Accept: application/json
 *   200 {"cursor": "…", "groups": [{"displayName": "…", "add": [ref…], "remove": [ref…]}], "next": "…"}
 *
 * `next` (absolute, or relative to the url) means more pages follow; they are fetched in order and merged, and the
 * cursor to store is the last page's. A member ref is as in an export (lib/scim/export-rules.ts).
 *
 * The token goes only to the endpoint's own origin: https (http only to a loopback host, for tests), redirects
 * refused, `next` checked to stay on the same origin. No error, log line or report ever carries it: axios errors
 * (whose config holds the headers) are never rethrown, and any text from the endpoint is scrubbed of it.
 */
import axios from "axios";
import type { AxiosInstance } from "axios";

import { InputError } from "../errors";
import type { AttemptResult, RetryPolicy } from "../genesys/retry";
import { parseRetryAfter, retryDelayMs, withRetries } from "../genesys/retry";
import type { DeltaLimits } from "../limits";
import { DELTA_LIMITS, megabytes } from "../limits";
import { IdpDeltaError } from "./delta-error";
import type { Endpoint, Scrub } from "./delta-page";
import { DeltaMerge, malformed, readPage } from "./delta-page";
import type { IdpDelta } from "./model";

export { IdpDeltaError } from "./delta-error";

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
  /** For tests: another policy than deltaRetry. @default deltaRetry */
  readonly retry?: Partial<RetryPolicy>;
  /** For tests: smaller bounds than DELTA_LIMITS. @default DELTA_LIMITS */
  readonly limits?: Partial<DeltaLimits>;
}

/**
 * Retry policy of the delta reader: GET is idempotent, so 429, 5xx and network errors are retried. Its waits are
 * Retry-After when the endpoint sent one (shortened to 60 s: a reader waits rather than fails), else full-jitter
 * exponential backoff whose ceiling is capped at maxDelayMs however many the retries.
 */
export const deltaRetry: RetryPolicy = {
  retries: 3,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterSeconds: 60,
  longRetryAfter: "shorten",
  retryAfterStatuses: "any",
  retryAfterJitterMs: 0,
};

/** The wait before retry `attempt + 1` under deltaRetry, for a `Retry-After` header read at `now`. */
export function deltaDelayMs(
  attempt: number,
  retryAfter: string | undefined,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  return retryDelayMs({ retryAfterSeconds: parseRetryAfter(retryAfter, now) }, attempt, deltaRetry, random);
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_PAGES = 1000;
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

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
  const limits = { ...DELTA_LIMITS, ...options.limits };
  let url = first;
  for (let page = 1, total = 0; ; page++) {
    seen.add(url.href);
    const body = readPage(await reader.get(url, page), endpoint, page);
    total += body.groups.length;
    checkCounts(source, page, body.groups.length, total, limits);
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

/**
 * Refuses a page with more groups than a page may hold, or a run past the total: the endpoint is then not answering
 * a delta (README.md, "Limits"), and what it wants is unknown, so exit 3.
 */
function checkCounts(source: string, page: number, count: number, total: number, limits: DeltaLimits): void {
  if (count > limits.groupsPerPage) {
    throw new IdpDeltaError(
      `${source}: page ${page} holds ${count} groups, over gcguard's limit of ${limits.groupsPerPage} per page; ` +
        'have the endpoint answer in smaller pages (README.md, "Limits")',
      source,
    );
  }
  if (total > limits.groupsTotal) {
    throw new IdpDeltaError(
      `${source}: more than ${limits.groupsTotal} groups by page ${page}, over gcguard's limit per run; ` +
        'check the endpoint\'s since handling, or sync from a full IdP export (README.md, "Limits")',
      source,
    );
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
      maxContentLength: options.limits?.pageBytes ?? DELTA_LIMITS.pageBytes,
      transformResponse: [(data: unknown) => data],
      // A proxy from the environment must not see loopback test traffic; https through a proxy stays a tunnel.
      ...(LOOPBACK.has(new URL(source).hostname) ? { proxy: false as const } : {}),
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json", "User-Agent": "gcguard" },
    });
  }

  /** Replaces the token in text that came from elsewhere (an echoing endpoint). */
  readonly scrub: Scrub = (text) => text.split(this.token).join("[redacted]");

  async get(url: URL, page: number): Promise<string> {
    const policy = { ...deltaRetry, ...this.options.retry };
    return withRetries(() => this.tryPage(url, page), {
      policy,
      clock: { sleep: this.sleep },
      random: this.random,
      onRetry: (what, delayMs, attempt) =>
        this.options.log?.(
          `delta: page ${page} ${what.text}; retry ${attempt + 1} of ${policy.retries} in ${delayMs} ms`,
        ),
      giveUp: (what, _refusal, attempts) => {
        throw new IdpDeltaError(
          `${this.source}: page ${page} ${what.text}, gave up after ${attempts} attempts; try again later`,
          this.source,
          what.status,
        );
      },
    });
  }

  /** One GET of a page: its body, or what went wrong when it is worth retrying; any other answer is thrown. */
  private async tryPage(url: URL, page: number): Promise<AttemptResult<string, Failure>> {
    const answer = await this.attempt(url);
    if (answer.kind === "none") return { ok: false, outcome: { method: "GET" }, failure: { text: answer.problem } };
    if (answer.status >= 200 && answer.status < 300) return { ok: true, value: answer.body };
    this.refuse(answer, page);
    const retryAfterSeconds = parseRetryAfter(answer.retryAfter, (this.options.now ?? Date.now)());
    return {
      ok: false,
      outcome: { method: "GET", status: answer.status, retryAfterSeconds },
      failure: { text: `answered ${answer.status}`, status: answer.status },
    };
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

  /** A page past DELTA_LIMITS.pageBytes: not retried, since the same page would come back. */
  private tooLarge(): never {
    const limit = megabytes(this.options.limits?.pageBytes ?? DELTA_LIMITS.pageBytes);
    throw new IdpDeltaError(
      `${this.source}: a page is over gcguard's limit of ${limit}; have the endpoint answer in smaller pages ` +
        '(README.md, "Limits")',
      this.source,
    );
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
      if (axios.isAxiosError(err) && err.message.startsWith("maxContentLength")) this.tooLarge();
      if (code === "ECONNABORTED" || code === "ETIMEDOUT") {
        return { kind: "none", problem: `did not answer within ${this.timeoutMs} ms` };
      }
      return { kind: "none", problem: `could not be reached (${code ?? "network error"})` };
    }
  }
}

/** A failed attempt as messages tell it ("answered 503", "could not be reached (…)"), and its status if any. */
interface Failure {
  readonly text: string;
  readonly status?: number;
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
