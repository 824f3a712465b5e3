/** Unicode sparklines: one block character per value, scaled between the smallest and largest value. */

const BLOCKS = "▁▂▃▄▅▆▇█";

/** A sparkline of `values`; NaN (no data) is a space, and a flat series sits on the lowest block. */
export function sparkline(values: readonly number[]): string {
  // A loop, not Math.min(...values): a time line's million values would overflow the call stack as arguments.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo;
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return " ";
      const level = span > 0 ? Math.round(((v - lo) / span) * (BLOCKS.length - 1)) : 0;
      return BLOCKS[level]!;
    })
    .join("");
}
