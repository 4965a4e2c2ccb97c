/**
 * The CDK for Terraform library, as the compiled package loads it: the build (scripts/build.ts) points every
 * `import ... from "cdktf"` in the shipped JavaScript here, so an app on CDK Terrain (`cdktn`) gets cdktn. Sources in
 * this repo import "cdktf" directly; the choice itself is lib/cdk-choice.ts.
 */
import type * as Cdktf from "cdktf";

import { chooseCdk } from "./cdk-choice";

function load(): typeof Cdktf {
  const paths = [process.cwd(), __dirname];
  const choice = chooseCdk({
    resolve: (name) => {
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
