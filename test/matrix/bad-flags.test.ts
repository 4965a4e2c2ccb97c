/**
 * Issue 20's flag matrix, in-process through the real command line (scripts/cli.ts `run`) against the emulator:
 * every option that takes a value, of every command, given the bad values of its kind (test/matrix/flag-cases.ts),
 * plus an unknown flag and contradicting flags per command. Each bad case must exit 2 with one headline naming the
 * flag (or the value it was given), no stack trace, nothing on stdout, nothing written in the folder every output
 * points at, and not one request to the emulator: a refusal comes before any call.
 *
 * The options are read off the program itself (buildProgram), so a new option without a kind in the table fails
 * the first test. A single-value option given twice is not a case: the last value wins, as commander and most
 * command lines do (README "Exit codes"), and that value meets the same checks. The tally of cases per command is
 * printed at the end, for the issue's closing note.
 */
import { readdirSync } from "node:fs";

import type { Command } from "commander";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";

import { buildProgram, run } from "../../scripts/cli";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";
import type { BadValue, CommandCase, Fixtures } from "./flag-cases";
import { badValues, CANARY, COMMANDS, NO_VALUE, writeFixtures } from "./flag-cases";
import { Tally } from "./input-harness";

/** The demo org's CI client, and PATH: rehearse looks for terraform there. */
const ENV = {
  GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci",
  GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci",
  PATH: process.env.PATH,
};
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$|\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/m;

/** Every command of the program with a value-taking option or a positional argument, by its path. */
function programCommands(): Map<string, Command> {
  const out = new Map<string, Command>();
  const walk = (command: Command, words: readonly string[]): void => {
    if (words.length > 0) out.set(words.join(" "), command);
    for (const sub of command.commands) walk(sub, [...words, sub.name()]);
  };
  walk(buildProgram({ stdout: () => {}, stderr: () => {}, env: {} }), []);
  return out;
}

const PROGRAM = programCommands();

function optionOf(command: CommandCase, long: string) {
  const option = PROGRAM.get(command.path)?.options.find((o) => o.long === long);
  if (!option) throw new Error(`${command.path} has no option ${long}`);
  return option;
}

/** The baseline without `long` (and its short form) and their values, then `long` with `value`. */
function withFlag(command: CommandCase, base: readonly string[], long: string, value: BadValue): string[] {
  const option = optionOf(command, long);
  const takesValue = option.required || option.optional;
  const names = [option.long, option.short].filter((n): n is string => n !== undefined);
  const kept: string[] = [];
  for (let i = 0; i < base.length; i++) {
    if (names.includes(base[i] as string)) {
      if (takesValue && !(base[i + 1] ?? "-").startsWith("-")) i++;
      continue;
    }
    kept.push(base[i] as string);
  }
  return value === NO_VALUE ? [...kept, long] : [...kept, long, value];
}

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly left: readonly string[];
  readonly requests: number;
}

const tally = new Tally("flag matrix");

describe("flag matrix", () => {
  const api = useEmulator();
  let fixtures: Fixtures;

  beforeAll(() => {
    fixtures = writeFixtures(tempDir(), api().emulator.url);
  });

  beforeEach(() => {
    api().emulator.context.requests.reset();
  });

  afterAll(() => tally.print());

  async function runIn(argv: (out: string) => string[]): Promise<Outcome> {
    const out = tempDir();
    let stdout = "";
    let stderr = "";
    const code = await run(argv(out), {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { ...ENV },
      stdinIsTty: false,
      stdin: (async function* () {})(),
    });
    const requests = api().emulator.context.requests.counts().total;
    return { code, out: stdout, err: stderr, left: readdirSync(out), requests };
  }

  /** Exit 2; one headline naming one of `names`, then only problem lines or the pointer to --help; nothing else. */
  function expectRefused(r: Outcome, names: readonly string[]): void {
    expect(r.code, r.err).toBe(2);
    const [headline = "", ...rest] = r.err.trimEnd().split("\n");
    expect(
      names.some((n) => headline.includes(n)),
      `headline names one of ${names.join(", ")}: ${r.err}`,
    ).toBe(true);
    expect(
      rest.filter((l) => !l.startsWith("  - ") && !/^\(run gcguard .*--help/.test(l)),
      r.err,
    ).toEqual([]);
    expect(r.err).not.toMatch(STACK_LINE);
    expect(r.err).not.toContain(CANARY);
    expect(r.out).toBe("");
    expect(r.left).toEqual([]);
    expect(r.requests, "requests sent to the emulator").toBe(0);
  }

  test("every value-taking option and argument of the program has a kind in the table", () => {
    const missing: string[] = [];
    for (const [name, command] of PROGRAM) {
      const row = COMMANDS.find((c) => c.path === name);
      for (const o of command.options.filter((o) => o.required || o.optional)) {
        if (row?.options[o.long ?? ""] === undefined) missing.push(`${name} ${o.long}`);
      }
      if (command.registeredArguments.length > 0 && row?.argument === undefined) missing.push(`${name} <argument>`);
    }
    expect(missing).toEqual([]);
  });

  for (const command of COMMANDS) {
    describe(command.path, () => {
      // A slow command's valid run (rehearse: real terraform; provider install) is the e2e suite's
      // (test/e2e/rehearse.test.ts, test/e2e/npm-package.test.ts); here only its refusals run.
      if (command.slow !== true) {
        test("the baseline command line is valid", async () => {
          const r = await runIn((out) => command.baseline(fixtures, out));
          expect(r.code, r.err).toBe(command.exit);
        });
      }

      for (const [long, kind] of Object.entries(command.options)) {
        for (const [variant, value] of badValues(kind, "<fixtures>", optionOf(command, long).optional)) {
          test(`fails on ${long} given ${variant}`, async () => {
            const bad = value === NO_VALUE ? value : value.replace("<fixtures>", fixtures.dir);
            const option = optionOf(command, long);
            const names = [long, ...(option.short ? [`${option.short},`, `${option.short} `] : [])];
            const quoted = bad === NO_VALUE || bad === "" ? [] : [bad];
            await tally.count(command.path, async () =>
              expectRefused(await runIn((out) => withFlag(command, command.baseline(fixtures, out), long, bad)), [
                ...names,
                ...quoted,
              ]),
            );
          });
        }
      }

      if (command.argument !== undefined) {
        const at = command.path.split(" ").length;
        const name = PROGRAM.get(command.path)?.registeredArguments[0]?.name() ?? "";
        test.each(badValues(command.argument, "<fixtures>", true))(
          "fails on its argument given %s",
          async (_v, value) => {
            const bad = (value as string).replace("<fixtures>", fixtures.dir);
            await tally.count(command.path, async () => {
              const r = await runIn((out) => command.baseline(fixtures, out).map((a, i) => (i === at ? bad : a)));
              expectRefused(r, bad === "" || bad.includes("\n") ? [name, "argument"] : [name, bad]);
            });
          },
        );
      }

      test("fails on an unknown flag", async () => {
        await tally.count(command.path, async () =>
          expectRefused(await runIn((out) => [...command.baseline(fixtures, out), "--no-such-flag"]), [
            "--no-such-flag",
          ]),
        );
      });

      test.each((command.conflicts ?? []).map((c) => [c.join(" "), c] as const))(
        "fails on contradicting flags: %s",
        async (_name, extra) => {
          await tally.count(command.path, async () =>
            expectRefused(
              await runIn((out) => [...command.baseline(fixtures, out), ...extra]),
              extra.filter((a) => a.startsWith("-")),
            ),
          );
        },
      );
    });
  }
});
