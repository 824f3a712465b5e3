/**
 * The one place latstat writes to stdout and stderr, and what it knows of the terminal it runs in: the process's
 * own, or the captured streams a test runs the CLI with in-process (see `withTerminal`).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { fstatSync, writeSync } from "node:fs";
import type { Readable, Writable } from "node:stream";
import { escapeStrayControls, UserError } from "../base/errors.js";

const PROGRAM = "latstat";

/** What every message on stderr starts with (to align a caret under text in the message). */
export const MESSAGE_PREFIX = `${PROGRAM}: `;

/** The streams and environment a run of the CLI has. */
export interface Terminal {
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
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

/** What went wrong writing to a run's stdout or stderr (each run keeps its own, by its terminal). */
interface WriteFailures {
  stdout?: string;
  stderr?: string;
  /** stdout's reader went away (EPIPE): later output is dropped, and that is no failure (see `finishOnBrokenPipe`). */
  readerGone?: boolean;
  /** The last write in progress, so that a run ends after its output is out. */
  last?: Promise<void>;
}
const failures = new WeakMap<Terminal, WriteFailures>();

function failuresOf(t: Terminal): WriteFailures {
  let f = failures.get(t);
  if (f === undefined) failures.set(t, (f = {}));
  return f;
}

/** The streams latstat listens to for errors. */
const listened = new WeakSet<Writable>();

/** `no space left on device` from Node's `ENOSPC: no space left on device, write`. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /^E[A-Z0-9]+: ([^,]+)/.exec(message)?.[1] ?? message;
}

/**
 * The file descriptor to write `stream` to directly when it is the process's own and a regular file or a device
 * other than a terminal: Node writes those with one `writeSync` and drops the rest of a short write (a full disk
 * kept 64 KB of 350 KB and exit 0), so latstat writes them itself. Pipes, sockets and terminals go through the
 * stream, which reports its errors.
 */
function directFd(stream: Writable): number | undefined {
  const fd = stream === process.stdout ? 1 : stream === process.stderr ? 2 : undefined;
  if (fd === undefined) return undefined;
  try {
    const stat = fstatSync(fd);
    // The process's stream says whether it is a terminal (as tty.isatty would, without loading node:tty).
    return (stat.isFile() || stat.isCharacterDevice()) && (stream as { isTTY?: boolean }).isTTY !== true ? fd : undefined;
  } catch {
    return undefined;
  }
}

/** Writes every byte of `text` to `fd`, a short write continued where it stopped; throws what the system said. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text);
  for (let offset = 0; offset < bytes.length; ) {
    try {
      const written = writeSync(fd, bytes, offset);
      if (written === 0) throw new Error("nothing was written");
      offset += written;
    } catch (error) {
      // A device opened non-blocking may be busy for a moment: wait 10 ms and try again.
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

/**
 * Writes `raw` to the run's `which` stream, stray controls escaped, and resolves once it is out. It never throws: a failure is kept (the
 * first one) for `writeFailure`, and later writes to that stream are skipped. A reader of stdout that went away
 * (`latstat big.log | head -1`) ends the process quietly with 0 (see `exitQuietlyOnBrokenPipe`), or, for a
 * verdict, lets it end with the verdict (`finishOnBrokenPipe`).
 */
function emit(which: "stdout" | "stderr", raw: string): Promise<void> {
  // The last guard: a control character that no renderer escaped never reaches a terminal or a CI log. Messages
  // on stderr are never coloured (the live view and progress bar draw on their own), so colour is escaped there too.
  const text = escapeStrayControls(raw, which === "stdout");
  const t = terminal();
  const failed = failuresOf(t);
  if (text === "" || failed[which] !== undefined) return Promise.resolve();
  const stream = t[which];
  const fd = directFd(stream);
  if (fd !== undefined) {
    try {
      writeAll(fd, text);
    } catch (error) {
      failed[which] = reason(error);
    }
    return Promise.resolve();
  }
  // The error also comes as an event (after the callback): listened to so that it is not thrown as uncaught.
  if (!listened.has(stream)) {
    listened.add(stream);
    stream.on("error", (error: Error) => noteFailure(failed, which, error));
  }
  return (failed.last = new Promise((resolve) => {
    stream.write(text, (error) => {
      if (error) noteFailure(failed, which, error);
      resolve();
    });
  }));
}

/** Keeps the first failure of a stream; a reader of stdout that went away is marked as such. */
function noteFailure(failed: WriteFailures, which: "stdout" | "stderr", error: Error): void {
  failed[which] ??= reason(error);
  if (which === "stdout" && (error as NodeJS.ErrnoException).code === "EPIPE") failed.readerGone = true;
}

/** Resolves once every write of this run is out (or failed). */
export async function writesDone(): Promise<void> {
  await failuresOf(terminal()).last;
}

/** `cannot write to stdout: no space left on device`, when a write to stdout or stderr of this run failed. */
export function writeFailure(which: "stdout" | "stderr"): string | undefined {
  const failures = failuresOf(terminal());
  const failed = failures[which];
  // A reader that went away (`| head -1`) is not an error: what it read is what it wanted.
  if (failed === undefined || (which === "stdout" && failures.readerGone)) return undefined;
  return `cannot write to ${which}: ${failed}`;
}

/**
 * Writes the result to stdout; resolves once written, so the exit code is set after the output is out. A failed or
 * short write is a UserError (`cannot write to stdout: …`, exit 2): a result that did not arrive is never a success,
 * nor, for `check`, a failed budget.
 */
export async function writeResult(text: string): Promise<void> {
  await emit("stdout", text);
  const failure = writeFailure("stdout");
  if (failure !== undefined) throw new UserError(failure);
}

/** Text for stdout that nothing waits for (commander's help); a failure is said when the run ends. */
export function writeOut(text: string): void {
  void emit("stdout", text);
}

/** A message for the user on stderr, prefixed with the program name. */
export function warn(message: string): void {
  void emit("stderr", `${PROGRAM}: ${message}\n`);
}

/** Text for stderr as it is (workflow commands for a CI runner, a stack trace). */
export function writeDiagnostics(text: string): void {
  void emit("stderr", text);
}

/** What a reader of stdout that went away does to the run: ends it with 0 at once, or lets it end as it would. */
let onBrokenPipe: "exit" | "finish" = "exit";

/**
 * For the commands whose exit code is a verdict (`check`, `compare` with gates): a reader of stdout that went away
 * (`latstat check … | head -1`, a step that stops reading) must not turn a failed budget into 0, nor stop the
 * JUnit file from being written. The run goes on to its end, its later output to stdout dropped.
 */
export function finishOnBrokenPipe(): void {
  onBrokenPipe = "finish";
}

/**
 * Ends quietly when the reader of stdout went away (`latstat big.log | head -1`): EPIPE is not an error. (Unless
 * the exit code is a verdict: see `finishOnBrokenPipe`.)
 */
export function exitQuietlyOnBrokenPipe(): void {
  if (terminal() !== PROCESS_TERMINAL) return;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" && onBrokenPipe === "exit") process.exit(0);
  });
  // A stderr that cannot be written to is said by the exit code (main.ts), never by an uncaught error.
  process.stderr.on("error", () => {});
}
