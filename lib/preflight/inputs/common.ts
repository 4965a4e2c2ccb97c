import { readFileSync } from "node:fs";

import { InputError } from "../../errors";

export const PROVIDER_SUFFIX = "mypurecloud/genesyscloud";

export function isGenesysType(type: string): boolean {
  return type.startsWith("genesyscloud_");
}

/** Reads and parses a JSON input file; a missing, empty or truncated file is an InputError naming it. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InputError(`${file}: cannot read the ${what} (${(err as NodeJS.ErrnoException).code ?? "unreadable"})`);
  }
  if (text.trim() === "") throw new InputError(`${file}: the ${what} is empty`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${file}: the ${what} is not valid JSON (${(err as Error).message}); is it truncated?`);
  }
}
