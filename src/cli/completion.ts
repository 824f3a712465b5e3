/**
 * Shell completion scripts made from the commands' own definitions — their names, flags, the values a flag takes
 * (`-f` formats, `--co` modes) — so a flag added to a command is completed without a line written here.
 */
import type { Command, Option } from "commander";
import { TIME_UNITS } from "../base/units.js";
import { collect } from "./input-options.js";

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

interface FlagSpec {
  names: string[];
  /** What the value is called (`<name>`), when the flag takes one. */
  value?: string;
  /** The values it takes, when they are a fixed list. */
  choices?: string[];
  /** The value is a file or a directory to complete. */
  path?: "file" | "dir";
  repeatable: boolean;
  summary: string;
}

interface CommandSpec {
  name: string;
  summary: string;
  flags: FlagSpec[];
  /** What the arguments are: files, a fixed list of words (completion's shells), or nothing. */
  args: { files: true } | { words: string[] } | { none: true };
}

/** A description's first clause, for a one-line menu. */
function summary(description: string): string {
  return description.split(/; | \(|: (?=[a-z])/)[0]!.trim();
}

function flagSpec(option: Option): FlagSpec {
  const names = [option.short, option.long].filter((n): n is string => n !== undefined);
  const value = /<([^>]+)>/.exec(option.flags)?.[1];
  const path = value === "file" ? "file" : value === "dir" ? "dir" : undefined;
  // A unit is parsed rather than chosen (µs is us), but its words are a fixed list all the same.
  const choices = option.argChoices ?? (value === "unit" ? [...TIME_UNITS] : undefined);
  return { names, value, choices, path, repeatable: option.parseArg === collect, summary: summary(option.description) };
}

/** The commands of `program` as the completions need them; "" is the program itself, its default command's flags with its own. */
function commandSpecs(program: Command): CommandSpec[] {
  const help = program.createHelp();
  const commands = help.visibleCommands(program);
  const names = commands.map((c) => c.name());
  const defaultCommand = commands.find((c) => c.name() === "report");
  const specs: CommandSpec[] = commands.map((command) => {
    const argChoices = command.registeredArguments[0]?.argChoices;
    const args: CommandSpec["args"] =
      command.name() === "help" ? { words: names.filter((n) => n !== "help") }
      : argChoices !== undefined ? { words: argChoices }
      : command.registeredArguments.length > 0 ? { files: true }
      : { none: true };
    return { name: command.name(), summary: summary(command.description()), flags: help.visibleOptions(command).map(flagSpec), args };
  });
  const ownFlags = help.visibleOptions(program).map(flagSpec);
  const defaultFlags = (defaultCommand === undefined ? [] : help.visibleOptions(defaultCommand).map(flagSpec)).filter((f) => !f.names.some((n) => ownFlags.some((o) => o.names.includes(n))));
  return [{ name: "", summary: "", flags: [...ownFlags, ...defaultFlags], args: { files: true } }, ...specs];
}

/** Quoted for a POSIX shell (bash, zsh): in single quotes. */
function quoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** The completion script for `shell`. */
export function completionScript(program: Command, shell: Shell): string {
  const specs = commandSpecs(program);
  switch (shell) {
    case "bash":
      return bashScript(specs);
    case "zsh":
      return zshScript(specs);
    case "fish":
      return fishScript(specs);
  }
}

const HEADER = (shell: Shell) => `# ${shell} completion for latstat, made by \`latstat completion ${shell}\` from its commands' definitions\n`;

function bashScript(specs: CommandSpec[]): string {
  const commandNames = specs.filter((s) => s.name !== "").map((s) => s.name);
  const cases = specs.map((spec) => {
    // Flags completed alike share a line: a word list, files, directories, or nothing to offer.
    const byReply = new Map<string, string[]>();
    for (const f of spec.flags.filter((flag) => flag.value !== undefined)) {
      const reply = f.choices ? `compgen -W ${quoted(f.choices.join(" "))} -- "$cur"` : f.path === "dir" ? 'compgen -d -- "$cur"' : f.path === "file" ? 'compgen -f -- "$cur"' : "";
      byReply.set(reply, [...(byReply.get(reply) ?? []), ...f.names]);
    }
    const values = [...byReply].map(([reply, names]) => `        ${names.join("|")}) ${reply === "" ? "" : `mapfile -t COMPREPLY < <(${reply}); `}return ;;`);
    const args = "words" in spec.args ? `compgen -W ${quoted(spec.args.words.join(" "))} -- "$cur"` : "files" in spec.args ? 'compgen -f -- "$cur"' : "true";
    return [
      `    ${spec.name === "" ? '""' : spec.name})`,
      `      flags=${quoted(spec.flags.flatMap((f) => f.names).join(" "))}`,
      `      args=${quoted(args)}`,
      ...(values.length > 0 ? ["      case $prev in", ...values, "      esac"] : []),
      "      ;;",
    ].join("\n");
  });
  return `${HEADER("bash")}_latstat() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} command="" flags args
  COMPREPLY=()
  # The command is the first word when it names one; anything else there is a file of the default command.
  if (( COMP_CWORD > 1 )); then
    case \${COMP_WORDS[1]} in
      ${commandNames.join("|")}) command=\${COMP_WORDS[1]} ;;
    esac
  fi
  case $command in
${cases.join("\n")}
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
    return
  fi
  if (( COMP_CWORD == 1 )); then
    mapfile -t COMPREPLY < <(compgen -W ${quoted(commandNames.join(" "))} -- "$cur")
  fi
  local more
  mapfile -t more < <(eval "$args")
  COMPREPLY+=("\${more[@]}")
}
complete -o filenames -F _latstat latstat
`;
}

/** Text inside a zsh _arguments description, [between brackets]. */
function zshText(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll("[", "(").replaceAll("]", ")").replaceAll(":", "\\:");
}

function zshFlag(flag: FlagSpec): string {
  const description = `[${zshText(flag.summary)}]`;
  const action = flag.value === undefined ? ""
    : flag.choices ? `:${zshText(flag.value)}:(${flag.choices.join(" ")})`
    : flag.path === "dir" ? `:${flag.value}:_files -/`
    : flag.path === "file" ? `:${flag.value}:_files`
    : `:${zshText(flag.value)}: `;
  const exclusive = flag.repeatable ? "*" : flag.names.length > 1 ? `(${flag.names.join(" ")})` : "";
  const names = flag.names.length > 1 ? `{${flag.names.join(",")}}` : flag.names[0]!;
  return flag.names.length > 1 ? `${quoted(exclusive)}${names}${quoted(description + action)}` : quoted(`${exclusive}${names}${description}${action}`);
}

function zshScript(specs: CommandSpec[]): string {
  const commands = specs.filter((s) => s.name !== "");
  const functions = specs.map((spec) => {
    const args = "words" in spec.args ? `'1:word:(${spec.args.words.join(" ")})'` : "files" in spec.args ? "'*:file:_files'" : "";
    const lines = [...spec.flags.map(zshFlag), ...(args === "" ? [] : [args])];
    return `_latstat_${spec.name === "" ? "default" : spec.name}() {\n  _arguments -s -S \\\n    ${lines.join(" \\\n    ")}\n}`;
  });
  return `#compdef latstat
${HEADER("zsh")}
${functions.join("\n\n")}

_latstat() {
  local -a commands
  commands=(
    ${commands.map((c) => quoted(`${c.name}:${zshText(c.summary)}`)).join("\n    ")}
  )
  if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then
    _describe -t commands 'latstat command' commands
    _files
    return
  fi
  case $words[2] in
    ${commands.map((c) => c.name).join("|")})
      local command=$words[2]
      shift words
      (( CURRENT-- ))
      _latstat_$command ;;
    *) _latstat_default ;;
  esac
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _latstat "$@"
else
  compdef _latstat latstat
fi
`;
}

/** Quoted for fish, in single quotes (where only \\ and \\' are special). */
function fishQuoted(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function fishScript(specs: CommandSpec[]): string {
  const commands = specs.filter((s) => s.name !== "");
  const lines = [
    HEADER("fish").trimEnd(),
    "# The command is the first word when it names one; anything else there is a file of the default command.",
    "function __latstat_command_is",
    "    set -l words (commandline -opc)",
    `    if set -q words[2]; and contains -- $words[2] ${commands.map((c) => c.name).join(" ")}`,
    '        test "$words[2]" = "$argv[1]"',
    "    else",
    '        test "$argv[1]" = default',
    "    end",
    "end",
    "function __latstat_first_word",
    "    test (count (commandline -opc)) -eq 1",
    "end",
    ...commands.map((c) => `complete -c latstat -n __latstat_first_word -f -a ${c.name} -d ${fishQuoted(c.summary)}`),
  ];
  for (const spec of specs) {
    const condition = fishQuoted(`__latstat_command_is ${spec.name === "" ? "default" : spec.name}`);
    for (const flag of spec.flags) {
      const names = flag.names.map((n) => (n.startsWith("--") ? `-l ${n.slice(2)}` : `-s ${n.slice(1)}`)).join(" ");
      const value = flag.value === undefined ? "" : flag.choices ? ` -x -a ${fishQuoted(flag.choices.join(" "))}` : flag.path !== undefined ? " -r -F" : " -x";
      lines.push(`complete -c latstat -n ${condition} ${names}${value} -d ${fishQuoted(flag.summary)}`);
    }
    if ("words" in spec.args) lines.push(`complete -c latstat -n ${condition} -f -a ${fishQuoted(spec.args.words.join(" "))}`);
    if ("none" in spec.args) lines.push(`complete -c latstat -n ${condition} -f`);
  }
  return `${lines.join("\n")}\n`;
}
