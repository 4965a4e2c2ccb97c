/**
 * `cdktf deploy` framing (cdktf-cli 0.21; docs/log-formats.md, "cdktf deploy"): every chunk Terraform writes
 * becomes one entry, printed as `<stack>  <chunk, trimmed>`, its further lines indented by the stack name's width
 * plus two. Between entries the live status area is redrawn (spinners, `N Stacks deploying ...`), and in a pipe the
 * cursor codes that erase it stay in the text. Messages of the CLI's own logger carry a log4js prefix
 * (`[2026-12-02T12:59:25.794] [ERROR] default - `).
 */

/** `<stack>  <content>`: a stack name (a construct id) and the two-column margin. */
const STACK_LINE = /^([A-Za-z0-9][\w.-]*) {2}(\S.*)?$/;
/** Content that is Terraform's own, so the first line that shows a new `<name>  ` prefix can be trusted. */
const TERRAFORM_CONTENT = new RegExp(
  [
    "^[╷│╵]",
    "^(?:Error|Warning): ",
    "^Initializing ",
    "^Terraform ",
    "^(?:Plan|Changes to Outputs|Outputs):",
    "^No changes\\.",
    "^(?:Apply|Destroy) complete!",
    "^(?:Acquiring|Releasing) state lock",
    "^Successfully configured",
    "^- (?:Finding|Installing|Installed|Using|Reusing)",
    "^#|^[-+~] |^<= ",
    "^(?:data\\.|module\\.)?[A-Za-z_][\\w-]*\\.[A-Za-z_][\\w-]*(?: \\([^()]*\\))?(?:\\[[^\\]]*\\])*: ",
  ].join("|"),
);
/** The status area and the CLI's own framing lines: drawn between entries, never part of one. */
const UI_NOISE = [
  /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\s/, // spinners: "⠋  Synthesizing"
  /^\d+ Stacks? (?:deploying|destroying|planning|diffing)\s+\d+ Stacks? done\s+\d+ Stacks? waiting$/,
  /^Synthesizing(?:\.\.\.)?$/,
];
/** The CLI saying the run failed: `Invoking Terraform CLI failed with exit code 1`, `Error: non-zero exit code 1`. */
const CLI_FAILED = [
  /^Invoking Terraform CLI failed with exit code [1-9]\d*$/,
  /^Error: non-zero exit code [1-9]\d*$/,
  /^Error: Some stacks failed to (?:deploy|destroy)\b/,
  /^Error: (?:External|Usage|Internal) Error: /,
  /^ERROR: synthesis failed/,
];
/** A log4js line of cdktf's logger (colour already removed). */
const LOG4JS = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\] \[(?:TRACE|DEBUG|INFO|WARN|ERROR|FATAL|MARK)\] [\w.-]+ - /;
/** More distinct stack names than this and the log is not cdktf output; further names are not learned. */
const MAX_STACKS = 256;

export type CdktfLine =
  | { readonly kind: "content"; readonly text: string; readonly stack?: string }
  | { readonly kind: "noise" }
  | { readonly kind: "failed"; readonly text: string };

/** Reads cdktf's framing line by line (visible text: ANSI codes already removed). */
export class CdktfFraming {
  private readonly known = new Set<string>();
  private last: string | undefined;
  /** The logger's prefix was seen. */
  logger = false;

  get stacks(): readonly string[] {
    return [...this.known];
  }

  read(line: string): CdktfLine {
    let s = line;
    const log4js = LOG4JS.exec(s);
    if (log4js !== null) {
      this.logger = true;
      this.last = undefined;
      s = s.slice(log4js[0].length);
    }
    const trimmed = s.trim();
    if (UI_NOISE.some((r) => r.test(trimmed))) return { kind: "noise" };
    if (CLI_FAILED.some((r) => r.test(trimmed))) {
      this.last = undefined;
      return { kind: "failed", text: trimmed };
    }
    const m = STACK_LINE.exec(s);
    if (m !== null) {
      const [, name = "", content = ""] = m;
      if (this.known.has(name) || (this.known.size < MAX_STACKS && TERRAFORM_CONTENT.test(content))) {
        this.known.add(name);
        this.last = name;
        return { kind: "content", text: content, stack: name };
      }
    }
    if (this.known.has(trimmed) && trimmed === s.trimEnd()) {
      // An entry whose chunk was only whitespace: the prefix alone.
      this.last = trimmed;
      return { kind: "content", text: "", stack: trimmed };
    }
    const last = this.last;
    if (last !== undefined) {
      if (trimmed === "") return { kind: "content", text: "", stack: last };
      const width = last.length + 2;
      if (s.length > width && s.slice(0, width).trim() === "")
        return { kind: "content", text: s.slice(width), stack: last };
      this.last = undefined;
    }
    return { kind: "content", text: s };
  }
}
