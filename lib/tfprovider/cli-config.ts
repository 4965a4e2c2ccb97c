/**
 * A Terraform CLI configuration that makes `mypurecloud/genesyscloud` this repo's provider: dev_overrides points
 * at lib/tfprovider/bin (where terraform-provider-genesyscloud lives) and every other provider installs as usual.
 * Use it with TF_CLI_CONFIG_FILE; with dev_overrides Terraform skips `terraform init` for this provider.
 */
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";

import { writeFileAtomic } from "../fs";
import { PROVIDER_VERSION } from "./context";

export const PROVIDER_SOURCE = "mypurecloud/genesyscloud";
export const PROVIDER_BIN_DIR = path.join(__dirname, "bin");

export function devOverridesConfig(binDir = PROVIDER_BIN_DIR): string {
  return [
    "provider_installation {",
    "  dev_overrides {",
    `    ${JSON.stringify(PROVIDER_SOURCE)} = ${JSON.stringify(path.resolve(binDir))}`,
    "  }",
    "  direct {}",
    "}",
    "",
  ].join("\n");
}

/** Writes `terraform.rc` into `dir` (atomically) and returns its path, for TF_CLI_CONFIG_FILE. */
export function writeDevOverridesConfig(dir: string, binDir = PROVIDER_BIN_DIR): string {
  const file = path.join(path.resolve(dir), "terraform.rc");
  writeFileAtomic(file, devOverridesConfig(binDir));
  return file;
}

/** Terraform's name for this machine's platform (`linux_amd64`, `darwin_arm64`, ...). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const cpu = arch === "x64" ? "amd64" : arch === "ia32" ? "386" : arch;
  return `${platform === "win32" ? "windows" : platform}_${cpu}`;
}

/**
 * Like writeDevOverridesConfig, plus a local filesystem mirror holding this provider, so `terraform init` works
 * with no registry: init installs from the mirror (needed for a stack with a backend block), and dev_overrides
 * still decide what runs. The mirror's executable is a symlink to lib/tfprovider/bin's launcher.
 */
export function writeRehearsalConfig(dir: string, binDir = PROVIDER_BIN_DIR): string {
  const root = path.resolve(dir);
  const mirror = path.join(root, "provider-mirror");
  const pkg = path.join(mirror, "registry.terraform.io", PROVIDER_SOURCE, PROVIDER_VERSION, terraformPlatform());
  mkdirSync(pkg, { recursive: true });
  const exe = path.join(pkg, `terraform-provider-genesyscloud_v${PROVIDER_VERSION}`);
  rmSync(exe, { force: true });
  symlinkSync(path.join(path.resolve(binDir), "terraform-provider-genesyscloud"), exe);
  const file = path.join(root, "terraform.rc");
  writeFileAtomic(
    file,
    [
      "provider_installation {",
      "  dev_overrides {",
      `    ${JSON.stringify(PROVIDER_SOURCE)} = ${JSON.stringify(path.resolve(binDir))}`,
      "  }",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${JSON.stringify(`registry.terraform.io/${PROVIDER_SOURCE}`)}]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return file;
}
