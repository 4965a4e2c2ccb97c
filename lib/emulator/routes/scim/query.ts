/** SCIM v2 list queries: paging, ListResponse, filters and attribute projection. */
import type { Query } from "../../paging";
import { multi, single } from "../../paging";
import type { Json } from "./shared";
import { invalidFilter, invalidValue, isObject, LIST_SCHEMA } from "./shared";

function intParam(value: string | string[] | undefined, name: string, fallback: number): number {
  const v = single(value);
  if (v === undefined || v.trim() === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n)) throw invalidValue(`Parameter '${name}' must be an integer.`);
  return n;
}

export interface ScimPage {
  readonly startIndex: number;
  readonly count: number;
}

/**
 * §7.1: startIndex is 1-based (default 1), count defaults to 25 and 0 gives totalResults only; RFC 7644 §3.4.2.4
 * reads startIndex < 1 as 1 and a negative count as 0. Counts above the emulator's SCIM max are clamped (§8).
 */
export function pageOf(query: Query, max: number): ScimPage {
  return {
    startIndex: Math.max(1, intParam(query.startIndex, "startIndex", 1)),
    count: Math.min(Math.max(0, intParam(query.count, "count", 25)), max),
  };
}

/** §7.4: ListResponse, with the capital `Resources`. */
export function listResponse<T>(items: readonly T[], page: ScimPage, render: (item: T) => Json): Json {
  const resources = items.slice(page.startIndex - 1, page.startIndex - 1 + page.count).map(render);
  return {
    schemas: [LIST_SCHEMA],
    totalResults: items.length,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export interface Filter {
  /** The attribute, spelled as in `supported`. */
  readonly attribute: string;
  readonly value: string;
}

const FILTER = /^\s*(\S+)\s+(\S+)\s+("(?:[^"\\]|\\.)*"|[^\s"]+)\s*$/;

/**
 * §7.3: only `attr eq value` is documented; the value may be quoted (RFC 7644) or not (the official examples), and
 * attribute names are case-insensitive. An unquoted value is one token: quote values with spaces. Other operators,
 * logical expressions and unknown attributes get 400 `invalidFilter` (§7.3 [U]).
 */
export function parseFilter(filter: string | undefined, supported: readonly string[]): Filter | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const match = FILTER.exec(filter);
  if (!match) throw invalidFilter(`Unsupported filter: ${filter}`);
  const [, name = "", operator = "", raw = ""] = match;
  if (operator.toLowerCase() !== "eq") {
    throw invalidFilter(`Unsupported filter operator '${operator}'; only 'eq' is supported.`);
  }
  const canonical = supported.find((a) => a.toLowerCase() === name.toLowerCase());
  if (!canonical) throw invalidFilter(`Unsupported filter attribute '${name}'.`);
  let value = raw;
  if (raw.startsWith('"')) {
    try {
      value = JSON.parse(raw) as string;
    } catch {
      throw invalidFilter(`Invalid filter value ${raw}.`);
    }
  }
  return { attribute: canonical, value };
}

/**
 * Whether a path is returned under RFC 7644 §3.4.2.5 `attributes` / `excludedAttributes`. Extension attributes have
 * paths `<urn>:<name>`; a requested sub-attribute (`emails.value`) selects its parent.
 */
function returned(path: string, wanted: readonly string[], excluded: readonly string[]): boolean {
  const p = path.toLowerCase();
  if (wanted.length > 0) return wanted.some((a) => a === p || a.startsWith(`${p}.`) || p.startsWith(`${a}:`));
  return !excluded.some((a) => a === p || p.startsWith(`${a}:`));
}

/** Applies `attributes` / `excludedAttributes`; `always` attributes come back regardless (§7.1 parameter docs). */
export function project(resource: Json, query: Query, always: readonly string[]): Json {
  const wanted = multi(query.attributes).map((a) => a.toLowerCase());
  const excluded = multi(query.excludedAttributes).map((a) => a.toLowerCase());
  if (wanted.length === 0 && excluded.length === 0) return resource;
  const out: Json = {};
  for (const [key, value] of Object.entries(resource)) {
    if (key === "schemas" || always.includes(key)) out[key] = value;
    else if (key.startsWith("urn:") && isObject(value)) {
      const kept = Object.entries(value).filter(([sub]) => returned(`${key}:${sub}`, wanted, excluded));
      if (kept.length > 0) out[key] = Object.fromEntries(kept);
    } else if (returned(key, wanted, excluded)) out[key] = value;
  }
  return out;
}
