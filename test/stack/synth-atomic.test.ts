/**
 * A synth reaches its output folder whole or not at all (lib/stack/staging.ts): cdktf writes in place, so a synth
 * that dies half way used to leave a truncated cdk.tf.json over a good one.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { App } from "cdktf";
import { afterEach, describe, expect, test, vi } from "vitest";

import { synthesize } from "../../lib/stack/synth";
import { tempsInFlight } from "../../lib/temp-files";
import { tempDir } from "../helpers";

const CONFIG = path.join(__dirname, "..", "..", "examples", "gcguard.config.yaml");
const stackFile = (out: string): string => path.join(out, "stacks", "acme-prod", "cdk.tf.json");
const leftovers = (out: string): string[] => readdirSync(out).filter((f) => f.startsWith(".gcguard-synth-"));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("synthesize", () => {
  test("fails half way through cdktf's writes: the previous cdk.tf.json and manifest.json are left intact", () => {
    const out = tempDir();
    synthesize({ config: CONFIG, outdir: out, env: {} });
    const before = { stack: readFileSync(stackFile(out)), manifest: readFileSync(path.join(out, "manifest.json")) };

    // As cdktf does when stopped half way: the stack's file opened (truncated) for writing, and then no more.
    vi.spyOn(App.prototype, "synth").mockImplementation(function (this: App) {
      mkdirSync(path.join(this.outdir, "stacks", "acme-prod"), { recursive: true });
      writeFileSync(path.join(this.outdir, "stacks", "acme-prod", "cdk.tf.json"), "");
      throw new Error("ENOSPC: no space left on device");
    });
    expect(() => synthesize({ config: CONFIG, outdir: out, env: {} })).toThrow(/ENOSPC/);

    expect(readFileSync(stackFile(out))).toEqual(before.stack);
    expect(readFileSync(path.join(out, "manifest.json"))).toEqual(before.manifest);
    expect(leftovers(out)).toEqual([]);
    expect(tempsInFlight()).toEqual([]);
  });

  test("replaces the stack's file, keeps what the synth does not write, and leaves no staging folder", () => {
    const out = tempDir();
    const dir = path.dirname(stackFile(out));
    mkdirSync(path.join(dir, ".terraform"), { recursive: true });
    writeFileSync(stackFile(out), "{}");
    writeFileSync(path.join(dir, ".terraform.lock.hcl"), "# lock");

    const result = synthesize({ config: CONFIG, outdir: out, env: {} });

    expect(result.stacks.map((s) => s.file)).toEqual([stackFile(out)]);
    expect(JSON.parse(readFileSync(stackFile(out), "utf8"))).toHaveProperty("resource");
    expect(readdirSync(dir).sort()).toEqual([".terraform", ".terraform.lock.hcl", "cdk.tf.json"]);
    expect(readdirSync(out).sort()).toEqual(["manifest.json", "stacks"]);
  });

  test("makes an output folder that does not exist yet, parents included", () => {
    const out = path.join(tempDir(), "build", "cdktf.out");
    synthesize({ config: CONFIG, outdir: out, env: {} });
    expect(JSON.parse(readFileSync(stackFile(out), "utf8"))).toHaveProperty("resource");
  });
});
