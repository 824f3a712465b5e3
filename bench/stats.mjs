// Summaries of repeated runs: the median as the figure, min–max as its spread.

/** The median of `values` (the mean of the middle two for an even count); undefined for none. */
export function median(values) {
  const sorted = values.filter((v) => v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** {median, min, max} of the defined values, or undefined when there are none. */
export function summarize(values) {
  const defined = values.filter((v) => v !== undefined && !Number.isNaN(v));
  if (defined.length === 0) return undefined;
  return { median: median(defined), min: Math.min(...defined), max: Math.max(...defined) };
}

/** Per-round ratios of two equally long series (run i of `a` over run i of `b`: they ran side by side). */
export function pairedRatios(a, b) {
  const n = Math.min(a.length, b.length);
  return Array.from({ length: n }, (_, i) => a[i] / b[i]);
}
