/** The latstat program: commands, exit codes, and turning errors into one-line messages. */
import { Command, CommanderError } from "commander";
import { EXIT, UserError } from "../core/errors.js";
import { addCheckCommand } from "./check-command.js";
import { addCompareCommand } from "./compare-command.js";
import { addConvertCommand } from "./convert-command.js";
import { addFormatsCommand } from "./formats-command.js";
import { addPlotCommand } from "./plot-command.js";
import { addMergeCommand } from "./merge-command.js";
import { addTimelineCommand } from "./timeline-command.js";
import { addReportCommand } from "./report-command.js";
import { exitQuietlyOnBrokenPipe, warn } from "./terminal.js";
import { version } from "./version.js";

const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  a check failed (budget violated, regression found)
  2  usage or input error (bad flag, unreadable file, no values)`;

function buildProgram(): Command {
  const program = new Command("latstat")
    .description("Honest latency numbers from request-timing logs: HDR-histogram percentiles, exact to the HdrHistogram reference.")
    .version(version(), "-V, --version")
    .addHelpText("after", EXIT_CODES_HELP)
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: () => {} });
  addReportCommand(program);
  addCompareCommand(program);
  addFormatsCommand(program);
  addCheckCommand(program);
  addPlotCommand(program);
  addConvertCommand(program);
  addMergeCommand(program);
  addTimelineCommand(program);
  for (const command of program.commands) {
    command.exitOverride().configureOutput({ writeErr: () => {} }).addHelpText("after", EXIT_CODES_HELP);
  }
  return program;
}

/** Runs latstat with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const debug = argv.includes("--debug");
  try {
    await buildProgram().parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error, debug);
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
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
