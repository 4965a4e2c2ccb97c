/**
 * The synth's output reaches its final place whole: cdktf writes every file of a synth (manifest.json,
 * stacks/<stack>/cdk.tf.json) in place, so a synth stopped half way (Ctrl-C, SIGTERM, a full disk) would leave a
 * truncated cdk.tf.json over a good one. gcguard has cdktf synthesize into a staging folder inside the output
 * folder (the same file system, so renames are atomic), then renames each file over its target, all or none
 * (lib/fs.ts commitStaged). Files the synth does not write (terraform's state and .terraform folder, an imports.tf)
 * are left alone.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

import { commitStaged } from "../fs";
import { listenForSignals, registerTemp } from "../temp-files";

/** A new staging folder inside `outdir` (made if missing), registered so that no signal leaves it behind. */
export function stagingFolder(outdir: string): string {
  // A file at --out: the error names it (as mkdir would), not the staging folder that could not be made inside it.
  if (existsSync(outdir) && !statSync(outdir).isDirectory())
    throw Object.assign(new Error(`EEXIST: file already exists, mkdir '${outdir}'`), {
      code: "EEXIST",
      syscall: "mkdir",
      path: outdir,
    });
  if (!existsSync(outdir)) mkdirSync(outdir, { recursive: true });
  // Listening first: made and registered in one piece of synchronous code, the folder is never unlisted when a
  // signal's listener runs, and a signal cannot end the process between the two by its default action.
  listenForSignals();
  return registerTemp(mkdtempSync(path.join(outdir, ".gcguard-synth-")));
}

/**
 * Moves every file the synth wrote in `staging` to the same place below `outdir`, the deepest first: the stacks'
 * files before manifest.json, which names them for the cdktf CLI.
 */
export function publishStaged(staging: string, outdir: string): void {
  const depth = (rel: string): number => rel.split(path.sep).length;
  const files = readdirSync(staging, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(staging, path.join(e.parentPath, e.name)))
    .sort((a, b) => depth(b) - depth(a) || a.localeCompare(b));
  for (const rel of files) mkdirSync(path.dirname(path.join(outdir, rel)), { recursive: true });
  commitStaged(files.map((rel) => ({ file: path.join(outdir, rel), tmp: path.join(staging, rel) })));
}
