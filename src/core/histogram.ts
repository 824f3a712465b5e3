/**
 * HDR histograms as the Java reference builds them, and the bucket arithmetic latstat needs around them.
 *
 * `createHistogram(digits)` is the equivalent of Java's `new Histogram(digits)`: lowest discernible value 1,
 * auto-resizing, 64-bit counts. Same buckets as the reference means `.hgrm` output can be byte-identical.
 * Histograms read from interval logs keep the log's own shape (e.g. jHiccup: 2 digits, lowest discernible
 * value 20000 ns): `createShapedHistogram` and a `BucketLayout` with that lowest discernible value.
 */
import type { Histogram } from "hdr-histogram-js";
// The package's index also builds its WebAssembly variant from a large base64 string, which costs ~80 ms of CPU
// at every start; only the JavaScript classes are used, so they are imported from their own (CommonJS) modules.
// Imported, not required, so that the CLI's bundle (scripts/bundle.mjs) holds them too.
import float64Module from "hdr-histogram-js/dist/Float64Histogram.js";
import { JsHistogram } from "hdr-histogram-js/dist/JsHistogram.js";
import { grown } from "./typed-arrays.js";

export type { Histogram };
export { JsHistogram };

/**
 * hdr-histogram-js's histogram with 64-bit (double) counts, its module's `exports.default`. Node's default import
 * of a CommonJS module is the whole `exports`; vitest's, as TypeScript's esModuleInterop, is `exports.default`.
 */
export const Float64Histogram = ("default" in float64Module ? float64Module.default : float64Module) as typeof float64Module.default;

/** Histogram precision: significant decimal digits, as in HdrHistogram. */
export type SignificantDigits = 1 | 2 | 3 | 4 | 5;

export function isSignificantDigits(n: number): n is SignificantDigits {
  return Number.isInteger(n) && n >= 1 && n <= 5;
}

/** An empty histogram like Java's `new Histogram(digits)`. */
export function createHistogram(digits: SignificantDigits): Histogram {
  return createShapedHistogram({ digits, lowestDiscernibleValue: 1, highestTrackableValue: 2 });
}

/** The shape of a histogram as Java's constructor takes it; `highestTrackableValue` only sizes it. */
export interface HistogramShape {
  digits: SignificantDigits;
  lowestDiscernibleValue: number;
  highestTrackableValue: number;
}

/** An empty auto-resizing histogram of the given shape, like Java's `copy()` + `reset()` + `setAutoResize(true)`. */
export function createShapedHistogram(shape: HistogramShape): Histogram {
  // What hdr-histogram-js's `build` makes for 64-bit counts and autoResize, without loading its WebAssembly side.
  const histogram = new Float64Histogram(shape.lowestDiscernibleValue, Math.max(shape.highestTrackableValue, 2 * shape.lowestDiscernibleValue), shape.digits);
  histogram.autoResize = true;
  return histogram;
}

/** The bucket layout of a (JS, not WASM) histogram: its significant digits and lowest discernible value. */
export function layoutOf(histogram: Histogram): BucketLayout {
  if (!(histogram instanceof JsHistogram)) throw new Error("bucket layouts are read from JavaScript histograms");
  const digits = histogram.numberOfSignificantValueDigits;
  if (!isSignificantDigits(digits)) throw new Error(`unexpected histogram precision ${digits}`);
  return new BucketLayout(digits, histogram.lowestDiscernibleValue);
}

/** The non-zero counts of histograms decoded from a log, with the total they had then (see setKnownCounts). */
const knownCounts = new WeakMap<Histogram, { indexes: ArrayLike<number>; counts: ArrayLike<number>; total: number }>();

/**
 * Remembers that `histogram`'s non-zero counts are exactly these (a histogram just decoded from a log), so that
 * forEachCount visits them without scanning a counts array of millions of indexes. A histogram whose total has
 * changed since is scanned again.
 */
export function setKnownCounts(histogram: Histogram, indexes: ArrayLike<number>, counts: ArrayLike<number>): void {
  knownCounts.set(histogram, { indexes, counts, total: histogram.totalCount });
}

