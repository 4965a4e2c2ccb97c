/**
 * The run's temporary folders: every test and every command it starts (TMPDIR is inherited) makes its temporary
 * folders in one folder of this run's own, inside the system's. At the end a `gcguard-*` entry left there fails the
 * run, named; the run's folder goes either way, so a failed run leaves nothing behind either. A new `gcguard-*` entry
 * in the system temp folder itself (something that ignored TMPDIR) fails the run on CI and is named on a workstation,
 * where other runs (another checkout, a second terminal) make folders of their own at the same time.
 *
 * vitest calls a globalSetup once per project and once for the root: the first call sets up, the last teardown checks.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const OURS = /^gcguard-/;

interface RunTemp {
  users: number;
  readonly system: string;
  readonly before: ReadonlySet<string>;
  readonly run: string;
  readonly savedTmpdir: string | undefined;
}

const KEY = "__gcguardRunTemp";
const holder = globalThis as { [KEY]?: RunTemp };

function ours(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => OURS.test(name)) : [];
}

export default function setup(): () => void {
  let state = holder[KEY];
  if (!state) {
    const system = os.tmpdir();
    const run = mkdtempSync(path.join(system, "vitest-gcguard-run-"));
    // tsx keeps its compile cache in the temp folder (tsx-<uid>): share the system's, so the CLIs the tests start
    // stay as fast as outside the run.
    const uid = process.geteuid?.() ?? os.userInfo().username;
    const tsxCache = path.join(system, `tsx-${uid}`);
    if (existsSync(tsxCache)) symlinkSync(tsxCache, path.join(run, `tsx-${uid}`));
    state = { users: 0, system, before: new Set(ours(system)), run, savedTmpdir: process.env.TMPDIR };
    holder[KEY] = state;
    process.env.TMPDIR = run;
  }
  state.users++;
  const current = state;
  return () => {
    if (--current.users > 0) return;
    delete holder[KEY];
    if (current.savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = current.savedTmpdir;
    const left = ours(current.run).map((name) => path.join(current.run, name));
    // New in the system folder itself: made by something that ignored TMPDIR, or by another run on this machine.
    const outside = ours(current.system)
      .filter((name) => !current.before.has(name))
      .map((name) => path.join(current.system, name));
    rmSync(current.run, { recursive: true, force: true, maxRetries: 3 });
    const list = (dirs: string[]): string => dirs.map((d) => `  ${d}\n`).join("");
    if (left.length > 0) {
      process.stderr.write(
        `\nFAIL the run left ${left.length} temporary folder(s) of gcguard behind (removed now; a test without ` +
          `tempDir(), or a command that does not clean up):\n${list(left)}`,
      );
      process.exitCode = 1;
    }
    if (outside.length > 0) {
      // On CI nothing else runs beside the tests, so they are this run's; on a workstation they may be another's.
      const ci = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
      process.stderr.write(
        `\n${ci ? "FAIL" : "WARNING"} ${outside.length} new gcguard-* folder(s) in ${current.system} since the run ` +
          `started, outside its TMPDIR${ci ? "" : " (another run on this machine, or something ignoring TMPDIR)"}:\n` +
          list(outside),
      );
      if (ci) process.exitCode = 1;
    }
  };
}
