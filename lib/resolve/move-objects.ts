/**
 * `--fix move-objects --to <division>`: empties each division whose delete Genesys refused, by moving its users and
 * queues to the target division; without `--apply`, lists what it would move. The delete then goes through on the
 * next apply.
 */
import type { CommandIo } from "../command-io";
import type { GenesysClient } from "../genesys/client";
import { isGenesysApiError } from "../genesys/errors";
import type { Division } from "../genesys/schemas";
import { InputError } from "../errors";
import { nameKey } from "../names";
import type { Diagnosis, OrgAccess } from "./diagnose";
import type { AfterMove } from "./move-check";
import { afterMoveCounts, leftoverLines } from "./move-check";

/** What resolve's `--fix move-objects` did, or (a dry run) would do: one line per division, then one per object. */
export interface MoveResult {
  readonly applied: boolean;
  readonly lines: readonly string[];
  /** After --apply: the divisions that still hold objects (their counts read again), or why they could not be read. */
  readonly after?: AfterMove;
}

/** The flags of the fix. */
export interface MoveFlags {
  readonly to?: string;
  readonly apply?: boolean;
  readonly yes?: boolean;
}

/** What the fix says and asks. */
/** What the move reads of the command's io: where to say it, and whether and how to ask. */
export type MoveIo = Pick<CommandIo, "stderr" | "stdinIsTty" | "confirm">;

type Blocked = NonNullable<Diagnosis["division"]>;

const GUID = /^[0-9a-f-]{36}$/i;

/** The division `--to` names, by id or by name; exactly one, else the flag is bad input. */
async function targetDivision(client: GenesysClient, to: string): Promise<Division> {
  const byId = GUID.test(to)
    ? await client.divisions.get(to).catch((err: unknown) => {
        if (isGenesysApiError(err) && err.status === 404) return undefined; // not an id: try it as a name
        throw err;
      })
    : undefined;
  const matches = byId ? [byId] : (await client.divisions.list()).filter((d) => nameKey(d.name) === nameKey(to));
  if (matches.length !== 1)
    throw new InputError(
      `--to ${to}: ${matches.length === 0 ? "no such division" : "several divisions have that name; give its id"}`,
    );
  return matches[0]!;
}

/** One line per division (`verb` n user(s) and m queue(s) from "a" to "b"), then one per object. */
function moveLines(blocked: readonly Blocked[], target: Division, verb: string): string[] {
  return blocked.flatMap((b) => [
    `${verb} ${b.users.length} user(s) and ${b.queues.length} queue(s) from ${JSON.stringify(b.name)} to ${JSON.stringify(target.name)}`,
    ...[...b.users, ...b.queues].map((o) => `  ${o.kind} ${JSON.stringify(o.name)} ${o.id}`),
  ]);
}

/** Whether the user agreed to the move: `--yes`, or a yes typed at the terminal. */
async function confirmed(flags: MoveFlags, io: MoveIo, lines: readonly string[]): Promise<boolean> {
  if (flags.yes) return true;
  if (!io.stdinIsTty)
    throw new InputError("--apply moves objects in Genesys; without a terminal to confirm, add --yes");
  if (await io.confirm?.(`Move these objects?\n${lines.join("\n")}\nType yes to continue: `)) return true;
  io.stderr("resolve: nothing moved\n");
  return false;
}

/**
 * Moves the objects out of each refused division (or, without --apply, lists what it would move); undefined when
 * there is nothing to move.
 */
export async function moveObjects(
  diagnoses: readonly Diagnosis[],
  flags: MoveFlags,
  io: MoveIo,
  org: () => OrgAccess,
): Promise<MoveResult | undefined> {
  const blocked = diagnoses.flatMap((d) => (d.division ? [d.division] : []));
  if (blocked.length === 0) {
    io.stderr("resolve: --fix move-objects: the log has no refused division delete whose objects gcguard could list\n");
    return undefined;
  }
  const access = org();
  if (!("client" in access)) throw new InputError(`--fix move-objects: ${access.unavailable}`);
  const client = access.client;
  const target = await targetDivision(client, flags.to ?? "");
  if (!flags.apply || !(await confirmed(flags, io, moveLines(blocked, target, "move"))))
    return { applied: false, lines: moveLines(blocked, target, "would move") };
  for (const b of blocked) {
    io.stderr(`resolve: moving the objects of ${JSON.stringify(b.name)} to ${JSON.stringify(target.name)}\n`);
    await client.divisions.moveObjects(
      target.id,
      "USER",
      b.users.map((u) => u.id),
    );
    await client.divisions.moveObjects(
      target.id,
      "QUEUE",
      b.queues.map((x) => x.id),
    );
  }
  const after = await afterMoveCounts(client, blocked);
  return { applied: true, lines: [...moveLines(blocked, target, "moved"), ...leftoverLines(after.left)], after };
}

/** Whether the move emptied the division of a refused delete: applied, its counts read again, and none left. */
export function emptied(move: MoveResult | undefined, d: Diagnosis): boolean {
  if (move?.applied !== true || move.after === undefined || move.after.unverified !== undefined) return false;
  return d.division !== undefined && !move.after.left.some((l) => l.id === d.division?.id);
}

/** A refused division delete once its objects are moved (emptied): what is left is to run the apply again. */
export function afterMove(d: Diagnosis, move: MoveResult): Diagnosis {
  if (d.class.kind !== "non-empty-division" || d.division === undefined || !emptied(move, d)) return d;
  const { name, users, queues } = d.division;
  return {
    ...d,
    headline: `${d.address ?? name}: division ${JSON.stringify(name)} held ${users.length} user(s) and ${queues.length} queue(s); gcguard moved them out`,
    remediation: "Run the apply again: the division is empty now, so its delete goes through.",
  };
}
