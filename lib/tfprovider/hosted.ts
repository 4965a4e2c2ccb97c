/**
 * The emulator-backed provider served from the calling process, for Terraform to reattach to instead of launching a
 * provider process of its own for every command (docs/emulator-provider.md, "Hosted in-process").
 *
 * Terraform's `TF_REATTACH_PROVIDERS` names a running plugin server; with `"Test": true` Terraform neither starts nor
 * stops it, and `terraform init` leaves the provider alone (it is "unmanaged"). Otherwise a `plan` launches the
 * provider three times (TF_LOG=debug counts the "plugin started" lines) and every other command at least once, each
 * a Node.js start-up of about half a second of CPU; `gcguard rehearse` and the end-to-end tests run dozens of
 * terraform commands against one emulator.
 *
 * The server listens on a Unix socket in a private temporary folder (mode 0700), not on a TCP port: reattach has no
 * TLS, and only this user can reach the socket. It reads its GENESYSCLOUD_* settings from the `env` given here, not
 * from the process's own environment, so several hosted providers (one per emulator) live in one process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { InputError } from "../errors";
import { createProviderContext } from "./context";
import { createRegistry } from "./registry";
import { loadProviderSchema, PROVIDER_ADDRESS } from "./schema";
import type { JsonProviderSchema } from "./schema";
import { startPluginServer } from "./server";
import { createProviderService } from "./service";

export const REATTACH_ENV = "TF_REATTACH_PROVIDERS";

export interface HostedProvider {
  /** The value of TF_REATTACH_PROVIDERS that points Terraform at this server. */
  readonly reattach: string;
  /** Stops the server and removes its socket folder. */
  close(): Promise<void>;
}

export interface HostOptions {
  /** Where the provider reads GENESYSCLOUD_* (and GCGUARD_TFPROVIDER_FAST_RETRY) from. */
  readonly env: NodeJS.ProcessEnv;
  /** Warnings and errors of the provider; trace and debug lines are dropped. */
  readonly log?: (message: string) => void;
  /** Where the socket's folder goes. @default os.tmpdir() */
  readonly tmpdir?: string;
}

let schema: JsonProviderSchema | undefined;

/**
 * A Unix socket's path holds at most 103 bytes on macOS (107 on Linux); the socket is
 * `<tmpdir>/gcguard-provider-XXXXXX/plugin.sock`.
 */
const MAX_SOCKET_PATH = 103;
const SOCKET_SUFFIX = `${path.sep}gcguard-provider-XXXXXX${path.sep}plugin.sock`;

export async function hostProvider(options: HostOptions): Promise<HostedProvider> {
  const base = options.tmpdir ?? tmpdir();
  if (Buffer.byteLength(base + SOCKET_SUFFIX) > MAX_SOCKET_PATH) {
    throw new InputError(
      `the temporary folder ${base} is too long a path for the provider's socket (at most ${MAX_SOCKET_PATH - SOCKET_SUFFIX.length} bytes); set TMPDIR to a shorter folder, such as /tmp`,
    );
  }
  schema ??= loadProviderSchema();
  const dir = mkdtempSync(path.join(base, "gcguard-provider-"));
  const log = options.log;
  try {
    const server = await startPluginServer({
      provider: createProviderService({
        schema,
        registry: createRegistry(),
        ...(log ? { log: (level, message) => void (level === "warn" || level === "error" ? log(message) : 0) } : {}),
        configure: (config) => createProviderContext(config, options.env),
      }),
      socket: path.join(dir, "plugin.sock"),
      // Terraform does not shut down a reattached provider; nothing to do if some host asks.
      onShutdown: () => {},
    });
    const reattach = JSON.stringify({
      [PROVIDER_ADDRESS]: {
        Protocol: "grpc",
        ProtocolVersion: 5,
        Pid: process.pid,
        Test: true,
        Addr: { Network: server.network, String: server.address },
      },
    });
    let closed: Promise<void> | undefined;
    return {
      reattach,
      close: () => (closed ??= server.close().then(() => rmSync(dir, { recursive: true, force: true }))),
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
