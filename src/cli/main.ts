/** The latstat program: commands, exit codes, and turning errors into one-line messages. */
import type { Command } from "commander";
import { AnalysisError } from "../analyses/problems.js";
import { UserError } from "../base/errors.js";
import { type CommandAdder, EXIT, type ExitCode } from "./exit-codes.js";
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
};

const EXIT_CODES = `
Exit codes:
  0    success
  1    a check failed (budget violated, regression found)
  2    usage or input error (bad flag, unreadable file, no values)`;

/** What Ctrl-C ends a command with: a report of what was read, or the command itself. */
const INTERRUPTED: Record<string, string> = {
  report: "interrupted by Ctrl-C: what was read is reported, marked partial (no --html, --svg)",
  merge: "interrupted by Ctrl-C: what was read is reported, marked partial (with -o: nothing is written)",
  check: "interrupted by Ctrl-C: the verdict on what was read is printed, marked partial (no --junit, --html, --svg)",
  compare: "interrupted by Ctrl-C: the comparison of what was read is printed, marked partial (no --hgrm-dir, --html, --svg)",
  plot: "interrupted by Ctrl-C: the spectra of what was read are drawn, marked partial (no --svg)",
  timeline: "interrupted by Ctrl-C: the time line of what was read is printed, marked partial (no --html, --svg)",
  convert: "interrupted by Ctrl-C: the log of what was read is printed, with a # PARTIAL comment",
};

function exitCodesHelp(command: string | undefined): string {
  const interrupted = command === undefined ? "interrupted by Ctrl-C" : INTERRUPTED[command];
  return interrupted === undefined ? EXIT_CODES : `${EXIT_CODES}\n  130  ${interrupted}`;
}

/** The commands `argv` may run: the one it names, else the default (report), or all when help is asked for. */
function commandsFor(argv: string[]): string[] {
  const first = argv[0] ?? "";
  if (first in COMMANDS) return [first];
  const wantsHelp = first === "help" || argv.includes("-h") || argv.includes("--help");
  return wantsHelp ? Object.keys(COMMANDS) : ["report"];
}

/** Commander's output, through the terminal of this run; its errors are said by `reportError`. */
function configureOutput(command: Command): Command {
  return command.exitOverride().configureOutput({
    writeOut,
    writeErr: () => {},
    getOutHelpWidth: () => stdoutColumns() ?? 80,
    getOutHasColors: () => false,
  });
}

async function buildProgram(argv: string[], exit: (code: ExitCode) => void): Promise<Command> {
  const { Command } = await import("commander");
  const program = configureOutput(
    new Command("latstat")
      .description("Honest latency numbers from request-timing logs: HDR-histogram percentiles, exact to the HdrHistogram reference.")
      .version(version(), "-V, --version")
      .addHelpText("after", exitCodesHelp(undefined))
      .showHelpAfterError(false),
  );
  for (const name of commandsFor(argv)) (await COMMANDS[name]!())(program, exit);
  for (const command of program.commands) configureOutput(command).addHelpText("after", exitCodesHelp(command.name()));
  return program;
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
function isCommanderError(error: unknown): error is Error & { exitCode: number; code: string } {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith("commander.");
}

async function reportError(error: unknown, debug: boolean): Promise<ExitCode> {
  if (isCommanderError(error)) {
    // Help and version are printed by commander itself and are not errors.
    if (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
    warn(`${error.message.replace(/^error: /, "")} (see latstat --help)`);
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    warn(error.hint ? `${error.message} (${error.hint})` : error.message);
    if (debug) writeDiagnostics(`${error.stack}\n`);
    return EXIT.usage;
  }
  if (error instanceof AnalysisError) {
    const { message, hint } = (await import("./problem-text.js")).problemText(error.problem);
    warn(hint ? `${message} (${hint})` : message);
    if (debug) writeDiagnostics(`${error.stack}\n`);
    return error.problem.kind === "no-values" && error.problem.interrupted ? EXIT.interrupted : EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  warn(`internal error: ${message} (${debug ? "stack trace below" : "run with --debug for the stack trace"}; please report it)`);
  if (debug && error instanceof Error) writeDiagnostics(`${error.stack}\n`);
  return EXIT.usage;
}
