import { createRequire } from "node:module";

import type { Testing as CdktfTesting } from "cdktf";
import { expect } from "vitest";

// cdktf's matchers are written for jest's global expect; vitest's is API-compatible (docs/cdktf.md §6).
(globalThis as { expect?: unknown }).expect = expect;

type Matcher = (received: unknown, ...args: unknown[]) => { pass: boolean; message: () => string };
const NAMES = [
  "toHaveResource",
  "toHaveResourceWithProperties",
  "toHaveDataSource",
  "toHaveDataSourceWithProperties",
  "toHaveProvider",
  "toHaveProviderWithProperties",
] as const;

let cdktfMatchers: Record<string, Matcher> | undefined;

/**
 * cdktf's own matchers (Testing.setupJest()), loaded on first use: loading cdktf takes about a second, and most test
 * files never need it. setupJest() registers them through `global.expect.extend`, caught here; when they run they
 * read vitest's expect from the global again.
 */
function cdktf(): Record<string, Matcher> {
  if (cdktfMatchers) return cdktfMatchers;
  const caught: Record<string, Matcher> = {};
  const global = globalThis as { expect?: unknown };
  global.expect = { extend: (matchers: Record<string, Matcher>) => Object.assign(caught, matchers) };
  try {
    const { Testing } = createRequire(import.meta.url)("cdktf") as { Testing: typeof CdktfTesting };
    Testing.setupJest();
  } finally {
    global.expect = expect;
  }
  return (cdktfMatchers = caught);
}

expect.extend(
  Object.fromEntries(
    NAMES.map((name) => [name, (received: unknown, ...args: unknown[]) => cdktf()[name]!(received, ...args)]),
  ),
);

interface TerraformConstructor {
  readonly tfResourceType: string;
}
interface CdktfMatchers<R = unknown> {
  toHaveResource(c: TerraformConstructor): R;
  toHaveResourceWithProperties(c: TerraformConstructor, props: Record<string, unknown>): R;
  toHaveDataSource(c: TerraformConstructor): R;
  toHaveDataSourceWithProperties(c: TerraformConstructor, props: Record<string, unknown>): R;
  toHaveProvider(c: TerraformConstructor): R;
  toHaveProviderWithProperties(c: TerraformConstructor, props: Record<string, unknown>): R;
}
declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends CdktfMatchers<T> {}
}
