/** Records latencies of one input (or group) into HDR bucket counts, keeping the exact min and max beside them. */
import type { Sample } from "./sample.js";
import { addCorrected, lowestOmitted, recordOmitted, recordWithExpectedInterval } from "./backfill.js";
import { UserError } from "../base/errors.js";
import {
  BucketCounter,
  BucketLayout,
  type Buckets,
  createShapedHistogram,
  forEachCount,
  type Histogram,
  type HistogramShape,
  layoutOf,
  type SignificantDigits,
} from "./histogram.js";
import type { ConsumerRecipe, PortableConsumer } from "./portable.js";

/** What a LatencyRecorder holds, to move it between threads. */
interface RecorderState {
  count: number;
  syntheticCount: number;
  minNs: number;
  maxNs: number;
  shape: HistogramShape;
  counts: Float64Array;
}

export class LatencyRecorder implements PortableConsumer {
  /** Values recorded, not counting synthetic ones. */
  count = 0;
  /** Values added by the coordinated-omission back-fill. */
  syntheticCount = 0;
  /** Exact smallest and largest values recorded (the histogram only knows their buckets). */
  minNs = Infinity;
  maxNs = -Infinity;
  /** `--sig-digits`, or the shape of the first interval histogram added to the empty recorder. */
  shape: HistogramShape;
  counter: BucketCounter;
  private cached: Histogram | undefined;

  /**
   * @param backfillIntervalNs when > 0, every value is recorded as HdrHistogram's
   *   `recordValueWithExpectedInterval(value, backfillIntervalNs)` does (coordinated-omission correction).
   */
  constructor(
    digits: SignificantDigits,
    readonly backfillIntervalNs = 0,
  ) {
    this.shape = { digits, lowestDiscernibleValue: 1, highestTrackableValue: 2 };
    this.counter = new BucketCounter(new BucketLayout(digits));
  }

  /** An empty recorder with the same shape as `other`. */
  static shapedLike(other: LatencyRecorder): LatencyRecorder {
    const recorder = new LatencyRecorder(other.digits);
    recorder.reshape(other.shape);
    return recorder;
  }

  /** Significant digits of the histogram. */
  get digits(): SignificantDigits {
    return this.shape.digits;
  }

  /**
   * Values recorded as exactly 0: times shorter than the log's resolution (nginx writes 0.000 for anything under a
   * millisecond). None for histograms whose lowest bucket holds more than 0 (an interval log's own shape); with
   * back-fill, of the values recorded, not the synthetic ones.
   */
  get zeros(): number {
    if (this.minNs !== 0 || this.shape.lowestDiscernibleValue !== 1) return 0;
    return this.counter.countAt(this.counter.layout.indexOf(0));
  }

  /**
   * Records one latency: a non-negative integer number of nanoseconds, at most MAX_LATENCY_NS; back-filled at
   * `backfillIntervalNs` when that is > 0 (by default the recorder's own interval).
   */
  record(ns: number, backfillIntervalNs = this.backfillIntervalNs): void {
    this.count++;
    if (ns < this.minNs) this.minNs = ns;
    if (ns > this.maxNs) this.maxNs = ns;
    if (backfillIntervalNs > 0) {
      this.syntheticCount += recordWithExpectedInterval(this.counter, ns, 1, backfillIntervalNs);
      this.minNs = Math.min(this.minNs, lowestOmitted(ns, backfillIntervalNs));
    } else this.counter.record(ns);
  }

  /**
   * A failed request that held its sender for `ns`: not recorded (failures are left out of the histogram), but the
   * requests the sender would have sent meanwhile, every `backfillIntervalNs`, are back-filled (see `recordOmitted`).
   */
  recordOmittedBy(ns: number, backfillIntervalNs: number): void {
    this.cached = undefined;
    this.syntheticCount += recordOmitted(this.counter, ns, 1, backfillIntervalNs);
    this.takeInOmitted(ns, backfillIntervalNs, true);
  }

  /**
   * Min (and, `withoutValue`, max) taking in the values back-filled for `value`: HdrHistogram records them as values,
   * so a corrected min may be below every latency logged; without the value itself, they are its only extremes.
   */
  private takeInOmitted(value: number, intervalNs: number, withoutValue: boolean): void {
    const lowest = lowestOmitted(value, intervalNs);
    if (lowest === Infinity) return;
    if (lowest < this.minNs) this.minNs = lowest;
    if (withoutValue && value - intervalNs > this.maxNs) this.maxNs = value - intervalNs;
  }

  /** `takeInOmitted` for every bucket of `buckets` with a count, each at its highest equivalent value (as addCorrected takes it). */
  private takeInOmittedOfBuckets(buckets: { forEach(visit: (index: number, count: number) => void): void }, intervalNs: number, withoutValue: boolean): void {
    const layout = this.counter.layout;
    buckets.forEach((index, count) => {
      if (count > 0) this.takeInOmitted(layout.lowestValueAt(index + 1) - 1, intervalNs, withoutValue);
    });
  }

