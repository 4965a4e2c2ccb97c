/**
 * What the canary tests share: gcguard run in-process with every stream captured (the io's and the process's own,
 * where the debug log writes), and the text of every file a run left in a folder.
 */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { vi } from "vitest";

import { run } from "../../scripts/cli";

export interface Captured {
  readonly code: number;
  /** stdout and stderr, the io's and the process's, interleaved as written. */
  readonly text: string;
}

/** Runs gcguard in-process with `env`, not on a terminal, capturing every stream. */
export async function captureRun(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Captured> {
  let text = "";
  const sink = (chunk: string | Uint8Array): boolean => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  };
  const out = vi.spyOn(process.stdout, "write").mockImplementation(sink);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(sink);
  try {
    const code = await run(argv, {
      stdout: (t) => sink(t),
      stderr: (t) => sink(t),
      env,
      isTty: false,
      stdoutIsTty: false,
    });
    return { code, text };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The text of every regular file under `dir`, at any depth (symlinks are not followed: provider install makes one). */
export function filesUnder(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).flatMap((rel) => {
    const file = path.join(dir, rel);
    return lstatSync(file).isFile() ? [{ file, text: readFileSync(file, "latin1") }] : [];
  });
}
