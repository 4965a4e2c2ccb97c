/**
 * `gcguard preflight --list-kinds`: the kinds table (lib/org/kind-table/) as a person or a program reads it, each
 * type with how gcguard reads it, how its names compare, its import id and where those facts come from.
 */
import { InputError } from "../errors";
import type { KindSpec } from "../org/kinds";
import { KINDS } from "../org/kinds";
import { UNNAMED_TYPES } from "../org/kind-table/unnamed";

function reading(spec: KindSpec): string {
  const l = spec.list;
  if (l.style === "search") return `POST ${l.path} (EXACT ${l.field}, ${l.valuesPerQuery} a query)`;
  const by = l.nameParam ? `, by ${l.nameParam}` : ", whole listing";
  return `GET ${l.path} (${l.style === "pages" ? "pages" : "cursor"} of ${l.pageSize}${by})`;
}

function uniqueness(spec: KindSpec): string {
  const where = spec.scope ? `per ${spec.scope.attribute}` : "in the org";
  return `${spec.name.attribute}, unique ${where}, trimmed and case-insensitive`;
}

/** One JSON object per kind: the table's facts, flattened for scripts. */
export function kindsJson(): string {
  const kinds = KINDS.map((k) => ({
    type: k.type,
    kind: k.kind,
    noun: k.noun,
    nameAttribute: k.name.attribute,
    ...(k.scope ? { scope: k.scope.attribute } : {}),
    read: k.list,
    importId: k.importId,
    permission: k.permissions.view,
    duplicate: k.duplicate,
    sources: k.sources,
    unverified: k.unverified ?? [],
  }));
  const unnamed = Object.entries(UNNAMED_TYPES).map(([type, reason]) => ({ type, reason }));
  return `${JSON.stringify({ kinds, noUniqueName: unnamed }, null, 2)}\n`;
}

export function kindsText(): string {
  const lines = [`gcguard checks the names of ${KINDS.length} resource types:`, ""];
  for (const k of KINDS) {
    lines.push(`${k.type}  (${k.noun})`);
    lines.push(`  name:     ${uniqueness(k)}`);
    lines.push(`  read:     ${reading(k)}; needs ${k.permissions.view}`);
    lines.push(`  import:   terraform import ${k.type}.<name> <${k.importId}>`);
    lines.push(`  source:   ${k.sources.list}; ${k.sources.provider}`);
    if (k.unverified?.length) lines.push(`  unverified: ${k.unverified.join(", ")} (docs/kinds.md)`);
  }
  lines.push("", "Nothing to check (no name that must be unique):");
  for (const [type, reason] of Object.entries(UNNAMED_TYPES)) lines.push(`  ${type}: ${reason}`);
  lines.push("", "Any other genesyscloud_ type in a plan is reported as not checked; --require-coverage fails on it.");
  return `${lines.join("\n")}\n`;
}

/** The listing in the format asked for: text (the default) or json. */
export function renderKinds(formats: string | readonly string[] | undefined): string {
  const given = formats === undefined ? [] : typeof formats === "string" ? [formats] : [...formats];
  if (given.length > 1 || (given[0] !== undefined && !["text", "json"].includes(given[0])))
    throw new InputError(`--list-kinds --format ${given.join(" --format ")}: use one of text or json, to stdout`);
  return given[0] === "json" ? kindsJson() : kindsText();
}
