/**
 * The one place latstat writes to stdout and stderr, and what it knows of the terminal it runs in: the process's
 * own, or the captured streams a test runs the CLI with in-process (see `withTerminal`).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Readable, Writable } from "node:stream";
import { escapeStrayControls } from "../base/errors.js";

const PROGRAM = "latstat";

/** What every message on stderr starts with (to align a caret under text in the message). */
export const MESSAGE_PREFIX = `${PROGRAM}: `;

/** The streams and environment a run of the CLI has. */
export interface Terminal {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
  env: Record<string, string | undefined>;
}

const PROCESS_TERMINAL: Terminal = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };

/** The terminal of each run: runs in one process (tests) may overlap, each with its own streams. */
const runs = new AsyncLocalStorage<Terminal>();

/** The terminal of the run in progress. */
export function terminal(): Terminal {
  return runs.getStore() ?? PROCESS_TERMINAL;
}

/** Runs `work` with `t` as its terminal. */
export function withTerminal<T>(t: Terminal, work: () => Promise<T>): Promise<T> {
  return runs.run(t, work);
}

/** True when ANSI colour may be written to stdout: a TTY, no NO_COLOR, no --no-color. */
export function colorAllowed(flag: boolean): boolean {
  const { env, stdout } = terminal();
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  return flag && !noColor && stdout.isTTY === true;
}

/** The width of stdout when it is a terminal that says. */
export function stdoutColumns(): number | undefined {
  const { stdout } = terminal();
  return stdout.isTTY && stdout.columns ? stdout.columns : undefined;
}

/** Writes the result to stdout; resolves once written, so the exit code is set after the output is out. */
export function writeResult(text: string): Promise<void> {
  const { stdout } = terminal();
  return new Promise((resolve) => {
    stdout.write(escapeStrayControls(text), () => resolve());
  });
}

/** A message for the user on stderr, prefixed with the program name. */
export function warn(message: string): void {
  terminal().stderr.write(`${PROGRAM}: ${escapeStrayControls(message)}\n`);
}

/** Text for stderr as it is (workflow commands for a CI runner, a stack trace). */
export function writeDiagnostics(text: string): void {
  if (text !== "") terminal().stderr.write(escapeStrayControls(text));
}

/** Ends quietly when the reader of stdout went away (`latstat big.log | head -1`): EPIPE is not an error. */
export function exitQuietlyOnBrokenPipe(): void {
  if (terminal() !== PROCESS_TERMINAL) return;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
