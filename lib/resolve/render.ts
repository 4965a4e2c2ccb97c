/** The resolve report: text for people, JSON for tools. */
import { painter } from "../color";
import type { CallStats } from "../genesys/accounting";
import type { WrittenImports } from "../adoption/write";
import { ambiguousAdoption } from "../messages";
import { kindSpec } from "../org/kinds";
import type { Attributed } from "./attribute";
import type { CollisionAhead, Diagnosis } from "./diagnose";
import type { MoveResult } from "./move-objects";

/** What resolve found, for the renderers. */
export interface ResolveReport {
  readonly log: string;
  readonly format: string;
  readonly runners: readonly string[];
  readonly stacks: readonly string[];
  readonly diagnoses: readonly Diagnosis[];
  /** Creates the apply never reached whose names are taken too: adopted now, so one round fixes the apply. */
  readonly ahead: readonly CollisionAhead[];
  readonly foreign: readonly Attributed[];
  readonly unattributed: readonly { readonly line: number; readonly summary: string; readonly reason: string }[];
  readonly written?: WrittenImports;
  /** What --fix move-objects did, or (a dry run) would do: one line per division, then one per object. */
  readonly move?: MoveResult;
}

function inputLine(r: ResolveReport): string {
  const parts = [
    r.format === "cdktf" ? "cdktf deploy output" : r.format === "json" ? "terraform -json output" : "terraform output",
  ];
  if (r.runners.length > 0) parts.push(`framed by ${r.runners.join(", ")}`);
  if (r.stacks.length > 0) parts.push(`stack${r.stacks.length > 1 ? "s" : ""} ${r.stacks.join(", ")}`);
  return parts.join("; ");
}

export interface ResolveTextOptions {
  /** ANSI colour, in the palette of every gcguard text report (lib/color.ts). @default false */
  readonly color?: boolean;
}

type Paint = ReturnType<typeof painter>;

/** The first line: how many failures, in which log, read as what. */
function headLine(r: ResolveReport, paint: Paint): string {
  const total = r.diagnoses.length + r.foreign.length + r.unattributed.length;
  return total === 0
    ? paint("ok", `gcguard resolve: ${r.log}: no errors in this log; nothing to resolve (${inputLine(r)})`)
    : paint("bold", `gcguard resolve: ${r.diagnoses.length} failed Genesys resource(s) in ${r.log} (${inputLine(r)})`);
}

/** Each failed Genesys resource: what went wrong, where, why, and the fix. */
function diagnosisLines(r: ResolveReport, paint: Paint): string[] {
  return r.diagnoses.flatMap((d) => [
    `${paint("error", `[${d.class.kind}]`)} ${d.headline}`,
    ...(d.stack !== undefined ? [`  stack: ${d.stack}`] : []),
    ...(d.constructPath ? [`  construct: ${d.constructPath}`] : []),
    ...(d.address && d.addressSource && d.addressSource !== "diagnostic"
      ? [`  address: from the ${d.addressSource} (the error itself names none)`]
      : []),
    `  ${d.explanation}`,
    `  fix: ${d.remediation}`,
    "",
  ]);
}

function aheadLines(r: ResolveReport): string[] {
  if (r.ahead.length === 0) return [];
  return [
    `Not reached by this apply, but their names are taken too (the next apply would fail on them):`,
    ...r.ahead.map((a) => {
      const at = `${a.address}${a.stack ? ` (stack ${a.stack})` : ""}`;
      return a.adoption
        ? `  ${at}: the ${kindSpec(a.kind).noun} ${JSON.stringify(a.name)} exists (id ${a.adoption.id}); adopted with the others`
        : `  ${at}: ${ambiguousAdoption(a.objects.length, kindSpec(a.kind).plural, a.name)}`;
    }),
    "",
  ];
}

/** Other providers' failures and errors tied to no resource: gcguard has no advice, but they fail the apply too. */
function notDiagnosedLines(r: ResolveReport, paint: Paint): string[] {
  const lines: string[] = [];
  if (r.foreign.length > 0) {
    lines.push(
      paint(
        "warning",
        `Not Genesys: ${r.foreign.length} failure(s) of other providers; gcguard has no advice for them`,
      ),
      ...r.foreign.map(
        (f) => `  [${f.provider ?? "other provider"}] ${f.address ?? "(no address)"}: ${f.failure.summary}`,
      ),
      "",
    );
  }
  if (r.unattributed.length > 0) {
    lines.push(
      paint(
        "error",
        `Unattributed: ${r.unattributed.length} error(s) gcguard cannot tie to a resource; the apply failed`,
      ),
      ...r.unattributed.flatMap((u) => [`  line ${u.line}: ${u.summary}`, `    ${u.reason}`]),
      "",
    );
  }
  return lines;
}

