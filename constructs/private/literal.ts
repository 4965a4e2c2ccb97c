import { Token } from "cdktf";

/**
 * A literal string as Terraform JSON must carry it. Terraform reads every string in .tf.json as a template, so a
 * Genesys name containing `${` or `%{` would be evaluated as an expression; `$${` and `%%{` are its escapes.
 * Tokens (references to other resources) pass through untouched.
 */
export function literal(value: string): string;
export function literal(value: string | undefined): string | undefined;
export function literal(value: string | undefined): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) return value;
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
