/** A short, human summary of a synth: per stack, what it holds and what it adopts. */
import { readFileSync } from "node:fs";

import type { SynthResult } from "./synth";

interface StackJson {
  resource?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
  import?: { to: string; id: string }[];
}

export interface StackCounts {
  readonly resources: Readonly<Record<string, number>>;
  readonly dataSources: Readonly<Record<string, number>>;
  readonly imports: readonly { readonly to: string; readonly id: string }[];
}

/** Counts what a synthesized cdk.tf.json holds, by type. */
export function countStack(json: StackJson): StackCounts {
  const count = (blocks: Record<string, Record<string, unknown>> | undefined): Record<string, number> =>
    Object.fromEntries(
      Object.entries(blocks ?? {})
        .map(([type, byName]) => [type, Object.keys(byName).length] as const)
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  return { resources: count(json.resource), dataSources: count(json.data), imports: json.import ?? [] };
}

const total = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);
const byType = (counts: Readonly<Record<string, number>>): string =>
  Object.entries(counts)
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");

/**
 * One warning per manifest problem a synth let through (without --strict): the same words from `gcguard synth` and
 * from the cdktf app (main.ts).
 */
export function synthWarnings(result: SynthResult): string[] {
  return result.problems.map((problem) => `${result.importsFile}: ${problem} (ignored; --strict refuses it)`);
}

export function renderSynthSummary(result: SynthResult): { text: string; warnings: string[] } {
  const lines: string[] = [];
  const plural = result.stacks.length === 1 ? "" : "s";
  lines.push(
    `Synthesized ${result.stacks.length} stack${plural} from ${result.configFile}` +
      (result.importsFile ? ` with adoption manifest ${result.importsFile}` : " (no adoption manifest)"),
  );
  for (const stack of result.stacks) {
    const counts = countStack(JSON.parse(readFileSync(stack.file, "utf8")) as StackJson);
    lines.push("", `${stack.name}: ${stack.file}`);
    lines.push(`  resources     ${String(total(counts.resources)).padStart(3)}  ${byType(counts.resources)}`);
    lines.push(`  data sources  ${String(total(counts.dataSources)).padStart(3)}  ${byType(counts.dataSources)}`);
    lines.push(`  adopted       ${String(stack.adopted.length).padStart(3)}`);
    for (const a of stack.adopted) {
      lines.push(`    ${a.address} <- ${a.id}${a.name === undefined ? "" : ` (${JSON.stringify(a.name)})`}`);
    }
  }
  return { text: `${lines.join("\n")}\n`, warnings: synthWarnings(result) };
}
