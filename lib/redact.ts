/**
 * The one redaction pass over everything gcguard prints or writes: the command io's stdout and stderr
 * (scripts/command-io.ts), the Genesys client's debug log (lib/genesys/client.ts), the reports and adoption files the
 * commands write, and every line `resolve` echoes from an apply log. A `TF_LOG=DEBUG` log carries request dumps with
 * the OAuth exchange (client credentials go out as `Authorization: Basic`, docs/provider-errors.md, "Login") and
 * bearer tokens in headers, URL queries and token bodies; a CI log may carry an environment dump.
 *
 * Two layers, both replacing with `[redacted]`:
 * - patterns: credential-shaped text whatever its value (`Authorization: Bearer …`, `?access_token=…`,
 *   `"client_secret": "…"`, `GENESYSCLOUD_OAUTHCLIENT_SECRET=…`);
 * - literals: the values of the running process's credential variables (`secretValues`, the client id included),
 *   wherever they appear, so a secret pasted into another setting, or echoed by a server, is caught too. Values
 *   shorter than 8 characters are not treated as literals: a test dummy like "t" would garble every word it occurs
 *   in, and real secrets and tokens are far longer.
 *
 * A leaf module: it imports nothing of gcguard, so every printing or writing module can use it without a cycle.
 */

/** What replaces a secret in anything printed or written: short, and the same everywhere. */
export const REDACTED = "[redacted]";

/** Values shorter than this are not redacted as literals (see above). */
export const MIN_LITERAL_LENGTH = 8;

/**
 * The credential variables, whose values are redacted as literals: the provider's (lib/genesys/config.ts
 * CONNECTION_ENV), the SDK aliases (CONNECTION_ENV_ALIASES), their per-stack `GCGUARD_<STACK>_` overrides
 * (lib/preflight/credentials.ts), and the IdP delta token's default variable (lib/scim/defaults.ts). The client id
 * is one of them: with the id and secret variables swapped (a common slip) the id variable holds the secret, and
 * nothing in the two values tells which is which.
 */
const CREDENTIAL_VARIABLE =
  /^(?:(?:GCGUARD_[A-Z0-9_]+_)?(?:GENESYSCLOUD_(?:OAUTHCLIENT_ID|OAUTHCLIENT_SECRET|ACCESS_TOKEN)|PURECLOUD_(?:CLIENT_ID|CLIENT_SECRET|ACCESS_TOKEN))|GCGUARD_IDP_TOKEN)$/;

/** Keys whose values are credentials, in form bodies, URL queries and JSON. */
const KEYS = "access_token|refresh_token|id_token|client_secret|password|token";

/** After a JSON key: the colon and the opening quote (kept), then the string's contents up to its closing quote. */
const JSON_STRING_VALUE = String.raw`\s*:\s*")(?:[^"\\]|\\.)*(?=")`;

/**
 * A value that is a placeholder, not a secret: `<its secret>`, `$VAR`, `${{ secrets.X }}`, `...`, or a mask
 * already applied (`***` as CI runners print them, `[redacted]`). Help texts and banners show these.
 */
const NOT_PLACEHOLDER = String.raw`(?![<$\[]|\.\.\.|\*\*\*)`;

