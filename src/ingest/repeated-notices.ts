/**
 * A decoder's notice said once per reading: when a later input gets the same words (a list of rotated logs, each
 * read with the same column choices), they are counted instead of said again, and `finish` tells how many were
 * held back. An input whose choices differ still says them (the words differ).
 */
import type { ReadNotice } from "./notices.js";

export function sayingOnce(notice: (notice: ReadNotice) => void): { notice(notice: ReadNotice): void; finish(): void } {
  const said = new Set<string>();
  /** Each input and message given, so that an input's own repeat adds nothing (and is no later input's). */
  const given = new Set<string>();
  const repeatingInputs = new Set<string>();
  let repeated = 0;
  return {
    notice(told) {
      if (told.kind === "input") {
        const pair = `${told.input}\0${told.message}`;
        if (given.has(pair)) return;
        given.add(pair);
        if (said.has(told.message)) {
          repeated++;
          repeatingInputs.add(told.input);
          return;
        }
        said.add(told.message);
      }
      notice(told);
    },
    finish() {
      if (repeated > 0) notice({ kind: "input-repeats", inputs: repeatingInputs.size, notices: repeated });
    },
  };
}
