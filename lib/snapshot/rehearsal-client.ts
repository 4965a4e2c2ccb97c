import type { SeedClient } from "../emulator/seed";

/**
 * The OAuth client the emulator accepts for a snapshot: a snapshot cannot read the org's client secrets, so it
 * writes this one, fixed, so that snapshots stay deterministic. Not a credential for anything but the emulator.
 * A leaf module, so `gcguard snapshot --help` can name it without loading the snapshot code.
 */
export const REHEARSAL_CLIENT: SeedClient = {
  id: "gcguard-rehearsal",
  secret: "rehearsal-secret",
  name: "gcguard rehearsal client (written by gcguard snapshot; the org's own clients are not copied)",
  permissions: "*",
  divisions: "*",
};
