/** PatchOp (RFC 7644 §3.5.2; §7.4), applied with the scim-patch library to the resource's SCIM representation. */
import type { ScimPatchOperation, ScimResource } from "scim-patch";
import { ScimError as PatchLibraryError, scimPatch } from "scim-patch";

import { ScimError } from "../../errors";
import { attribute, invalidSyntax, isObject, jsonObject, PATCH_SCHEMA } from "./shared";

export interface PatchDocument extends ScimResource {
  [attribute: string]: unknown;
}

/**
 * `path` with its attribute spelled as the resource spells it (names are case-insensitive, RFC 7643 §2.1, but
 * scim-patch matches keys exactly) and a core-schema prefix dropped. `names` may hold `<urn>:<name>` paths.
 */
function canonicalPath(path: string, names: readonly string[], coreSchema: string): string {
  let p = path.trim();
  if (p.toLowerCase().startsWith(`${coreSchema.toLowerCase()}:`)) p = p.slice(coreSchema.length + 1);
  const lower = p.toLowerCase();
  let best: string | undefined;
  for (const name of names) {
    const fits =
      lower === name.toLowerCase() || (lower.startsWith(name.toLowerCase()) && /^[[.:]/.test(p.slice(name.length)));
    if (fits && (best === undefined || name.length > best.length)) best = name;
  }
  return best === undefined ? p : best + p.slice(best.length);
}

/** Validates a PatchOp body into scim-patch operations; a path-less add/replace becomes one operation per attribute. */
export function readPatch(body: unknown, names: readonly string[], coreSchema: string): ScimPatchOperation[] {
  const obj = jsonObject(body);
  const schemas = attribute(obj, "schemas");
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_SCHEMA)) {
    throw invalidSyntax(`The request must carry the schema ${PATCH_SCHEMA}.`);
  }
  const operations = attribute(obj, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) {
    throw invalidSyntax("The request needs a non-empty 'Operations' array.");
  }
  const ops: ScimPatchOperation[] = [];
  for (const operation of operations as unknown[]) {
    if (!isObject(operation)) throw invalidSyntax("Every operation must be an object.");
    const kind = attribute(operation, "op");
    const path = attribute(operation, "path");
    const value = attribute(operation, "value");
    if (typeof kind !== "string" || !/^(add|remove|replace)$/i.test(kind)) {
      throw invalidSyntax(`Unsupported operation '${String(kind)}'; use add, remove or replace.`);
    }
    if (path !== undefined && typeof path !== "string") throw invalidSyntax("An operation's 'path' must be a string.");
    const target = path === undefined || path.trim() === "" ? undefined : canonicalPath(path, names, coreSchema);
    const op = kind.toLowerCase();
    if (op === "remove") {
      // RFC 7644 §3.5.2.2: a remove without a path fails with noTarget.
      if (target === undefined) throw new ScimError(400, "noTarget", "A remove operation needs a 'path'.");
      ops.push({ op: "remove", path: target, value });
      continue;
    }
    const addOrReplace = op === "add" ? "add" : "replace";
    if (value === undefined) throw invalidSyntax(`The ${op} operation needs a 'value'.`);
    if (target !== undefined) ops.push({ op: addOrReplace, path: target, value });
    else if (!isObject(value)) throw invalidSyntax(`A ${op} operation without a path needs an object value.`);
    else {
      for (const [key, sub] of Object.entries(value)) {
        ops.push({ op: addOrReplace, path: canonicalPath(key, names, coreSchema), value: sub });
      }
    }
  }
  return ops;
}

export function applyPatch(doc: PatchDocument, ops: readonly ScimPatchOperation[]): PatchDocument {
  try {
    return scimPatch(doc, [...ops]);
  } catch (error) {
    if (error instanceof PatchLibraryError) throw new ScimError(400, error.scimCode ?? "invalidSyntax", error.message);
    throw error;
  }
}
