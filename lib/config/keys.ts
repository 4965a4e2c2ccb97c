/**
 * Stable keys. Every config entry has one, given or derived from its name, and Terraform addresses derive from
 * it (`genesyscloud_auth_division.<key>`), so reordering entries never moves state.
 */

/** Terraform's identifier rule for resource names. */
export const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * The default key for a name: ASCII-folded, lower case, runs of anything else turned into `_`
 * ("Ventes Québec (EU)" -> "ventes_quebec_eu"). Empty when the name has no ASCII letter or digit at all.
 */
export function slugKey(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  return /^[0-9]/.test(slug) ? `_${slug}` : slug;
}
