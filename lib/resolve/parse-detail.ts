/**
 * From a diagnostic's summary and detail text to a `Failure`: find the provider's detail JSON (re-joining lines that
 * human output wrapped), read it with zod, and fall back to the SDK error text for status, message and correlation id.
 */
import { z } from "zod";

import type { Failure, ProviderErrorDetail, RawDiagnostic } from "./parse-model";
import { redactDeep } from "../redact";

/** The detail JSON's first key: `resourceType` since v1.54.0, `resourceName` before (docs/provider-errors.md). */
const DETAIL_START = /\{"resource(?:Type|Name)":/;

/** The SDK error string (docs/provider-errors.md). */
const API_ERROR = /API Error: (\d{3}) - (.*) \(([^)]*)\)/;

/** `RetryWhen`'s error once its attempts run out: a Go `%v` of the diagnostics (docs/provider-errors.md). */
const RETRY_WRAPPER = /^(Exhausted retries\. Last error:) \[\{\d+ ([\s\S]*?)(?:\s*\[\]\}\])?$/;

/** Values that never contain spaces: a line break inside one was a hard wrap, never Terraform's word wrap. */
const TOKEN_KEYS: ReadonlySet<string> = new Set([
  "resourceType",
  "resourceName",
  "method",
  "path",
  "statusCode",
  "correlationId",
]);

const text = z.string().optional().catch(undefined);

/** The detail JSON as the provider writes it; a field of the wrong type is dropped, not the whole detail. */
const DetailJson = z.object({
  resourceType: text,
  resourceName: text,
  method: text,
  path: text,
  statusCode: z.number().int().optional().catch(undefined),
  errorMessage: text,
  errorMessageContext: z.unknown().optional(),
  errorMessageDetails: z.unknown().optional(),
  correlationId: text,
});

/** Lines joined without separators (trailing blanks dropped), plus the offsets where each later line began. */
interface Joined {
  readonly lines: readonly string[];
  readonly text: string;
  readonly breaks: ReadonlySet<number>;
}

/**
 * How to re-join a line break inside the JSON. `context`: Terraform word-wraps at spaces, so a break inside free
 * text stands for a space; a break anywhere else (between tokens, inside a key, a path, a number) adds nothing.
 * `space` and `none` are the blunt alternatives, tried in that order when `context` does not parse.
 */
type JoinMode = "context" | "space" | "none";

function join(raw: readonly string[]): Joined {
  const lines = raw.map((l) => l.trimEnd());
  const breaks = new Set<number>();
  let length = 0;
  lines.forEach((line, i) => {
    if (i > 0) breaks.add(length);
    length += line.length;
  });
  return { lines, text: lines.join(""), breaks };
}

/** The JSON object starting at `start`, with line breaks re-joined per `mode`; undefined if it never closes. */
function readObject({ text: s, breaks }: Joined, start: number, mode: JoinMode): string | undefined {
  let out = "";
  const containers: string[] = [];
  let inString = false;
  let escaped = false;
  let stringIsKey = false;
  let stringIsToken = false;
  let expectKey = false;
  let key = "";
  let lastKey = "";
  for (let i = start; i < s.length; i++) {
    if (i > start && breaks.has(i)) {
      const freeText = inString && !escaped && !stringIsKey && !stringIsToken;
      if (mode === "space" || (mode === "context" && freeText)) out += " ";
    }
    const c = s.charAt(i);
    out += c;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') {
        inString = false;
        if (stringIsKey) lastKey = key;
      } else if (stringIsKey) key += c;
      continue;
    }
    if (c === '"') {
      inString = true;
      stringIsKey = expectKey;
      stringIsToken = !expectKey && TOKEN_KEYS.has(lastKey);
      key = "";
    } else if (c === "{" || c === "[") {
      containers.push(c);
      expectKey = c === "{";
    } else if (c === ":") expectKey = false;
    else if (c === ",") expectKey = containers.at(-1) === "{";
    else if (c === "}" || c === "]") {
      containers.pop();
      if (containers.length === 0) return out;
      expectKey = false;
    }
  }
  return undefined;
}

