/**
 * Colour per stream (lib/color.ts), checked on real terminals: `script` gives the command a pseudo-terminal, as a
 * user's shell would. Colour on a terminal, none in a redirected stdout, FORCE_COLOR and NO_COLOR honoured.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { useColor } from "../../lib/color";
import { useEmulator } from "../emulator/helpers";
import { tempDir } from "../helpers";

const ROOT = path.join(__dirname, "..", "..");
const ESC = "\u001b[";
const CI_ENV = { GENESYSCLOUD_OAUTHCLIENT_ID: "gcguard-ci", GENESYSCLOUD_OAUTHCLIENT_SECRET: "demo-secret-ci" };

describe("useColor", () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { TERM: "dumb" }, false],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true],
    [false, { FORCE_COLOR: "1" }, true],
    [false, { FORCE_COLOR: "" }, true],
    [true, { FORCE_COLOR: "0" }, false],
    [true, { FORCE_COLOR: "false" }, false],
    [false, { FORCE_COLOR: "3", NO_COLOR: "1" }, true],
  ])("a terminal: %s, env %j: %s", (tty, env, expected) => {
    expect(useColor(tty, env)).toBe(expected);
  });
});

/** Runs a shell command line, under `script` (a terminal on stdout and stderr) when `tty`, and returns what it printed. */
function sh(line: string, tty: boolean, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const [command, args] = tty ? ["script", ["-qec", line, "/dev/null"]] : ["bash", ["-c", line]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        TMPDIR: tmpdir(),
        TERM: "xterm-256color",
        ...CI_ENV,
        ...env,
      },
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe("gcguard preflight's colour, on real terminals", () => {
  const api = useEmulator();
  const preflight = () =>
    `node scripts/gcguard.cjs preflight --config examples/gcguard.config.yaml --state examples/demo.tfstate --no-progress --base-url ${api().emulator.url}`;

  it("colours the report on a terminal", async () => {
    const { code, out } = await sh(preflight(), true, {});
    expect(code).toBe(1);
    expect(out).toContain(ESC);
    expect(out).toContain("GCG101");
  });

  it("writes no escape codes into a redirected stdout, even from a terminal", async () => {
    const file = path.join(tempDir(), "report.txt");
    const { code } = await sh(`${preflight()} > ${JSON.stringify(file)}`, true, {});
    expect(code).toBe(1);
    const report = readFileSync(file, "utf8");
    expect(report).toContain("GCG101");
    expect(report).not.toContain("\u001b");
  });

  it("colours a pipe when FORCE_COLOR says so, and nothing on a terminal with NO_COLOR", async () => {
    const forced = await sh(`${preflight()} | cat`, false, { FORCE_COLOR: "1" });
    expect(forced.out).toContain(ESC);
    const plain = await sh(preflight(), true, { NO_COLOR: "1" });
    expect(plain.out).toContain("GCG101");
    expect(plain.out).not.toContain("\u001b");
  });
});

describe("gcguard resolve's colour, in the same palette", () => {
  const log = "test/resolve/fixtures/real/terraform/delete-refused-human-no-color.log";
  const resolve = `node scripts/gcguard.cjs resolve ${log} --offline --no-write`;

  it("colours the diagnosis on a terminal, and nothing in a redirected stdout", async () => {
    const onTerminal = await sh(resolve, true, {});
    expect(onTerminal.code).toBe(1);
    expect(onTerminal.out).toContain(`${ESC}31m[non-empty-division]${ESC}0m`);
    const file = path.join(tempDir(), "resolve.txt");
    expect((await sh(`${resolve} > ${JSON.stringify(file)}`, true, {})).code).toBe(1);
    expect(readFileSync(file, "utf8")).toContain("[non-empty-division] genesyscloud_auth_division.regional");
    expect(readFileSync(file, "utf8")).not.toContain("\u001b");
  });
});
