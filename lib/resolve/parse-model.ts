import type { LogShape } from "../logs/normalize";

/**
 * What `parseApplyLog` returns: one `Failure` per error diagnostic in a `terraform apply` / `cdktf deploy` log.
 * The types are re-exported from `./parse`; this file exists so the parser's helpers can share them without a cycle.
 */

/**
 * The provider's detail JSON (docs/provider-errors.md, `BuildAPIDiagnosticError`), keys in the provider's order,
 * each absent when the provider left it out. `resourceType` is also read from the pre-1.54 key `resourceName`.
 */
export interface ProviderErrorDetail {
  readonly resourceType?: string;
  readonly method?: string;
  /** `URL.Path`, without the query string. */
  readonly path?: string;
  readonly statusCode?: number;
  /** The SDK error string: `API Error: <status> - <message> (<correlation id>)`. */
  readonly errorMessage?: string;
  /** The API's `messageParams` (provider v1.65+). */
  readonly errorMessageContext?: unknown;
  /** The API's `details` (provider v1.65+). */
  readonly errorMessageDetails?: unknown;
  readonly correlationId?: string;
}

/** One error diagnostic from the log. */
export interface Failure {
  /**
   * Terraform address, e.g. `genesyscloud_auth_division.sales`: `diagnostic.address`, or the human
   * "with <address>," line.
   */
  readonly address?: string;
  /** `cdktf deploy` only: the stack name that prefixed the diagnostic's lines. */
  readonly stack?: string;
  /** cdktf's construct path, when cdktf appended it to the address in the log. */
  readonly constructPath?: string;
  /** For a diagnostic about a provider configuration (a rejected login): the provider's source address. */
  readonly provider?: string;
  /** `<type>.<name>` of the configuration block the diagnostic points at, when it names no address (Terraform 0.12). */
  readonly configAddress?: string;
  /** The `-json` line was cut off; this is what its remaining text held. */
  readonly salvaged?: boolean;
  /**
   * The diagnostic summary, up to any embedded JSON. The retry wrapper `Exhausted retries. Last error: [{0 <summary>
   * <json> []}]` is shortened to `Exhausted retries. Last error: <summary>`.
   */
  readonly summary: string;
  /** The provider's detail JSON, from the diagnostic's detail, else from its summary (retry paths). */
  readonly detail?: ProviderErrorDetail;
  /** `detail.statusCode`, else the status in the SDK text `API Error: <status> - …`. */
  readonly status?: number;
  /** The Genesys message from the SDK text, without the correlation id. */
  readonly apiMessage?: string;
  readonly correlationId?: string;
  /** 1-based line of the diagnostic's `Error:` line (for `-json`, its JSON line). */
  readonly source: { readonly line: number };
}

/** What the log says Terraform did to one resource, from progress lines or `-json` hooks. */
export interface ResourceActivity {
  /** The resource's address, in Terraform's spelling. */
  readonly address: string;
  /** The action of the last start seen: `create`, `update`, `delete`, `read`, `import`, `refresh`. */
  readonly action?: string;
  /** The object's id, when a line showed it (`Destroying... [id=…]`, a hook's `id_value`). */
  readonly id?: string;
  readonly started: boolean;
  readonly completed: boolean;
  /** A `-json` `apply_errored` hook named it. */
  readonly errored: boolean;
  readonly stack?: string;
  /** First line that mentions it. */
  readonly line: number;
}

export interface ParseResult {
  /** In log order. */
  readonly failures: readonly Failure[];
  /**
   * What the log is: `cdktf` when any line carried a stack prefix, else `json` when any line was a Terraform JSON
   * message, else `human` when any line was Terraform's human output, else `unknown` (readable text, but nothing
   * Terraform or cdktf prints).
   */
  readonly format: "json" | "human" | "cdktf" | "unknown";
  /** Lines that could not be read: broken or foreign JSON, binary garbage. */
  readonly skippedLines: number;
  /** Resources the log shows activity for, one entry per stack and address, in order of first mention. */
  readonly activity: readonly ResourceActivity[];
  /** An apply (or destroy) started: a plan was applied, resources were being changed. */
  readonly applyStarted: boolean;
  /** The log shows the apply's end: `Apply complete!` / `Destroy complete!`, or `-json`'s change summary. */
  readonly applyFinished: boolean;
  /**
   * The log shows how its last Terraform run ended: an apply's or destroy's summary, `No changes.`, a plan's
   * `Plan: N to add, …` line, `Apply cancelled.`, or `-json`'s change summary of any operation; in a cdktf log, every stack's run. Without it a log
   * with no error cannot be told from one cut before its errors (docs/log-formats.md, "Cut lines").
   */
  readonly runEnded: boolean;
  /** Error lines gcguard could not read as a diagnostic (a cut-off `-json` error with no text left). */
  readonly unreadableErrors: readonly { readonly line: number; readonly text: string }[];
  /**
   * The log's last line is a `-json` message that does not parse (docs/log-formats.md, "Cut lines"): the log was
   * cut there, so how the run ended is not in it. Its line number.
   */
  readonly cutAt?: number;
  /** The CI and cdktf framing found around the Terraform output. */
  readonly shape: LogShape;
  /**
   * For a log read as `unknown`: the first line where Terraform's output follows a prefix gcguard does not know
   * (a CI runner's own framing), and that prefix, so the refusal can say what to strip.
   */
  readonly embedded?: { readonly line: number; readonly prefix: string };
}

export interface ParseOptions {
  /** Strings to mask (as `[redacted]`) in every string of the returned failures, on top of the built-in patterns. */
  readonly secrets?: readonly string[];
}

/**
 * A diagnostic as read from the log, before its text is interpreted. Human output keeps its wrapped lines, since
 * how to re-join them depends on where in the JSON each break falls.
 */
export interface RawDiagnostic {
  readonly line: number;
  readonly stack?: string;
  /** The resource address the diagnostic names (`with …,` or the `-json` address), in Terraform's spelling. */
  readonly address?: string;
  /** cdktf's construct path, when cdktf appended it to the address. */
  readonly constructPath?: string;
  /** The provider's source address, for a diagnostic about a provider configuration (e.g. a rejected login). */
  readonly provider?: string;
  /** `<type>.<name>` of the configuration block (`on …, in resource "<type>" "<name>":`): no module, no key. */
  readonly configAddress?: string;
  /** The summary, one entry per line (retry paths embed `\n<json>\n` in it). */
  readonly summaryLines: readonly string[];
  /** The detail, one entry per printed line (human output wraps it at the terminal width). */
  readonly detailLines: readonly string[];
}
