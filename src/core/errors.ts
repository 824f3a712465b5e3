/** Errors meant for the user: one line, an exit code, and where useful a hint on how to fix it. */

/** Process exit codes, as documented in `--help` and the README. */
export const EXIT = {
  ok: 0,
  /** A check failed: budget violated, regression found. */
  checkFailed: 1,
  /** Usage or input error. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
} as const;

/** A problem the user can fix (bad flag, bad input); printed as `latstat: <message> (<hint>)`, exit code 2. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** A UserError whose message already starts with the input's name and line, so nobody adds them again. */
export class InputError extends UserError {
  constructor(file: string, line: number | undefined, problem: string, hint?: string) {
    super(`${location(file, line)}: ${problem}`, hint);
    this.name = "InputError";
  }
}

/** Where an input problem is: `file:line` or `file` when the line is not known. */
export function location(file: string, line?: number): string {
  return line === undefined ? file : `${file}:${line}`;
}
