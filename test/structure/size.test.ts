/**
 * Size limits on gcguard's own code (main.ts, lib/, constructs/, scripts/): no file over 400 lines and no function
 * over 60, so a module reads in one sitting and a function in one screen. Exempt: the generated provider bindings
 * and the emulator's route tables (`*Routes` in lib/emulator/routes/, one registration per endpoint; the handlers
 * inside them are still measured). Functions are found with TypeScript's own parser, arrow functions and methods
 * included.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import ts from "typescript";
import { describe, expect, test } from "vitest";

const ROOT = path.join(__dirname, "..", "..");
const OURS = /^(main\.ts$|(lib|constructs|scripts)\/.*\.ts$)/;
const GENERATED = /^lib\/provider-genesyscloud\//;
const ROUTE_TABLE = { file: /^lib\/emulator\/routes\//, name: /Routes$/ };
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 60;

const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join("/");

function ourFiles(): string[] {
  const file = path.join(ROOT, "tsconfig.json");
  const config = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return parsed.fileNames.map(rel).filter((f) => OURS.test(f) && !GENERATED.test(f));
}

function functionName(node: ts.SignatureDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  return "<anonymous>";
}

/** Each function longer than `max` lines in the source, as `file:line name (N lines)`. */
export function longFunctions(file: string, text: string, max: number): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lineOf = (pos: number): number => source.getLineAndCharacterOfPosition(pos).line + 1;
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const name = functionName(node);
      const start = lineOf(node.getStart(source));
      const lines = lineOf(node.end) - start + 1;
      const routeTable = ROUTE_TABLE.file.test(file) && ROUTE_TABLE.name.test(name);
      if (lines > max && !routeTable) found.push(`${file}:${start} ${name} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("size limits", () => {
  const files = ourFiles();
  const texts = new Map(files.map((f) => [f, readFileSync(path.join(ROOT, f), "utf8")]));

  test(`no file over ${MAX_FILE_LINES} lines`, () => {
    expect(files.length).toBeGreaterThan(100);
    const long = [...texts].filter(([, text]) => text.split("\n").length > MAX_FILE_LINES).map(([f]) => f);
    expect(long).toEqual([]);
  });

  test(`no function over ${MAX_FUNCTION_LINES} lines`, () => {
    expect([...texts].flatMap(([f, text]) => longFunctions(f, text, MAX_FUNCTION_LINES))).toEqual([]);
  });

  test("the check measures functions, arrows and methods, and exempts only route tables", () => {
    const body = (n: number): string => Array.from({ length: n }, (_, i) => `  const v${i} = ${i};`).join("\n");
    const text = [
      `export function long() {\n${body(61)}\n}`,
      `export const arrow = () => {\n${body(61)}\n};`,
      `class K {\n  method() {\n${body(61)}\n  }\n}`,
      `export function short() {\n${body(10)}\n}`,
    ].join("\n");
    expect(longFunctions("lib/x.ts", text, 60)).toEqual([
      "lib/x.ts:1 long (63 lines)",
      "lib/x.ts:64 arrow (63 lines)",
      "lib/x.ts:128 method (63 lines)",
    ]);
    const routes = `export function fooRoutes() {\n${body(70)}\n}`;
    expect(longFunctions("lib/emulator/routes/foo.ts", routes, 60)).toEqual([]);
    expect(longFunctions("lib/other.ts", routes, 60)).toHaveLength(1);
  });
});
