/** The build's module-name rewrite (scripts/build.ts): what the package ships must not need the repo's workspace. */
import path from "node:path";

import { describe, expect, it } from "vitest";

import { rewriteSpecifier } from "../../scripts/build";

const OUT = path.join(path.sep, "pkg", "dist");
const at = (file: string) => path.join(OUT, file);

describe("rewriteSpecifier", () => {
  it("points the bindings workspace at the compiled bindings, relative to the emitting file", () => {
    expect(rewriteSpecifier("@cdktf/provider-genesyscloud/lib/routing-queue", at("constructs/x.js"), OUT, false)).toBe(
      "../lib/provider-genesyscloud/lib/routing-queue",
    );
    expect(rewriteSpecifier("@cdktf/provider-genesyscloud", at("lib/stack/org-stack.js"), OUT, true)).toBe(
      "../provider-genesyscloud/lib/index",
    );
  });

  it("sends cdktf through lib/cdk in JavaScript, and leaves the declarations' types alone", () => {
    expect(rewriteSpecifier("cdktf", at("lib/stack/synth.js"), OUT, false)).toBe("../cdk");
    expect(rewriteSpecifier("cdktf", at("lib/cdk-user.js"), OUT, false)).toBe("./cdk");
    expect(rewriteSpecifier("cdktf", at("constructs/division.d.ts"), OUT, true)).toBeUndefined();
  });

  it("keeps every other module name", () => {
    for (const name of ["constructs", "cdktf/lib/tokens", "@cdktf/provider-aws", "./division", "zod"])
      expect(rewriteSpecifier(name, at("constructs/x.js"), OUT, false)).toBeUndefined();
  });
});
