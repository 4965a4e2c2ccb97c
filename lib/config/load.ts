/**
 * Reads and checks an org config: YAML or JSON, validated with zod, then cross-checked (duplicate names, key
 * collisions, dangling references). Every problem is reported at once, each with its line and path in the file
 * and the fix, as one InputError (exit code 2).
 */
import type { Document } from "yaml";
import { LineCounter, isMap, isScalar, parseDocument } from "yaml";
import { z } from "zod";

import { InputError, isInputError } from "../errors";
import { checkYamlNesting, readInputText, yamlValue } from "../limits";
import { nameKey } from "../names";
import { KEY_PATTERN, slugKey } from "./keys";
import type { DivisionEntry, OrgEntry, QueueEntry, ScimGroupEntry } from "./schema";
import { OrgConfig } from "./schema";
import { closest, suggestKey } from "./suggest";

/** A config entry with its key and, when the config came from a file, the line of its `name`. */
export type Keyed<T> = T & { readonly key: string; readonly line?: number };

export interface ResolvedQueue extends Keyed<QueueEntry> {
  /** Key of the division the queue lives in; absent means the home division. */
  readonly divisionKey?: string;
  /** Keys of the SCIM groups feeding the queue. */
  readonly groupKeys: readonly string[];
}

export interface ResolvedOrg extends Omit<OrgEntry, "divisions" | "scimGroups" | "queues"> {
  /** The line of the org's `name` in the config file. */
  readonly line?: number;
  readonly divisions: readonly Keyed<DivisionEntry>[];
  readonly scimGroups: readonly Keyed<ScimGroupEntry>[];
  readonly queues: readonly ResolvedQueue[];
}

export interface LoadedConfig {
  /** The file the config came from, as given. */
  readonly file: string;
  readonly orgs: readonly ResolvedOrg[];
}

type Path = readonly (string | number)[];
interface Problem {
  readonly path: Path;
  readonly message: string;
  /** For unknown keys: the key itself, so its own line is reported. */
  readonly key?: string;
}

