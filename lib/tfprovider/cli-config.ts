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

/** What `installProvider` laid out. */
export interface InstalledProvider {
  /** The Terraform CLI configuration to point TF_CLI_CONFIG_FILE at. */
  readonly configFile: string;
  /** The filesystem mirror holding this provider. */
  readonly mirror: string;
  readonly version: string;
}

/**
 * Lays this repo's provider out as a Terraform filesystem mirror in `dir` and writes a CLI configuration that installs
 * `mypurecloud/genesyscloud` from it and every other provider from its registry as usual, so `terraform init`,
 * `plan` and `apply` work with no registry access (docs/emulator-provider.md). The mirror's executable is a
 * symlink to lib/tfprovider/bin's launcher. Safe to run again: it replaces what it made.
 */
export function installProvider(dir: string, binDir = PROVIDER_BIN_DIR): InstalledProvider {
  const root = path.resolve(dir);
  const mirror = path.join(root, "provider-mirror");
  const pkg = path.join(mirror, "registry.terraform.io", PROVIDER_SOURCE, PROVIDER_VERSION, terraformPlatform());
  mkdirSync(pkg, { recursive: true });
  const exe = path.join(pkg, `terraform-provider-genesyscloud_v${PROVIDER_VERSION}`);
  rmSync(exe, { force: true });
  symlinkSync(path.join(path.resolve(binDir), "terraform-provider-genesyscloud"), exe);
  const configFile = path.join(root, "terraform.rc");
  const source = JSON.stringify(`registry.terraform.io/${PROVIDER_SOURCE}`);
  writeFileAtomic(
    configFile,
    [
      "# Written by `gcguard provider install`: mypurecloud/genesyscloud is gcguard's emulator-backed provider, from",
      "# the local mirror below; every other provider installs from its registry as usual.",
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = [${source}]`,
      "  }",
      "  direct {",
      `    exclude = [${source}]`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return { configFile, mirror, version: PROVIDER_VERSION };
}

/** The CLI configuration a rehearsal and the end-to-end tests use: the same layout as `gcguard provider install`. */
export function writeRehearsalConfig(dir: string, binDir = PROVIDER_BIN_DIR): string {
  return installProvider(dir, binDir).configFile;
}
