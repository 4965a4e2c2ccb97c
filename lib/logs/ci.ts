/**
 * CI runner framing: what GitHub Actions, Azure Pipelines, GitLab CI, Jenkins and Buildkite put around each line a
 * job prints, recognised and taken off so the Terraform output underneath reads as it did on the terminal. The
 * rules and their sources are in docs/log-formats.md ("CI runners").
 */

export type CiRunner = "github-actions" | "azure-pipelines" | "gitlab" | "jenkins" | "buildkite" | "gh-cli";

/** GitHub Actions and Azure Pipelines: .NET round-trip UTC time (7 fractional digits), `Z`, one space. */
const DOTNET_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z(?: |$)/;
/** GitLab runner (FF_TIMESTAMPS): 6 fractional digits, `Z`, space, stream id (2 hex), `O`/`E`, then ` ` or `+`. */
const GITLAB_STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z [0-9a-f]{2}[OE]([ +])/;
/** Jenkins Timestamper (pipelines): `[2024-01-15T10:20:30.123Z] `. */
const JENKINS_STAMP = /^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\] ?/;
/** Jenkins' web view, copied from a browser: `21:51:15  ` (a heuristic; only used once the whole log shows it). */
const CLOCK_STAMP = /^\d\d:\d\d:\d\d(?:\.\d{1,3})? {1,2}/;
/** `gh run view --log`: `<job>\t<step>\t` before each raw line. */
const GH_CLI = /^[^\t\n]*\t[^\t\n]*\t(?=\ufeff?\d{4}-\d\d-\d\dT)/;
/** GitLab collapsible-section markers, runner-written or user-written (with a leading ESC[0K), any number per line. */
const GITLAB_SECTION =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[0K)?section_(?:start|end):\d+:[A-Za-z0-9_.-]+(?:\[[^\]\r\n]*\])?(?:\r\u001b\[0K|\r)?/g;
/** GitHub / Azure formatting tags at the start of a line. */
const TAG =
  /^##\[(group|endgroup|section|command|error|warning|notice|debug|start-action[^\]]*|end-action[^\]]*)\](.*)$/;

/** Lines that say the CI job or step failed, whatever the log above them shows (docs/log-formats.md). */
const RUN_FAILED: readonly RegExp[] = [
  /^Process completed with exit code [1-9]\d*\.$/, // GitHub, ##[error]
  /^Bash exited with code '[1-9]\d*'\.$/, // Azure, ##[error]
  /^(?:PowerShell|Cmd|Script) (?:exited|failed) with (?:exit )?code '?[1-9]\d*'?\.?$/, // Azure, ##[error]
  /^Terraform command '\w+' failed with exit code '[1-9]\d*'\.$/, // Azure TerraformTask, ##[error]
  /^Terraform exited with code [1-9]\d*\.$/, // hashicorp/setup-terraform wrapper, ##[error]
  /^ERROR: Job failed\b/, // GitLab
  /^ERROR: script returned exit code [1-9]\d*$/, // Jenkins
  /^Finished: (?:FAILURE|UNSTABLE|ABORTED)$/, // Jenkins
];

/** What the framing of one line said. */
export interface Unframed {
  /** The line's own content. */
  readonly text: string;
  /** The line is CI bookkeeping (a group title, a command echo), not output of the job's tools. */
  readonly bookkeeping: boolean;
  /** GitLab's `+` flag: this entry continues the previous line. */
  readonly continues: boolean;
  /** The runner whose framing was recognised, if any. */
  readonly runner?: CiRunner;
}

/**
 * Takes the outer framing of one raw line off: the `gh run view` columns, a BOM, and the runner's timestamp prefix.
 * ANSI codes are still in `text` (GitLab markers need them); `innerFraming` handles what is left.
 */
export function outerFraming(raw: string, clockStamps: boolean): Unframed {
  let s = raw;
  let runner: CiRunner | undefined;
  const gh = GH_CLI.exec(s);
  if (gh !== null) {
    s = s.slice(gh[0].length);
    runner = "gh-cli";
  }
  if (s.startsWith("\ufeff")) s = s.slice(1);
  let continues = false;
  const gitlab = GITLAB_STAMP.exec(s);
  if (gitlab !== null) {
    s = s.slice(gitlab[0].length);
    continues = gitlab[1] === "+";
    runner = "gitlab";
  } else {
    const dotnet = DOTNET_STAMP.exec(s);
    if (dotnet !== null) {
      s = s.slice(dotnet[0].length);
      runner ??= "github-actions";
    } else {
      const jenkins = JENKINS_STAMP.exec(s) ?? (clockStamps ? CLOCK_STAMP.exec(s) : null);
      if (jenkins !== null) {
        s = s.slice(jenkins[0].length);
        runner = "jenkins";
      }
    }
  }
  if (s.startsWith("\ufeff")) s = s.slice(1);
  return { text: s, bookkeeping: false, continues, ...(runner === undefined ? {} : { runner }) };
}

/** Removes GitLab section markers, wherever they sit in the line. */
export function withoutGitlabSections(s: string): { text: string; found: boolean } {
  if (!s.includes("section_")) return { text: s, found: false };
  const text = s.replace(GITLAB_SECTION, "");
  return { text, found: text !== s };
}

export interface Tagged {
  readonly text: string;
  readonly bookkeeping: boolean;
  /** The line reports that the CI step or job failed. */
  readonly runFailed: boolean;
  readonly runner?: CiRunner;
}

/**
 * Reads the visible text of a line (ANSI gone) for the runners' own lines: `##[tag]` lines (GitHub, Azure),
 * `[Pipeline]` lines (Jenkins), command echoes and failure footers. A `##[error]` keeps its text, since some tasks
 * route a tool's stderr through it.
 */
export function innerFraming(text: string): Tagged {
  const tag = TAG.exec(text);
  if (tag !== null) {
    const [, name = "", rest = ""] = tag;
    const runner: CiRunner = name === "section" ? "azure-pipelines" : "github-actions";
    if (name === "error") {
      return { text: rest, bookkeeping: false, runFailed: RUN_FAILED.some((r) => r.test(rest)), runner };
    }
    return { text: rest, bookkeeping: true, runFailed: false, runner };
  }
  if (text.startsWith("[Pipeline] ")) return { text, bookkeeping: true, runFailed: false, runner: "jenkins" };
  return { text, bookkeeping: false, runFailed: RUN_FAILED.some((r) => r.test(text)) };
}

/** Whether a line looks like it was copied from Jenkins' web view (`HH:MM:SS  …`). */
export function hasClockStamp(raw: string): boolean {
  return CLOCK_STAMP.test(raw);
}
