/**
 * Genesys Cloud regions as the provider names them (its `aws_region` / GENESYSCLOUD_REGION values) and the
 * domain each one serves. Source: terraform-provider.md §1.2 (provider.go getRegionMap).
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
