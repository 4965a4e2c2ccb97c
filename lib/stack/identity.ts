/**
 * One stack identity for every command (docs/stack-identity.md). A stack is what cdktf calls it: the org's name
 * in the config, `//.metadata.stackName` in a synthesized `cdk.tf.json`, the folder under `cdktf.out/stacks/`, the
 * prefix of `cdktf deploy`'s lines. A plain Terraform plan carries no name, so it gets one only from an explicit
 * `<stack>=<file>`, the cdktf layout it sits in, or the app's config; it is never guessed from a file name, and an
 * adoption whose stack is unknown is never written to the manifest.
 */
import { existsSync } from "node:fs";
import path from "node:path";

/** How a stack's name was learned, for messages. */
export type StackSource = "explicit" | "cdktf output" | "stack metadata" | "cdktf layout" | "config" | "addresses";

export interface StackIdentity {
  readonly name: string;
  readonly source: StackSource;
}

/** The app's stacks, from its config: each stack and the managed resource addresses it declares. */
export interface AppStacks {
  readonly configFile: string;
  readonly stacks: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The stack a file sits in by cdktf's layout: `<outdir>/stacks/<stack>/<file>`. */
export function stackOfLayout(file: string): string | undefined {
  const parts = path.resolve(file).split(path.sep);
  const i = parts.lastIndexOf("stacks");
  return i >= 0 && i === parts.length - 3 && parts[i + 1] ? parts[i + 1] : undefined;
}

/** The stack a synthesized `cdk.tf.json` names in its metadata (cdktf writes `//.metadata.stackName`). */
export function stackOfSynthJson(json: unknown): string | undefined {
  const meta = (json as { "//"?: { metadata?: { stackName?: unknown } } } | null)?.["//"]?.metadata;
  return typeof meta?.stackName === "string" && meta.stackName !== "" ? meta.stackName : undefined;
}

/**
 * Which stack a plan (or any set of managed addresses read from a file) belongs to: an explicit name, else the
 * cdktf layout around the file, else the app's only stack, else the one stack that declares every address.
 * Undefined when none of these can tell.
 */
export function identifyPlan(
  file: string,
  addresses: readonly string[],
  app: AppStacks | undefined,
  explicit?: string,
): StackIdentity | undefined {
  if (explicit !== undefined) return { name: explicit, source: "explicit" };
  const layout = stackOfLayout(file);
  if (layout !== undefined) return { name: layout, source: "cdktf layout" };
  return identifyByApp(addresses, app);
}

/** The app's only stack, or the one stack that declares every address. */
export function identifyByApp(addresses: readonly string[], app: AppStacks | undefined): StackIdentity | undefined {
  if (app === undefined || app.stacks.size === 0) return undefined;
  if (app.stacks.size === 1) return { name: [...app.stacks.keys()][0]!, source: "config" };
  if (addresses.length === 0) return undefined;
  const holders = [...app.stacks].filter(([, declared]) => addresses.every((a) => declared.has(a)));
  return holders.length === 1 ? { name: holders[0]![0], source: "addresses" } : undefined;
}

/** The config file a command would read (`--config`, `$GCGUARD_CONFIG`, `./gcguard.config.yaml`), if one exists. */
export function findConfig(explicit: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const file = explicit ?? env.GCGUARD_CONFIG ?? "gcguard.config.yaml";
  return explicit !== undefined || existsSync(file) ? file : undefined;
}

/** The candidate closest to `name` (edit distance, case-insensitive), if it is close enough to suggest. */
export function nearest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = distance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
