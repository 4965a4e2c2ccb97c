import path from "node:path";
import { fileURLToPath } from "node:url";

import type { TerraformResource } from "cdktf";
import { Lazy, TerraformDataSource, TerraformStack } from "cdktf";

/**
 * Where the app created a construct, so preflight's reports point at that line of the app's code rather than at
 * the generated `cdk.tf.json` (docs/report-locations.md, "Constructs used from code"). cdktf keeps a `stackTrace`
 * slot in each element's `//` metadata but never fills it (constructs 10 records a trace only when asked), so the
 * constructs record the first frame of the caller's own code, per address, in the stack's `//` block (a comment to
 * Terraform): `"//": { "gcguard": { "sources": { "genesyscloud_auth_division.sales": "main.ts:12" } } }`. A data
 * source's own `//` is rebuilt by cdktf at synth, so the stack's block is the one place both kinds can use. The
 * frame skips gcguard itself and node_modules; the file is relative to the working directory of the synth (the
 * app's folder, where cdktf runs it). An app that sets `stackTraces: false` gets none.
 */
export function recordSource(element: TerraformResource | TerraformDataSource): void {
  if (element.node.tryGetContext(DISABLE_STACK_TRACES)) return;
  const site = callerSite(new Error().stack ?? "");
  if (!site) return;
  const stack = TerraformStack.of(element);
  let sources = SOURCES.get(stack);
  if (!sources) {
    const recorded = new Map<TerraformResource | TerraformDataSource, string>();
    sources = recorded;
    SOURCES.set(stack, recorded);
    // Addresses are read at synth: a logical id may still be overridden after the construct is created.
    stack.addOverride(
      "//.gcguard.sources",
      Lazy.anyValue({ produce: () => Object.fromEntries([...recorded].map(([e, at]) => [addressOf(e), at])) }),
    );
  }
  sources.set(element, site);
}

const SOURCES = new WeakMap<TerraformStack, Map<TerraformResource | TerraformDataSource, string>>();

function addressOf(element: TerraformResource | TerraformDataSource): string {
  const prefix = element instanceof TerraformDataSource ? "data." : "";
  return `${prefix}${element.terraformResourceType}.${element.friendlyUniqueId}`;
}

/** cdktf's context key for `new App({ stackTraces: false })`. */
const DISABLE_STACK_TRACES = "@cdktf/disable_stack_trace_in_metadata";

/**
 * gcguard's own code, source or built. Frames in its constructs are skipped; a frame in the rest of it means gcguard
 * itself built the construct (a config-driven stack, whose entries the config locates), so nothing is recorded.
 */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
const CONSTRUCTS = path.join(PACKAGE_ROOT, "constructs");
const OWN = ["lib", "scripts", "main.ts", "main.js"].map((p) => path.join(PACKAGE_ROOT, p));

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

/**
 * `file:line` of the app's frame that created the construct: the first frame outside gcguard's constructs,
 * node_modules and Node itself; none when that frame is gcguard's own.
 */
export function callerSite(stack: string, cwd: string = process.cwd()): string | undefined {
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):\d+\)?\s*$/.exec(line.trim());
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith("node:") || !/[\\/]/.test(file)) continue;
    if (file.startsWith("file://")) file = fileURLToPath(file);
    if (!path.isAbsolute(file)) continue;
    if (inside(file, CONSTRUCTS)) continue;
    if (OWN.some((own) => inside(file, own))) return undefined;
    if (file.split(/[\\/]/).includes("node_modules")) continue;
    const relative = path.relative(cwd, file);
    const shown = relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
    return `${shown.split(path.sep).join("/")}:${m[2]!}`;
  }
  return undefined;
}
