/**
 * The numbers behind HdrHistogram's percentile distribution, computed exactly as Java's `PercentileIterator`,
 * `getMean` and `getStdDeviation` do (same steps, same floating-point operations in the same order), so that
 * renderers can reproduce the reference output byte for byte.
 *
 * Bucket values come from `CumulativeBuckets`/`BucketLayout` (exact integer steps), not from hdr-histogram-js,
 * whose `lowestEquivalentValue`/`medianEquivalentValue` are off for values just under a power of two above 2^47.
 */
import type { CumulativeBuckets } from "./buckets.js";

/** One line of the percentile distribution. */
export interface PercentileStep {
  /** Highest value equivalent to the bucket reached (integer, in recorded units). */
  readonly value: number;
  /** The percentile level (0–100) this step iterated to — the tick, not the exact cumulative percentile. */
  readonly percentileLevel: number;
  /** Number of values at or below `value`. */
  readonly totalCountToThisValue: number;
}

/** Java's `getMaxValue()`: the highest value equivalent to the largest recorded one, 0 when empty. */
export function maxValue(buckets: CumulativeBuckets): number {
  return buckets.highs.at(-1) ?? 0;
}

/** Java's `getMean()` and `getStdDeviation()`: each bucket counts at its median equivalent value. */
export function meanAndStdDeviation(buckets: CumulativeBuckets): { mean: number; stdDeviation: number } {
  const totalCount = buckets.total;
  if (totalCount === 0) return { mean: 0, stdDeviation: 0 };
  const layout = buckets.layout;
  const medians = Array.from(buckets.indices, (index) => {
    const lowest = layout.lowestValueAt(index);
    return lowest + Math.floor((layout.lowestValueAt(index + 1) - lowest) / 2);
  });
  const counts = Array.from(buckets.cumulative, (total, i) => total - (buckets.cumulative[i - 1] ?? 0));
  let totalValue = 0;
  medians.forEach((median, i) => (totalValue += median * counts[i]!));
  const mean = totalValue / totalCount;
  let deviationTotal = 0;
  medians.forEach((median, i) => {
    const deviation = median - mean;
    deviationTotal += deviation * deviation * counts[i]!;
  });
  return { mean, stdDeviation: Math.sqrt(deviationTotal / totalCount) };
}

/**
 * The steps of Java's `PercentileIterator(ticksPerHalfDistance)`: a line whenever the cumulative percentile reaches
 * the next tick (several ticks may land on one bucket), only one line on the bucket holding the maximum, then a
 * final step at level 100 for that same bucket. Empty histograms have no steps.
 */
export function percentileSteps(buckets: CumulativeBuckets, ticksPerHalfDistance: number): PercentileStep[] {
  const { highs, cumulative, total } = buckets;
  const steps: PercentileStep[] = [];
  let level = 0;
  for (let i = 0; i < cumulative.length; i++) {
    const value = highs[i]!;
    const countToIndex = cumulative[i]!;
    while ((100 * countToIndex) / total >= level) {
      steps.push({ value, percentileLevel: level, totalCountToThisValue: countToIndex });
      if (countToIndex === total) {
        steps.push({ value, percentileLevel: 100, totalCountToThisValue: countToIndex });
        return steps;
      }
      const next = nextPercentileLevel(level, ticksPerHalfDistance);
      if (next === level) throw new RangeError("percentile ticks stopped advancing (total count too large)");
      level = next;
    }
  }
  return steps;
}

/**
 * Java's `PercentileIterator.incrementIterationLevel`: `ticks` steps per half of the remaining distance to 100%,
 * with the half found by `(long) (Math.log(100 / (100 - level)) / Math.log(2))`. At level 100 Java's long
 * arithmetic overflows to 0 ticks and the level becomes Infinity; that is mirrored too.
 */
export function nextPercentileLevel(level: number, ticksPerHalfDistance: number): number {
  const halvings = toJavaLong(Math.log(100 / (100 - level)) / Math.log(2));
  const exponent = halvings === 2 ** 63 ? -(2 ** 63) : halvings + 1; // Long.MAX_VALUE + 1 wraps around
  const reportingTicks = ticksPerHalfDistance * toJavaLong(Math.pow(2, exponent));
  return level + 100 / reportingTicks;
}

/** Java's `(long) x` for a double, kept as a double: truncates, NaN becomes 0, saturates at ±2^63. */
function toJavaLong(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.min(2 ** 63, Math.max(-(2 ** 63), Math.trunc(x)));
}
