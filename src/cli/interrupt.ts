/** Ctrl-C while the inputs are read stops the reading instead of the program, so what was read can be reported. */
import { warn } from "./terminal.js";

export interface InterruptWatch {
  /** Aborted at the first SIGINT. */
  signal: AbortSignal;
  /** Gives SIGINT back its default effect (ending the program). */
  stop(): void;
}

/** Catches the first SIGINT from now until `stop()`; a second one ends the program as usual. */
export function watchInterrupt(): InterruptWatch {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  return { signal: controller.signal, stop: () => process.off("SIGINT", abort) };
}

/** Runs `read` with the first Ctrl-C stopping it rather than the program (see `watchInterrupt`). */
export async function readStoppedByInterrupt<T>(read: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = watchInterrupt();
  try {
    return await read(interrupt.signal);
  } finally {
    interrupt.stop();
  }
}

/**
 * Says, after Ctrl-C, which result files are not written (`--junit`, `--html`, …: files are read later as whole
 * results, so an interrupted run writes none) and that what is printed is partial.
 */
export function sayInterrupted(what: string, files: readonly (string | undefined)[]): void {
  const skipped = files.filter((file): file is string => file !== undefined);
  const notWritten = skipped.length === 0 ? "" : `; not written: ${skipped.join(", ")}`;
  warn(`interrupted: ${what} only what was read before Ctrl-C, marked PARTIAL${notWritten}`);
}
