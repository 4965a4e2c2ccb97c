/**
 * The request pipeline every Genesys call goes through: pacing, a bearer token, retries (withRetries with our own
 * policy), one re-login on a 401, response validation with zod, accounting, and errors that never carry secrets.
 */
import axios from "axios";
import type { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from "axios";
import type { z } from "zod";

import type { Clock, Deadline } from "../clock";
import { realClock } from "../clock";
import { Accounting } from "./accounting";
import type { CallStats } from "./accounting";
import type { AuthSettings } from "./auth";
import { TokenProvider } from "./auth";
import { GenesysApiError, GenesysUnreachableError, ResponseShapeError } from "./errors";
import type { PacingOptions, WaitListener } from "./pacing";
import { defaultPacing, Pacer } from "./pacing";
import type { AttemptOutcome, AttemptResult, RetryPolicy, RetryRefusal } from "./retry";
import { defaultRetryPolicy, parseRetryAfter, withRetries } from "./retry";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | undefined | readonly string[];

export interface RequestSpec<T> {
  readonly method: Method;
  /** Path template with `:name` parameters, e.g. `/api/v2/authorization/divisions/:divisionId`. */
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  /** Arrays are sent comma-joined, as the official SDKs send multi-valued parameters (docs/genesys-api.md §5.1). */
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  /** What the response must look like; only the fields gcguard reads. */
  readonly schema: z.ZodType<T>;
  /** Safe to retry after a 5xx or network error even though the method is not (searches). */
  readonly idempotent?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpResult<T> {
  readonly data: T;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpOptions {
  readonly apiBaseUrl: string;
  readonly loginBaseUrl: string;
  readonly auth: AuthSettings;
  readonly retry?: Partial<RetryPolicy>;
  readonly pacing?: Partial<PacingOptions>;
  /**
   * How long one attempt may wait for its answer, on `clock` (a virtual clock in tests), before it is abandoned as
   * a network error would be (retried when the request is idempotent). @default 30000
   */
  readonly timeoutMs?: number;
  /** Debug lines (method, path, status, time; never headers or bodies). */
  readonly log?: (line: string) => void;
  readonly userAgent?: string;
  /** For tests: the randomness of backoff jitter. */
  readonly random?: () => number;
  /** Told when requests start a wait of a second or more (lib/genesys/pacing.ts), for progress displays. */
  readonly onWait?: WaitListener;
  /** What pacing, retry backoff and login retries read and wait on; tests pass a virtual one. @default realClock */
  readonly clock?: Clock;
}

interface Attempt {
  endpoint: string;
  release?: () => void;
  token?: string;
  reauthed?: boolean;
  idempotent?: boolean;
  startedAt?: number;
  /** The running attempt's timeout on the clock, cancelled once it has an answer. */
  deadline?: Deadline;
  /** The running attempt was abandoned at its deadline. */
  timedOut?: boolean;
}

type Config = InternalAxiosRequestConfig & { gcguard?: Attempt };

function fillPath(template: string, params: Readonly<Record<string, string>> = {}): string {
  return template.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
}

function serializeQuery(query: Readonly<Record<string, QueryValue>> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  const text = params.toString();
  return text === "" ? "" : `?${text}`;
}

function headerMap(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === "object") {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
      if (typeof v === "string" || typeof v === "number") out[k.toLowerCase()] = String(v);
    }
  }
  return out;
}

export class GenesysHttp {
  readonly accounting = new Accounting();
  private readonly pacer: Pacer;
  private readonly tokens: TokenProvider;
  private readonly axios: AxiosInstance;
  private readonly retry: RetryPolicy;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpOptions) {
    this.retry = { ...defaultRetryPolicy, ...options.retry };
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? realClock;
    this.pacer = new Pacer(
      { ...defaultPacing, ...options.pacing },
      () => this.clock.now(),
      (ms) => this.clock.sleep(ms),
      options.onWait,
    );
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const base = { timeout: this.timeoutMs, headers: { "User-Agent": options.userAgent ?? "gcguard" } };
    this.tokens = new TokenProvider({
      loginBaseUrl: options.loginBaseUrl,
      auth: options.auth,
      // The login keeps axios's own (real-time) timeout: lib/genesys/auth.ts does not take the clock's deadlines.
      http: axios.create(base),
      accounting: this.accounting,
      retry: this.retry,
      now: () => this.clock.now(),
      sleep: (ms) => this.clock.sleep(ms),
      random: this.random,
      ...(options.onWait ? { onWait: options.onWait } : {}),
    });
    // API requests time out on the clock (armTimeout); axios's real-time timeout only for a clock without deadlines.
    const timeout = this.clock.deadline ? 0 : this.timeoutMs;
    this.axios = axios.create({ ...base, timeout, baseURL: options.apiBaseUrl });
    this.axios.interceptors.request.use((config: Config) => this.beforeAttempt(config));
    this.axios.interceptors.response.use(
      (res) => this.afterAttempt(res),
      (err: AxiosError) => this.afterFailedAttempt(err),
    );
  }

  /**
   * The wait before a retry. After a 429 it goes through the pacer: every request holds back until Retry-After has
   * passed, and the pacer's listener is told why ("retry-after"). Other retries back off on the clock.
   */
  private async waitToRetry(err: AxiosError, delayMs: number): Promise<void> {
    if (err.response?.status === 429) {
      this.pacer.pause(delayMs / 1000); // counted in the pacer's waitedMs when requests wait for it
      return;
    }
    this.accounting.retryWaitMs += delayMs;
    await this.clock.sleep(delayMs);
  }

  /** Counters so far: requests per endpoint, retries, 429s, time waited. */
  stats(): CallStats {
    return this.accounting.snapshot(this.pacer.waitedMs);
  }

  async request<T>(spec: RequestSpec<T>): Promise<HttpResult<T>> {
    const endpoint = `${spec.method} ${spec.path}`;
    const path = fillPath(spec.path, spec.params);
    // One Attempt across retries: it remembers that the one re-login after a 401 has been spent.
    const attempt: Attempt = { endpoint, ...(spec.idempotent ? { idempotent: true } : {}) };
    const config = {
      method: spec.method,
      url: `${path}${serializeQuery(spec.query)}`,
      data: spec.body,
      headers: { ...(spec.body === undefined ? {} : { "Content-Type": "application/json" }), ...spec.headers },
      // Keep raw text when the body is not JSON, so validation reports it instead of axios throwing.
      transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: false },
      gcguard: attempt,
    };
    const res = await withRetries(() => this.send(config), {
      policy: this.retry,
      clock: this.clock,
      random: this.random,
      onRetry: () => {
        this.accounting.retries++;
        this.log(`retry ${endpoint}`);
      },
      wait: (err, delayMs) => this.waitToRetry(err, delayMs),
      giveUp: (err, refusal, attempts) => {
        throw this.toError(err, refusal, attempts, spec.method, path);
      },
    });
    const parsed = spec.schema.safeParse(res.data === "" ? undefined : res.data);
    if (!parsed.success) {
      throw new ResponseShapeError(
        endpoint,
        parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
        res.data,
      );
    }
    return { data: parsed.data, status: res.status, headers: headerMap(res.headers) };
  }

  /** One attempt; an axios error (an answer, or none) comes back to be retried or not, anything else is thrown. */
  private async send(config: object): Promise<AttemptResult<AxiosResponse<unknown>, AxiosError>> {
    try {
      return { ok: true, value: await this.axios.request<unknown>(config as Config) };
    } catch (err) {
      if (!axios.isAxiosError(err)) throw err instanceof Error ? err : new Error(String(err));
      return { ok: false, outcome: this.outcomeOf(err), failure: err };
    }
  }

  private async beforeAttempt(config: Config): Promise<Config> {
    const attempt = config.gcguard;
    if (!attempt) return config;
    attempt.release = await this.pacer.acquire();
    try {
      attempt.token = await this.tokens.token();
    } catch (err) {
      attempt.release();
      throw err;
    }
    config.headers.set("Authorization", `Bearer ${attempt.token}`);
    this.accounting.request(attempt.endpoint);
    attempt.startedAt = this.clock.now();
    this.armTimeout(config, attempt);
    return config;
  }

  /**
   * Aborts the attempt when its deadline on the clock comes before its answer. The deadline starts once pacing and
   * the login are done, so a wait for a rate-limit window never counts against the answer's time.
   */
  private armTimeout(config: Config, attempt: Attempt): void {
    attempt.timedOut = false;
    const deadline = this.clock.deadline?.(this.timeoutMs);
    if (!deadline) return;
    const controller = new AbortController();
    attempt.deadline = deadline;
    void deadline.reached.then(() => {
      attempt.timedOut = true;
      controller.abort();
    });
    config.signal = controller.signal;
  }

  /** The attempt is over: its deadline is cancelled and its place in the pacer given back. */
  private settle(attempt: Attempt | undefined): void {
    attempt?.deadline?.cancel();
    attempt?.release?.();
  }

  private afterAttempt(res: AxiosResponse): AxiosResponse {
    const attempt = (res.config as Config).gcguard;
    this.settle(attempt);
    this.pacer.observe(headerMap(res.headers));
    if (attempt) this.logAnswer(res.status, attempt);
    return res;
  }

  private async afterFailedAttempt(err: AxiosError): Promise<AxiosResponse> {
    const config = err.config as Config | undefined;
    const attempt = config?.gcguard;
    this.settle(attempt);
    const res = err.response;
    if (res) {
      this.pacer.observe(headerMap(res.headers));
      if (attempt) this.logAnswer(res.status, attempt);
      if (res.status === 429) {
        this.accounting.rateLimited++;
        // Everyone waits out a Retry-After we are willing to wait for; a longer one fails each request at once
        // (see decideRetry in lib/genesys/retry.ts) rather than stalling the whole run.
        const after = parseRetryAfter(headerMap(res.headers)["retry-after"], this.clock.now()) ?? 1;
        if (after <= this.retry.maxRetryAfterSeconds) this.pacer.pause(after);
      }
      // One fresh login after a 401 (the token was revoked or expired early), then the error stands.
      if (res.status === 401 && config && attempt && !attempt.reauthed && this.tokens.canRelogin) {
        attempt.reauthed = true;
        if (attempt.token) this.tokens.invalidate(attempt.token);
        return this.axios.request(config);
      }
    } else if (attempt) {
      this.log(`no answer ${attempt.endpoint}: ${this.noAnswerReason(err)}`);
    }
    throw err;
  }

  private outcomeOf(err: AxiosError): AttemptOutcome {
    const config = err.config as Config | undefined;
    const retryAfter = headerMap(err.response?.headers)["retry-after"];
    return {
      method: config?.method ?? "GET",
      ...(err.response ? { status: err.response.status } : {}),
      ...(retryAfter === undefined ? {} : { retryAfterSeconds: parseRetryAfter(retryAfter, this.clock.now()) }),
      ...(config?.gcguard?.idempotent ? { idempotent: true } : {}),
    };
  }

  /** An error a user can act on, built from the answer (or its absence), never from the request config. */
  private toError(err: AxiosError, refusal: RetryRefusal, attempts: number, method: string, path: string): Error {
    const res = err.response;
    if (!res) return new GenesysUnreachableError(method, path, this.noAnswerReason(err), attempts);
    const headers = headerMap(res.headers);
    const body = (res.data && typeof res.data === "object" ? res.data : {}) as Record<string, unknown>;
    const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
    let message = text(body.message) ?? text(body.detail) ?? `HTTP ${res.status}`;
    if (res.status === 429) message += `; ${refusal.reason ?? "rate limit exhausted"}`;
    const params =
      body.messageParams && typeof body.messageParams === "object"
        ? (body.messageParams as Record<string, string>)
        : undefined;
    return new GenesysApiError({
      status: res.status,
      code: text(body.code) ?? text(body.scimType),
      message,
      method,
      path,
      correlationId: headers["inin-correlation-id"] ?? text(body.contextId),
      params,
    });
  }

  /** Why an attempt got no answer: its timeout on the clock, or the network error's code. */
  private noAnswerReason(err: AxiosError): string {
    if ((err.config as Config | undefined)?.gcguard?.timedOut) {
      return `the API did not answer in ${Math.round(this.timeoutMs / 100) / 10} s`;
    }
    return err.code ?? err.message;
  }

  private logAnswer(status: number, attempt: Attempt): void {
    const now = this.clock.now();
    this.log(`${status} ${attempt.endpoint} ${now - (attempt.startedAt ?? now)} ms`);
  }

  private log(line: string): void {
    this.options.log?.(`[genesys] ${line}`);
  }
}
