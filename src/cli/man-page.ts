/**
 * The man page, latstat(1), made from the commands' definitions and their help (command-help.ts) — the same
 * source as `--help` — by `npm run man` into man/latstat.1; a test keeps the committed page in step.
 */
import type { Command, Help, Option } from "commander";
import { commandHelp, flagDescription } from "./command-help.js";
import { version } from "./version.js";

/** Text for roff: backslashes kept, a line never read as a request, characters beyond ASCII by their code. */
function roff(text: string): string {
  const escaped = text
    .replaceAll("\\", "\\e")
    .replace(/[^\x20-\x7e\n]/gu, (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}]`);
  return escaped.replace(/^([.'])/gm, "\\&$1");
}

/** A command line or flag, its hyphens kept as hyphens (minus signs) for copying and searching. */
function literal(text: string): string {
  return roff(text).replaceAll("-", "\\-");
}

/** `-f, --format <name>` as a bold flag with its value in italics. */
function flagTerm(option: Option): string {
  const [names, value] = option.flags.split(/ (?=[<[])/);
  return value === undefined ? `\\fB${literal(names!)}\\fR` : `\\fB${literal(names!)}\\fR \\fI${literal(value)}\\fR`;
}

/** The visible options of `command` under their help headings, in the order --help prints them. */
function optionGroups(help: Help, command: Command): Map<string, Option[]> {
  const groups = new Map<string, Option[]>();
  for (const option of help.visibleOptions(command)) {
    const heading = option.helpGroupHeading ?? "Options:";
    groups.set(heading, [...(groups.get(heading) ?? []), option]);
  }
  return groups;
}

/** The examples and exit codes of `command`, as --help gives them. */
function examplesAndExits(command: Command, headings: { examples: string; exits: string }): string[] {
  const { examples, exits } = commandHelp(command);
  return [
    headings.examples,
    ...examples.flatMap((e) => [".PP", roff(e.does.charAt(0).toUpperCase() + e.does.slice(1)) + ":", ".RS", ".nf", literal(e.line), ".fi", ".RE"]),
    headings.exits,
    ...exits.flatMap(([code, meaning]) => [".TP", `.B ${code}`, roff(meaning)]),
  ];
}

function commandSection(help: Help, command: Command): string[] {
  const lines = [`.SS "${literal(help.commandUsage(command))}"`, roff(command.description())];
  for (const argument of help.visibleArguments(command)) lines.push(".TP", `\\fI${literal(help.argumentTerm(argument))}\\fR`, roff(help.argumentDescription(argument)));
  for (const [heading, options] of optionGroups(help, command)) {
    lines.push(".PP", `.I ${roff(heading.replace(/:$/, ""))}`);
    for (const option of options) lines.push(".TP", flagTerm(option), roff(flagDescription(option)));
  }
  lines.push(...examplesAndExits(command, { examples: ".PP\n.I Examples", exits: ".PP\n.I Exit codes" }));
  return lines;
}

/** latstat(1) for `program` with all its commands. */
export function manPage(program: Command): string {
  const help = program.createHelp();
  const commands = help.visibleCommands(program).filter((c) => c.name() !== "help");
  const lines = [
    `.TH LATSTAT 1 "" "latstat ${version()}" "User Commands"`,
    ".SH NAME",
    `latstat \\- ${roff(program.description().replace(/^Honest/, "honest").replace(/\.$/, ""))}`,
    ".SH SYNOPSIS",
    ".B latstat \\fR[\\fIoptions\\fR] [\\fIfiles...\\fR]\n.br",
    ...commands.map((c) => `.B ${literal(help.commandUsage(c))}\n.br`),
    ".SH DESCRIPTION",
    "latstat reads request-timing logs \\(em load testers' results, servers' access logs, traces, HdrHistogram logs \\(em" +
      " and prints their latency distribution, with figures corrected for coordinated omission beside the raw ones.",
    "Without a command it runs \\fBreport\\fR; a log is read from the files named, or from standard input when none is.",
    "Results go to standard output, messages to standard error.",
    ".PP",
    "Every command's flags, examples and exit codes are below, as \\fBlatstat \\fICOMMAND\\fB \\-\\-help\\fR prints them.",
    ".SH OPTIONS",
    ...help.visibleOptions(program).flatMap((option) => [".TP", flagTerm(option), roff(flagDescription(option))]),
    ".SH COMMANDS",
    ...commands.flatMap((command) => commandSection(help, command)),
    ...examplesAndExits(program, { examples: ".SH EXAMPLES", exits: ".SH EXIT STATUS" }),
    ".SH SEE ALSO",
    "The guides in the docs/ directory of latstat's repository; Gil Tene, \\fIHow NOT to Measure Latency\\fR.",
  ];
  return `${lines.join("\n")}\n`;
}
