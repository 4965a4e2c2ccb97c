/**
 * The names the cdktf provider generator gives Terraform attributes in the bindings (`acw_wrapup_prompt` becomes
 * `acwWrapupPrompt`), computed here so that nothing of the generator is loaded at run time
 * (docs/npm-package.md). test/config/binding-names.test.ts checks every name in the checked-in provider schema
 * against the generator itself.
 */

const SEPARATORS = /[_.\- ]+/;
const LEADING_SEPARATORS = new RegExp(`^${SEPARATORS.source}`);
const SEPARATOR_THEN_CHAR = new RegExp(`${SEPARATORS.source}([\\p{Alpha}\\p{N}_]|$)`, "gu");
const DIGITS_THEN_CHAR = /\d+([\p{Alpha}\p{N}_]|$)/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

/** Splits a mixed-case word where its case changes (`fooBar` → `foo-Bar`, `HTTPServer` → `HTTP-Server`). */
function splitCaseChanges(input: string): string {
  let out = "";
  let lastLower = false;
  let lastUpper = false;
  let lastLastUpper = false;
  for (const char of input) {
    if (lastLower && UPPER.test(char)) {
      out += `-${char}`;
      lastLower = false;
      lastLastUpper = lastUpper;
      lastUpper = true;
    } else if (lastUpper && lastLastUpper && LOWER.test(char)) {
      out = `${out.slice(0, -1)}-${out.slice(-1)}${char}`;
      lastLastUpper = lastUpper;
      lastUpper = false;
      lastLower = true;
    } else {
      out += char;
      lastLower = char.toLowerCase() === char && char.toUpperCase() !== char;
      lastLastUpper = lastUpper;
      lastUpper = char.toUpperCase() === char && char.toLowerCase() !== char;
    }
  }
  return out;
}

/** camelCase as the generator computes it (the rules of the `camelcase` package it uses, without locale). */
export function toCamelCase(name: string): string {
  let input = name.trim();
  if (input.length <= 1) return input.toLowerCase();
  if (input !== input.toLowerCase()) input = splitCaseChanges(input);
  input = input.replace(LEADING_SEPARATORS, "").toLowerCase();
  return input
    .replace(SEPARATOR_THEN_CHAR, (_match, next: string) => next.toUpperCase())
    .replace(DIGITS_THEN_CHAR, (match) => match.toUpperCase());
}

/** Property names the generator renames because they clash with a target language or a cdktf member. */
const RENAMED: Readonly<Record<string, string>> = {
  self: "selfAttribute",
  build: "buildAttribute",
  equals: "equalTo",
  node: "nodeAttribute",
  system: "systemAttribute",
  tfResourceType: "tfResourceTypeAttribute",
  importFrom: "importFromAttribute",
  moveTo: "moveToAttribute",
  software: "softwareAttribute",
};

/** The binding's property name for a Terraform attribute or block name. */
export function bindingName(terraformName: string): string {
  const camel = toCamelCase(terraformName);
  const renamed = RENAMED[camel];
  if (renamed !== undefined) return renamed;
  // jsii refuses `getFoo` properties (Java getters); the generator turns them into `fetchFoo`.
  return /^get[A-Za-z]+/.test(camel) ? camel.replace("get", "fetch") : camel;
}
