import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

import { discardTemp, tempPathFor } from "./temp-files";

/**
 * Writes a file so that readers see either the old content or the new, never half of it: the data goes to a
 * temporary file in the same directory, which is then renamed over the target. The temporary is removed on error
 * and never outlives a SIGINT or SIGTERM (lib/temp-files.ts).
 */
export function writeFileAtomic(file: string, data: string): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = tempPathFor(file);
  try {
    writeFileSync(tmp, data, { flag: "wx" });
    renameSync(tmp, file);
  } finally {
    discardTemp(tmp);
  }
}

/** A file written to its temporary path, waiting to be renamed over its target. */
export interface StagedFile {
  readonly file: string;
  readonly tmp: string;
}

/**
 * Writes several files as one change: every file's content goes to a temporary file beside it first, and only
 * when all of them are written are they renamed into place (commitStaged), in the order given. The temporaries are
 * removed on error and never outlive a SIGINT or SIGTERM (lib/temp-files.ts).
 */
export function writeFilesAtomic(files: readonly { readonly file: string; readonly data: string }[]): void {
  const staged: StagedFile[] = [];
  try {
    for (const { file, data } of files) {
      mkdirSync(path.dirname(file), { recursive: true });
      const tmp = tempPathFor(file);
      staged.push({ file, tmp });
      writeFileSync(tmp, data, { flag: "wx" });
    }
    commitStaged(staged);
  } finally {
    for (const s of staged) discardTemp(s.tmp);
  }
}

/**
 * Renames staged files over their targets, in order. If a rename fails, the files already replaced get their old
 * content back (or are removed if they were new), so a set of artifacts is written whole or not at all; the
 * temporaries are the caller's to remove.
 */
export function commitStaged(staged: readonly StagedFile[]): void {
  const done: { file: string; previous: string | undefined }[] = [];
  try {
    for (const s of staged) {
      const previous = readIfExists(s.file);
      renameSync(s.tmp, s.file);
      done.push({ file: s.file, previous });
    }
  } catch (err) {
    for (const d of done.reverse()) {
      try {
        if (d.previous === undefined) rmSync(d.file, { force: true });
        else writeFileAtomic(d.file, d.previous);
      } catch {
        // Best effort: the original error below says what failed.
      }
    }
    throw err;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
