/**
 * The CDK for Terraform library, as the compiled package loads it: the build (scripts/build.ts) points every
 * `import ... from "cdktf"` in the shipped JavaScript here, so an app on CDK Terrain (`cdktn`) gets cdktn. Sources in
 * this repo import "cdktf" directly; the choice itself is lib/cdk-choice.ts.
 */
import type * as Cdktf from "cdktf";

import { chooseCdk } from "./cdk-choice";

/** A copy of `name` the process has already loaded (the app imported it first), if any. */
function loadedCopy(name: string): string | undefined {
  const main = new RegExp(`[\\\\/]node_modules[\\\\/]${name}[\\\\/]lib[\\\\/]index\\.js$`);
  return Object.keys(require.cache).find((file) => main.test(file));
}

function load(): typeof Cdktf {
  // The copy the app already loaded, else the one beside gcguard (the app's own in an installed package), else the
  // working directory's.
  const paths = [__dirname, process.cwd()];
  const choice = chooseCdk({
    resolve: (name) => {
      const loaded = loadedCopy(name);
      if (loaded !== undefined) return loaded;
      try {
        return require.resolve(name, { paths });
      } catch {
        return undefined;
      }
    },
    loaded: (file) => require.cache[file] !== undefined,
    env: process.env,
  });
  if (choice instanceof Error) throw choice;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(choice.file) as typeof Cdktf;
}

export = load();
