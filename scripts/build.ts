/**
 * Compiles gcguard to the JavaScript and declarations the npm package ships (dist/), with tsc's own compiler API:
 * the CLI, the constructs, the programmatic API and the generated provider bindings (docs/npm-package.md).
 *
 *   tsx scripts/build.ts        (npm run build; `prepare` runs it after npm ci and before npm pack)
 *
 * Two module names are rewritten in what is emitted, so the package needs nothing the repo has but a consumer
 * does not: `@cdktf/provider-genesyscloud` (an npm workspace here, shipped inside the package as dist/.../
 * provider-genesyscloud) becomes a relative path, and `cdktf` in JavaScript becomes lib/cdk.ts, which loads the
 * consumer's cdktf or cdktn. The output is written to a temporary folder and swapped in whole.
 *
 * Exit codes: 0 built, 1 type errors (listed on stderr), 2 the bindings were not generated (run npm run gen).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
export const DIST = path.join(ROOT, "dist");
const BINDINGS_PACKAGE = "@cdktf/provider-genesyscloud";
const BINDINGS_DIR = path.join(ROOT, "lib", "provider-genesyscloud");

/** What the package compiles: everything reachable from these (the build follows imports from them). */
const ENTRY_POINTS = [
  "lib/index.ts",
  "lib/cdk.ts",
  "constructs/index.ts",
  "scripts/bin.ts",
  "lib/tfprovider/main.ts",
  "lib/provider-genesyscloud/lib/index.ts",
  "lib/provider-genesyscloud/lib/lazy-index.ts",
];

/** Files read at run time through __dirname, copied beside the compiled modules. */
const ASSETS = [
  "lib/emulator/seeds",
  "lib/tfprovider/proto",
  "lib/tfprovider/bin",
  "lib/provider-genesyscloud/schema.json",
  "lib/provider-genesyscloud/package.json",
  "lib/config/gcguard.config.schema.json",
  "lib/preflight/output/report.schema.json",
];

function compilerOptions(outDir: string): ts.CompilerOptions {
  const configFile = path.join(ROOT, "tsconfig.json");
  const read = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  return {
    ...parsed.options,
    // CommonJS, so that the CLI's lazy `import()` of a subcommand becomes a require() that finds extensionless
    // paths, and so that cdktf's ts-node apps (module CommonJS) can require the constructs.
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    noEmit: false,
    outDir,
    rootDir: ROOT,
    declaration: true,
    sourceMap: false,
    removeComments: false,
    incremental: false,
  };
}

/** The specifier that replaces `specifier` in a file emitted to `emittedFile`, or undefined to keep it. */
export function rewriteSpecifier(
  specifier: string,
  emittedFile: string,
  outDir: string,
  declarations: boolean,
): string | undefined {
  let target: string | undefined;
  if (specifier === BINDINGS_PACKAGE) target = path.join(outDir, "lib", "provider-genesyscloud", "lib", "index");
  else if (specifier.startsWith(`${BINDINGS_PACKAGE}/`))
    target = path.join(outDir, "lib", "provider-genesyscloud", specifier.slice(BINDINGS_PACKAGE.length + 1));
  else if (specifier === "cdktf" && !declarations) target = path.join(outDir, "lib", "cdk");
  if (target === undefined) return undefined;
  const relative = path.relative(path.dirname(emittedFile), target).split(path.sep).join("/");
  return relative.startsWith(".") ? relative : `./${relative}`;
}

/** A transformer that rewrites module specifiers in require() calls, import() calls and import/export declarations. */
function specifierRewriter<T extends ts.SourceFile | ts.Bundle>(
  outDir: string,
  declarations: boolean,
): ts.TransformerFactory<T> {
  return (context) =>
    (root: T): T => {
      if (!ts.isSourceFile(root)) return root;
      const emitted = emittedPath(root.fileName, outDir);
      const { factory } = context;
      const replace = (literal: ts.Expression): ts.Expression | undefined => {
        if (!ts.isStringLiteral(literal)) return undefined;
        const next = rewriteSpecifier(literal.text, emitted, outDir, declarations);
        return next === undefined ? undefined : factory.createStringLiteral(next);
      };
      const visit = (node: ts.Node): ts.Node => {
        if (ts.isCallExpression(node) && node.arguments.length === 1) {
          const callee = node.expression;
          const isRequire = ts.isIdentifier(callee) && callee.text === "require";
          if (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) {
            const next = replace(node.arguments[0]!);
            if (next) return factory.updateCallExpression(node, callee, node.typeArguments, [next]);
          }
        }
        if (ts.isImportDeclaration(node)) {
          const next = replace(node.moduleSpecifier);
          if (next)
            return factory.updateImportDeclaration(node, node.modifiers, node.importClause, next, node.attributes);
        }
        if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
          const next = replace(node.moduleSpecifier);
          if (next)
            return factory.updateExportDeclaration(
              node,
              node.modifiers,
              node.isTypeOnly,
              node.exportClause,
              next,
              node.attributes,
            );
        }
        if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
          const next = replace(node.argument.literal);
          if (next)
            return factory.updateImportTypeNode(
              node,
              factory.createLiteralTypeNode(next as ts.StringLiteral),
              node.attributes,
              node.qualifier,
              node.typeArguments,
              node.isTypeOf,
            );
        }
        return ts.visitEachChild(node, visit, context);
      };
      return ts.visitEachChild(root, visit, context);
    };
}

function emittedPath(sourceFile: string, outDir: string): string {
  return path.join(outDir, path.relative(ROOT, sourceFile)).replace(/\.ts$/, ".js");
}

function build(): number {
  if (!existsSync(path.join(BINDINGS_DIR, "lib", "index.ts"))) {
    process.stderr.write("build: the provider bindings are not generated; run npm run gen first\n");
    return 2;
  }
  const tmp = `${DIST}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  const options = compilerOptions(tmp);
  const program = ts.createProgram(
    ENTRY_POINTS.map((file) => path.join(ROOT, file)),
    options,
  );
  const result = program.emit(undefined, undefined, undefined, false, {
    after: [specifierRewriter(tmp, false)],
    afterDeclarations: [specifierRewriter(tmp, true)],
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0) {
    process.stderr.write(
      ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => "\n",
      }),
    );
    rmSync(tmp, { recursive: true, force: true });
    return 1;
  }
  for (const asset of ASSETS) {
    const to = path.join(tmp, asset);
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(ROOT, asset), to, { recursive: true });
  }
  const old = `${DIST}.old`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
  const files = countFiles(DIST);
  process.stderr.write(`build: compiled ${files} files into ${path.relative(process.cwd(), DIST) || "."}\n`);
  return 0;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    n += entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : 1;
  return n;
}

if (require.main === module) process.exitCode = build();
