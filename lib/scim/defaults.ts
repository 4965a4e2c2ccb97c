/** Defaults the scim subcommands name in their --help, in a leaf module so help loads nothing else. */

/** Where a delta run keeps its cursor unless --state says otherwise. */
export const DEFAULT_STATE_FILE = ".gcguard/scim-delta.json";
/** The environment variable holding the delta endpoint's bearer token unless --token-env says otherwise. */
export const DEFAULT_TOKEN_ENV = "GCGUARD_IDP_TOKEN";
/** What --format takes, for every scim report (diff, sync and users). */
export const REPORT_FORMATS = ["text", "json", "markdown"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
