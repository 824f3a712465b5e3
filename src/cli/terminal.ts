/** The one place latstat writes to stdout and stderr. */

const PROGRAM = "latstat";

/** What every message on stderr starts with (to align a caret under text in the message). */
export const MESSAGE_PREFIX = `${PROGRAM}: `;

/** True when ANSI colour may be written to stdout: a TTY, no NO_COLOR, no --no-color. */
export function colorAllowed(flag: boolean): boolean {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== "";
  return flag && !noColor && process.stdout.isTTY === true;
}

/** Writes the result to stdout; resolves once written, so the exit code is set after the output is out. */
export function writeResult(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(text, () => resolve());
  });
}

/** A message for the user on stderr, prefixed with the program name. */
export function warn(message: string): void {
  process.stderr.write(`${PROGRAM}: ${message}\n`);
}

/** Ends quietly when the reader of stdout went away (`latstat big.log | head -1`): EPIPE is not an error. */
export function exitQuietlyOnBrokenPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}
