/**
 * Waivers: a finding a team has looked at and accepted, for a reason and maybe until a date. They come from a
 * `waivers:` list in gcguard.config.yaml and/or `.gcguard-waivers.yaml` (same shape). A waived finding stays in the
 * report, marked with its suppression, but no longer fails the gate; a waiver past its date suppresses nothing and
 * is itself a finding (GCG901), so an accepted risk cannot quietly outlive its review.
 */
import { existsSync, statSync } from "node:fs";

import type { Document } from "yaml";
import { LineCounter, parseDocument } from "yaml";
import { InputError, isInputError } from "../errors";
import { checkYamlNesting, readInputText, yamlValue } from "../limits";
import { emptyInput, unreadableInput } from "../messages";
import { DEFAULT_CONFIG_FILE } from "../stack/inputs";
import type { Finding, Suppression } from "./model";
import { RULES, waiverExpiredRule } from "./rules";
import { WaiverEntry } from "./waiver-entry";

/** The default waiver file, read from the working directory when it exists. */
export const WAIVERS_FILE = ".gcguard-waivers.yaml";

/** A waiver and where it is written, so a report can point at it. */
export interface Waiver extends WaiverEntry {
  readonly file: string;
  readonly line: number;
}

const WRITE_WAIVERS = 'write waivers: followed by "- rule: ..." entries';

/** A YAML document, parsed once, with what its waivers are read from. */
interface WaiverDocument {
  readonly doc: Document;
  readonly lines: LineCounter;
  /** The top level as plain data: undefined for a document of comments only. */
  readonly root: unknown;
}

function readDocument(
  text: string,
  file: string,
): WaiverDocument | { readonly error: { line?: number; message: string } } {
  checkYamlNesting(text, file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) return { error: { line: first.linePos?.[0].line, message: first.message.split("\n")[0] ?? "" } };
  // yamlValue refuses an alias bomb (exit 2) instead of expanding it.
  return { doc, lines, root: doc.contents === null ? undefined : yamlValue(doc, file) };
}

function isMapping(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The waivers in one file's `waivers:` list; a bad entry throws InputError naming the file, entry and line. */
export function parseWaivers(text: string, file: string): Waiver[] {
  return waiversOf(readValidDocument(text, file), file);
}

function readValidDocument(text: string, file: string): WaiverDocument {
  const read = readDocument(text, file);
  if ("error" in read)
    throw new InputError(
      `${file}: line ${read.error.line ?? "?"}: not valid YAML (${read.error.message}); fix the syntax`,
    );
  return read;
}

function waiversOf({ doc, lines, root }: WaiverDocument, file: string): Waiver[] {
  if (root !== null && root !== undefined && !isMapping(root))
    throw new InputError(`${file}: not a mapping; ${WRITE_WAIVERS}`);
  const entries = isMapping(root) ? root.waivers : undefined;
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) throw new InputError(`${file}: waivers is not a list; ${WRITE_WAIVERS}`);
  return entries.map((entry, i) => {
    const node = doc.getIn(["waivers", i], true) as { range?: readonly number[] | null } | undefined;
    const line = lines.linePos(node?.range?.[0] ?? 0).line;
    return { ...checkEntry(entry, `${file}: waivers[${i}] (line ${line})`), file, line };
  });
}

/** One entry, validated: its fields, a rule that exists, and a real date. */
function checkEntry(entry: unknown, where: string): WaiverEntry {
  const parsed = WaiverEntry.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0];
    const missing = typeof key === "string" && typeof entry === "object" && entry !== null && !(key in entry);
    const what = missing
      ? `${key} is missing`
      : `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`;
    throw new InputError(`${where}: ${what}; each waiver needs rule, address and reason (stack, expires optional)`);
  }
  const waiver = parsed.data;
  if (!RULES.some((r) => r.code === waiver.rule || r.id === waiver.rule))
    throw new InputError(
      `${where}: rule ${waiver.rule} is not a preflight rule; use a code or id from ${RULES.map((r) => r.code).join(", ")}`,
    );
  if (waiver.expires !== undefined && !isRealDate(waiver.expires))
    throw new InputError(`${where}: expires ${waiver.expires} is not a calendar date; write YYYY-MM-DD`);
  return waiver;
}

