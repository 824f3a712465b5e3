/** Unicode sparklines: one block character per value, scaled between the smallest and largest value. */

const BLOCKS = "▁▂▃▄▅▆▇█";

/** A sparkline of `values`; NaN (no data) is a space, and a flat series sits on the lowest block. */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter((v) => Number.isFinite(v));
  const lo = Math.min(...finite);
  const span = Math.max(...finite) - lo;
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return " ";
      const level = span > 0 ? Math.round(((v - lo) / span) * (BLOCKS.length - 1)) : 0;
      return BLOCKS[level]!;
    })
    .join("");
}
