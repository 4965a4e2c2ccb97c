/** `gcguard provider install <dir>`: the emulator-backed provider as a local mirror (logic: lib/tfprovider/cli-config.ts). */
import path from "node:path";

import type { Command } from "commander";

import type { CommandIo } from "../lib/command-io";

export function registerProvider(program: Command, io: CommandIo): void {
  const provider = program
    .command("provider")
    .description("gcguard's emulator-backed terraform-provider-genesyscloud, for terraform against the emulator");
  provider
    .command("install")
    .description("lay the provider out as a local mirror in <dir> and write a Terraform CLI config that uses it")
    .argument("[dir]", "where the mirror and terraform.rc go", ".gcguard")
    .addHelpText(
      "after",
      [
        "",
        'Prints the one line to run (stdout), so this works: eval "$(npx gcguard provider install .gcguard)".',
        "terraform init, plan and apply then need no registry for mypurecloud/genesyscloud; other providers install as",
        "usual. Point the provider at the emulator with GENESYSCLOUD_GATEWAY_HOST/_PORT/_PROTOCOL.",
        "",
        "Examples:",
        "  npx gcguard provider install .gcguard",
        '  export TF_CLI_CONFIG_FILE="$PWD/.gcguard/terraform.rc"',
      ].join("\n"),
    )
    .action(async (dir: string) => {
      const { installProvider } = await import("../lib/tfprovider/cli-config");
      const installed = installProvider(dir);
      io.stderr(
        `provider: mypurecloud/genesyscloud ${installed.version} mirrored in ${path.relative(process.cwd(), installed.mirror) || "."}; Terraform CLI config ${installed.configFile}\n`,
      );
      io.stdout(`export TF_CLI_CONFIG_FILE=${JSON.stringify(installed.configFile)}\n`);
    });
}
