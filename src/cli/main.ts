/** The latstat program: commands, exit codes, and turning errors into one-line messages. */
import type { Command } from "commander";
import { AnalysisError } from "../analyses/problems.js";
import { oneLine, UserError } from "../base/errors.js";
import { HELP_CONFIGURATION, helpAfterFlags } from "./command-help.js";
import { type CommandAdder, EXIT, type ExitCode } from "./exit-codes.js";
import { mistypedCommand } from "./suggest.js";
import { exitQuietlyOnBrokenPipe, stdoutColumns, type Terminal, terminal, warn, withTerminal, writeDiagnostics, writeFailure, writeOut, writesDone } from "./terminal.js";
import { version } from "./version.js";

/**
 * Each command's module, imported only when that command runs or help lists them all: a command does not pay
 * for loading the others, and `--version` loads none of them (nor commander).
 */
const COMMANDS: Record<string, () => Promise<CommandAdder>> = {
  report: async () => (await import("./report-command.js")).addReportCommand,
  compare: async () => (await import("./compare-command.js")).addCompareCommand,
  formats: async () => (await import("./formats-command.js")).addFormatsCommand,
  check: async () => (await import("./check-command.js")).addCheckCommand,
  plot: async () => (await import("./plot-command.js")).addPlotCommand,
  convert: async () => (await import("./convert-command.js")).addConvertCommand,
  merge: async () => (await import("./merge-command.js")).addMergeCommand,
  timeline: async () => (await import("./timeline-command.js")).addTimelineCommand,
  completion: async () => (await import("./completion-command.js")).addCompletionCommand,
};

const DESCRIPTION = "Honest latency numbers from request-timing logs: HDR-histogram percentiles, exact to the HdrHistogram reference.";

/** What `latstat` alone on a terminal says, instead of waiting for a log typed in (as hyperfine and ripgrep do). */
const SHORT_USAGE = `usage: latstat [COMMAND] [FLAGS] [FILE...]
  latstat access.log                           the latency distribution of a log
  some-load-test | latstat                     of what is piped in
  latstat check FILE --budget "p99 < 300ms"    exit 1 when a budget is not met
latstat reads logs from files or a pipe, not typed in; see latstat --help for its commands and flags.
`;

/**
 * The commands `argv` may run: the one it names, else the default (report), or all when help is asked for or a
 * completion script is made of them.
 */
function commandsFor(argv: string[]): string[] {
  const first = argv[0] ?? "";
  if (first === "completion") return Object.keys(COMMANDS);
  if (first in COMMANDS) return [first];
  const wantsHelp = first === "help" || argv.includes("-h") || argv.includes("--help");
  return wantsHelp ? Object.keys(COMMANDS) : ["report"];
}

/** A commander error, with the command whose flags it is about (for the help it points at). */
type CommanderError = Error & { exitCode: number; code: string; command?: string };

/**
 * Commander's output, through the terminal of this run, with the help's examples and exit codes; its errors are
 * said by `reportError`.
 */
function configureOutput(command: Command, helpName: string): Command {
  return command
    .exitOverride((error) => {
      throw Object.assign(error, { command: helpName });
    })
    .configureOutput({
      writeOut,
      writeErr: () => {},
      getOutHelpWidth: () => stdoutColumns() ?? 80,
      getOutHasColors: () => false,
    })
    .configureHelp(HELP_CONFIGURATION)
    .addHelpText("after", helpAfterFlags(command));
}

async function buildProgram(argv: string[], exit: (code: ExitCode) => void): Promise<Command> {
  const { Command } = await import("commander");
  const program = new Command("latstat")
    .description(DESCRIPTION)
    .version(version(), "-V, --version")
    .showHelpAfterError(false);
  configureOutput(program, "latstat");
  for (const name of commandsFor(argv)) (await COMMANDS[name]!())(program, exit);
  for (const command of program.commands) configureOutput(command, `latstat ${command.name()}`);
  return program;
}

/** The program with every command, as the man page is made from. */
export function fullProgram(): Promise<Command> {
  return buildProgram(["--help"], () => {});
}

/**
 * Runs latstat with `argv` (without node and script) on `t` (the process's own streams unless given) and returns
 * the exit code: the one place it is decided.
 */
export async function main(argv: string[], t: Terminal = terminal()): Promise<number> {
  return withTerminal(t, async () => {
    exitQuietlyOnBrokenPipe();
    if (argv.length === 1 && (argv[0] === "-V" || argv[0] === "--version")) {
      writeOut(`${version()}\n`);
      return await afterWrites(EXIT.ok);
    }
    if (argv.length === 0 && terminal().stdin.isTTY === true) {
      writeDiagnostics(SHORT_USAGE);
      return EXIT.usage;
    }
    const typo = mistypedCommand(argv[0], [...Object.keys(COMMANDS), "help"]);
    if (typo !== undefined) {
      warn(`${argv[0]}: no such command or file (did you mean ${typo}? see latstat --help)`);
      return EXIT.usage;
    }
    const debug = argv.includes("--debug");
    let code: ExitCode = EXIT.ok;
    try {
      await (await buildProgram(argv, (c) => (code = c))).parseAsync(argv, { from: "user" });
    } catch (error) {
      code = await reportError(error, debug);
    }
    return await afterWrites(code);
  });
}

/**
 * The exit code once every write is out: output that did not arrive is exit 2 — said on stderr for stdout (unless
 * its error was already said), and for stderr by the exit code alone (0 or 1 become 2; `check` never reads "budget
 * failed" for output that was lost).
 */
async function afterWrites(code: ExitCode): Promise<ExitCode> {
  await writesDone();
  const stdout = writeFailure("stdout");
  if (stdout !== undefined && code !== EXIT.usage) {
    warn(stdout);
    code = EXIT.usage;
  }
  await writesDone();
  return writeFailure("stderr") !== undefined && (code === EXIT.ok || code === EXIT.checkFailed) ? EXIT.usage : code;
}

/** Commander's errors (by their `commander.*` codes, so commander need not be loaded to tell). */
function isCommanderError(error: unknown): error is CommanderError {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith("commander.");
}

async function reportError(error: unknown, debug: boolean): Promise<ExitCode> {
  if (isCommanderError(error)) {
    // Help and version are printed by commander itself and are not errors.
    if (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
    // Commander puts its "(Did you mean …?)" on a line of its own; an argument's line breaks are escaped.
    warn(oneLine(`${error.message.replace(/^error: /, "").replace(/\n(?=\(Did you mean)/, " ")} (see ${error.command ?? "latstat"} --help)`));
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    warn(oneLine(error.hint ? `${error.message} (${error.hint})` : error.message));
    if (error.below !== undefined) writeDiagnostics(`${error.below}\n`);
    if (debug) writeDiagnostics(`${error.stack}\n`);
    return EXIT.usage;
  }
  if (error instanceof AnalysisError) {
    const { message, hint } = (await import("./problem-text.js")).problemText(error.problem);
    warn(oneLine(hint ? `${message} (${hint})` : message));
    if (debug) writeDiagnostics(`${error.stack}\n`);
    return error.problem.kind === "no-values" && error.problem.interrupted ? EXIT.interrupted : EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  warn(`internal error: ${message} (${debug ? "stack trace below" : "run with --debug for the stack trace"}; please report it)`);
  if (debug && error instanceof Error) writeDiagnostics(`${error.stack}\n`);
  return EXIT.usage;
}
