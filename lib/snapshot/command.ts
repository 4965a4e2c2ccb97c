/**
 * `gcguard snapshot` as a function: flags in, exit code out. Reads a live org (read-only, lib/snapshot/snapshot.ts)
 * and writes it as an emulator seed; progress on stderr, one summary line on stdout. scripts/snapshot.ts only
 * declares the options.
 */
import { existsSync } from "node:fs";

import type { CommandIo } from "../command-io";
import type { Seed } from "../emulator/seed";
import { ExitCode, InputError } from "../errors";
import { writeFileAtomic } from "../fs";
import { createGenesysClient } from "../genesys/client";
import { createProgress } from "../progress";
import type { SeedFormat } from "./format";
import { formatForFile, serializeSeed } from "./format";
import { REHEARSAL_CLIENT } from "./rehearsal-client";
import { takeSnapshot } from "./snapshot";

export interface SnapshotFlags {
  readonly out: string;
  readonly redact?: boolean;
  /** @default from the --out extension */
  readonly format?: SeedFormat;
  readonly force?: boolean;
  readonly baseUrl?: string;
}

/** What the read gave: the seed, and what it cost. */
interface Snapshot {
  readonly seed: Seed;
  readonly requests: number;
}

export async function snapshotCommand(flags: SnapshotFlags, io: CommandIo): Promise<number> {
  const format = flags.format ?? formatOfOut(flags.out);
  refuseOverwrite(flags);
  const snapshot = await readOrg(flags, io);
  refuseOverwrite(flags); // again: the read can take minutes
  writeSeed(flags.out, serializeSeed(snapshot.seed, format));
  io.stdout(renderSummary(flags, snapshot));
  return ExitCode.Clean;
}

function formatOfOut(out: string): SeedFormat {
  const format = formatForFile(out);
  if (format === undefined) {
    throw new InputError(
      `--out ${out}: cannot tell the format from the extension; name it .json, .yaml or .yml, or pass --format`,
    );
  }
  return format;
}

function refuseOverwrite(flags: SnapshotFlags): void {
  if (flags.force !== true && existsSync(flags.out)) {
    throw new InputError(`--out ${flags.out} already exists; pass --force to overwrite it, or choose another file`);
  }
}

/** The org as a seed, with progress on stderr (a status line with counts on a terminal, lib/progress.ts). */
async function readOrg(flags: SnapshotFlags, io: CommandIo): Promise<Snapshot> {
  const progress = createProgress({ write: io.stderr, tty: io.isTty === true, label: "gcguard snapshot" });
  const client = createGenesysClient({
    ...(flags.baseUrl === undefined ? {} : { baseUrl: flags.baseUrl }),
    env: io.env,
    onWait: (ms, reason) => progress.wait(ms, reason),
    ...(io.clock ? { clock: io.clock } : {}),
  });
  progress.line(`reading ${client.connection.description} (read-only)`);
  try {
    const seed = await takeSnapshot(client, {
      redact: flags.redact === true,
      progress: (line) => progress.line(line),
      count: (what, done, total) => progress.count(what, done, total),
    });
    return { seed, requests: client.stats().totalRequests };
  } finally {
    progress.end(); // an error message must not land on the end of a half-drawn status line
  }
}

function writeSeed(out: string, text: string): void {
  try {
    writeFileAtomic(out, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unwritable";
    throw new InputError(`--out ${out}: cannot write the seed (${code}); check the path and permissions`);
  }
}

/** The one stdout line: what was written, what it cost, and how to serve it. */
function renderSummary(flags: SnapshotFlags, { seed, requests }: Snapshot): string {
  const members = seed.queues.reduce((n, q) => n + q.members.length, 0);
  const kinds = Object.values(seed.objects);
  const objects = kinds.reduce((n, list) => n + (list?.length ?? 0), 0);
  return (
    `Wrote ${flags.out}${flags.redact === true ? " (redacted)" : ""}: ${seed.divisions.length} divisions, ` +
    `${seed.users.length} users, ${seed.groups.length} groups, ${seed.queues.length} queues ` +
    `(${members} direct queue members), ${objects} objects of ${kinds.length} other kinds ` +
    `in ${requests} API requests; ` +
    `serve it with gcguard emulator --seed ${flags.out} and log in as OAuth client ${REHEARSAL_CLIENT.id}, ` +
    `secret ${REHEARSAL_CLIENT.secret}\n`
  );
}
