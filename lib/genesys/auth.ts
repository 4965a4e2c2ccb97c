/**
 * OAuth client credentials (docs/genesys-api.md §1.1-1.2): POST <login>/oauth/token with Basic auth and
 * `grant_type=client_credentials`. The token is cached until shortly before it expires, and one login is in flight
 * at a time however many requests need a token. A fixed access token (GENESYSCLOUD_ACCESS_TOKEN) is used as is.
 */
import type { AxiosError, AxiosInstance, AxiosResponse } from "axios";
import { isAxiosError } from "axios";
import { z } from "zod";

import { ExitCode, InputError } from "../errors";
import type { Accounting } from "./accounting";
import { GenesysApiError, GenesysUnreachableError } from "./errors";
import type { WaitListener } from "./pacing";
import { WAIT_NOTICE_MS } from "./pacing";
import type { AttemptResult, RetryPolicy } from "./retry";
import { parseRetryAfter, withRetries } from "./retry";

export type AuthSettings =
  | { readonly kind: "client-credentials"; readonly clientId: string; readonly clientSecret: string }
  | { readonly kind: "access-token"; readonly token: string };

const TokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

const OAuthError = z.object({
  error: z.string(),
  description: z.string().optional(),
  error_description: z.string().optional(),
});

/**
 * Genesys refused the credentials: the check could not run, which every command reports as "could not verify"
 * (exit 3, lib/errors.ts), like any other API refusal; the message names the variables to check.
 */
export class LoginRejectedError extends Error {
  readonly exitCode: ExitCode = ExitCode.Unverified;
  /** The client id is not printed: with the id and secret variables swapped, it would be the secret. */
  constructor(status: number, reason: string) {
    super(
      `Genesys refused the OAuth client's login (${status}: ${reason}); check GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET (not swapped?), and the region`,
    );
    this.name = "LoginRejectedError";
  }
}

export interface TokenProviderOptions {
  readonly loginBaseUrl: string;
  readonly auth: AuthSettings;
  readonly http: AxiosInstance;
  readonly accounting: Accounting;
  readonly retry: RetryPolicy;
  /** Refresh this long before the token expires. */
  readonly refreshSkewMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Backoff jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Told when a login waits out a 429's Retry-After of a second or more, as the pacer tells of its waits. */
  readonly onWait?: WaitListener;
}

export class TokenProvider {
  private current: { token: string; expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: TokenProviderOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Whether a rejected token can be replaced by logging in again. */
  get canRelogin(): boolean {
    return this.options.auth.kind === "client-credentials";
  }

  async token(): Promise<string> {
    const { auth } = this.options;
    if (auth.kind === "access-token") return auth.token;
    const skew = this.options.refreshSkewMs ?? 60_000;
    if (this.current && this.current.expiresAt - skew > this.now()) return this.current.token;
    this.inFlight ??= this.login(auth.clientId, auth.clientSecret).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Forgets a token the API refused, so the next request logs in again. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async login(clientId: string, clientSecret: string): Promise<string> {
    return withRetries(() => this.attemptLogin(clientId, clientSecret), {
      policy: this.options.retry,
      clock: { sleep: this.sleep },
      ...(this.options.random ? { random: this.options.random } : {}),
      onRetry: (err, delayMs) => this.countRetry(err.response?.status, delayMs),
      giveUp: (err, refusal, attempts) => {
        const status = err.response?.status;
        if (status === undefined) {
          throw new GenesysUnreachableError("POST", "/oauth/token", err.code ?? err.message, attempts);
        }
        throw new GenesysApiError({
          status,
          message: `login failed${refusal.reason ? ` (${refusal.reason})` : ""}; try again later`,
          method: "POST",
          path: "/oauth/token",
        });
      },
    });
  }

  /**
   * One POST to the token endpoint. A refusal of the credentials (a 4xx other than 429) is thrown at once, since
   * retrying cannot help; a 429, a 5xx or no answer comes back to be retried.
   */
  private async attemptLogin(clientId: string, clientSecret: string): Promise<AttemptResult<string, AxiosError>> {
    this.options.accounting.request("POST /oauth/token");
    let res: AxiosResponse<unknown>;
    try {
      res = await this.options.http.post<unknown>(
        `${this.options.loginBaseUrl}/oauth/token`,
        "grant_type=client_credentials",
        {
          headers: {
            Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
            "Content-Type": "application/x-www-form-urlencoded",
          },
        },
      );
    } catch (err) {
      if (!isAxiosError(err)) throw err;
      const status = err.response?.status;
      if (status !== undefined && status >= 400 && status < 500 && status !== 429) {
        throw new LoginRejectedError(status, rejectionReason(err.response?.data));
      }
      const headers = (err.response?.headers ?? {}) as Record<string, string | undefined>;
      const retryAfterSeconds = parseRetryAfter(headers["retry-after"], this.now());
      return { ok: false, outcome: { method: "POST", status, retryAfterSeconds, idempotent: true }, failure: err };
    }
    const parsed = TokenResponse.safeParse(res.data);
    if (!parsed.success) {
      throw new InputError(
        `the login service at ${this.options.loginBaseUrl} answered without a token; check the region or gateway`,
      );
    }
    this.current = { token: parsed.data.access_token, expiresAt: this.now() + parsed.data.expires_in * 1000 };
    return { ok: true, value: parsed.data.access_token };
  }

  /** Counts a login retry; a 429's wait of a second or more is told to the listener, as the pacer tells its own. */
  private countRetry(status: number | undefined, delayMs: number): void {
    const { accounting, onWait } = this.options;
    if (status === 429) accounting.rateLimited++;
    accounting.retries++;
    accounting.retryWaitMs += delayMs;
    if (status === 429 && delayMs >= WAIT_NOTICE_MS) onWait?.(delayMs, "retry-after");
  }
}

/** The OAuth error body's words, `error: description`, or "refused" when it has none. */
function rejectionReason(data: unknown): string {
  const body = OAuthError.safeParse(data);
  const reason = body.success
    ? `${body.data.error}: ${body.data.description ?? body.data.error_description ?? ""}`
    : "refused";
  return reason.replace(/: $/, "");
}
