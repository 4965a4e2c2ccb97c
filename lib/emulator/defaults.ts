/** The emulator's listening defaults, in a leaf module so `gcguard emulator --help` can show them cheaply. */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "127.0.0.1";
