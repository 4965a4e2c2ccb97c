import { Testing } from "cdktf";
import { expect } from "vitest";

// cdktf's matchers are written for jest's global expect; vitest's is API-compatible (cdktf.md §6).
(globalThis as { expect?: unknown }).expect = expect;
Testing.setupJest();

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
