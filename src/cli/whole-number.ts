/**
 * Whole-number flags (`--top 3`, `--threads 2`, `--width 100`): decimal digits only. Number() would take `0x3`,
 * `1e1`, ` 5 ` and the empty text (0) as numbers, which no other flag or budget accepts (percentiles and durations
 * are decimal too).
 */
const DIGITS = /^\d+$/;

/** The whole number `text` writes in decimal digits, or undefined when it writes none. */
export function wholeNumber(text: string): number | undefined {
  return DIGITS.test(text) ? Number(text) : undefined;
}
