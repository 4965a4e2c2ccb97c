/**
 * Masking for anything the resolver echoes from an apply log. A `TF_LOG=DEBUG` log carries request dumps with the
 * OAuth exchange (client credentials go out as `Authorization: Basic`, docs/provider-errors.md, "Login") and bearer
 * tokens.
 */
import { REDACTED, redact } from "../genesys/config";

/** Each pattern keeps its capture groups and replaces the rest of the match with `[REDACTED]`. */
const PATTERNS: readonly RegExp[] = [
  // Authorization: Bearer x / "Authorization":"Basic x" / Authorization: [Bearer x] (Go's header dumps).
  /(authorization["']?\s*[:=]\s*["']?\[?\s*(?:bearer|basic)\s+)[^\s"'\],;]+/gi,
  // A bare bearer token that looks like one (a JWT has dots); leaves prose such as "bearer token specified" alone.
  /(\bbearer\s+)(?:[\w~+/-]+\.[\w.~+/-]+=*|[\w~+/-]{20,}=*)/gi,
  // Form and query parameters: grant bodies, redirect URLs.
  /(\b(?:access_token|refresh_token|id_token|client_secret|password)=)[^\s&"',;]+/gi,
  // The same keys as JSON members.
  /("(?:access_token|refresh_token|id_token|client_secret|password)"\s*:\s*")(?:[^"\\]|\\.)*(?=")/gi,
  // Environment assignments: GENESYSCLOUD_OAUTHCLIENT_SECRET=…, GENESYSCLOUD_ACCESS_TOKEN=…, GITHUB_TOKEN=….
  /(\b[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD)[A-Z0-9_]*=)\S+/g,
];

/**
 * `line` with every given secret and every credential-shaped value masked as `[REDACTED]`: `Authorization:
 * Bearer|Basic …`, JWT-like bearer tokens, `access_token=`, `client_secret=` (also as JSON members) and
 * `*_SECRET=` / `*_TOKEN=` environment assignments.
 */
export function redactLine(line: string, secrets: readonly string[]): string {
  let out = redact(line, secrets);
  for (const pattern of PATTERNS) out = out.replace(pattern, (_match, keep: string) => keep + REDACTED);
  return out;
}

/** `value` with `redactLine` applied to every string in it, at any depth. */
export function redactDeep<T>(value: T, secrets: readonly string[]): T {
  return walk(value, secrets) as T;
}

function walk(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === "string") return redactLine(value, secrets);
  if (Array.isArray(value)) return value.map((v) => walk(v, secrets));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, secrets)]));
  }
  return value;
}