/** The detail JSON read as the public shape: `resourceName` becomes `resourceType`; absent keys stay absent. */
function toDetail(raw: string): ProviderErrorDetail | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const parsed = DetailJson.safeParse(json);
  if (!parsed.success) return undefined;
  const d = parsed.data;
  return defined<ProviderErrorDetail>({
    resourceType: d.resourceType ?? d.resourceName,
    method: d.method,
    path: d.path,
    statusCode: d.statusCode,
    errorMessage: d.errorMessage,
    errorMessageContext: d.errorMessageContext,
    errorMessageDetails: d.errorMessageDetails,
    correlationId: d.correlationId,
  });
}

/** What a text holds: the prose before the detail JSON (its lines joined with spaces) and the detail, if any. */
export function findDetail(lines: readonly string[]): { prose: string; detail?: ProviderErrorDetail } {
  const joined = join(lines);
  const match = DETAIL_START.exec(joined.text);
  const prose = proseBefore(joined, match?.index ?? joined.text.length);
  if (match === null) return { prose };
  const modes = foldedAtFixedWidth(lines, match.index) ? FOLDED : WORD_WRAPPED;
  for (const mode of modes) {
    const raw = readObject(joined, match.index, mode);
    if (raw === undefined) break; // never closes (truncated): no join mode changes that
    const detail = toDetail(raw);
    if (detail !== undefined) return { prose, detail };
  }
  return { prose };
}

const WORD_WRAPPED: readonly JoinMode[] = ["context", "space", "none"];
const FOLDED: readonly JoinMode[] = ["none", "context", "space"];

/**
 * Whether the lines from the JSON's first on were cut at one fixed column (a CI log viewer, `fold`) rather than
 * word-wrapped: then a break inside free text stands for nothing. Terraform's word wrap leaves lines of uneven length.
 */
function foldedAtFixedWidth(lines: readonly string[], jsonStart: number): boolean {
  let offset = 0;
  let first = 0;
  while (first < lines.length - 1 && offset + (lines[first] ?? "").trimEnd().length <= jsonStart) {
    offset += (lines[first] ?? "").trimEnd().length;
    first++;
  }
  const cut = lines.slice(first, -1).map((l) => l.length);
  return cut.length >= 2 && cut.every((n) => n === cut[0]);
}

function proseBefore({ lines }: Joined, end: number): string {
  const parts: string[] = [];
  let offset = 0;
  for (const line of lines) {
    if (offset >= end) break;
    parts.push(line.slice(0, end - offset));
    offset += line.length;
  }
  return parts.join(" ").trim();
}

/** `Exhausted retries. Last error: [{0 <summary> []}]` → `Exhausted retries. Last error: <summary>`. */
function unwrapRetries(summary: string): string {
  const m = RETRY_WRAPPER.exec(summary);
  return m === null ? summary : `${m[1]} ${(m[2] ?? "").trim()}`;
}

/** The SDK text cut off before its correlation id closed (a truncated `-json` line): status and message only. */
const API_ERROR_CUT = /API Error: (\d{3}) - (.*?)(?: \([0-9a-f-]*)?$/;

function apiError(s: string | undefined): { status: number; message: string; correlationId?: string } | undefined {
  if (s === undefined) return undefined;
  const m = API_ERROR.exec(s);
  if (m === null) {
    const cut = API_ERROR_CUT.exec(s);
    return cut === null ? undefined : { status: Number(cut[1]), message: cut[2] ?? "" };
  }
  const correlationId = (m[3] ?? "").trim();
  return { status: Number(m[1]), message: m[2] ?? "", ...(correlationId === "" ? {} : { correlationId }) };
}

/** The failure a diagnostic describes, every string in it passed through `redactText` (lib/redact.ts). */
export function toFailure(raw: RawDiagnostic, secrets: readonly string[]): Failure {
  const inSummary = findDetail(raw.summaryLines);
  const detail = (raw.detailLines.length > 0 ? findDetail(raw.detailLines).detail : undefined) ?? inSummary.detail;
  const summary = unwrapRetries(inSummary.prose);
  const api = apiError(detail?.errorMessage) ?? apiError(summary);
  const failure: Failure = defined({
    address: raw.address,
    stack: raw.stack,
    constructPath: raw.constructPath,
    provider: raw.provider,
    configAddress: raw.configAddress,
    summary,
    detail,
    status: detail?.statusCode ?? api?.status,
    apiMessage: api?.message,
    correlationId: detail?.correlationId ?? api?.correlationId,
    source: { line: raw.line },
  });
  return redactDeep(failure, secrets);
}

/** `o` without its undefined members, so results compare equal to literals that leave them out. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