/** Each pattern keeps its first capture group and replaces the rest of the match. */
const PATTERNS: readonly RegExp[] = [
  // Authorization: Bearer x / "Authorization":"Basic x" / Authorization: [Bearer x] (Go's header dumps). Not a
  // placeholder, so that a second pass leaves `Bearer [redacted]` as it is (rehearse redacts what resolve redacted).
  new RegExp(
    String.raw`(authorization["']?\s*[:=]\s*["']?\[?\s*(?:bearer|basic)\s+)${NOT_PLACEHOLDER}[^\s"'\],;]+`,
    "gi",
  ),
  // A bare bearer token that looks like one (a JWT has dots); leaves prose such as "bearer token specified" alone.
  /(\bbearer\s+)(?:[\w~+/-]+\.[\w.~+/-]+=*|[\w~+/-]{20,}=*)/gi,
  // Form bodies and URL queries: grant bodies, `?access_token=`, `&token=`.
  new RegExp(`(\\b(?:${KEYS})=)${NOT_PLACEHOLDER}[^\\s&"',;]+`, "gi"),
  // The same keys as JSON members.
  new RegExp(`("(?:${KEYS})"${JSON_STRING_VALUE}`, "gi"),
  // The same members in a JSON body quoted inside a log line: {\"access_token\":\"…\"}.
  new RegExp(String.raw`(\\"(?:${KEYS})\\"\s*:\s*\\")[^"\\]*`, "gi"),
  // A JSON member named like a secret variable: an environment dumped as JSON.
  new RegExp(`("[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD)[A-Z0-9_]*"${JSON_STRING_VALUE}`, "g"),
  // Environment assignments: GENESYSCLOUD_OAUTHCLIENT_SECRET=…, GENESYSCLOUD_ACCESS_TOKEN=…, GITHUB_TOKEN=….
  new RegExp(`(\\b[A-Z0-9_]*(?:SECRET|TOKEN|PASSWORD)[A-Z0-9_]*=)${NOT_PLACEHOLDER}\\S+`, "g"),
];

/** The values of the credential variables in `env` that are long enough to redact as literals. */
export function secretValues(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name]) => CREDENTIAL_VARIABLE.test(name))
    .flatMap(([, value]) => (typeof value === "string" && value.length >= MIN_LITERAL_LENGTH ? [value] : []));
}

/** `text` with every occurrence of each given value replaced; longest first, empty ones ignored. */
export function redactLiterals(text: string, literals: readonly string[]): string {
  const unique = [...new Set(literals.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  return unique.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out), text);
}

/** `text` with the given literals and every credential-shaped value replaced by `[redacted]`. */
export function redactText(text: string, literals: readonly string[] = []): string {
  let out = redactLiterals(text, literals);
  for (const pattern of PATTERNS) out = out.replace(pattern, (_match, keep: string) => keep + REDACTED);
  return out;
}

/** `value` with `redactText` applied to every string in it, at any depth. */
export function redactDeep<T>(value: T, literals: readonly string[] = []): T {
  return walk(value, literals) as T;
}

function walk(value: unknown, literals: readonly string[]): unknown {
  if (typeof value === "string") return redactText(value, literals);
  if (Array.isArray(value)) return value.map((v) => walk(v, literals));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, literals)]));
  }
  return value;
}

/**
 * JSON text with every string in it redacted, so that it stays valid JSON for whoever reads it next: a document
 * (`terraform show -json`) or JSON lines (`terraform apply -json`), where a line that is not JSON gets
 * `redactText`. `redactText` on the raw text could not promise that: an environment assignment's value runs to the
 * next space, through the closing quote of a compact document. A document or line with nothing to redact is kept
 * byte for byte; one with something is written again by JSON.stringify.
 */
export function redactJsonText(text: string, literals: readonly string[] = []): string {
  const whole = redactJsonValue(text, literals);
  if (whole !== undefined) return whole;
  return text
    .split("\n")
    .map((line) => redactJsonValue(line, literals) ?? redactText(line, literals))
    .join("\n");
}

/** `text` as one JSON value with its strings redacted, its trailing newline kept; undefined when it is not JSON. */
function redactJsonValue(text: string, literals: readonly string[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const before = JSON.stringify(value);
  const after = JSON.stringify(redactDeep(value, literals));
  if (after === before) return text;
  return text.endsWith("\n") ? `${after}\n` : after;
}

/** A function that redacts text for a process with `env`: the patterns, and its credential values as literals. */
export type Redactor = (text: string) => string;

export function redactorFor(env: NodeJS.ProcessEnv): Redactor {
  const literals = secretValues(env);
  return (text) => redactText(text, literals);
}
