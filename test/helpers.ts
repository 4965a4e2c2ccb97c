import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { Testing, TerraformStack } from "cdktf";
import { afterAll, afterEach, beforeEach } from "vitest";

/** The parts of a synthesized stack the tests read. */
export interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  import?: { to: string; id: string; provider?: string }[];
  provider?: Record<string, unknown[]>;
  terraform?: Record<string, unknown>;
}

let outdir: string | undefined;

/** A cdktf app for tests. All of a file's share one temporary outdir (Testing.app() would make one every call). */
export function testApp(): ReturnType<typeof Testing.app> {
  outdir ??= make("gcguard-test-app-", fileDirs);
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

/** Folders made outside a test (collection, beforeAll): removed when the file's tests are done. */
const fileDirs: string[] = [];
/** Folders made while a test runs (its beforeEach hooks included): removed right after it. */
let testDirs: string[] | undefined;

function make(prefix: string, into: string[]): string {
  if (!prefix.startsWith("gcguard-")) throw new Error(`tempDir: prefix ${JSON.stringify(prefix)} must start gcguard-`);
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  into.push(dir);
  return dir;
}

function remove(dirs: string[]): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * A new temporary folder (prefix `gcguard-`), removed after the test that made it, or, made outside a test (at
 * collection or in beforeAll), after the file's tests. The run checks that none is left (test/global-setup.ts).
 */
export function tempDir(prefix = "gcguard-test-"): string {
  return make(prefix, testDirs ?? fileDirs);
}

// Registered when a test file first imports this module, so on the file's root suite: this beforeEach runs before
// the file's own, and this afterEach after them (vitest's default "stack" order), when nothing uses the folders.
beforeEach(() => {
  testDirs = [];
});
// Generous timeouts: a folder may hold an installed app's node_modules, slow to remove on a busy machine.
afterEach(() => {
  if (testDirs) remove(testDirs);
  testDirs = undefined;
}, 120_000);
afterAll(() => {
  remove(fileDirs);
  outdir = undefined;
}, 120_000);
