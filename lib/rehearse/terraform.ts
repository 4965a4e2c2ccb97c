/**
 * Running the real terraform CLI: asynchronously (a rehearsal hosts the emulator in this same process, so a
 * blocking spawn would deadlock it), with output captured, a timeout, and an environment that never reaches the
 * registry: the provider comes from gcguard's own emulator-backed plugin through `dev_overrides`.
 */
import { spawn } from "node:child_process";

import type { HostedProvider } from "../tfprovider/hosted";
import { hostProvider, REATTACH_ENV } from "../tfprovider/hosted";

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface TerraformOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** @default 600_000 */
  readonly timeoutMs?: number;
  /** Called with each complete stdout line, as it comes (for `apply -json` progress). */
  readonly onLine?: (line: string) => void;
}

/** Runs `terraform <args>`; resolves with its exit code and output, rejects only when it cannot start. */
export function terraform(args: readonly string[], options: TerraformOptions): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let pending = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (!options.onLine) return;
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) options.onLine(line);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGTERM"), options.timeoutMs ?? 600_000);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (pending && options.onLine) options.onLine(pending);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/**
 * The terraform version on PATH (e.g. "1.11.4"), or undefined when there is no working terraform. Asked without
 * the caller's TF_LOG settings: with them, this one run would write terraform's debug log (with the environment's
 * values) where a rehearsal writes none (see `rehearsalEnv`).
 */
export async function terraformVersion(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const quiet = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("TF_LOG")));
  try {
    const r = await terraform(["version", "-json"], { cwd: process.cwd(), env: quiet, timeoutMs: 30_000 });
    if (r.code !== 0) return undefined;
    return (JSON.parse(r.stdout) as { terraform_version?: string }).terraform_version;
  } catch {
    return undefined;
  }
}

/**
 * The environment terraform runs with for a rehearsal: no checkpoint calls, no interactive prompts, the generated
 * CLI config (the provider's filesystem mirror: lib/tfprovider/cli-config.ts), the provider hosted in this process
 * when `reattach` is given (lib/tfprovider/hosted.ts), and the provider's own GENESYSCLOUD_* variables pointing at
 * the emulator. Every credential variable of the caller's environment is dropped (GENESYSCLOUD_*, PURECLOUD_*, the
 * per-stack `GCGUARD_<STACK>_` ones that preflight would otherwise prefer to the rehearsal client's, and the IdP
 * token), and so is a TF_REATTACH_PROVIDERS of theirs, so a rehearsal never reaches a real org by accident and no
 * credential of the caller's reaches terraform. TF_LOG and TF_LOG_PATH are dropped too: terraform's debug log dumps
 * the provider's requests, and is a file the rehearsal could not redact (docs/emulator-provider.md, "Secrets in a
 * rehearsal").
 */
export interface RehearsalSettings {
  readonly cliConfigFile: string;
  readonly emulatorUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The caller's variables a rehearsal's terraform and gcguard never see (see `rehearsalEnv`). */
const DROPPED =
  /^(?:GENESYSCLOUD_|PURECLOUD_|GCGUARD_[A-Z0-9_]+_(?:GENESYSCLOUD|PURECLOUD)_|GCGUARD_IDP_TOKEN$|TF_CLI_CONFIG_FILE$|TF_REATTACH_PROVIDERS$|TF_LOG)/;

export function rehearsalEnv(
  base: NodeJS.ProcessEnv,
  options: RehearsalSettings & { readonly reattach?: string },
): NodeJS.ProcessEnv {
  const url = new URL(options.emulatorUrl);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!DROPPED.test(key)) env[key] = value;
  }
  return {
    ...env,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    TF_CLI_CONFIG_FILE: options.cliConfigFile,
    ...(options.reattach === undefined ? {} : { [REATTACH_ENV]: options.reattach }),
    GENESYSCLOUD_GATEWAY_HOST: url.hostname,
    GENESYSCLOUD_GATEWAY_PORT: url.port,
    GENESYSCLOUD_GATEWAY_PROTOCOL: url.protocol.replace(/:$/, ""),
    GENESYSCLOUD_OAUTHCLIENT_ID: options.clientId,
    GENESYSCLOUD_OAUTHCLIENT_SECRET: options.clientSecret,
    // The emulator answers fast; the provider's waits between its retries need not be real-world long.
    GCGUARD_TFPROVIDER_FAST_RETRY: "1",
  };
}

/**
 * The provider hosted in this process for a rehearsal (lib/tfprovider/hosted.ts), reading the rehearsal's
 * GENESYSCLOUD_* settings, and terraform's environment that reattaches to it. Close the provider when done.
 */
export async function hostedRehearsal(
  base: NodeJS.ProcessEnv,
  settings: RehearsalSettings,
  log?: (message: string) => void,
): Promise<{ readonly env: NodeJS.ProcessEnv; readonly provider: HostedProvider }> {
  const provider = await hostProvider({ env: rehearsalEnv(base, settings), ...(log ? { log } : {}) });
  return { env: rehearsalEnv(base, { ...settings, reattach: provider.reattach }), provider };
}