/** Calls `visit` for every non-empty counts-array index of a (JS, not WASM) histogram, lowest first. */
export function forEachCount(histogram: Histogram, visit: (index: number, count: number) => void): void {
  if (!(histogram instanceof JsHistogram)) throw new Error("counts are read from JavaScript histograms");
  const known = knownCounts.get(histogram);
  if (known !== undefined && known.total === histogram.totalCount) {
    for (let i = 0; i < known.indexes.length; i++) visit(known.indexes[i]!, known.counts[i]!);
    return;
  }
  for (let index = 0; index < histogram.countsArrayLength; index++) {
    const count = histogram.getCountAtIndex(index);
    if (count !== 0) visit(index, count);
  }
}

/**
 * The bucket layout of a histogram: which counts-array index a value falls in, and the lowest value of each
 * index. Computed with exact integer steps; hdr-histogram-js uses Math.log2, which rounds wrongly for values just
 * under a power of two above 2^47. A lowest discernible value L > 1 (Java's unit magnitude u = floor(log2 L))
 * scales the layout of L = 1 by 2^u: index(v) = index1(floor(v / 2^u)), lowest(i) = lowest1(i) × 2^u.
 */
export class BucketLayout {
  /** Number of sub-buckets per bucket (a power of two, ≥ 2 × 10^digits). */
  readonly subBucketCount: number;
  readonly subBucketHalfCount: number;
  readonly subBucketHalfCountMagnitude: number;
  /** Java's unitMagnitude: floor(log2(lowestDiscernibleValue)). */
  readonly unitMagnitude: number;
  /** 2^unitMagnitude, the width of the narrowest buckets. */
  private readonly unit: number;

  constructor(
    readonly digits: SignificantDigits,
    readonly lowestDiscernibleValue = 1,
  ) {
    const largestValueWithSingleUnitResolution = 2 * 10 ** digits;
    const subBucketCountMagnitude = Math.ceil(Math.log2(largestValueWithSingleUnitResolution));
    this.subBucketHalfCountMagnitude = Math.max(subBucketCountMagnitude, 1) - 1;
    this.subBucketCount = 2 ** (this.subBucketHalfCountMagnitude + 1);
    this.subBucketHalfCount = this.subBucketCount / 2;
    this.unitMagnitude = bitLength(lowestDiscernibleValue) - 1;
    this.unit = 2 ** this.unitMagnitude;
  }

  /** True when both layouts put every value at the same index. */
  sameBucketsAs(other: BucketLayout): boolean {
    return this.subBucketCount === other.subBucketCount && this.unitMagnitude === other.unitMagnitude;
  }

  /** Counts-array index of a non-negative integer value (up to 2^53). This is the hot path of recording. */
  indexOf(value: number): number {
    if (this.unit !== 1) value = Math.floor(value / this.unit);
    if (value < this.subBucketCount) return value;
    let bucketIndex: number;
    let subBucketIndex: number;
    if (value <= 0x7fff_ffff) {
      bucketIndex = 31 - Math.clz32(value) - this.subBucketHalfCountMagnitude;
      subBucketIndex = value >>> bucketIndex;
    } else {
      bucketIndex = bitLength(value) - this.subBucketHalfCountMagnitude - 1;
      // Multiplying by an exact power of two is exact, and much faster than a variable `2 ** n`.
      subBucketIndex = Math.floor(value * INVERSE_POWERS_OF_TWO[bucketIndex]!);
    }
    return (bucketIndex + 1) * this.subBucketHalfCount + (subBucketIndex - this.subBucketHalfCount);
  }

  /** Lowest value that falls at a counts-array index. */
  lowestValueAt(index: number): number {
    const bucketIndex = Math.floor(index / this.subBucketHalfCount) - 1;
    if (bucketIndex < 0) return index * this.unit;
    const subBucketIndex = (index % this.subBucketHalfCount) + this.subBucketHalfCount;
    const magnitude = bucketIndex + this.unitMagnitude;
    // A table, not a variable `2 ** n` (a call to Math.pow), for the exponents a 53-bit value has.
    return subBucketIndex * (magnitude < POWERS_OF_TWO.length ? POWERS_OF_TWO[magnitude]! : 2 ** magnitude);
  }

  /** Highest value that falls at the same index as `value`. */
  highestEquivalentValue(value: number): number {
    const index = this.indexOf(value);
    return this.lowestValueAt(index + 1) - 1;
  }

  /** The length of the counts array of a histogram whose highest trackable value is `value` (Java's `countsArrayLength`). */
  countsArrayLength(value: number): number {
    return (this.bucketsNeededToCover(value) + 1) * this.subBucketHalfCount;
  }