function isRealDate(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/**
 * Every waiver in effect: the config's `waivers:` (when the config exists) and the waiver file. `--waivers FILE`
 * must exist; the default `.gcguard-waivers.yaml` is read only when present.
 */
export function loadWaivers(flags: { waivers?: string; config?: string }, env: NodeJS.ProcessEnv): Waiver[] {
  const config = flags.config ?? env.GCGUARD_CONFIG ?? DEFAULT_CONFIG_FILE;
  const file = flags.waivers ?? (existsSync(WAIVERS_FILE) ? WAIVERS_FILE : undefined);
  return [...configWaivers(config), ...(file === undefined ? [] : parseWaiverFile(readText(file), file))];
}

/**
 * A waiver file's waivers. Stricter than a config's list: the file exists only to hold them, so an empty file, a
 * `null`, or a top-level key other than `waivers` (a typo such as `waiver:`) is refused, not read as no waivers.
 * A file of comments only holds none.
 */
function parseWaiverFile(text: string, file: string): Waiver[] {
  if (text.trim() === "") throw emptyInput(file, "waiver file", WRITE_WAIVERS);
  const read = readValidDocument(text, file);
  if (read.root === null) throw new InputError(`${file}: not a mapping; ${WRITE_WAIVERS}`);
  const others = isMapping(read.root) ? Object.keys(read.root).filter((k) => k !== "waivers") : [];
  if (others.length > 0)
    throw new InputError(`${file}: ${others.join(", ")}: not a key of a waiver file; ${WRITE_WAIVERS}`);
  return waiversOf(read, file);
}

/**
 * The config's waivers. A config that is missing, not a file, not YAML or not a mapping has none here: with
 * `--plan` the config is optional, and where it is needed its own loader reports what is wrong (lib/config/load.ts).
 */
function configWaivers(config: string): Waiver[] {
  let text: string;
  try {
    if (!existsSync(config) || !statSync(config).isFile()) return [];
    // Measured before it is read: a config past its limit is refused by its own loader (which also announces a
    // large one), not read whole here.
    text = readInputText(config, "org config", { notify: () => {} });
  } catch {
    return [];
  }
  const read = readDocument(text, config);
  return "error" in read || !isMapping(read.root) ? [] : waiversOf(read, config);
}

/**
 * A waiver file's text, measured before it is read: it is a part of the config moved to its own file, so it has the
 * org config's size limit (lib/limits.ts).
 */
function readText(file: string): string {
  try {
    return readInputText(file, "org config", { what: "waiver file" });
  } catch (err) {
    if (isInputError(err)) throw err;
    throw unreadableInput(file, "waiver file", err, "name an existing waiver file with --waivers");
  }
}

/** Whether a waiver covers a finding: same rule (by code or id) and address, and stack when the waiver names one. */
export function covers(waiver: WaiverEntry, finding: Finding): boolean {
  return (
    (waiver.rule === finding.code || waiver.rule === finding.rule) &&
    waiver.address === finding.address &&
    (waiver.stack === undefined || waiver.stack === finding.stack)
  );
}

/** Whether a waiver has lapsed: `today` (YYYY-MM-DD, UTC) is after its last day. */
export function isExpired(waiver: WaiverEntry, today: string): boolean {
  return waiver.expires !== undefined && today > waiver.expires;
}

/** The UTC day of a clock reading, as waivers' `expires` is written. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The findings with the live waivers applied (a waived finding gains its `suppression`), plus one GCG901 finding
 * per lapsed waiver, in the stack of the finding it would cover (else its own, else the first stack).
 */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  today: string,
  stacks: readonly string[],
): Finding[] {
  const live = waivers.filter((w) => !isExpired(w, today));
  const waived = findings.map((f): Finding => {
    const w = live.find((candidate) => covers(candidate, f));
    return w ? { ...f, suppression: suppressionOf(w) } : f;
  });
  const lapsed = waivers.filter((w) => isExpired(w, today));
  return [...waived, ...lapsed.map((w) => expiredFinding(w, findings, stacks))];
}

function suppressionOf(w: Waiver): Suppression {
  return { reason: w.reason, ...(w.expires === undefined ? {} : { expires: w.expires }), file: w.file, line: w.line };
}

function expiredFinding(w: Waiver, findings: readonly Finding[], stacks: readonly string[]): Finding {
  const stack = findings.find((f) => covers(w, f))?.stack ?? w.stack ?? stacks[0] ?? "";
  return {
    rule: waiverExpiredRule.id,
    code: waiverExpiredRule.code,
    level: RULES.find((r) => r.id === waiverExpiredRule.id)?.level ?? "error",
    stack,
    address: w.address,
    message: `the waiver of ${w.rule} for ${w.address} expired on ${w.expires}`,
    detail: `Reason given: ${w.reason}\nWaived until ${w.expires} (UTC); the finding it covered counts again.`,
    remediation: `fix what ${w.rule} reports, or review the waiver and move its expires date (${w.file}:${w.line})`,
    location: { file: w.file, line: w.line },
  };
}
