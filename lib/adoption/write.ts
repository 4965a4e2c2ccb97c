/**
 * `--write-imports` (preflight) and `resolve`: for every collision an adoption fixes, the three forms users need,
 * all written atomically and merged rather than clobbered:
 *   - the adoption manifest entries the constructs read (merged; an entry naming another object is kept and
 *     reported, never overwritten);
 *   - `imports.tf` with Terraform `import` blocks, for plain-Terraform users;
 *   - `import.sh` with the equivalent `terraform import` commands, run from the stack directory.
 * With several stacks the HCL and shell files are per stack: `imports.<stack>.tf`, `import.<stack>.sh`.
 */
import path from "node:path";

import type { Adoption, AdoptionManifest } from "./manifest";
import { AdoptionEntry, emptyManifest, mergeManifest, readManifest, serializeManifest } from "./manifest";
import { renderImportCommands, renderImportsTf } from "./render";
import { writeFilesAtomic } from "../fs";
import type { Redactor } from "../redact";
import { adoptionAddressProblem } from "../terraform/address";

export interface WrittenImports {
  readonly manifest: string;
  readonly files: readonly string[];
  readonly added: number;
  /** Adoptions of stacks whose name is unknown: written to the HCL and shell files only. */
  readonly notInManifest: number;
  /** Adoptions refused because the manifest already adopts another object at that address. */
  readonly conflicts: readonly string[];
}

/** One object to adopt: which stack and address, which Genesys object. */
export interface AdoptionToWrite {
  readonly stack: string;
  readonly address: string;
  readonly id: string;
  readonly name: string;
  /** Which command found it, recorded in the manifest. */
  readonly source: string;
  /**
   * The stack's name is only a label (lib/stack/identity.ts could not learn it): the adoption goes to imports.tf
   * and import.sh, never to the manifest, where it would sit under a stack no synth has.
   */
  readonly unnamed?: boolean;
}

/** Options of writeImports: where the manifest and import files go, and which stacks they cover. */
export interface WriteImportsOptions {
  readonly manifestFile: string;
  readonly dir: string;
  readonly stacks: readonly string[];
  /** Directory terraform runs in for a stack (the import commands' -chdir), if known. */
  readonly stackDir?: (stack: string) => string | undefined;
  /**
   * The redaction pass every file's text goes through: names and ids come from inputs (lib/redact.ts).
   * @default - the text as rendered
   */
  readonly redact?: Redactor;
}

/** An import block for the HCL and shell files: the address, the id, and the object's name as a comment. */
type Block = { to: string; id: string; comment: string };

/** The adoptions sorted out: for the manifest, for the import files only (unnamed stacks), and refused. */
interface Sorted {
  readonly adoptions: Adoption[];
  readonly loose: Map<string, Block[]>;
  readonly refused: string[];
}

/**
 * Every entry is checked with the one address parser the manifest's reader uses, so nothing is written that the
 * next synth or terraform would refuse; a bad entry is reported, never written.
 */
function sortOut(toAdopt: readonly AdoptionToWrite[]): Sorted {
  const sorted: Sorted = { adoptions: [], loose: new Map(), refused: [] };
  for (const a of toAdopt) {
    const problem =
      adoptionAddressProblem(a.address) ??
      (AdoptionEntry.safeParse({ id: a.id }).success ? undefined : `${JSON.stringify(a.id)} is not a Genesys id`);
    if (problem !== undefined) sorted.refused.push(`${a.stack} ${a.address}: ${problem}`);
    else if (a.unnamed)
      sorted.loose.set(a.stack, [...(sorted.loose.get(a.stack) ?? []), { to: a.address, id: a.id, comment: a.name }]);
    else
      sorted.adoptions.push({
        stack: a.stack,
        address: a.address,
        entry: { id: a.id, name: a.name, source: a.source },
      });
  }
  return sorted;
}

/**
 * The HCL and shell files of each stack. They render every adoption the manifest holds for the stack, so they
 * merge with what earlier runs wrote, and a second run with the same input writes the same bytes.
 */
function importFiles(
  manifest: AdoptionManifest,
  loose: ReadonlyMap<string, Block[]>,
  options: WriteImportsOptions,
): { file: string; data: string }[] {
  const outputs: { file: string; data: string }[] = [];
  const several = options.stacks.length > 1;
  for (const stack of options.stacks) {
    const entries = manifest.stacks[stack] ?? {};
    const blocks =
      loose.get(stack) ?? Object.entries(entries).map(([to, e]) => ({ to, id: e.id, comment: e.name ?? "" }));
    if (blocks.length === 0) continue;
    const chdir = options.stackDir?.(stack);
    outputs.push(
      {
        file: path.join(options.dir, several ? `imports.${stack}.tf` : "imports.tf"),
        data: renderImportsTf(blocks, `Adoptions recorded by gcguard for stack ${stack}.`),
      },
      {
        file: path.join(options.dir, several ? `import.${stack}.sh` : "import.sh"),
        data: renderImportCommands(blocks, chdir ? { chdir } : {}),
      },
    );
  }
  return outputs;
}

/**
 * Merges the adoptions into the manifest and writes it with the import files. All files are rendered first and
 * written together (lib/fs.ts writeFilesAtomic): the set is written whole or not at all. The manifest is renamed
 * into place last, so even a process killed outright (SIGKILL, power loss) between two renames never leaves it
 * adopting what imports.tf and import.sh do not show.
 */
export function writeImports(toAdopt: readonly AdoptionToWrite[], options: WriteImportsOptions): WrittenImports {
  const { adoptions, loose, refused } = sortOut(toAdopt);
  const base = readManifest(options.manifestFile, { optional: true }) ?? emptyManifest();
  const merged = mergeManifest(base, adoptions);
  const manifest =
    adoptions.length > 0 || loose.size === 0
      ? [{ file: options.manifestFile, data: serializeManifest(merged.manifest) }]
      : [];
  const files = importFiles(merged.manifest, loose, options);
  const redact = options.redact ?? ((text: string) => text);
  writeFilesAtomic([...files, ...manifest].map((f) => ({ ...f, data: redact(f.data) })));
  return {
    manifest: options.manifestFile,
    files: files.map((f) => f.file),
    added: merged.added.length,
    notInManifest: [...loose.values()].reduce((n, l) => n + l.length, 0),
    conflicts: [
      ...merged.conflicts.map(
        (c) =>
          `${c.addition.stack} ${c.addition.address}: the manifest adopts ${c.existing.id}, not ${c.addition.entry.id}`,
      ),
      ...refused,
    ],
  };
}
