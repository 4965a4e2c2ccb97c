/** The emulator's listening defaults, in a leaf module so `gcguard emulator --help` can show them cheaply. */

/**
 * The default port: docs/terraform-provider.md §1.3's example provider block points its gateway at 127.0.0.1:8080.
 * `--port 0` picks a free port.
 */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";
