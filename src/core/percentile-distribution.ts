/**
 * The numbers behind HdrHistogram's percentile distribution, computed exactly as Java's `PercentileIterator`,
 * `getMean` and `getStdDeviation` do (same steps, same floating-point operations in the same order), so that
 * renderers can reproduce the reference output byte for byte.
 *
 * Bucket values come from `BucketLayout` (exact integer steps), not from hdr-histogram-js, whose
 * `lowestEquivalentValue`/`medianEquivalentValue` are off for values just under a power of two above 2^47.
 */
import hdr from "hdr-histogram-js";
import { BucketLayout, isSignificantDigits, type Histogram } from "./histogram.js";

/** One non-empty counts-array slot. */
export interface BucketCount {
  readonly index: number;
  readonly count: number;
}

/** The non-empty buckets of a histogram in value order, with the layout that gives their values. */
export interface HistogramBuckets {
  readonly layout: BucketLayout;
  readonly buckets: readonly BucketCount[];
  readonly totalCount: number;
}

/** One line of the percentile distribution. */
export interface PercentileStep {
  /** Highest value equivalent to the bucket reached (integer, in recorded units). */
  readonly value: number;
  /** The percentile level (0–100) this step iterated to — the tick, not the exact cumulative percentile. */
  readonly percentileLevel: number;
  /** Number of values at or below `value`. */
  readonly totalCountToThisValue: number;
}

/** Reads the non-empty buckets of a (JS, non-WASM) histogram such as one from `createHistogram`. */
export function histogramBuckets(histogram: Histogram): HistogramBuckets {
  if (!(histogram instanceof hdr.JsHistogram)) {
    throw new TypeError("expected a JS histogram (createHistogram), not a WebAssembly one");
  }
  const digits = histogram.numberOfSignificantValueDigits;
  if (!isSignificantDigits(digits) || histogram.lowestDiscernibleValue !== 1) {
    throw new RangeError(`unsupported histogram: ${digits} significant digits, lowest discernible value ${histogram.lowestDiscernibleValue}`);
  }
  const buckets: BucketCount[] = [];
  let totalCount = 0;
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count > 0) {
      buckets.push({ index, count });
      totalCount += count;
    }
  }
  return { layout: new BucketLayout(digits), buckets, totalCount };
}

/** Java's `getMaxValue()`: the highest value equivalent to the largest recorded one, 0 when empty. */
export function maxValue({ layout, buckets }: HistogramBuckets): number {
  const last = buckets.at(-1);
  return last === undefined ? 0 : layout.lowestValueAt(last.index + 1) - 1;
}

/** Java's `getMean()` and `getStdDeviation()`: each bucket counts at its median equivalent value. */
export function meanAndStdDeviation({ layout, buckets, totalCount }: HistogramBuckets): { mean: number; stdDeviation: number } {
  if (totalCount === 0) return { mean: 0, stdDeviation: 0 };
  const medians = buckets.map(({ index }) => medianEquivalentValue(layout, index));
  let totalValue = 0;
  buckets.forEach(({ count }, i) => (totalValue += medians[i]! * count));
  const mean = totalValue / totalCount;
  let deviationTotal = 0;
  buckets.forEach(({ count }, i) => {
    const deviation = medians[i]! - mean;
    deviationTotal += deviation * deviation * count;
  });
  return { mean, stdDeviation: Math.sqrt(deviationTotal / totalCount) };
}

function medianEquivalentValue(layout: BucketLayout, index: number): number {
  const lowest = layout.lowestValueAt(index);
  return lowest + Math.floor((layout.lowestValueAt(index + 1) - lowest) / 2);
}

/**
 * The steps of Java's `PercentileIterator(ticksPerHalfDistance)`: a line whenever the cumulative percentile reaches
 * the next tick (several ticks may land on one bucket), only one line on the bucket holding the maximum, then a
 * final step at level 100 for that same bucket. Empty histograms have no steps.
 */
export function percentileSteps(histogram: HistogramBuckets, ticksPerHalfDistance: number): PercentileStep[] {
  const { layout, buckets, totalCount } = histogram;
  const steps: PercentileStep[] = [];
  let level = 0;
  let countToIndex = 0;
  for (const { index, count } of buckets) {
    countToIndex += count;
    const value = layout.lowestValueAt(index + 1) - 1;
    while ((100 * countToIndex) / totalCount >= level) {
      steps.push({ value, percentileLevel: level, totalCountToThisValue: countToIndex });
      if (countToIndex === totalCount) {
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
