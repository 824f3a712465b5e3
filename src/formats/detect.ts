/** Picks the format of an input from its first lines: every format scores them; the highest score wins. */
import type { Format } from "./types.js";

/** How many bytes of an input are looked at to detect its format. */
export const SNIFF_BYTES = 64 * 1024;

export interface Detection {
  format: Format | undefined;
  /** Each format's score and reason, best first, for `--debug` and for the error when nothing matched. */
  scores: { name: string; score: number; why: string }[];
}

/** `head` is the same start of the input as text, for formats whose first line may be longer than the window. */
export function detectFormat(lines: readonly string[], formats: readonly Format[], head = lines.join("\n")): Detection {
  const scores = formats.map((format) => ({ format, ...format.sniff(lines, head) }));
  // A stable sort keeps registry order between equal scores.
  scores.sort((a, b) => b.score - a.score);
  const best = scores[0];
  return {
    format: best !== undefined && best.score > 0 ? best.format : undefined,
    scores: scores.map(({ format, score, why }) => ({ name: format.name, score, why })),
  };
}
