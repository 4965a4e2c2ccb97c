/**
 * Generates the cdktf bindings for mypurecloud/genesyscloud from the checked-in provider schema, offline:
 * no terraform binary and no registry.
 *
 * Output: lib/provider-genesyscloud/lib/, replaced atomically. A stamp file holds a hash of the schema and the
 * generator version, so a re-run with nothing changed returns at once.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const PROVIDER_FQN = "registry.terraform.io/mypurecloud/genesyscloud";
/** The version constraint the bindings pin in required_providers (docs/terraform-provider.md §3). */
export const PROVIDER_CONSTRAINT = "mypurecloud/genesyscloud@~> 1.84";

const packageDir = path.join(__dirname, "..", "lib", "provider-genesyscloud");
const schemaPath = path.join(packageDir, "schema.json");
const outDir = path.join(packageDir, "lib");
const stampPath = path.join(outDir, ".stamp");

const SchemaFile = z.object({
  format_version: z.literal("1.0"),
  provider_schemas: z.record(
    z.string(),
    z.object({
      provider: z.object({ block: z.object({}).passthrough() }),
      resource_schemas: z.record(z.string(), z.unknown()),
      data_source_schemas: z.record(z.string(), z.unknown()),
    }),
  ),
});

function readSchema(): z.infer<typeof SchemaFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(schemaPath, "utf8"));
  } catch (err) {
    throw new Error(`${schemaPath}: not readable JSON (${(err as Error).message}); restore it from git`);
  }
  const parsed = SchemaFile.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${schemaPath}: not a 'terraform providers schema -json' document: ${parsed.error.issues[0]?.message}`,
    );
  }
  if (!parsed.data.provider_schemas[PROVIDER_FQN]) {
    throw new Error(`${schemaPath}: has no schema for ${PROVIDER_FQN}`);
  }
  return parsed.data;
}

async function main(): Promise<void> {
  const schemaText = readFileSync(schemaPath, "utf8");
  const schema = readSchema();
  const generatorVersion = (
    JSON.parse(readFileSync(require.resolve("@cdktf/provider-generator/package.json"), "utf8")) as { version: string }
  ).version;
  const stamp = createHash("sha256")
    .update(schemaText)
    .update(generatorVersion)
    .update(PROVIDER_CONSTRAINT)
    .digest("hex");
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === stamp && !process.argv.includes("--force")) {
    process.stderr.write("gen-provider: bindings are up to date\n");
    return;
  }

  // @cdktf/commons phones home and shells out to terraform when imported; neither is wanted here.
  process.env.CHECKPOINT_DISABLE = "1";
  process.env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = "1";
  process.env.TERRAFORM_BINARY_NAME = "true"; // it only asks for the version, which generation does not need
  // Deep import: the package index also loads constructs-maker, which needs jsii-pacmak (a cdktf-cli dependency
  // we do not install). The provider generator itself does not.
  const { TerraformProviderGenerator } =
    await import("@cdktf/provider-generator/lib/get/generator/provider-generator.js");
  const { CodeMaker } = await import("codemaker");
  const { ConstructsMakerProviderTarget, Language, TerraformProviderConstraint } = await import("@cdktf/commons");

  const tmp = mkdtempSync(path.join(packageDir, ".gen-"));
  try {
    const code = new CodeMaker();
    const generator = new TerraformProviderGenerator(code, schema as never);
    generator.generate(
      new ConstructsMakerProviderTarget(new TerraformProviderConstraint(PROVIDER_CONSTRAINT), Language.TYPESCRIPT),
    );
    await code.save(tmp);
    const generated = path.join(tmp, "providers", "genesyscloud");
    writeFileSync(path.join(generated, ".stamp"), stamp);
    const old = `${outDir}.old`;
    rmSync(old, { recursive: true, force: true });
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(generated, outDir);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.stderr.write(`gen-provider: generated ${path.relative(process.cwd(), outDir)} from schema.json\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`gen-provider: ${(err as Error).message}\n`);
  process.exitCode = 2;
});
