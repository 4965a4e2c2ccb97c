import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Testing, TerraformStack } from "cdktf";
import { afterAll } from "vitest";

/** The parts of a synthesized stack the tests read. */
export interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  import?: { to: string; id: string; provider?: string }[];
  provider?: Record<string, unknown[]>;
  terraform?: Record<string, unknown>;
}

let outdir: string | undefined;

/** A cdktf app for tests. All share one temporary outdir (Testing.app() would make a new one every call). */
export function testApp(): ReturnType<typeof Testing.app> {
  outdir ??= mkdtempSync(path.join(tmpdir(), "gcguard-test-"));
  return Testing.app({ outdir });
}

/** Builds constructs in a fresh stack and returns its Terraform JSON (no metadata, no validations). */
export function synthIn(build: (stack: TerraformStack) => void): StackJson {
  const stack = new TerraformStack(testApp(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

export function synthStack(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** Runs `fn` and returns the InputError it throws, rendered as printed on stderr. */
export function renderedError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    const render = (err as { render?: () => string }).render;
    return typeof render === "function" ? render.call(err) : String(err);
  }
  throw new Error("expected an error, got none");
}

const made: string[] = [];

/** A new temporary folder that is removed when the test file's tests are done. */
export function tempDir(prefix = "gcguard-test-"): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