  /**
   * A failed request the filters left out: not recorded, but with back-fill at record time (`--expected-interval`)
   * the requests its sender would have sent while it waited are (see `recordOmittedBy`).
   */
  failure(sample: Sample): void {
    if (this.backfillIntervalNs > 0) this.recordOmittedBy(sample.latencyNs, this.backfillIntervalNs);
  }

  value(latencyNs: number): void {
    this.cached = undefined;
    this.record(latencyNs);
  }

  values(batch: Float64Array, count: number): void {
    this.cached = undefined;
    if (this.backfillIntervalNs > 0) {
      for (let i = 0; i < count; i++) this.record(batch[i]!);
      return;
    }
    // What `record` does for each, with min, max and the count kept in locals across the batch.
    let min = this.minNs;
    let max = this.maxNs;
    for (let i = 0; i < count; i++) {
      const ns = batch[i]!;
      if (ns < min) min = ns;
      if (ns > max) max = ns;
    }
    this.minNs = min;
    this.maxNs = max;
    this.count += count;
    this.counter.recordAll(batch, count);
  }

  sample(sample: Sample): void {
    this.cached = undefined;
    this.record(sample.latencyNs);
  }

  /** Records `count` × `latencyNs` in one step, back-fill included: the same counts as `count` calls of `record`. */
  repeated(latencyNs: number, count: number): void {
    if (count <= 0) return;
    this.cached = undefined;
    this.count += count;
    if (latencyNs < this.minNs) this.minNs = latencyNs;
    if (latencyNs > this.maxNs) this.maxNs = latencyNs;
    if (this.backfillIntervalNs > 0) {
      this.syntheticCount += recordWithExpectedInterval(this.counter, latencyNs, count, this.backfillIntervalNs);
      this.takeInOmitted(latencyNs, this.backfillIntervalNs, false);
    } else this.counter.recordAtIndex(this.counter.layout.indexOf(latencyNs), count);
    this.checkCountable();
  }


  /**
   * Adds the counts of an interval histogram. An empty recorder takes the histogram's shape (digits, lowest
   * discernible value), as HistogramLogProcessor shapes its sum like the first interval; after that, histograms of
   * another shape add each bucket at its lowest value, as Java's `add` does. Min and max are bucket bounds.
   */
  intervalHistogram(histogram: Histogram): void {
    if (this.backfillIntervalNs > 0) {
      throw new UserError("--expected-interval cannot back-fill values already in a histogram at record time", "add --co-after to correct the log's histograms as HistogramLogProcessor does");
    }
    this.cached = undefined;
    const source = layoutOf(histogram);
    if (this.isEmpty()) this.reshape({ digits: source.digits, lowestDiscernibleValue: source.lowestDiscernibleValue, highestTrackableValue: histogram.highestTrackableValue });
    const target = this.counter.layout;
    const same = source.sameBucketsAs(target);
    // Bucket bounds rise with the index: min and max come from the lowest and highest non-empty index alone.
    let lowest = Infinity;
    let highest = -Infinity;
    forEachCount(histogram, (index, count) => {
      this.counter.recordAtIndex(same ? index : target.indexOf(source.lowestValueAt(index)), count);
      this.count += count;
      if (index < lowest) lowest = index;
      if (index > highest) highest = index;
    });
    this.checkCountable();
    if (highest < 0) return;
    this.minNs = Math.min(this.minNs, source.lowestValueAt(lowest));
    this.maxNs = Math.max(this.maxNs, source.lowestValueAt(highest + 1) - 1);
  }

  /**
   * Adds latencies given as counts per bucket index of this recorder's layout, with their exact count and extremes,
   * back-filled after the fact at `intervalNs` when it is > 0: what adding a recorder of them `correctedAfter`
   * that interval adds, without building the two. Detection from counts did that for each sender, and the garbage
   * of their counts (~1 MB a sender) was the peak of a JTL's read.
   */
  addBucketCounts(buckets: { forEach(visit: (index: number, count: number) => void): void }, exact: { count: number; minNs: number; maxNs: number }, intervalNs: number): void {
    this.cached = undefined;
    // The counts' visiting order is the table's, not lowest index first: what addCorrected adds does not depend on it.
    const raw = { layout: this.counter.layout, forEachBucket: (visit: (index: number, count: number) => void) => buckets.forEach(visit) };
    this.syntheticCount += addCorrected(this.counter, raw, intervalNs);
    this.count += exact.count;
    this.minNs = Math.min(this.minNs, exact.minNs);
    this.maxNs = Math.max(this.maxNs, exact.maxNs);
    this.takeInOmittedOfBuckets(buckets, intervalNs, false);
  }

