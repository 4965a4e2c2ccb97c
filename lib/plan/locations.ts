/**
 * Where a person edits what a finding is about: the entry's line in the gcguard config, the `resource "type"
 * "name"` block in the root module's .tf files of a plain Terraform plan, and only when neither is known, line 1
 * of the input file itself (generated, but at least a file that exists). Reports (SARIF, GitHub annotations, JUnit)
 * point there (docs/report-locations.md).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import type { ResolvedOrg } from "../config/load";
import { entryAddresses } from "../stack/entry-addresses";
import { formatAddress, parseAddress, resourceOf } from "../terraform/address";

/** A file (relative to the working directory, `/`-separated) and a 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** Where a stack's findings point: per address, and for findings about the stack as a whole. */
export interface Locator {
  readonly byAddress: ReadonlyMap<string, SourceLocation>;
  readonly stack: SourceLocation;
}

/** A path as reports name it: relative to `root` when inside it, with forward slashes. */
export function reportPath(file: string, root: string = process.cwd()): string {
  const absolute = path.resolve(root, file);
  const relative = path.relative(root, absolute);
  const inside =
    relative !== "" && relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  return (inside ? relative : absolute).split(path.sep).join("/");
}

/** A config-driven stack: each entry's `name` line, and the org's own for the stack. */
export function configLocator(org: ResolvedOrg, configFile: string, root?: string): Locator {
  const file = reportPath(configFile, root);
  const byAddress = new Map<string, SourceLocation>();
  for (const entry of entryAddresses(org)) {
    if (entry.line !== undefined) byAddress.set(entry.address, { file, line: entry.line });
  }
  return { byAddress, stack: { file, line: org.line ?? 1 } };
}

/** Terraform's block header: `resource "type" "name" {` or `data "type" "name" {`, at the start of a line. */
const BLOCK = /^[ \t]*(resource|data)[ \t]+"([^"\\]+)"[ \t]+"([^"\\]+)"[ \t]*\{/;

/**
 * A plain Terraform root module in `dir`: the line of each resource and data block in its `.tf` files (in name
 * order, as Terraform reads them). Undefined when the folder holds no block, so the caller falls back.
 */
export function terraformLocator(dir: string, fallback: SourceLocation, root?: string): Locator | undefined {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith(".tf"))
      .sort();
  } catch {
    return undefined;
  }
  const byAddress = new Map<string, SourceLocation>();
  for (const name of files) {
    let text: string;
    try {
      text = readFileSync(path.join(dir, name), "utf8");
    } catch {
      continue;
    }
    const file = reportPath(path.join(dir, name), root);
    text.split(/\r?\n/).forEach((line, i) => {
      const m = BLOCK.exec(line);
      if (!m) return;
      const address = `${m[1] === "data" ? "data." : ""}${m[2]}.${m[3]}`;
      if (!byAddress.has(address)) byAddress.set(address, { file, line: i + 1 });
    });
  }
  return byAddress.size > 0 ? { byAddress, stack: fallback } : undefined;
}

/**
 * A cdktf app's stack: the line of the app's code that created each of gcguard's constructs, which they record in
 * the stack's `//` block as `gcguard.sources` (address to `file:line`, relative to the app's folder:
 * constructs/private/source.ts). Read from `input` when it is the synthesized stack, or from the `cdk.tf.json`
 * beside a plan. Addresses without a recorded line fall to `rest`; undefined when none is recorded.
 */
export function constructLocator(input: string, rest: Locator, root?: string): Locator | undefined {
  const file = path.basename(input) === "cdk.tf.json" ? input : path.join(path.dirname(input), "cdk.tf.json");
  let sources: unknown;
  try {
    const json = JSON.parse(readFileSync(file, "utf8")) as { "//"?: { gcguard?: { sources?: unknown } } } | null;
    sources = json?.["//"]?.gcguard?.sources;
  } catch {
    return undefined;
  }
  if (typeof sources !== "object" || sources === null) return undefined;
  const byAddress = new Map(rest.byAddress);
  let found = 0;
  for (const [address, source] of Object.entries(sources as Record<string, unknown>)) {
    const m = typeof source === "string" ? /^(.+):(\d+)$/.exec(source) : null;
    if (!m || Number(m[2]) < 1) continue;
    byAddress.set(address, { file: reportPath(m[1]!, root), line: Number(m[2]) });
    found++;
  }
  return found > 0 ? { byAddress, stack: rest.stack } : undefined;
}

/** Line 1 of the input file, for every finding: the last resort. */
export function fileLocator(file: string, root?: string): Locator {
  return { byAddress: new Map(), stack: { file: reportPath(file, root), line: 1 } };
}

/**
 * A finding's location: its address, else the address without instance keys (`x.y["a"]` is declared as `x.y`),
 * else the stack's. Addresses inside modules are declared in the module, which is not read: the stack's.
 */
export function locate(locator: Locator, address: string | undefined): SourceLocation {
  if (address === undefined) return locator.stack;
  const exact = locator.byAddress.get(address);
  if (exact) return exact;
  const parsed = parseAddress(address);
  if (parsed.ok && parsed.value.module.length === 0) {
    const found = locator.byAddress.get(formatAddress(resourceOf(parsed.value)));
    if (found) return found;
  }
  return locator.stack;
}
