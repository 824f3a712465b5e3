/** A histogram's non-empty buckets only: small enough to keep one per interval of a day-long log. */
import { type BucketLayout, type Buckets, forEachCount, type Histogram, layoutOf } from "./histogram.js";

export class SparseCounts implements Buckets {
  private constructor(
    readonly layout: BucketLayout,
    /** Counts-array indexes of the non-empty buckets, ascending. */
    readonly indices: WholeNumbers,
    /** Their counts. Both in the narrowest array that holds them: a time line keeps one of these per interval. */
    readonly counts: WholeNumbers,
  ) {}

  /** The non-empty buckets of anything that lists them in a layout (visited twice: to size the arrays, then to fill them). */
  static of(buckets: Buckets): SparseCounts {
    let length = 0;
    let lastIndex = 0;
    let largest = 0;
    let whole = true;
    buckets.forEachBucket((index, count) => {
      length++;
      lastIndex = index;
      largest = Math.max(largest, count);
      whole &&= Number.isInteger(count);
    });
    const indices = holding(lastIndex, length);
    // A count that is not whole (none is, today) would be cut in an integer array: it keeps all 64 bits.
    const counts = whole ? holding(largest, length) : new Float64Array(length);
    let i = 0;
    buckets.forEachBucket((index, count) => {
      indices[i] = index;
      counts[i++] = count;
    });
    return new SparseCounts(buckets.layout, indices, counts);
  }

  /**
   * The buckets of values given by their counts-array indexes (one count each, in any order), in time linear in
   * the values rather than in the layout's buckets: a time line of a million short windows makes one per window.
   */
  static ofIndices(layout: BucketLayout, valueIndices: Float64Array): SparseCounts {
    const sorted = valueIndices.slice().sort();
    let length = 0;
    for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) length++;
    const indices = holding(sorted[sorted.length - 1] ?? 0, length);
    // One count per value: at most as many as there are values.
    const counts = holding(sorted.length, length);
    let bucket = -1;
    for (let i = 0; i < sorted.length; i++) {
      if (i === 0 || sorted[i] !== sorted[i - 1]) indices[++bucket] = sorted[i]!;
      counts[bucket]!++;
    }
    return new SparseCounts(layout, indices, counts);
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

/** Whole numbers ≥ 0 in a typed array. */
type WholeNumbers = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** An array of `length` zeros in which every whole number up to `largest` fits. */
function holding(largest: number, length: number): WholeNumbers {
  if (largest <= 0xff) return new Uint8Array(length);
  if (largest <= 0xffff) return new Uint16Array(length);
  return largest <= 0xffff_ffff ? new Uint32Array(length) : new Float64Array(length);
}