  /** `recordOmittedBy` for failed requests' latencies given as counts per bucket index (see `addBucketCounts`). */
  addOmittedBy(buckets: { forEach(visit: (index: number, count: number) => void): void }, intervalNs: number): void {
    this.cached = undefined;
    const layout = this.counter.layout;
    const failed = { layout, forEachBucket: (visit: (index: number, count: number) => void) => buckets.forEach(visit) };
    this.syntheticCount += addCorrected(this.counter, failed, intervalNs, true);
    this.takeInOmittedOfBuckets(buckets, intervalNs, true);
  }

  /**
   * HdrHistogram's after-the-fact back-fill (copyCorrectedForCoordinatedOmission) of everything recorded here.
   * Its exact min and max are those of the requests logged, as for the back-fill at record time.
   */
  correctedAfter(intervalNs: number): LatencyRecorder {
    // Same shape as the raw counts (an interval log's digits and lowest value), so the buckets line up.
    const corrected = LatencyRecorder.shapedLike(this);
    corrected.syntheticCount = addCorrected(corrected.counter, this.counter, intervalNs);
    corrected.count = this.count;
    corrected.minNs = this.minNs;
    corrected.maxNs = this.maxNs;
    corrected.takeInOmittedOfBuckets({ forEach: (visit) => this.counter.forEachBucket(visit) }, intervalNs, false);
    return corrected;
  }

  /**
   * The same values in a coarser shape (no more digits, no lower lowest discernible value), to compare with a
   * histogram of that shape. Each bucket here lies wholly inside one bucket of the coarser layout (bucket widths
   * are powers of two, and at any value the coarser bucket is at least as wide), so every value lands where it
   * would have been recorded; the exact min and max stay exact.
   */
  coarsenedTo(shape: HistogramShape): LatencyRecorder {
    const coarse = new LatencyRecorder(shape.digits);
    coarse.reshape(shape);
    coarse.count = this.count;
    coarse.syntheticCount = this.syntheticCount;
    coarse.minNs = this.minNs;
    coarse.maxNs = this.maxNs;
    coarse.counter.add(this.counter);
    return coarse;
  }

  /** Adds everything another recorder holds; an empty recorder takes the other's shape first. */
  add(other: LatencyRecorder): void {
    // Not through `state()`, which would spread the other's settled counts out again.
    this.addCounts(other, other.counter);
  }

  recipe(): ConsumerRecipe {
    return { kind: "latency", digits: this.digits, backfillIntervalNs: this.backfillIntervalNs };
  }

  state(): RecorderState {
    const { count, syntheticCount, minNs, maxNs, shape } = this;
    return { count, syntheticCount, minNs, maxNs, shape, counts: this.counter.bucketCounts() };
  }

  absorb(state: unknown): void {
    const other = state as RecorderState;
    this.addCounts(other, BucketCounter.holding(new BucketLayout(other.shape.digits, other.shape.lowestDiscernibleValue), other.counts));
  }

  /** Adds `counts`, with the figures that go with them; an empty recorder takes their shape first. */
  private addCounts(other: Omit<RecorderState, "counts">, counts: Buckets): void {
    this.cached = undefined;
    if (this.isEmpty()) this.reshape(other.shape);
    this.count += other.count;
    this.syntheticCount += other.syntheticCount;
    this.minNs = Math.min(this.minNs, other.minNs);
    this.maxNs = Math.max(this.maxNs, other.maxNs);
    this.counter.add(counts);
    this.checkCountable();
  }

  /**
   * Refuses more values than a double counts exactly (2^53 − 1, which interval logs' 64-bit counts can pass): the
   * total, and every percentile's rank from it, would be wrong. Raised while a line is read, it names the line.
   */
  private checkCountable(): void {
    if (this.count + this.syntheticCount <= Number.MAX_SAFE_INTEGER) return;
    throw new UserError(`more than ${Number.MAX_SAFE_INTEGER.toLocaleString("en-US")} values in all: too many to count exactly`, "read fewer histograms at once");
  }

  /** Its input was read whole: the counts in as little room as they need (a recorder is kept per input). */
  settle(): void {
    this.counter.settle();
  }

  /** The histogram of everything recorded so far (built once, then reused until more is recorded). */
  histogram(): Histogram {
    if (this.cached === undefined) this.cached = this.histogramNotKept();
    return this.cached;
  }

  /**
   * A histogram of everything recorded so far that this recorder does not keep: for one of the recorders kept per
   * input, looked at once (a kept histogram each: `--per-file` on 2,000 files peaked at 519 MB, 303 MB without).
   */
  histogramNotKept(): Histogram {
    const histogram = createShapedHistogram(this.shape);
    this.counter.addTo(histogram);
    return histogram;
  }

  private isEmpty(): boolean {
    return this.count === 0 && this.syntheticCount === 0;
  }

  private reshape(shape: HistogramShape): void {
    this.shape = { ...shape };
    this.counter = new BucketCounter(new BucketLayout(shape.digits, shape.lowestDiscernibleValue));
  }
}
