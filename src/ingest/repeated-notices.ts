/**
 * A decoder's notice said once per reading: when a later input gets the same words (a list of rotated logs, each
 * read with the same column choices), they are counted instead of said again, and `finish` tells how many were
 * held back. An input whose choices differ still says them (the words differ).
 */
import type { ReadNotice } from "./notices.js";

export function sayingOnce(notice: (notice: ReadNotice) => void): { notice(notice: ReadNotice): void; finish(): void } {
  /** Each message said, and the input that said it first. */
  const said = new Map<string, string>();
  const repeatingInputs = new Set<string>();
  let repeated = 0;
  return {
    notice(given) {
      if (given.kind === "input") {
        const first = said.get(given.message);
        // The same words again from the same input add nothing, and are no later input's.
        if (first === given.input) return;
        if (first !== undefined) {
          repeated++;
          repeatingInputs.add(given.input);
          return;
        }
        said.set(given.message, given.input);
      }
      notice(given);
    },
    finish() {
      if (repeated > 0) notice({ kind: "input-repeats", inputs: repeatingInputs.size, notices: repeated });
    },
  };
}
