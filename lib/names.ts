/**
 * How gcguard compares the names of divisions, groups, queues and SCIM userNames: trimmed and case-insensitive, in
 * one place for the gate, resolve, the SCIM commands, the config and the emulator (docs/names.md).
 */

/** The form two names share when Genesys would count them as the same name. */
export function nameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Whether two names are the same name to Genesys. */
export function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}
