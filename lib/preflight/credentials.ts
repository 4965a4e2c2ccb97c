/**
 * Which credentials check which stack. A cdktf app with several stacks (one per region, org or BPO tenant) checks
 * each against its own org: variables prefixed `GCGUARD_<STACK>_` (stack name upper-cased, anything but letters and
 * digits turned into `_`) replace the plain provider variables for that stack, e.g.
 *
 *   GCGUARD_ACME_PROD_GENESYSCLOUD_OAUTHCLIENT_ID / _SECRET / _REGION   for stack acme-prod
 *
 * When a stack has none, the plain GENESYSCLOUD_* variables apply. A region set in the stack's provider block is
 * used when the variables give none.
 */
import { CONNECTION_ENV, CONNECTION_ENV_ALIASES } from "../genesys/config";

export function stackEnvPrefix(stack: string): string {
  return `GCGUARD_${stack.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_`;
}

const NAMES = [...Object.values(CONNECTION_ENV), ...Object.values(CONNECTION_ENV_ALIASES)];

/** The environment a stack's client reads: its own prefixed variables if it has any, else the shared ones. */
export function stackEnv(stack: string, env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; prefixed: boolean } {
  const prefix = stackEnvPrefix(stack);
  const own = NAMES.filter((name) => env[`${prefix}${name}`] !== undefined);
  if (own.length === 0) return { env, prefixed: false };
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) if (!NAMES.includes(key as (typeof NAMES)[number])) out[key] = value;
  for (const name of own) out[name] = env[`${prefix}${name}`];
  return { env: out, prefixed: true };
}
