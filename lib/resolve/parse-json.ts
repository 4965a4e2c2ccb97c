/**
 * `terraform apply -json` lines (Terraform's machine-readable UI, docs/log-formats.md "Terraform -json"): error
 * diagnostics, and the hooks that say which resource an apply started, finished or failed. A line cut off mid-way
 * (a killed process, a log viewer's line limit) is salvaged from the text it still has.
 */
import type { RawDiagnostic } from "./parse-model";

/** What a resource hook reports. `id` is the object's id when Terraform knew it (updates, deletes). */
export interface HookEvent {
  readonly kind: "start" | "complete" | "errored";
  readonly address: string;
  readonly action?: string;
  readonly id?: string;
}

export type JsonLine =
  | { readonly kind: "not-json" }
  | { readonly kind: "other" }
  | { readonly kind: "diagnostic"; readonly diagnostic: Omit<RawDiagnostic, "line">; readonly salvaged: boolean }
  | { readonly kind: "hook"; readonly hook: HookEvent }
  | { readonly kind: "summary"; readonly operation: string }
  | { readonly kind: "unreadable"; readonly error: boolean };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

const str = (x: unknown): string | undefined => (typeof x === "string" && x !== "" ? x : undefined);

/** Reads one line that starts with `{`. */
export function readJsonLine(content: string): JsonLine {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return salvage(content);
  }
  if (!isRecord(json) || typeof json["@message"] !== "string" || typeof json.type !== "string") {
    return { kind: "not-json" };
  }
  switch (json.type) {
    case "diagnostic":
      return diagnosticOf(json.diagnostic);
    case "apply_start":
    case "apply_complete":
    case "apply_errored":
      return hookOf(json.type, json.hook);
    case "change_summary": {
      const changes = isRecord(json.changes) ? json.changes : {};
      return { kind: "summary", operation: str(changes.operation) ?? "apply" };
    }
    default:
      return { kind: "other" };
  }
}

function diagnosticOf(diagnostic: unknown): JsonLine {
  if (!isRecord(diagnostic) || diagnostic.severity !== "error") return { kind: "other" };
  const summary = str(diagnostic.summary);
  if (summary === undefined) return { kind: "unreadable", error: true };
  return {
    kind: "diagnostic",
    salvaged: false,
    diagnostic: parts(summary, str(diagnostic.detail), str(diagnostic.address)),
  };
}

function parts(summary: string, detail: string | undefined, address: string | undefined): Omit<RawDiagnostic, "line"> {
  const provider = address !== undefined && /(^|\.)provider\[/.test(address) ? address : undefined;
  return {
    ...(address !== undefined && provider === undefined ? { address } : {}),
    ...(provider === undefined ? {} : { provider: providerSource(provider) }),
    summaryLines: summary.split("\n"),
    detailLines: detail === undefined ? [] : detail.split("\n"),
  };
}

/** `provider["registry.terraform.io/x/y"].alias` to `registry.terraform.io/x/y`. */
function providerSource(address: string): string {
  return /provider\["((?:[^"\\]|\\.)*)"\]/.exec(address)?.[1] ?? address;
}

function hookOf(type: string, hook: unknown): JsonLine {
  if (!isRecord(hook) || !isRecord(hook.resource) || typeof hook.resource.addr !== "string") return { kind: "other" };
  const kind = type === "apply_start" ? "start" : type === "apply_complete" ? "complete" : "errored";
  const action = str(hook.action);
  const id = str(hook.id_value);
  return {
    kind: "hook",
    hook: { kind, address: hook.resource.addr, ...(action ? { action } : {}), ...(id ? { id } : {}) },
  };
}

/** A JSON string value starting just after its opening quote: the decoded text and whether it closed. */
function partialString(text: string, from: number): { value: string; complete: boolean } {
  let out = "";
  for (let i = from; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '"') return { value: out, complete: true };
    if (c !== "\\") {
      out += c;
      continue;
    }
    const n = text.charAt(i + 1);
    const simple: Record<string, string> = {
      n: "\n",
      t: "\t",
      r: "\r",
      b: "\b",
      f: "\f",
      "/": "/",
      '"': '"',
      "\\": "\\",
    };
    if (n in simple) {
      out += simple[n];
      i++;
    } else if (n === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 5;
    } else break;
  }
  return { value: out, complete: false };
}

function field(text: string, key: string): { value: string; complete: boolean } | undefined {
  const m = new RegExp(`"${key.replace(/[@]/g, "\\$&")}"\\s*:\\s*"`).exec(text);
  return m === null ? undefined : partialString(text, m.index + m[0].length);
}

/**
 * A line that starts like a Terraform UI message but does not parse: cut off. If it is an error diagnostic
 * (`"@level":"error"`), what it still holds becomes the diagnostic: the summary (or the `@message` text), the
 * detail as far as it goes, the address if it survived.
 */
function salvage(content: string): JsonLine {
  if (!/^\{\s*"@level"\s*:/.test(content)) return { kind: "not-json" };
  if (!/^\{\s*"@level"\s*:\s*"error"/.test(content)) return { kind: "unreadable", error: false };
  const summary = field(content, "summary");
  const message = field(content, "@message");
  const text = summary?.value ?? message?.value.replace(/^Error: /, "");
  if (text === undefined || text.trim() === "") return { kind: "unreadable", error: true };
  const detail = field(content, "detail");
  const address = field(content, "address");
  return {
    kind: "diagnostic",
    salvaged: true,
    diagnostic: parts(text, detail?.value, address?.complete === true ? address.value : undefined),
  };
}
