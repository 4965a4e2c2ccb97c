/**
 * Which CDK for Terraform library gcguard's compiled constructs and bindings load: `cdktf` 0.21, or `cdktn` 0.24 (CDK
 * Terrain, its continuation after CDKTF was archived). Both are optional peer dependencies; the consumer's app must
 * get the very copy it uses itself, or `instanceof` and construct-tree checks break (docs/npm-package.md).
 *
 * Order: $GCGUARD_CDK when set; else the only one installed; else the one the process has already loaded; else cdktf.
 * Each library is found as the copy the process already loaded, else from gcguard's own folder (in an installed
 * package, the app's node_modules), else from the working directory (lib/cdk.ts).
 */
import { InputError } from "./errors";

export const CDK_LIBRARIES = ["cdktf", "cdktn"] as const;
export type CdkLibrary = (typeof CDK_LIBRARIES)[number];

export interface CdkLookup {
  /** The module file `name` resolves to, or undefined when it is not installed. */
  readonly resolve: (name: CdkLibrary) => string | undefined;
  /** Whether that file is already loaded in this process. */
  readonly loaded: (file: string) => boolean;
  readonly env: NodeJS.ProcessEnv;
}

/** The library to load, or an InputError (a setup problem: exit 2) whose message is the one line a user needs. */
export function chooseCdk(lookup: CdkLookup): { readonly name: CdkLibrary; readonly file: string } | InputError {
  const wanted = lookup.env.GCGUARD_CDK?.trim();
  if (wanted !== undefined && wanted !== "") {
    if (!(CDK_LIBRARIES as readonly string[]).includes(wanted)) {
      return new InputError(
        `GCGUARD_CDK=${wanted}: not cdktf or cdktn; set it to the library your app imports, or unset it`,
      );
    }
    const file = lookup.resolve(wanted as CdkLibrary);
    if (file === undefined) {
      return new InputError(`GCGUARD_CDK=${wanted}, but ${wanted} is not installed; npm install ${wanted} constructs`);
    }
    return { name: wanted as CdkLibrary, file };
  }
  const installed = CDK_LIBRARIES.flatMap((name) => {
    const file = lookup.resolve(name);
    return file === undefined ? [] : [{ name, file }];
  });
  if (installed.length === 0) {
    return new InputError(
      "gcguard's constructs need cdktf (0.21) or CDK Terrain's cdktn (0.24) in your app: npm install cdktf@0.21 constructs",
    );
  }
  return installed.find((lib) => lookup.loaded(lib.file)) ?? installed[0]!;
}
