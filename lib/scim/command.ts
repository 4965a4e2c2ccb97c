/**
 * `gcguard scim diff | sync | users` as functions: flags in, exit code out (scripts/scim.ts only parses argv).
 * The desired state comes from an IdP export file or a delta endpoint; Genesys is read in bulk and, with --apply
 * only, written through SCIM.
 */
import type { Clock } from "../clock";
import type { CommandIo } from "../command-io";
import { useColor } from "../color";
import { ExitCode, InputError } from "../errors";
import { createProgress, waitText } from "../progress";
import { writeFileAtomic } from "../fs";
import type { GenesysClient } from "../genesys/client";
import { createGenesysClient } from "../genesys/client";
import { resolveConnection } from "../genesys/config";
import { redactorFor } from "../redact";
import type { WaitReason } from "../genesys/pacing";
import { readCursor, writeCursor } from "./cursor";
import type { ReportFormat } from "./defaults";
import { DEFAULT_STATE_FILE, DEFAULT_TOKEN_ENV } from "./defaults";
import { endpointOf, fetchIdpDelta } from "./delta";
import type { RemovalPolicy } from "./diff";
import { diffMembership, hasFindings, totals } from "./diff";
import { readIdpExport } from "./export";
import type { DesiredMembership, IdpExport } from "./model";
import { readGenesys } from "./read";
import type { ScimReport } from "./report";
import { renderScimReport } from "./report";
import { DEFAULT_MAX_CONFLICTS } from "./converge";
import { DEFAULT_CHUNK_SIZE, syncExitCode, syncMembership } from "./sync";
import { provisionUsers, usersExitCode } from "./users";
import type { UsersFormat } from "./users-report";
import { renderUsersJson, renderUsersMarkdown, renderUsersText } from "./users-report";

export { DEFAULT_STATE_FILE, DEFAULT_TOKEN_ENV } from "./defaults";

export interface ScimFlags {
  readonly export?: string;
  readonly delta?: string;
  readonly tokenEnv?: string;
  readonly state?: string;
  readonly group?: readonly string[];
  /** @default "text" */
  readonly format?: ReportFormat;
  readonly output?: string;
  readonly baseUrl?: string;
  readonly progress?: boolean;
  readonly apply?: boolean;
  readonly chunkSize?: string;
  /** commander's --no-remove sets this to false. */
  readonly remove?: boolean;
  readonly keepOrphans?: boolean;
  readonly maxConflicts?: string;
}

