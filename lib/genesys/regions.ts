/**
 * Genesys Cloud regions as the provider names them (its `aws_region` / GENESYSCLOUD_REGION values) and the
 * domain each one serves. Source: docs/terraform-provider.md §1.2 (provider.go getRegionMap).
 * API base: https://api.<domain>; login (OAuth): https://login.<domain>.
 */
export const REGION_DOMAINS = {
  "us-east-1": "mypurecloud.com",
  "us-east-2": "use2.us-gov-pure.cloud",
  "us-west-2": "usw2.pure.cloud",
  "ca-central-1": "cac1.pure.cloud",
  "sa-east-1": "sae1.pure.cloud",
  "mx-central-1": "mxc1.pure.cloud",
  "eu-west-1": "mypurecloud.ie",
  "eu-west-2": "euw2.pure.cloud",
  "eu-central-1": "mypurecloud.de",
  "eu-central-2": "euc2.pure.cloud",
  "eusc-de-east-1": "edee1.eusc-pure.cloud",
  "me-central-1": "mec1.pure.cloud",
  "ap-south-1": "aps1.pure.cloud",
  "ap-southeast-1": "apse1.pure.cloud",
  "ap-southeast-2": "mypurecloud.com.au",
  "ap-northeast-1": "mypurecloud.jp",
  "ap-northeast-2": "apne2.pure.cloud",
  "ap-northeast-3": "apne3.pure.cloud",
  dca: "inindca.com",
  tca: "inintca.com",
} as const;

export type Region = keyof typeof REGION_DOMAINS;
export const REGIONS = Object.keys(REGION_DOMAINS) as Region[];

/** The provider compares region keys case-insensitively; so do we. */
export function normalizeRegion(value: string): Region | undefined {
  const key = value.trim().toLowerCase();
  return (REGIONS as string[]).includes(key) ? (key as Region) : undefined;
}

/**
 * The region's API base URL, `https://api.<domain>` (docs/terraform-provider.md §1.2; provider.go GetRegionBasePath).
 */
export function regionApiBaseUrl(region: Region): string {
  return `https://api.${REGION_DOMAINS[region]}`;
}

/**
 * The region's OAuth base URL, `https://login.<domain>`; the token endpoint is `<it>/oauth/token`
 * (docs/genesys-api.md §1.1).
 */
export function regionLoginBaseUrl(region: Region): string {
  return `https://login.${REGION_DOMAINS[region]}`;
}

/**
 * The OAuth base URL for an API base URL, as the SDKs derive it (docs/genesys-api.md §1.1: the Go SDK replaces `//api.`
 * with `//login.`): `https://api.<domain>` gives `https://login.<domain>`; any other host (a gateway, the emulator)
 * serves OAuth on its own origin. The result is an origin, without path or trailing slash.
 */
export function loginBaseUrlFor(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  if (url.hostname.startsWith("api.")) url.hostname = `login.${url.hostname.slice("api.".length)}`;
  return url.origin;
}

/** The region key serving a domain (`mypurecloud.ie` → `eu-west-1`), case-insensitive; for suggesting the key. */
export function regionForDomain(domain: string): Region | undefined {
  const wanted = domain
    .trim()
    .toLowerCase()
    .replace(/^(api|login)\./, "");
  return REGIONS.find((r) => REGION_DOMAINS[r] === wanted);
}
