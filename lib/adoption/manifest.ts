/**
 * The adoption manifest (`gcguard.imports.json`): which Terraform address adopts which existing Genesys object,
 * per stack. `gcguard preflight --write-imports` and `gcguard resolve` write it; the stack reads it and turns each
 * entry into an `import` block. Versioned and validated; written sorted and atomically, so the same content is
 * always the same bytes.
 *
 *   {
 *     "version": 1,
 *     "stacks": {
 *       "acme-prod": {
 *         "genesyscloud_auth_division.sales": { "id": "<division GUID>", "name": "Sales", "source": "preflight" }
 *       }
 *     }
 *   }
 */

import { z } from "zod";

import { InputError, isInputError } from "../errors";
import { readInputText } from "../limits";
import { writeFileAtomic } from "../fs";
import { invalidJsonInput, unreadableInput } from "../messages";
import { adoptionAddressProblem } from "../terraform/address";

export const MANIFEST_FILE = "gcguard.imports.json";
export const MANIFEST_VERSION = 1;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const AdoptionEntry = z.strictObject({
  id: z.string().regex(GUID, { message: "is not a Genesys ID (a GUID like 2c8d6f3a-1b4e-4f7a-9c0d-5e6f7a8b9c0d)" }),
  name: z.string().optional(),
  source: z.string().optional(),
});
export type AdoptionEntry = z.infer<typeof AdoptionEntry>;

const StackAdoptions = z.record(
  z.string().superRefine((address, ctx) => {
    const problem = adoptionAddressProblem(address);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  }),
  AdoptionEntry,
);

export const AdoptionManifest = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(MANIFEST_VERSION),
  stacks: z.record(z.string().min(1), StackAdoptions),
});
export type AdoptionManifest = z.infer<typeof AdoptionManifest>;

export function emptyManifest(): AdoptionManifest {
  return { version: MANIFEST_VERSION, stacks: {} };
}

/**
 * Reads a manifest. A missing file gives `undefined` when `optional` (the default location may simply not exist
 * yet); anything unreadable or invalid is an InputError naming the file, the entry and the fix.
 */
export function readManifest(file: string, options: { optional?: boolean } = {}): AdoptionManifest | undefined {
  let text: string;
  try {
    text = readInputText(file, "adoption manifest");
  } catch (err) {
    if (isInputError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && options.optional) return undefined;
    throw unreadableInput(file, "adoption manifest", err, "check the --imports path");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw invalidJsonInput(file, "adoption manifest", err, "fix it or restore it from git");
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === "number" && version > MANIFEST_VERSION) {
    throw new InputError(
      `${file}: adoption manifest version ${version} was written by a newer gcguard; this one reads version ${MANIFEST_VERSION}, so upgrade gcguard`,
    );
  }
  const parsed = AdoptionManifest.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(`${file}: invalid adoption manifest; fix the entries below`, {
      problems: parsed.error.issues.map((i) => {
        // A bad record key reports its own message one level down.
        const message = i.code === "invalid_key" ? (i.issues[0]?.message ?? i.message) : i.message;
        return `${i.path.map(String).join(".") || "(top level)"}: ${message}`;
      }),
    });
  }
  return parsed.data;
}

export interface Adoption {
  readonly stack: string;
  readonly address: string;
  readonly entry: AdoptionEntry;
}

export interface MergeResult {
  readonly manifest: AdoptionManifest;
  /** Additions that named an address already adopting a different object; the existing entry was kept. */
  readonly conflicts: readonly { readonly addition: Adoption; readonly existing: AdoptionEntry }[];
  /** Additions that changed the manifest. */
  readonly added: readonly Adoption[];
}

/** Merges additions into a manifest without ever replacing an entry that names a different object. */
export function mergeManifest(base: AdoptionManifest, additions: readonly Adoption[]): MergeResult {
  const stacks: Record<string, Record<string, AdoptionEntry>> = {};
  for (const [stack, entries] of Object.entries(base.stacks)) stacks[stack] = { ...entries };
  const conflicts: { addition: Adoption; existing: AdoptionEntry }[] = [];
  const added: Adoption[] = [];
  for (const addition of additions) {
    const entries = (stacks[addition.stack] ??= {});
    const existing = entries[addition.address];
    if (existing && existing.id.toLowerCase() !== addition.entry.id.toLowerCase()) {
      conflicts.push({ addition, existing });
      continue;
    }
    if (!existing) added.push(addition);
    entries[addition.address] = { ...existing, ...addition.entry };
  }
  return { manifest: { ...base, stacks }, conflicts, added };
}

/** The manifest as JSON with stacks and addresses sorted, two-space indented, newline-terminated. */
export function serializeManifest(manifest: AdoptionManifest): string {
  const sortedKeys = <T>(o: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const stacks = Object.fromEntries(
    Object.entries(sortedKeys(manifest.stacks)).map(([stack, entries]) => [stack, sortedKeys(entries)]),
  );
  const out = { ...(manifest.$schema ? { $schema: manifest.$schema } : {}), version: manifest.version, stacks };
  return `${JSON.stringify(out, null, 2)}\n`;
}

export function writeManifest(file: string, manifest: AdoptionManifest): void {
  writeFileAtomic(file, serializeManifest(manifest));
}
