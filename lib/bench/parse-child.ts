/**
 * `node --expose-gc --import tsx lib/bench/parse-child.ts <kind> <items> <runs>`: one size of one input kind timed
 * in a fresh process (lib/bench/parse.ts starts one per size); prints its SizeReads as JSON on stdout.
 */
import { PARSE_KINDS } from "./parse-kinds";
import { measureInProcess, processProbe } from "./parse-time";

async function main(): Promise<void> {
  const [name, items, runs] = process.argv.slice(2);
  const kind = PARSE_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`parse-child: no input kind ${JSON.stringify(name)}`);
  const reads = await measureInProcess(kind, Number(items), Number(runs), processProbe());
  process.stdout.write(JSON.stringify(reads));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
