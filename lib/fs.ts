import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Writes a file so that readers see either the old content or the new, never half of it: the data goes to a
 * temporary file in the same directory, which is then renamed over the target.
 */
export function writeFileAtomic(file: string, data: string): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    writeFileSync(tmp, data, { flag: "wx" });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Writes several files as one change: every file's content goes to a temporary file beside it first, and only
 * when all of them are written are they renamed into place. If a rename fails, the files already replaced get their
 * old content back (or are removed if they were new), so a set of artifacts is written whole or not at all.
 */
export function writeFilesAtomic(files: readonly { readonly file: string; readonly data: string }[]): void {
  const staged: { file: string; tmp: string }[] = [];
  try {
    for (const { file, data } of files) {
      const dir = path.dirname(file);
      mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
      staged.push({ file, tmp });
      writeFileSync(tmp, data, { flag: "wx" });
    }
  } catch (err) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw err;
  }
  const done: { file: string; previous: string | undefined }[] = [];
  try {
    for (const s of staged) {
      let previous: string | undefined;
      try {
        previous = readFileSync(s.file, "utf8");
      } catch {
        previous = undefined;
      }
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
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw err;
  }
}
