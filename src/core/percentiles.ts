/**
 * Percentiles, count and max of bucket counts computed as Java HdrHistogram 2.1.11 computes them, so that figures
 * printed by latstat equal the reference's to the last digit:
 *
 * - `getValueAtPercentile(p)`: p' = min(max(nextDown(p), 0), 100); the rank is max(1, ceil(p' × total / 100));
 *   the value is the highest equivalent value of the bucket where the running count reaches the rank (the lowest
 *   equivalent value when p is 0), and 0 for an empty histogram. (hdr-histogram-js rounds the rank differently.)
 * - `getMaxValue()`: the highest equivalent value of the last non-empty bucket.
 */
import type { Buckets } from "./histogram.js";

/** Count, max and the value at each percentile of some buckets. */
export interface BucketStats {
  count: number;
  /** Highest equivalent value of the largest value; NaN when empty. */
  maxNs: number;
  /** Value at each requested percentile, in the order asked; 0 when empty, as Java. */
  values: number[];
}

const scratch = new Float64Array(1);
const bits = new BigInt64Array(scratch.buffer);

/** Java's `Math.nextAfter(x, -Infinity)` for a finite x. */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  scratch[0] = x;
  bits[0] += x > 0 ? -1n : 1n;
  return scratch[0];
}

/** The rank Java's getValueAtPercentile looks for. */
export function rankOf(percentile: number, total: number): number {
  const requested = Math.min(Math.max(nextDown(percentile), 0), 100);
  return Math.max(1, Math.ceil((requested * total) / 100));
}

/** Count, max and Java's value at each of `percentiles` (0–100), in two passes over the buckets. */
export function bucketStats(buckets: Buckets, percentiles: readonly number[]): BucketStats {
  let count = 0;
  buckets.forEachBucket((_, n) => (count += n));
  const values = percentiles.map(() => 0);
  if (count === 0) return { count, maxNs: NaN, values };
  const layout = buckets.layout;
  const ranks = percentiles.map((p) => rankOf(p, count));
  const found = percentiles.map(() => false);
  let running = 0;
  let maxNs = NaN;
  buckets.forEachBucket((index, n) => {
    running += n;
    maxNs = layout.lowestValueAt(index + 1) - 1;
    ranks.forEach((rank, i) => {
      if (found[i] || running < rank) return;
      found[i] = true;
      values[i] = percentiles[i] === 0 ? layout.lowestValueAt(index) : maxNs;
    });
  });
  return { count, maxNs, values };
}
