/** The latstat program: commands, exit codes, and turning errors into one-line messages. */
import type { Command } from "commander";
import { EXIT, UserError } from "../base/errors.js";
import { exitQuietlyOnBrokenPipe, warn, writeResult } from "./terminal.js";
import { version } from "./version.js";

/**
 * Each command's module, imported only when that command runs or help lists them all: a command does not pay
 * for loading the others, and `--version` loads none of them (nor commander).
 */
const COMMANDS: Record<string, () => Promise<(program: Command) => void>> = {
  report: async () => (await import("./report-command.js")).addReportCommand,
  compare: async () => (await import("./compare-command.js")).addCompareCommand,
  formats: async () => (await import("./formats-command.js")).addFormatsCommand,
  check: async () => (await import("./check-command.js")).addCheckCommand,
  plot: async () => (await import("./plot-command.js")).addPlotCommand,
  convert: async () => (await import("./convert-command.js")).addConvertCommand,
  merge: async () => (await import("./merge-command.js")).addMergeCommand,
  timeline: async () => (await import("./timeline-command.js")).addTimelineCommand,
};

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  a check failed (budget violated, regression found)
  2  usage or input error (bad flag, unreadable file, no values)`;

/** The commands `argv` may run: the one it names, else the default (report), or all when help is asked for. */
function commandsFor(argv: string[]): string[] {
  const first = argv[0] ?? "";
  if (first in COMMANDS) return [first];
  const wantsHelp = first === "help" || argv.includes("-h") || argv.includes("--help");
  return wantsHelp ? Object.keys(COMMANDS) : ["report"];
}

async function buildProgram(argv: string[]): Promise<Command> {
  const { Command } = await import("commander");
  const program = new Command("latstat")
    .description("Honest latency numbers from request-timing logs: HDR-histogram percentiles, exact to the HdrHistogram reference.")
    .version(version(), "-V, --version")
    .addHelpText("after", EXIT_CODES_HELP)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  for (const name of commandsFor(argv)) (await COMMANDS[name]!())(program);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeErr: () => {} }).addHelpText("after", EXIT_CODES_HELP);
  }
  return program;
}

/** Runs latstat with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnBrokenPipe();
  if (argv.length === 1 && (argv[0] === "-V" || argv[0] === "--version")) {
    await writeResult(`${version()}\n`);
    return EXIT.ok;
  }
  const debug = argv.includes("--debug");
  try {
    await (await buildProgram(argv)).parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error, debug);
  }
}

/** Commander's errors (by their `commander.*` codes, so commander need not be loaded to tell). */
function isCommanderError(error: unknown): error is Error & { exitCode: number; code: string } {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith("commander.");
}

function reportError(error: unknown, debug: boolean): number {
  if (isCommanderError(error)) {
    // Help and version are printed by commander itself and are not errors.
    if (error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
    warn(`${error.message.replace(/^error: /, "")} (see latstat --help)`);
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    warn(error.hint ? `${error.message} (${error.hint})` : error.message);
    if (debug) process.stderr.write(`${error.stack}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  warn(`internal error: ${message} (${debug ? "stack trace below" : "run with --debug for the stack trace"}; please report it)`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.usage;
}