function positiveInt(flag: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${flag} ${value}: expected a whole number >= ${min}`);
  return n;
}

function onlyGroups<T extends DesiredMembership>(desired: T, names: readonly string[] | undefined): T {
  if (!names?.length) return desired;
  const present = new Set(desired.groups.map((g) => g.displayName));
  const missing = names.filter((n) => !present.has(n));
  if (missing.length) {
    throw new InputError(
      `--group ${missing.join(", ")}: not in ${desired.source}; name groups exactly as the IdP does`,
    );
  }
  const groups = desired.groups.filter((g) => names.includes(g.displayName));
  return { ...desired, groups };
}

interface Desired {
  readonly desired: DesiredMembership;
  readonly stateFile?: string;
  readonly endpoint?: string;
}

async function readDesired(flags: ScimFlags, io: CommandIo, log: (line: string) => void): Promise<Desired> {
  if (flags.export && flags.delta) throw new InputError("--export and --delta are two sources; give one of them");
  if (flags.export) return { desired: onlyGroups(readIdpExport(flags.export, { notify: log }), flags.group) };
  if (flags.delta) {
    const endpoint = endpointOf(flags.delta);
    const stateFile = flags.state ?? DEFAULT_STATE_FILE;
    const since = readCursor(stateFile, endpoint);
    const delta = await fetchIdpDelta({
      url: flags.delta,
      tokenEnv: flags.tokenEnv ?? DEFAULT_TOKEN_ENV,
      env: io.env,
      ...(since === undefined ? {} : { since }),
      log,
      ...clockOptions(io.clock),
    });
    return { desired: onlyGroups(delta, flags.group), stateFile, endpoint };
  }
  throw new InputError("no desired state: pass --export <file> (JSON or CSV) or --delta <url>");
}

/** The delta reader's time and waits, from the clock when one is given. */
function clockOptions(clock: Clock | undefined): { now?: () => number; sleep?: (ms: number) => Promise<void> } {
  return clock ? { now: () => clock.now(), sleep: (ms) => clock.sleep(ms) } : {};
}

/** The client; a wait of a second or more (the rate limit, a Retry-After) goes to the progress with its reason. */
function client(flags: ScimFlags, io: CommandIo, progress: ScimProgress): GenesysClient {
  const connection = resolveConnection(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}, io.env);
  return createGenesysClient({
    connection,
    env: io.env,
    onWait: progress.wait,
    ...(io.clock ? { clock: io.clock } : {}),
  });
}

function emit(rendered: string, flags: ScimFlags, io: CommandIo): void {
  if (flags.output) writeFileAtomic(flags.output, redactorFor(io.env)(rendered));
  else io.stdout(rendered);
}

/** The report in `format` to stdout (or --output), and as text on stderr when stdout has another form. */
function printReport(report: ScimReport, format: ReportFormat, flags: ScimFlags, io: CommandIo): void {
  const stdoutColor = !flags.output && useColor(io.stdoutIsTty === true, io.env);
  emit(renderScimReport(report, format, { color: stdoutColor }), flags, io);
  if (flags.output || format !== "text")
    io.stderr(renderScimReport(report, "text", { color: useColor(io.isTty === true, io.env) }));
}

/** Progress on stderr: its lines, the client's waits, and `end` before the report is printed. */
interface ScimProgress {
  readonly log: (line: string) => void;
  readonly wait: (ms: number, reason: WaitReason) => void;
  readonly end: () => void;
}

/**
 * `scim <command>: ` lines, a wait one of them; on a terminal the lines scroll above a status line that says what
 * the run waits on (lib/progress.ts). Nothing with --no-progress.
 */
function progress(flags: ScimFlags, io: CommandIo, command: string): ScimProgress {
  if (flags.progress === false) return { log: () => {}, wait: () => {}, end: () => {} };
  if (io.isTty === true) {
    const status = createProgress({ write: io.stderr, tty: true, label: `scim ${command}` });
    return { log: (line) => status.line(line), wait: (ms, reason) => status.wait(ms, reason), end: () => status.end() };
  }
  const log = (line: string) => io.stderr(`scim ${command}: ${line}\n`);
  return { log, wait: (ms, reason) => log(waitText(ms, reason)), end: () => {} };
}

/** Runs `work` with the progress up, and takes it down (a terminal's status line) whatever happens. */
async function withProgress<T>(progress: ScimProgress, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    progress.end();
  }
}

function policyOf(flags: ScimFlags): RemovalPolicy {
  return { noRemove: flags.remove === false, keepOrphans: flags.keepOrphans === true };
}

/** `gcguard scim diff`: 0 no drift, 1 drift or anything unresolved. */
export async function scimDiffCommand(flags: ScimFlags, io: CommandIo): Promise<number> {
  const format = flags.format ?? "text";
  const shown = progress(flags, io, "diff");
  const { log } = shown;
  const { genesys, diff } = await withProgress(shown, async () => {
    const { desired } = await readDesired(flags, io, log);
    const genesys = client(flags, io, shown);
    const view = await readGenesys(genesys, desired, { log });
    return { genesys, diff: diffMembership(desired, view, policyOf(flags)) };
  });
  const exitCode = hasFindings(totals(diff)) ? ExitCode.Findings : ExitCode.Clean;
  const report: ScimReport = { command: "diff", diff, exitCode, apiCalls: genesys.stats() };
  printReport(report, format, flags, io);
  return exitCode;
}

/**
 * `gcguard scim sync`: a dry run by default (exit 1 when there is something to send); with --apply, 0 once every
 * group converged and nothing was unresolved. A delta run stores its cursor only after such a clean apply.
 */
export async function scimSyncCommand(flags: ScimFlags, io: CommandIo): Promise<number> {
  const format = flags.format ?? "text";
  const chunkSize = positiveInt("--chunk-size", flags.chunkSize, DEFAULT_CHUNK_SIZE);
  const maxConflicts = positiveInt("--max-conflicts", flags.maxConflicts, DEFAULT_MAX_CONFLICTS, 0);
  const shown = progress(flags, io, "sync");
  const { log } = shown;
  const { desired, stateFile, endpoint, genesys, diff, sync } = await withProgress(shown, async () => {
    const { desired, stateFile, endpoint } = await readDesired(flags, io, log);
    const genesys = client(flags, io, shown);
    const view = await readGenesys(genesys, desired, { log });
    const diff = diffMembership(desired, view, policyOf(flags));
    const sync = await syncMembership(genesys, diff, { apply: flags.apply === true, chunkSize, maxConflicts, log });
    return { desired, stateFile, endpoint, genesys, diff, sync };
  });
  const t = totals(diff);
  const exitCode = syncExitCode(sync, t.missing + t.ambiguous + t.unknown > 0);

  let cursor: ScimReport["cursor"];
  if (desired.kind === "delta" && stateFile && endpoint) {
    const stored = sync.apply && exitCode === ExitCode.Clean;
    if (stored) writeCursor(stateFile, endpoint, desired.cursor);
    cursor = {
      ...(desired.since === undefined ? {} : { since: desired.since }),
      next: desired.cursor,
      stored,
      file: stateFile,
    };
  }
  const report: ScimReport = {
    command: "sync",
    diff,
    sync,
    exitCode,
    apiCalls: genesys.stats(),
    ...(cursor ? { cursor } : {}),
  };
  printReport(report, format, flags, io);
  return exitCode;
}

/** `gcguard scim users`: create the export's users through SCIM, merging into the ones that exist. */
export async function scimUsersCommand(flags: ScimFlags, io: CommandIo): Promise<number> {
  const format: UsersFormat = flags.format ?? "text";
  if (!flags.export) throw new InputError("scim users needs --export <file> with a users list (JSON or CSV)");
  // A large export's "reading" line, before the progress (and a terminal's status line) is up.
  const notify = flags.progress === false ? () => {} : (line: string) => io.stderr(`scim users: ${line}\n`);
  const source: IdpExport = readIdpExport(flags.export, { notify });
  if (source.users.length === 0) {
    throw new InputError(`${flags.export}: no users in the export; add a "users" list (JSON) or a users CSV`);
  }
  const shown = progress(flags, io, "users");
  const genesys = client(flags, io, shown);
  const maxConflicts =
    flags.maxConflicts === undefined
      ? {}
      : { maxConflicts: positiveInt("--max-conflicts", flags.maxConflicts, DEFAULT_MAX_CONFLICTS, 0) };
  const result = await withProgress(shown, () =>
    provisionUsers(genesys, source.users, { apply: flags.apply === true, ...maxConflicts, log: shown.log }),
  );
  const render = format === "json" ? renderUsersJson : format === "markdown" ? renderUsersMarkdown : renderUsersText;
  emit(render(result), flags, io);
  if (flags.output || format !== "text") io.stderr(renderUsersText(result));
  const stats = genesys.stats();
  io.stderr(`scim users: ${stats.totalRequests} API request(s), ${stats.rateLimited} rate-limited (429)\n`);
  return usersExitCode(result);
}
