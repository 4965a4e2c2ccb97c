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

/**
 * `value` with `literal` applied to every string in it, at any depth of plain objects and arrays: a queue's or
 * group's `settings` carry free text (descriptions, scripts, addresses) as well as names. Tokens, and objects that
 * are not plain data (resolvables, references), pass through untouched.
 */
export function literalDeep<T>(value: T): T {
  return deep(value) as T;
}

function deep(value: unknown): unknown {
  if (typeof value === "string") return literal(value);
  if (Array.isArray(value)) return value.map(deep);
  if (typeof value === "object" && value !== null) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]));
  }
  return value;
}