function writtenLines(r: ResolveReport, written: WrittenImports, paint: Paint): string[] {
  const files = written.files.length ? `; ${written.files.join(", ")}` : "";
  return [
    paint("ok", `Adoptions written: ${written.added} new in ${written.manifest}${files}`),
    ...(written.notInManifest > 0
      ? [
          `  ${written.notInManifest} of them in the import files only, not the manifest: which stack they belong to cannot be told (give --stack-name, or --plan of a cdktf stack, if gcguard synthesizes it)`,
        ]
      : []),
    ...written.conflicts.map((c) => `  not adopted: ${c}`),
    ...adoptionPath(r),
  ];
}

function moveLines(move: MoveResult): string[] {
  const unverified = move.after?.unverified;
  const done = move.applied && unverified === undefined && move.after?.left.length === 0;
  const head = !move.applied
    ? "Dry run (--fix move-objects; add --apply to move them):"
    : done
      ? "Fixed (--fix move-objects):"
      : unverified !== undefined
        ? "Not verified (--fix move-objects moved what it could; whether the division is empty is unknown):"
        : "Not fixed (--fix move-objects moved what it could; the division is not empty):";
  const tail = done ? ["run the apply again"] : unverified !== undefined ? [unverified] : [];
  return [head, ...[...move.lines, ...tail].map((l) => `  ${l}`)];
}

export function renderResolveText(r: ResolveReport, options: ResolveTextOptions = {}): string {
  const paint = painter(options.color === true);
  const lookupFailed = r.diagnoses.find((d) => d.lookupFailed !== undefined)?.lookupFailed;
  const lines = [
    headLine(r, paint),
    "",
    ...diagnosisLines(r, paint),
    ...aheadLines(r),
    ...notDiagnosedLines(r, paint),
    ...(r.written ? writtenLines(r, r.written, paint) : []),
    ...(r.move ? moveLines(r.move) : []),
    ...(lookupFailed !== undefined ? [`Not looked up in Genesys: ${lookupFailed}`] : []),
  ];
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}

export function renderResolveJson(r: ResolveReport, apiCalls?: CallStats): string {
  const out = {
    log: r.log,
    input: { format: r.format, runners: r.runners, stacks: r.stacks },
    failures: r.diagnoses.map((d) => ({
      kind: d.class.kind,
      stack: d.stack,
      address: d.address,
      addressSource: d.addressSource,
      constructPath: d.constructPath,
      status: d.failure.status,
      correlationId: d.failure.correlationId,
      line: d.failure.source.line,
      headline: d.headline,
      explanation: d.explanation,
      remediation: d.remediation,
      objects: d.objects,
      adoption: d.adoption,
      lookupFailed: d.lookupFailed,
    })),
    notGenesys: r.foreign.map((f) => ({
      provider: f.provider,
      address: f.address,
      stack: f.stack,
      summary: f.failure.summary,
      line: f.failure.source.line,
    })),
    unattributed: r.unattributed,
    ahead: r.ahead.map((a) => ({
      address: a.address,
      stack: a.stack,
      kind: a.kind,
      name: a.name,
      objects: a.objects,
      adoption: a.adoption,
    })),
    written: r.written ?? null,
    move: r.move ?? null,
    apiCalls: apiCalls ?? null,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Which artifact to use: one adoption path per stack (docs/stack-identity.md). */
function adoptionPath(r: ResolveReport): string[] {
  const all = [...r.diagnoses, ...r.ahead];
  const named = all.some((d) => d.adoption && d.stack !== undefined);
  const unnamed = all.some((d) => d.adoption && d.stack === undefined);
  const lines: string[] = [];
  if (named) {
    lines.push(
      "  cdktf: synthesize again (gcguard synth, or cdktf synth / deploy): the manifest adopts these; do not also copy imports.tf into cdktf.out (Duplicate import configuration)",
    );
  }
  if (unnamed) lines.push("  plain Terraform: put imports.tf beside the configuration and plan, or run import.sh");
  return lines;
}
