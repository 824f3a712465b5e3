/** Ctrl-C while the inputs are read stops the reading instead of the program, so what was read can be reported. */

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
