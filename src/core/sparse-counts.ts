/** A histogram's non-empty buckets only: small enough to keep one per interval of a day-long log. */
import { type BucketLayout, type Buckets, forEachCount, type Histogram, layoutOf } from "./histogram.js";

export class SparseCounts implements Buckets {
  private constructor(
    readonly layout: BucketLayout,
    /** Counts-array indexes of the non-empty buckets, ascending. */
    readonly indices: Float64Array,
    readonly counts: Float64Array,
  ) {}

  /** The non-empty buckets of anything that lists them in a layout. */
  static of(buckets: Buckets): SparseCounts {
    const indices: number[] = [];
    const counts: number[] = [];
    buckets.forEachBucket((index, count) => {
      indices.push(index);
      counts.push(count);
    });
    return new SparseCounts(buckets.layout, Float64Array.from(indices), Float64Array.from(counts));
  }

  /**
   * The buckets of values given by their counts-array indexes (one count each, in any order), in time linear in
   * the values rather than in the layout's buckets: a time line of a million short windows makes one per window.
   */
  static ofIndices(layout: BucketLayout, valueIndices: Float64Array): SparseCounts {
    const sorted = valueIndices.slice().sort();
    const indices: number[] = [];
    const counts: number[] = [];
    for (const index of sorted) {
      if (indices.length > 0 && indices[indices.length - 1] === index) counts[counts.length - 1]!++;
      else {
        indices.push(index);
        counts.push(1);
      }
    }
    return new SparseCounts(layout, Float64Array.from(indices), Float64Array.from(counts));
  }

  /** The non-empty buckets of a (JS, not WASM) histogram. */
  static fromHistogram(histogram: Histogram): SparseCounts {
    const layout = layoutOf(histogram);
    return SparseCounts.of({ layout, forEachBucket: (visit) => forEachCount(histogram, visit) });
  }

  /** Number of values counted. */
  get total(): number {
    let total = 0;
    for (const count of this.counts) total += count;
    return total;
  }

  forEachBucket(visit: (index: number, count: number) => void): void {
    for (let i = 0; i < this.indices.length; i++) visit(this.indices[i]!, this.counts[i]!);
  }
}
