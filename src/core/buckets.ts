/**
 * A histogram's non-empty buckets with running totals, to read the value at any rank and the CDF at any bucket.
 *
 * The value at rank r (1-based) is that of the first bucket whose running total reaches r, reported as the bucket's
 * highest equivalent value — the same rule as HdrHistogram's `getValueAtPercentile` (nearest rank), so the value
 * at rank ⌈p·n/100⌉ is the reported percentile p.
 */
import { type BucketLayout, type Histogram, JsHistogram, layoutOf, type SignificantDigits } from "./histogram.js";

export class CumulativeBuckets {
  private constructor(
    /** Counts-array index of each non-empty bucket, ascending. */
    readonly indices: Float64Array,
    /** Highest equivalent value of each non-empty bucket. */
    readonly highs: Float64Array,
    /** Values recorded in this bucket and all below it. */
    readonly cumulative: Float64Array,
    readonly digits: SignificantDigits,
    /** The histogram's bucket layout (its digits and lowest discernible value). */
    readonly layout: BucketLayout,
  ) {}

  /** The non-empty buckets of a (JavaScript, not WASM) histogram made by `createHistogram`. */
  static of(histogram: Histogram): CumulativeBuckets {
    if (!(histogram instanceof JsHistogram)) throw new Error("CumulativeBuckets needs a JavaScript histogram");
    const layout = layoutOf(histogram);
    const indices: number[] = [];
    const highs: number[] = [];
    const cumulative: number[] = [];
    let total = 0;
    for (let index = 0; index < histogram.countsArrayLength; index++) {
      const count = histogram.getCountAtIndex(index);
      if (count === 0) continue;
      total += count;
      indices.push(index);
      highs.push(layout.lowestValueAt(index + 1) - 1);
      cumulative.push(total);
    }
    return new CumulativeBuckets(Float64Array.from(indices), Float64Array.from(highs), Float64Array.from(cumulative), layout.digits, layout);
  }

  /** Number of values recorded. */
  get total(): number {
    return this.cumulative.length === 0 ? 0 : this.cumulative[this.cumulative.length - 1]!;
  }

  /** Highest equivalent value of the value at rank `rank` (1 … total; clamped into that range). */
  valueAtRank(rank: number): number {
    const n = this.cumulative.length;
    if (n === 0) return NaN;
    const target = Math.min(Math.max(rank, 1), this.total);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.highs[lo]!;
  }

  /** How many values lie in buckets wholly below `valueNs` (those whose highest equivalent value is < it). */
  countBelow(valueNs: number): number {
    let lo = 0;
    let hi = this.highs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.highs[mid]! < valueNs) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : this.cumulative[lo - 1]!;
  }
}
