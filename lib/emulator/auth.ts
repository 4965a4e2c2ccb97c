/**
 * OAuth client credentials (docs/genesys-api.md §1): POST /oauth/token with Basic auth and a form body; bearer
 * tokens on every /api/v2 call; permissions and permitted divisions per client.
 */
import { randomBytes } from "node:crypto";

import { ApiError, missingAnyPermissions, missingPermissions } from "./errors";
import type { SeedClient } from "./seed";

export interface TokenRecord {
  readonly clientId: string;
  readonly expiresAt: number;
}

export class TokenTable {
  private readonly tokens = new Map<string, TokenRecord>();

  issue(clientId: string, lifetimeSeconds: number, now = Date.now()): string {
    const token = randomBytes(32).toString("base64url");
    this.tokens.set(token, { clientId, expiresAt: now + lifetimeSeconds * 1000 });
    return token;
  }

  /** Revokes every token, or only those of one client. Returns how many were revoked. */
  revoke(clientId?: string): number {
    let n = 0;
    for (const [token, record] of this.tokens) {
      if (clientId === undefined || record.clientId === clientId) {
        this.tokens.delete(token);
        n++;
      }
    }
    return n;
  }

  lookup(token: string): TokenRecord | undefined {
    return this.tokens.get(token);
  }
}

/** The OAuth error body real logins return (§1.3 [O]). */
export function oauthError(error: string, description: string): Record<string, string> {
  return { error, description, error_description: description };
}

/** Decodes `Authorization: Basic base64(id:secret)`. */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? "");
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/** Resolves a bearer token to its client, or throws the 401 Genesys gives (§1.3, swagger error codes). */
export function authenticate(
  header: string | undefined,
  tokens: TokenTable,
  clients: ReadonlyMap<string, SeedClient>,
  now = Date.now(),
): SeedClient {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (!match?.[1]) {
    throw new ApiError(
      401,
      "authentication.required",
      "No authentication bearer token specified in authorization header.",
    );
  }
  const record = tokens.lookup(match[1]);
  const client = record && clients.get(record.clientId);
  if (!record || !client) throw new ApiError(401, "bad.credentials", "Invalid login credentials.");
  if (record.expiresAt <= now) {
    throw new ApiError(401, "credentials.expired", "The supplied credentials are expired and cannot be used.");
  }
  return client;
}

/** Whether a granted permission (possibly with `*` segments, as Genesys roles allow) covers a required one. */
function grants(granted: string, required: string): boolean {
  if (granted === "*") return true;
  const g = granted.split(":");
  const r = required.split(":");
  return g.length === r.length && g.every((part, i) => part === "*" || part === r[i]);
}

export function hasPermission(client: SeedClient, permission: string): boolean {
  return client.permissions === "*" || client.permissions.some((p) => grants(p, permission));
}

/** Throws 403 `missing.permissions` naming every permission the client lacks. */
export function requirePermissions(client: SeedClient, permissions: readonly string[]): void {
  const missing = permissions.filter((p) => !hasPermission(client, p));
  if (missing.length > 0) throw missingPermissions(missing);
}

/** Throws 403 `missing.any.permissions` naming the permissions when the client has none of them. */
export function requireAnyPermission(client: SeedClient, permissions: readonly string[]): void {
  if (!permissions.some((p) => hasPermission(client, p))) throw missingAnyPermissions(permissions);
}

export function canSeeDivision(client: SeedClient, divisionId: string): boolean {
  return client.divisions === "*" || client.divisions.includes(divisionId);
}
