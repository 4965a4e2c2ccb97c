/**
 * No import cycles in gcguard's own modules (main.ts, lib/, constructs/, scripts/), type-only imports and lazy
 * `import()` included: each is an edge TypeScript resolves. The modules are read with TypeScript's own scanner
 * (ts.preProcessFile) and resolved with its module resolution and this repo's tsconfig.json, so the edges are the
 * ones the compiler follows. The generated provider bindings are left out.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = path.join(__dirname, "..", "..");
const OURS = /^(main\.ts$|(lib|constructs|scripts)\/)/;
const GENERATED = /^lib\/provider-genesyscloud\//;

const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join("/");

/** tsconfig.json as the compiler reads it: its options and its files. */
function project(): ts.ParsedCommandLine {
  const file = path.join(ROOT, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error(`${file}: not readable`);
  return parsed;
}

/** Each of our modules (path from the repo root) and the modules of ours it imports. */
export function importGraph(sources: ReadonlyMap<string, string>, options: ts.CompilerOptions): Map<string, string[]> {
  // The given sources exist for the resolver even when they are not on disk (the check's own test).
  const host: ts.ModuleResolutionHost = {
    ...ts.sys,
    fileExists: (f) => sources.has(rel(f)) || ts.sys.fileExists(f),
  };
  const graph = new Map<string, string[]>();
  for (const [file, text] of sources) {
    const imported = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    const edges = new Set<string>();
    for (const name of imported) {
      const resolved = ts.resolveModuleName(name, path.join(ROOT, file), options, host).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const target = rel(resolved.resolvedFileName);
      if (sources.has(target)) edges.add(target);
    }
    graph.set(file, [...edges].sort());
  }
  return graph;
}

/** One cycle per strongly connected component of more than one module, or of one that imports itself. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm (recursive: a few hundred modules nest nowhere near the stack's limit).
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) !== indexOf.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v);
  return found;
}

/** Modules of ours, with their source text, as tsconfig.json lists them. */
function ourSources(): { sources: Map<string, string>; options: ts.CompilerOptions } {
  const { options, fileNames } = project();
  const files = fileNames.map(rel).filter((f) => OURS.test(f) && !GENERATED.test(f));
  return { sources: new Map(files.map((f) => [f, readFileSync(path.join(ROOT, f), "utf8")])), options };
}

/** Edges from modules under `from` to modules under `to` (folder prefixes). */
function edgesBetween(graph: ReadonlyMap<string, readonly string[]>, from: string, to: readonly string[]): string[] {
  return [...graph].flatMap(([file, targets]) =>
    file.startsWith(from) ? targets.filter((t) => to.some((p) => t.startsWith(p))).map((t) => `${file} -> ${t}`) : [],
  );
}

describe("import cycles", () => {
  test("none among gcguard's modules", () => {
    const { sources, options } = ourSources();
    expect(sources.size).toBeGreaterThan(100);
    expect(cycles(importGraph(sources, options))).toEqual([]);
  });

  test("the check finds a cycle, a type-only one and a lazy import() included", () => {
    const { options } = project();
    const sources = new Map([
      ["lib/a.ts", 'import type { B } from "./b";\nexport type A = B;'],
      ["lib/b.ts", 'export type B = string;\nexport const load = () => import("./c");'],
      ["lib/c.ts", 'import "./a";\nimport "./b";'],
      ["lib/d.ts", 'import "./a";'],
    ]);
    const graph = importGraph(sources, options);
    expect(graph.get("lib/c.ts")).toEqual(["lib/a.ts", "lib/b.ts"]);
    expect(cycles(graph)).toEqual([["lib/a.ts", "lib/b.ts", "lib/c.ts"]]);
    expect(cycles(new Map([["lib/x.ts", []]]))).toEqual([]);
  });
});

describe("layers", () => {
  const FEATURES = ["lib/preflight/", "lib/resolve/", "lib/scim/", "lib/rehearse/", "lib/snapshot/"];
  const SHARED = ["lib/plan/", "lib/org/", "lib/adoption/", "lib/names.ts"];

  test("preflight and resolve share lib/plan, lib/org and lib/adoption, and neither imports the other", () => {
    const { sources, options } = ourSources();
    const graph = importGraph(sources, options);
    expect(edgesBetween(graph, "lib/preflight/", ["lib/resolve/"])).toEqual([]);
    expect(edgesBetween(graph, "lib/resolve/", ["lib/preflight/"])).toEqual([]);
    expect(edgesBetween(graph, "lib/resolve/", SHARED).length).toBeGreaterThan(0);
    for (const shared of SHARED) expect(edgesBetween(graph, shared, FEATURES)).toEqual([]);
  });
});