  /**
   * Buckets needed to hold `value`, as Java's `getBucketsNeededToCoverValue`. Its guard is `> Long.MAX_VALUE / 2`,
   * i.e. 2^62 - 1; the value here is always a power of two, exact as a double, so `>= 2^62` is the same test.
   */
  bucketsNeededToCover(value: number): number {
    let smallestUntrackableValue = this.subBucketCount * this.unit;
    let bucketsNeeded = 1;
    while (smallestUntrackableValue <= value) {
      if (smallestUntrackableValue >= 2 ** 62) return bucketsNeeded + 1;
      smallestUntrackableValue *= 2;
      bucketsNeeded++;
    }
    return bucketsNeeded;
  }
}

/** 2^n for every bucket index and unit magnitude a 53-bit value can have. */
const POWERS_OF_TWO = Float64Array.from({ length: 64 }, (_, n) => 2 ** n);

/** 2^-n for every bucket index a 53-bit value can have. */
const INVERSE_POWERS_OF_TWO = Float64Array.from({ length: 64 }, (_, n) => 2 ** -n);

/** Number of bits needed to write a positive integer (exact for integers up to 2^53). */
function bitLength(value: number): number {
  if (value < 0x1_0000_0000) return 32 - Math.clz32(value);
  return 64 - Math.clz32(Math.floor(value / 0x1_0000_0000));
}

/** Anything that can list its non-empty buckets in a layout: a dense counter or a sparse copy. */
export interface Buckets {
  readonly layout: BucketLayout;
  /** Calls `visit` for every non-empty bucket, lowest index first. */
  forEachBucket(visit: (index: number, count: number) => void): void;
}

/**
 * Counts values per bucket in a typed array — a few nanoseconds a value instead of ~100 ns for
 * `Histogram.recordValue` — then adds the counts to a histogram in one pass. The histogram ends up with the same
 * bucket counts as if every value had been recorded one by one.
 */
export class BucketCounter implements Buckets {
  /** The count of every bucket by index, up to the highest recorded (or more room): empty while `settled`. */
  private counts: Float64Array;
  /**
   * Once settled (see `settle`) with few buckets filled, only the non-empty ones, ascending; recording more spreads
   * them back out into `counts` first.
   */
  private settled: { indexes: Uint32Array; counts: Float64Array } | undefined;

  /** @param counts the counts to hold, indexed as `bucketCounts()` gives them (see `holding`); empty by default. */
  constructor(
    readonly layout: BucketLayout,
    counts: Float64Array = new Float64Array(layout.subBucketCount * 4),
  ) {
    this.counts = counts;
  }

  record(value: number): void {
    const index = this.layout.indexOf(value);
    if (index >= this.counts.length) this.grow(index);
    this.counts[index]++;
  }

  /** Records the first `count` values of `values`, as `record` does each. */
  recordAll(values: Float64Array, count: number): void {
    const layout = this.layout;
    let counts = this.counts;
    for (let i = 0; i < count; i++) {
      const index = layout.indexOf(values[i]!);
      if (index >= counts.length) {
        this.grow(index);
        counts = this.counts;
      }
      counts[index]++;
    }
  }

  /** Adds `count` to the bucket at `index`. */
  recordAtIndex(index: number, count: number): void {
    if (index >= this.counts.length) this.grow(index);
    this.counts[index] += count;
  }

