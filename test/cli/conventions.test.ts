/**
 * The command line's conventions, in-process: every way to ask for the version, one meaning per short flag across
 * commands, and shell completion generated from the program (bash checked by running bash's own completion).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

import type { Command } from "commander";
import { describe, expect, it } from "vitest";

import { buildProgram, run } from "../../scripts/cli";
import { version } from "../../scripts/command-io";
import { tempDir } from "../helpers";

function capture(): { io: { stdout: (t: string) => void; stderr: (t: string) => void }; out: () => string } {
  let out = "";
  return { io: { stdout: (t) => (out += t), stderr: () => {} }, out: () => out };
}

describe("version", () => {
  it.each([["-v"], ["--version"], ["-V"], ["version"]])("gcguard %s prints the version and exits 0", async (arg) => {
    const { io, out } = capture();
    expect(await run([arg], io)).toBe(0);
    expect(out()).toBe(`${version()}\n`);
  });
});

describe("short flags", () => {
  it("mean one thing across every command (-o is always where the output goes)", () => {
    const meanings = new Map<string, Set<string>>();
    const walk = (command: Command): void => {
      for (const o of command.options) {
        if (!o.short) continue;
        const long = o.long === "--out" ? "--output" : (o.long ?? "");
        meanings.set(o.short, (meanings.get(o.short) ?? new Set()).add(long));
      }
      command.commands.forEach(walk);
    };
    walk(buildProgram(capture().io));
    const conflicting = [...meanings]
      .filter(([, longs]) => longs.size > 1)
      .map(([s, l]) => `${s}: ${[...l].join(", ")}`);
    expect(conflicting).toEqual([]);
    expect(meanings.get("-f")).toEqual(new Set(["--format"]));
  });
});

describe("completion", () => {
  const script = async (shell: string): Promise<string> => {
    const { io, out } = capture();
    expect(await run(["completion", shell], io)).toBe(0);
    return out();
  };

  /** What bash's completion offers for the words typed so far (the last one being completed). */
  function complete(file: string, words: string[]): string[] {
    const line = [
      `source ${JSON.stringify(file)}`,
      `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")})`,
      `COMP_CWORD=${words.length - 1}`,
      "_gcguard",
      'printf "%s\\n" "${COMPREPLY[@]}"',
    ].join("\n");
    const r = spawnSync("bash", ["--noprofile", "--norc", "-c", line], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    return r.stdout.split("\n").filter(Boolean).sort();
  }

  it("completes subcommands and each command's own options in bash", async () => {
    const file = path.join(tempDir(), "gcguard.bash");
    writeFileSync(file, await script("bash"));
    expect(complete(file, ["gcguard", "pre"])).toEqual(["preflight"]);
    expect(complete(file, ["gcguard", ""])).toEqual(
      [
        "completion",
        "emulator",
        "preflight",
        "provider",
        "rehearse",
        "resolve",
        "scim",
        "snapshot",
        "synth",
        "version",
        "--help",
        "--version",
        "-h",
        "-v",
      ].sort(),
    );
    expect(complete(file, ["gcguard", "preflight", "--fo"])).toEqual(["--format"]);
    expect(complete(file, ["gcguard", "preflight", "--format", "json", "--pl"])).toEqual(["--plan"]);
    expect(complete(file, ["gcguard", "scim", "s"])).toEqual(["sync"]);
    expect(complete(file, ["gcguard", "scim", "sync", "--ap"])).toEqual(["--apply"]);
    expect(complete(file, ["gcguard", "snapshot", "--f"])).toEqual(["--force", "--format"]);
    // After an option that takes a value: file names.
    const dir = tempDir();
    writeFileSync(path.join(dir, "plan.json"), "{}");
    expect(complete(file, ["gcguard", "preflight", "--plan", path.join(dir, "pl")])).toEqual([
      path.join(dir, "plan.json"),
    ]);
  });

  it("gives zsh the bash completion through bashcompinit, and fish one line per subcommand and option", async () => {
    const zsh = await script("zsh");
    expect(zsh).toContain("autoload -U +X bashcompinit && bashcompinit");
    expect(zsh).toContain("complete -o default -F _gcguard gcguard");
    const fish = await script("fish");
    expect(fish).toContain("complete -c gcguard -n '__fish_use_subcommand' -a 'preflight' -d 'check a plan");
    expect(fish).toContain("complete -c gcguard -n '__fish_seen_subcommand_from preflight' -l format -s f -r -F -d");
    // scim's own subcommands are offered only until one of them is there.
    expect(fish).toContain(
      "complete -c gcguard -n '__fish_seen_subcommand_from scim; and not __fish_seen_subcommand_from diff sync users' -a 'sync'",
    );
    expect(fish).toContain("complete -c gcguard -n '__fish_seen_subcommand_from sync' -l apply -d");
  });

  it("refuses a shell it does not know: exit 2", async () => {
    let err = "";
    expect(await run(["completion", "tcsh"], { stdout: () => {}, stderr: (t) => (err += t) })).toBe(2);
    expect(err).toBe("gcguard: completion tcsh: not a shell gcguard completes; use one of bash, zsh, fish\n");
  });
});

describe("--format", () => {
  it.each([
    [["resolve", "-", "--format", "yaml"], "error: option '-f, --format <format>' argument 'yaml' is invalid."],
    [["scim", "diff", "--format", "sarif"], "Allowed choices are text, json, markdown."],
    [["snapshot", "--out", "x.json", "--format", "xml"], "Allowed choices are json, yaml, yml."],
    [["preflight", "--format", "yaml"], "error: --format yaml: not a format; use one of text, json, sarif,"],
    [["preflight", "--format", "sarif", "--format", "json", "-o", "x"], "error: -o x goes with one --format"],
  ])("a format gcguard does not write is bad usage, exit 2, as commander reports it: %j", async (argv, message) => {
    let err = "";
    let out = "";
    expect(await run(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) })).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain("(run gcguard --help for usage)");
    expect(out).toBe("");
  });
});

describe("the io a caller gives", () => {
  it("is what a command reads: its environment, not the process's", async () => {
    let err = "";
    const out = path.join(tempDir(), "org.json");
    const io = { stdout: () => {}, stderr: (t: string) => (err += t), env: {} };
    expect(await run(["snapshot", "--out", out, "--base-url", "http://127.0.0.1:9"], io)).toBe(2);
    expect(err).toContain("GENESYSCLOUD_OAUTHCLIENT_ID");
  });
});

describe("where the adoption manifest goes", () => {
  it.each([["preflight"], ["resolve"]])(
    "gcguard %s --help says: beside the config, where the synth reads it",
    async (cmd) => {
      const { io, out } = capture();
      expect(await run([cmd, "--help"], io)).toBe(0);
      const help = out().replace(/\s+/g, " ");
      expect(help).toContain("beside the config");
      expect(help).toContain("where the synth reads");
    },
  );
});
