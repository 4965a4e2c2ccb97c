/**
 * `gcguard completion bash|zsh|fish`: a shell completion script for every subcommand and option, generated from
 * the program itself (scripts/cli.ts), so it cannot fall behind the commands. Install:
 *
 *   bash: source <(gcguard completion bash)            (or save it under ~/.local/share/bash-completion/completions)
 *   zsh:  source <(gcguard completion zsh)             (bash completion through zsh's bashcompinit)
 *   fish: gcguard completion fish > ~/.config/fish/completions/gcguard.fish
 */
import type { Command } from "commander";
import { InputError } from "../lib/errors";
import type { CommandIo } from "../lib/command-io";

export const SHELLS = ["bash", "zsh", "fish"] as const;
type Shell = (typeof SHELLS)[number];

interface Node {
  /** Subcommand names from the program down to here, e.g. ["scim", "sync"]. */
  readonly path: readonly string[];
  readonly description: string;
  readonly subcommands: readonly string[];
  readonly options: readonly {
    readonly long?: string;
    readonly short?: string;
    readonly description: string;
    /** The option takes a value (a file, a name): complete file names after it. */
    readonly takesValue: boolean;
  }[];
}

/** Every command of the program, depth first, with its options (help included). */
export function commandTree(program: Command): Node[] {
  const nodes: Node[] = [];
  const walk = (command: Command, path: readonly string[]): void => {
    const options = command.options.map((o) => ({
      ...(o.long ? { long: o.long } : {}),
      ...(o.short ? { short: o.short } : {}),
      description: o.description,
      takesValue: o.required || o.optional,
    }));
    nodes.push({
      path,
      description: command.description(),
      subcommands: command.commands.map((c) => c.name()),
      options: [...options, { long: "--help", short: "-h", description: "show help", takesValue: false }],
    });
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return nodes;
}

/** A word for a shell's single-quoted string. */
const quoted = (text: string): string => `'${text.replace(/'/g, "'\\''")}'`;

function bash(nodes: readonly Node[]): string {
  const cases = nodes.map((n) => {
    const words = [...n.subcommands, ...n.options.flatMap((o) => [o.long, o.short].filter(Boolean))].join(" ");
    const valued = n.options.filter((o) => o.takesValue).flatMap((o) => [o.long, o.short].filter(Boolean));
    return `    ${quoted(n.path.join(" "))}) words=${quoted(words)} valued=${quoted(valued.join(" "))} ;;`;
  });
  return [
    "# gcguard completion for bash (gcguard completion bash)",
    "_gcguard() {",
    "  local cur=${COMP_WORDS[COMP_CWORD]} path= word i",
    "  # The subcommand path: the words before the cursor that are not options.",
    "  for ((i = 1; i < COMP_CWORD; i++)); do",
    "    word=${COMP_WORDS[i]}",
    '    case "$word" in -*) continue ;; esac',
    '    case " $(_gcguard_subcommands "$path") " in',
    '      *" $word "*) path=${path:+$path }$word ;;',
    "    esac",
    "  done",
    "  local words valued",
    '  case "$path" in',
    ...cases,
    "    *) words= ;;",
    "  esac",
    "  # After an option that takes a value: file names.",
    '  case " $valued " in',
    '    *" ${COMP_WORDS[COMP_CWORD-1]} "*) COMPREPLY=($(compgen -f -- "$cur")); return ;;',
    "  esac",
    '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
    "}",
    "_gcguard_subcommands() {",
    '  case "$1" in',
    ...nodes.map((n) => `    ${quoted(n.path.join(" "))}) echo ${quoted(n.subcommands.join(" "))} ;;`),
    "  esac",
    "}",
    "complete -o default -F _gcguard gcguard",
    "",
  ].join("\n");
}

function zsh(nodes: readonly Node[]): string {
  return [
    "# gcguard completion for zsh (gcguard completion zsh): bash completion through bashcompinit",
    "autoload -U +X bashcompinit && bashcompinit",
    bash(nodes),
  ].join("\n");
}

function fish(nodes: readonly Node[]): string {
  const lines = ["# gcguard completion for fish (gcguard completion fish)", "complete -c gcguard -f"];
  for (const n of nodes) {
    // Fish's condition: this command seen and none of its subcommands yet (for the program: no subcommand yet).
    const below = n.subcommands.length > 0 ? `; and not __fish_seen_subcommand_from ${n.subcommands.join(" ")}` : "";
    const condition =
      n.path.length === 0 ? "__fish_use_subcommand" : `__fish_seen_subcommand_from ${n.path.at(-1)!}${below}`;
    for (const sub of n.subcommands) {
      const child = nodes.find((c) => c.path.join(" ") === [...n.path, sub].join(" "));
      lines.push(
        `complete -c gcguard -n ${quoted(condition)} -a ${quoted(sub)} -d ${quoted(child?.description ?? "")}`,
      );
    }
    for (const o of n.options) {
      const flags = [
        o.long ? `-l ${o.long.slice(2)}` : "",
        o.short ? `-s ${o.short.slice(1)}` : "",
        o.takesValue ? "-r -F" : "",
      ]
        .filter(Boolean)
        .join(" ");
      lines.push(`complete -c gcguard -n ${quoted(condition)} ${flags} -d ${quoted(o.description)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function completionScript(program: Command, shell: Shell): string {
  const nodes = commandTree(program);
  return shell === "bash" ? bash(nodes) : shell === "zsh" ? zsh(nodes) : fish(nodes);
}

export function registerCompletion(program: Command, io: CommandIo): void {
  program
    .command("completion")
    .description("print a shell completion script: bash, zsh or fish")
    .argument("<shell>", SHELLS.join(", "))
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  source <(gcguard completion bash)      # in ~/.bashrc",
        "  source <(gcguard completion zsh)       # in ~/.zshrc",
        "  gcguard completion fish > ~/.config/fish/completions/gcguard.fish",
      ].join("\n"),
    )
    .action((shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new InputError(`completion ${shell}: not a shell gcguard completes; use one of ${SHELLS.join(", ")}`);
      io.stdout(completionScript(program, shell as Shell));
    });
}
