/** Process exit codes, as documented in `--help` and the README, and how a command hands its own to main.ts. */
import type { Command } from "commander";

export const EXIT = {
  ok: 0,
  /** A check failed: budget violated, regression found. */
  checkFailed: 1,
  /** Usage or input error. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2). */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Adds a command to the program; its action hands the exit code it ends with to `exit` (main.ts sets it). */
export type CommandAdder = (program: Command, exit: (code: ExitCode) => void) => void;