  /** The count of the bucket at `index`. */
  countAt(index: number): number {
    if (this.settled === undefined) return this.counts[index] ?? 0;
    const { indexes, counts } = this.settled;
    let [lo, hi] = [0, indexes.length];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (indexes[mid]! < index) lo = mid + 1;
      else hi = mid;
    }
    return indexes[lo] === index ? counts[lo]! : 0;
  }

  /** Calls `visit` for every non-empty bucket, lowest first. */
  forEachBucket(visit: (index: number, count: number) => void): void {
    if (this.settled !== undefined) {
      const { indexes, counts } = this.settled;
      for (let i = 0; i < indexes.length; i++) visit(indexes[i]!, counts[i]!);
      return;
    }
    const counts = this.counts;
    for (let index = 0; index < counts.length; index++) {
      if (counts[index] !== 0) visit(index, counts[index]!);
    }
  }

  /**
   * Adds another counter's counts to this one. With a different layout each bucket goes in at its lowest value,
   * as Java's `AbstractHistogram.add` does for histograms of different shapes.
   */
  add(other: Buckets): void {
    if (other.layout.sameBucketsAs(this.layout)) other.forEachBucket((index, count) => this.recordAtIndex(index, count));
    else other.forEachBucket((index, count) => this.recordAtIndex(this.layout.indexOf(other.layout.lowestValueAt(index)), count));
  }

  /** The count of every bucket by index (the live array: copy it to keep it); settled counts are spread out again. */
  bucketCounts(): Float64Array {
    this.spread();
    return this.counts;
  }

  /** A counter holding `counts`, indexed as `bucketCounts()` gives them (e.g. posted from another thread). */
  static holding(layout: BucketLayout, counts: Float64Array): BucketCounter {
    return new BucketCounter(layout, counts);
  }

  /** Adds every count to `histogram` (which must have the same significant digits), keeping them here too. */
  addTo(histogram: Histogram): void {
    // The highest bucket first, so an auto-resizing histogram grows once instead of once per new bucket
    // (lowest first made a 5-digit histogram reallocate its multi-megabyte counts array ~30 times).
    const highest = this.highestNonEmpty();
    if (highest < 0) return;
    histogram.recordValueWithCount(this.layout.lowestValueAt(highest), this.countAt(highest));
    this.forEachBucket((index, count) => {
      if (index !== highest) histogram.recordValueWithCount(this.layout.lowestValueAt(index), count);
    });
  }

  /** Adds every count to `histogram` (which must have the same significant digits) and clears this counter. */
  flushInto(histogram: Histogram): void {
    this.addTo(histogram);
    this.spread();
    this.counts.fill(0);
  }

  /**
   * Its counts in as little room as they need, once nothing more is to be recorded (a recorder is kept per input
   * to the end of a command): the counts grow by doubling, which can leave up to half of them empty, and a small
   * input fills few of the thousands of buckets its range spans (4,000 requests of 0.03–350 ms fill ~1,500 of
   * ~22,000). Kept up to the highest non-empty bucket, or, when that takes less, the non-empty ones only.
   */
  settle(): void {
    if (this.settled !== undefined) return;
    const highest = this.highestNonEmpty();
    const length = this.roomUpTo(highest);
    let filled = 0;
    for (let index = 0; index <= highest; index++) if (this.counts[index] !== 0) filled++;
    // 4 + 8 bytes a non-empty bucket against 8 a bucket.
    if (12 * filled < 8 * length) {
      const settled = { indexes: new Uint32Array(filled), counts: new Float64Array(filled) };
      let i = 0;
      this.forEachBucket((index, count) => {
        settled.indexes[i] = index;
        settled.counts[i++] = count;
      });
      this.settled = settled;
      this.counts = new Float64Array(0);
    } else if (length < this.counts.length) this.counts = this.counts.slice(0, length);
  }

  /** The bytes its counts take. */
  get heldBytes(): number {
    return this.counts.byteLength + (this.settled === undefined ? 0 : this.settled.indexes.byteLength + this.settled.counts.byteLength);
  }

  /** Settled counts back in `counts`, to record more. */
  private spread(): void {
    if (this.settled === undefined) return;
    const { indexes, counts } = this.settled;
    this.settled = undefined;
    this.counts = new Float64Array(this.roomUpTo(indexes.length === 0 ? -1 : indexes[indexes.length - 1]!));
    for (let i = 0; i < indexes.length; i++) this.counts[indexes[i]!] = counts[i]!;
  }

  /** Room for counts up to the end of the bucket that holds `index` (the first two buckets' at least). */
  private roomUpTo(index: number): number {
    const half = this.layout.subBucketHalfCount;
    return Math.max((Math.floor(index / half) + 1) * half, this.layout.subBucketCount);
  }

  /** The index of the highest non-empty bucket, -1 when all are empty. */
  private highestNonEmpty(): number {
    if (this.settled !== undefined) return this.settled.indexes.length === 0 ? -1 : this.settled.indexes[this.settled.indexes.length - 1]!;
    let highest = this.counts.length - 1;
    while (highest >= 0 && this.counts[highest] === 0) highest--;
    return highest;
  }

  private grow(index: number): void {
    if (this.settled !== undefined) {
      this.spread();
      if (index < this.counts.length) return;
    }
    let length = this.counts.length;
    while (length <= index) length *= 2;
    this.counts = grown(this.counts, length);
  }
}