export function loadConfig(file: string): LoadedConfig {
  let text: string;
  try {
    text = readInputText(file, "org config");
  } catch (err) {
    if (isInputError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new InputError(
      `${file}: cannot read the org config (${code}); pass --config <file> or create gcguard.config.yaml (see README)`,
    );
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): LoadedConfig {
  checkYamlNesting(text, file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(`${file}: not valid YAML or JSON; fix the syntax`, {
      problems: doc.errors.map((e) => `line ${e.linePos?.[0].line ?? "?"}: ${e.message.split("\n")[0]}`),
    });
  }
  const raw = yamlValue(doc, file);
  if (raw === null || raw === undefined) {
    throw new InputError(`${file}: the config is empty; start from examples/gcguard.config.yaml`);
  }
  const parsed = OrgConfig.safeParse(raw);
  // Cross-checks run on a lenient reading too, so a typo elsewhere does not hide a duplicate or a dangling
  // reference until the next run.
  const problems = dedupe([
    ...(parsed.success ? [] : zodProblems(parsed.error)),
    ...crossCheck(LooseConfig.parse(raw)),
  ]);
  if (problems.length > 0) {
    // In file order, so the list reads top to bottom alongside the file.
    const located = problems
      .map((p) => ({ p, line: lineOf(doc, lines, p.path, p.key) }))
      .sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
    throw new InputError(
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the org config; fix ${problems.length === 1 ? "it" : "them"} and run again`,
      {
        problems: located.map(
          ({ p, line }) => `${line === undefined ? "" : `line ${line}, `}${formatPath(p.path)}: ${p.message}`,
        ),
      },
    );
  }
  if (!parsed.success) throw new Error("unreachable: zod failed without issues");
  return {
    file,
    orgs: parsed.data.orgs.map((org, i) => resolveOrg(org, (path) => lineOf(doc, lines, ["orgs", i, ...path]))),
  };
}

function zodProblems(error: z.ZodError): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const hint = suggestKey(key);
        problems.push({
          path,
          key,
          message: `unknown key ${JSON.stringify(key)}${hint ? `; did you mean ${JSON.stringify(hint)}?` : "; remove it"}`,
        });
      }
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}

/** The fields cross-checks read, parsed so that nothing fails: wrong types become "absent". */
const LooseEntry = z.object({
  name: z.string().catch(""),
  key: z.string().optional().catch(undefined),
  mode: z.string().optional().catch(undefined),
  division: z.string().optional().catch(undefined),
  groups: z.array(z.string().catch("")).catch([]),
  description: z.unknown().optional(),
  preventDestroy: z.unknown().optional(),
  settings: z.unknown().optional(),
});
const LooseConfig = z
  .object({
    orgs: z
      .array(
        z.object({
          name: z.string().catch(""),
          divisions: z.array(LooseEntry.catch({ name: "", groups: [] })).catch([]),
          scimGroups: z.array(LooseEntry.catch({ name: "", groups: [] })).catch([]),
          queues: z.array(LooseEntry.catch({ name: "", groups: [] })).catch([]),
        }),
      )
      .catch([]),
  })
  .catch({ orgs: [] });
type LooseConfig = z.infer<typeof LooseConfig>;
type LooseEntry = z.infer<typeof LooseEntry>;

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${formatPath(p.path)}|${p.key ?? ""}|${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

interface Seen {
  readonly index: number;
  readonly name: string;
}

/** Checks zod cannot express: uniqueness across entries and references between them. */
function crossCheck(config: LooseConfig): Problem[] {
  const problems: Problem[] = [];
  const orgNames = new Map<string, Seen>();
  config.orgs.forEach((org, o) => {
    const prior = orgNames.get(org.name.toLowerCase());
    if (prior)
      problems.push({
        path: ["orgs", o, "name"],
        message: `org "${org.name}" duplicates orgs[${prior.index}] "${prior.name}"; stack names must differ (ignoring case)`,
      });
    else orgNames.set(org.name.toLowerCase(), { index: o, name: org.name });

    const kinds = [
      ["divisions", "division", org.divisions],
      ["scimGroups", "SCIM group", org.scimGroups],
      ["queues", "queue", org.queues],
    ] as const;
    for (const [field, label, entries] of kinds) checkUnique(problems, ["orgs", o, field], label, entries);

    const homes = org.divisions.flatMap((d, i) => (d.mode === "home" ? [i] : []));
    if (homes.length > 1)
      problems.push({
        path: ["orgs", o, "divisions", homes[1] as number, "mode"],
        message: `a second division with mode "home" (the first is divisions[${homes[0]}]); an org has one home division`,
      });
    org.divisions.forEach((d, i) => {
      if (d.mode !== undefined && d.mode !== "managed")
        for (const prop of ["description", "preventDestroy"] as const)
          if (d[prop] !== undefined)
            problems.push({
              path: ["orgs", o, "divisions", i, prop],
              message: `does not apply to a division in mode "${d.mode}" (it is read, not managed); remove it`,
            });
    });
    org.scimGroups.forEach((g, i) => {
      if (g.mode === "lookup")
        for (const prop of ["description", "preventDestroy", "settings"] as const)
          if (g[prop] !== undefined)
            problems.push({
              path: ["orgs", o, "scimGroups", i, prop],
              message: `does not apply to a group in mode "lookup" (it is read, not managed); remove it`,
            });
    });
    checkReferences(problems, org, o);
  });
  return problems;
}

function checkUnique(problems: Problem[], path: Path, label: string, entries: readonly LooseEntry[]): void {
  const byName = new Map<string, Seen>();
  const byKey = new Map<string, Seen>();
  entries.forEach((entry, i) => {
    if (entry.name.trim() === "") return; // reported by the schema
    const prior = byName.get(nameKey(entry.name));
    if (prior) {
      problems.push({
        path: [...path, i, "name"],
        message:
          `${label} "${entry.name}" duplicates ${formatPath([...path, prior.index])} "${prior.name}": ` +
          `Genesys compares names trimmed and case-insensitively, so both would be one object; keep one entry`,
      });
      return;
    }
    byName.set(nameKey(entry.name), { index: i, name: entry.name });

    const key = entry.key ?? slugKey(entry.name);
    if (key === "" || !KEY_PATTERN.test(key)) {
      problems.push({
        path: [...path, i, "name"],
        message: `${label} "${entry.name}" gives no usable default key (Terraform name); set "key" to a Terraform identifier`,
      });
      return;
    }
    const clash = byKey.get(key);
    if (clash)
      problems.push({
        path: [...path, i, entry.key === undefined ? "name" : "key"],
        message:
          `${label} "${entry.name}" has key "${key}", as does ${formatPath([...path, clash.index])} "${clash.name}"; ` +
          `keys make the Terraform address, so give one of them a distinct "key"`,
      });
    else byKey.set(key, { index: i, name: entry.name });
  });
}

function checkReferences(problems: Problem[], org: LooseConfig["orgs"][number], o: number): void {
  const divisions = new Set(org.divisions.map((d) => nameKey(d.name)));
  const groups = new Set(org.scimGroups.map((g) => nameKey(g.name)));
  org.queues.forEach((q, i) => {
    if (q.division !== undefined && !divisions.has(nameKey(q.division)))
      problems.push({
        path: ["orgs", o, "queues", i, "division"],
        message:
          `queue "${q.name}" names division "${q.division}", which is not in orgs[${o}].divisions` +
          `${closest(
            q.division,
            org.divisions.map((d) => d.name),
          )}; add it there (mode: lookup if it exists already) or fix the name`,
      });
    const seen = new Set<string>();
    q.groups.forEach((g, j) => {
      if (g === "") return; // reported by the schema
      if (!groups.has(nameKey(g)))
        problems.push({
          path: ["orgs", o, "queues", i, "groups", j],
          message:
            `queue "${q.name}" names SCIM group "${g}", which is not in orgs[${o}].scimGroups` +
            `${closest(
              g,
              org.scimGroups.map((s) => s.name),
            )}; add it there (mode: lookup if it exists already) or fix the name`,
        });
      else if (seen.has(nameKey(g)))
        problems.push({
          path: ["orgs", o, "queues", i, "groups", j],
          message: `queue "${q.name}" lists SCIM group "${g}" twice; remove one`,
        });
      seen.add(nameKey(g));
    });
  });
}

/** The org with keys and lines; `lineAt` gives the line of a path inside the org's entry. */
function resolveOrg(org: OrgEntry, lineAt: (path: Path) => number | undefined): ResolvedOrg {
  const keyed =
    (list: "divisions" | "scimGroups" | "queues") =>
    <T extends { name: string; key?: string | undefined }>(e: T, i: number): Keyed<T> => {
      const line = lineAt([list, i, "name"]);
      return { ...e, key: e.key ?? slugKey(e.name), ...(line === undefined ? {} : { line }) };
    };
  const divisions = org.divisions.map(keyed("divisions"));
  const scimGroups = org.scimGroups.map(keyed("scimGroups"));
  const divisionKeys = keysByName(divisions);
  const groupKeysByName = keysByName(scimGroups);
  const queues = org.queues.map((q, i): ResolvedQueue => {
    const base = keyed("queues")(q, i);
    const groupKeys = q.groups.map((g) => keyOf(groupKeysByName, g));
    return q.division === undefined
      ? { ...base, groupKeys }
      : { ...base, groupKeys, divisionKey: keyOf(divisionKeys, q.division) };
  });
  const line = lineAt(["name"]);
  return { ...org, divisions, scimGroups, queues, ...(line === undefined ? {} : { line }) };
}

/**
 * Entries' keys by nameKey, so a reference is found in one look-up: a search per reference made loading grow with
 * queues x groups (a 20,000-entry config took seconds, a 300,000-entry one minutes).
 */
function keysByName(entries: readonly Keyed<{ name: string }>[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const e of entries) if (!keys.has(nameKey(e.name))) keys.set(nameKey(e.name), e.key);
  return keys;
}

function keyOf(keys: ReadonlyMap<string, string>, name: string): string {
  const key = keys.get(nameKey(name));
  if (key === undefined) throw new Error(`unreachable: unresolved reference ${name}`);
  return key;
}

export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function lineOf(doc: Document, lines: LineCounter, path: Path, key?: string): number | undefined {
  let node = doc.getIn(path, true) as { range?: readonly number[] | null } | undefined;
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair && isScalar(pair.key)) node = pair.key;
  }
  // A path that ends at a missing key points at its parent.
  for (let cut = path.length - 1; !node?.range && cut >= 0; cut--) {
    node = doc.getIn(path.slice(0, cut), true) as typeof node;
  }
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
