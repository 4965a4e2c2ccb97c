/**
 * `gcguard snapshot`: reads a live org (read-only) and writes it as an emulator seed, to rehearse against a copy of
 * the org with `gcguard emulator --seed FILE` (logic: lib/snapshot). Progress on stderr, one summary line on stdout.
 */
import { existsSync } from "node:fs";

import type { Command } from "commander";

import { InputError } from "../lib/errors";
import { CONNECTION_ENV } from "../lib/genesys/config";
import type * as SeedFormats from "../lib/snapshot/format";
import type { SeedFormat } from "../lib/snapshot/format";
import { REHEARSAL_CLIENT } from "../lib/snapshot/rehearsal-client";
import type { CommandIo } from "../lib/command-io";

interface SnapshotFlags {
  readonly out: string;
  readonly redact?: boolean;
  readonly format?: string;
  readonly force?: boolean;
  readonly baseUrl?: string;
}

function resolveFormat(flags: SnapshotFlags, { formatForFile }: typeof SeedFormats): SeedFormat {
  if (flags.format !== undefined) {
    const format = flags.format.toLowerCase();
    if (format === "json" || format === "yaml") return format;
    if (format === "yml") return "yaml";
    throw new InputError(`--format "${flags.format}" is not json or yaml`);
  }
  const format = formatForFile(flags.out);
  if (format === undefined) {
    throw new InputError(
      `--out ${flags.out}: cannot tell the format from the extension; name it .json, .yaml or .yml, or pass --format`,
    );
  }
  return format;
}

function refuseOverwrite(flags: SnapshotFlags): void {
  if (flags.force !== true && existsSync(flags.out)) {
    throw new InputError(`--out ${flags.out} already exists; pass --force to overwrite it, or choose another file`);
  }
}

export function registerSnapshot(program: Command, io: CommandIo): void {
  program
    .command("snapshot")
    .description("read a live org (read-only) and write it as an emulator seed, to rehearse against a copy of it")
    .requiredOption("-o, --out <file>", "seed file to write (.json or .yaml/.yml)")
    .option("--redact", "replace user names, emails, external ids and titles with stable pseudonyms")
    .option("--format <format>", "json or yaml (default: from the --out extension)")
    .option("--force", "overwrite --out if it exists")
    .option("--base-url <url>", "API base URL instead of the region, e.g. the emulator's http://127.0.0.1:8080")
    .addHelpText(
      "after",
      [
        "",
        `Connection: ${CONNECTION_ENV.clientId} and ${CONNECTION_ENV.clientSecret} (or ${CONNECTION_ENV.accessToken}),`,
        `${CONNECTION_ENV.region} or the gateway variables; --base-url wins over both. Only GET requests and searches are`,
        "made. The org's OAuth clients and secrets are not read: the seed holds one rehearsal client instead,",
        `${REHEARSAL_CLIENT.id} with secret ${REHEARSAL_CLIENT.secret}, which the emulator will accept.`,
        "--redact keeps every id, department, division, group and queue name and all memberships; see",
        "lib/snapshot/redact.ts.",
        "",
        "Examples:",
        "  gcguard snapshot --out org.json",
        "  gcguard snapshot --out org.yaml --redact",
        "  gcguard emulator --seed org.json",
        "",
      ].join("\n"),
    )
    .action(async (flags: SnapshotFlags) => {
      const [{ createGenesysClient }, snapshot, { writeFileAtomic }, { createProgress }] = await Promise.all([
        import("../lib/genesys/client"),
        import("../lib/snapshot/snapshot"),
        import("../lib/fs"),
        import("../lib/progress"),
      ]);
      const { serializeSeed, takeSnapshot } = snapshot;
      const format = resolveFormat(flags, snapshot);
      refuseOverwrite(flags);
      const progress = createProgress({
        write: io.stderr,
        tty: process.stderr.isTTY === true,
        label: "gcguard snapshot",
      });
      const client = createGenesysClient({
        ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
        onWait: (ms, reason) => progress.wait(ms, reason),
        ...(io.clock ? { clock: io.clock } : {}),
      });
      progress.line(`reading ${client.connection.description} (read-only)`);
      let seed: Awaited<ReturnType<typeof takeSnapshot>>;
      try {
        seed = await takeSnapshot(client, {
          redact: flags.redact === true,
          progress: (line) => progress.line(line),
          count: (what, done, total) => progress.count(what, done, total),
        });
      } finally {
        progress.end(); // an error message must not land on the end of a half-drawn status line
      }
      refuseOverwrite(flags); // again: the read can take minutes
      try {
        writeFileAtomic(flags.out, serializeSeed(seed, format));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? "unwritable";
        throw new InputError(`--out ${flags.out}: cannot write the seed (${code}); check the path and permissions`);
      }
      const stats = client.stats();
      const members = seed.queues.reduce((n, q) => n + q.members.length, 0);
      io.stdout(
        `Wrote ${flags.out}${flags.redact === true ? " (redacted)" : ""}: ${seed.divisions.length} divisions, ` +
          `${seed.users.length} users, ${seed.groups.length} groups, ${seed.queues.length} queues ` +
          `(${members} direct queue members) in ${stats.totalRequests} API requests; ` +
          `serve it with gcguard emulator --seed ${flags.out} and log in as OAuth client ${REHEARSAL_CLIENT.id}, ` +
          `secret ${REHEARSAL_CLIENT.secret}\n`,
      );
    });
}
