/** Pagination as Genesys does it (docs/genesys-api.md §8): page-number listings and q64 search pages. */
import { badRequest } from "./errors";

export type Query = Record<string, string | string[] | undefined>;

/** A query parameter that may repeat (`?id=a&id=b`) or be comma-joined (`?id=a,b`, as the SDKs send it). */
export function multi(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[value.length - 1] : value;
}

export function boolParam(value: string | string[] | undefined, name: string): boolean | undefined {
  const v = single(value);
  if (v === undefined) return undefined;
  if (v.toLowerCase() === "true") return true;
  if (v.toLowerCase() === "false") return false;
  throw badRequest("Value [{value}] is not valid for field type [boolean] of parameter {parameter}.", "invalid.value", {
    value: v,
    parameter: name,
  });
}

function intParam(value: string | string[] | undefined, name: string, fallback: number): number {
  const v = single(value);
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw badRequest(
      "Value [{value}] is not valid for field type [integer] of parameter {parameter}.",
      "invalid.value",
      {
        value: v,
        parameter: name,
      },
    );
  }
  return n;
}

export interface Page {
  readonly pageSize: number;
  readonly pageNumber: number;
}

/** pageSize (default 25, clamped to `max`) and pageNumber (default 1). */
export function pageParams(query: Query, max: number): Page {
  return {
    pageSize: Math.min(intParam(query.pageSize, "pageSize", 25), max),
    pageNumber: intParam(query.pageNumber, "pageNumber", 1),
  };
}

/** A page-number entity listing with relative URIs; nextUri/previousUri only where there is such a page. */
export function pageListing<T>(
  items: readonly T[],
  page: Page,
  path: string,
  query: Query = {},
): Record<string, unknown> {
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / page.pageSize));
  const start = (page.pageNumber - 1) * page.pageSize;
  const uri = (n: number): string => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (k === "pageNumber" || k === "pageSize" || v === undefined) continue;
      for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    }
    params.set("pageSize", String(page.pageSize));
    params.set("pageNumber", String(n));
    return `${path}?${params.toString()}`;
  };
  return {
    entities: items.slice(start, start + page.pageSize),
    pageSize: page.pageSize,
    pageNumber: page.pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(page.pageNumber),
    ...(page.pageNumber < pageCount ? { nextUri: uri(page.pageNumber + 1) } : {}),
    ...(page.pageNumber > 1 ? { previousUri: uri(page.pageNumber - 1) } : {}),
    lastUri: uri(pageCount),
  };
}

export function encodeQ64(request: unknown): string {
  return Buffer.from(JSON.stringify(request)).toString("base64");
}

export function decodeQ64(q64: string): unknown {
  try {
    return JSON.parse(Buffer.from(q64, "base64").toString("utf8"));
  } catch {
    throw badRequest("The q64 parameter is not a valid search.", "invalid.value");
  }
}
