/** Which CDK library the compiled package loads (lib/cdk-choice.ts): the consumer's, never a second copy. */
import { describe, expect, it } from "vitest";

import type { CdkLibrary } from "../../lib/cdk-choice";
import { InputError } from "../../lib/errors";
import { chooseCdk } from "../../lib/cdk-choice";

function lookup(installed: Partial<Record<CdkLibrary, string>>, loaded: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return { resolve: (name: CdkLibrary) => installed[name], loaded: (file: string) => loaded.includes(file), env };
}

/** The message of the Error chooseCdk returns (fails when it returns a choice). */
function refusal(result: ReturnType<typeof chooseCdk>): string {
  if (!(result instanceof InputError)) throw new Error(`expected a refusal, got ${result.name}`);
  return result.message;
}

const CDKTF = "/app/node_modules/cdktf/lib/index.js";
const CDKTN = "/app/node_modules/cdktn/lib/index.js";

describe("chooseCdk", () => {
  it("takes the only library installed", () => {
    expect(chooseCdk(lookup({ cdktn: CDKTN }))).toEqual({ name: "cdktn", file: CDKTN });
    expect(chooseCdk(lookup({ cdktf: CDKTF }))).toEqual({ name: "cdktf", file: CDKTF });
  });

  it("with both installed, takes the one the app already loaded, else cdktf", () => {
    expect(chooseCdk(lookup({ cdktf: CDKTF, cdktn: CDKTN }, [CDKTN]))).toEqual({ name: "cdktn", file: CDKTN });
    expect(chooseCdk(lookup({ cdktf: CDKTF, cdktn: CDKTN }))).toEqual({ name: "cdktf", file: CDKTF });
  });

  it("GCGUARD_CDK decides outright, and names the fix when that library is missing or unknown", () => {
    const both = { cdktf: CDKTF, cdktn: CDKTN };
    expect(chooseCdk(lookup(both, [CDKTF], { GCGUARD_CDK: "cdktn" }))).toEqual({ name: "cdktn", file: CDKTN });
    expect(refusal(chooseCdk(lookup({ cdktf: CDKTF }, [], { GCGUARD_CDK: "cdktn" })))).toBe(
      "GCGUARD_CDK=cdktn, but cdktn is not installed; npm install cdktn constructs",
    );
    expect(refusal(chooseCdk(lookup(both, [], { GCGUARD_CDK: "cdk8s" })))).toBe(
      "GCGUARD_CDK=cdk8s: not cdktf or cdktn; set it to the library your app imports, or unset it",
    );
    expect(chooseCdk(lookup({ cdktn: CDKTN }, [], { GCGUARD_CDK: " " }))).toEqual({ name: "cdktn", file: CDKTN });
  });

  it("with neither installed, says what to install", () => {
    expect(refusal(chooseCdk(lookup({})))).toBe(
      "gcguard's constructs need cdktf (0.21) or CDK Terrain's cdktn (0.24) in your app: npm install cdktf@0.21 constructs",
    );
  });
});
