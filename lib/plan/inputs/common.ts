import { isInputError } from "../../errors";
import { readInputText } from "../../limits";
import { emptyInput, invalidJsonInput, unreadableInput } from "../../messages";

/** How each Terraform JSON input is produced: the fix of a message about a wrong or empty one. */
export const PRODUCE_PLAN = "produce it with 'terraform show -json <planfile> > plan.json'";
export const RUN_SYNTH = "run the synth first (npm run synth, or cdktf synth)";
export const PASS_STATE = "pass terraform.tfstate, or the output of 'terraform show -json'";

export const PROVIDER_SUFFIX = "mypurecloud/genesyscloud";

export function isGenesysType(type: string): boolean {
  return type.startsWith("genesyscloud_");
}

/**
 * Reads and parses a JSON input file (a plan, a state, a synthesized stack); a missing, empty, truncated or too large
 * file is an InputError naming it and the fix (`fix` says how to produce the file). A leading BOM is dropped.
 */
export function readJsonFile(file: string, what: string, fix: string): unknown {
  let text: string;
  try {
    text = readInputText(file, "Terraform JSON", { what });
  } catch (err) {
    if (isInputError(err)) throw err;
    throw unreadableInput(file, what, err, "check the path");
  }
  if (text.trim() === "") throw emptyInput(file, what, fix);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw invalidJsonInput(file, what, err, "is it truncated?");
  }
}

/**
 * A Terraform JSON string as the value it stands for: `$${` and `%%{` are escapes for a literal `${` and `%{`;
 * an unescaped `${` or `%{` is an expression (a reference resolved at apply), so the value is unknown here.
 * Only the character right before a `{` decides: Terraform reads `$$${x}` as `$${x}` and `$$$${x}` as `$$${x}`
 * (dollars before an escape are plain text, not pairs), as `terraform console` shows (docs/terraform-addresses.md).
 */
export function terraformLiteral(value: string): string | undefined {
  if (/(^|[^$])\$\{|(^|[^%])%\{/.test(value)) return undefined;
  return value.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/** Attributes of a synthesized resource with expressions removed (unknown until apply) and escapes undone. */
export function literalAttributes(attrs: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (typeof value === "string") {
      const literal = terraformLiteral(value);
      if (literal !== undefined) out[key] = literal;
    } else if (Array.isArray(value)) {
      // Lists keep their length: a reference in one becomes undefined, so "set, but not known" stays visible.
      out[key] = value.map((v: unknown) => (typeof v === "string" ? terraformLiteral(v) : v));
    } else out[key] = value;
  }
  return out;
}
