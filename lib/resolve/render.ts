/** The resolve report: text for people, JSON for tools. */
import type { CallStats } from "../genesys/accounting";
import type { WrittenImports } from "../preflight/write-imports";
import type { Diagnosis } from "./diagnose";

export function renderResolveText(log: string, diagnoses: readonly Diagnosis[], written?: WrittenImports): string {
  const lines = [`gcguard resolve: ${diagnoses.length} failed resource(s) in ${log}`, ""];
  for (const d of diagnoses) {
    lines.push(`[${d.class.kind}] ${d.headline}`);
    if (d.constructPath) lines.push(`  construct: ${d.constructPath}`);
    lines.push(`  ${d.explanation}`, `  fix: ${d.remediation}`, "");
  }
  if (written) {
    lines.push(
      `Adoptions written: ${written.added} new in ${written.manifest}${written.files.length ? `; ${written.files.join(", ")}` : ""}`,
    );
    for (const c of written.conflicts) lines.push(`  not adopted: ${c}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderResolveJson(
  log: string,
  diagnoses: readonly Diagnosis[],
  written?: WrittenImports,
  apiCalls?: CallStats,
): string {
  const out = {
    log,
    failures: diagnoses.map((d) => ({
      kind: d.class.kind,
      stack: d.stack,
      address: d.address,
      constructPath: d.constructPath,
      status: d.failure.status,
      correlationId: d.failure.correlationId,
      headline: d.headline,
      explanation: d.explanation,
      remediation: d.remediation,
      objects: d.objects,
      adoption: d.adoption,
    })),
    written: written ?? null,
    apiCalls: apiCalls ?? null,
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
