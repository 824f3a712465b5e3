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
  /** See LatencyRecorder.otherShapes: each layout's counts, as `counts` are. */
  otherShapes: { digits: SignificantDigits; lowestDiscernibleValue: number; counts: Float64Array }[];
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
  /**
   * The counts added from histograms of another shape than this recorder's (a log mixing precisions), each in its
   * own layout, one counter a layout; they are in `counter` too, at their buckets' lowest values. Correcting after
   * the fact back-fills them in their own shape, as HistogramLogProcessor corrects each interval before adding it.
   */
  private otherShapes: BucketCounter[] = [];
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
    const kept = source.sameBucketsAs(target) ? undefined : this.otherShape(source);
    // Bucket bounds rise with the index: min and max come from the lowest and highest non-empty index alone.
    let lowest = Infinity;
    let highest = -Infinity;
    forEachCount(histogram, (index, count) => {
      if (kept === undefined) this.counter.recordAtIndex(index, count);
      else {
        kept.recordAtIndex(index, count);
        this.counter.recordAtIndex(target.indexOf(source.lowestValueAt(index)), count);
      }
      this.count += count;
      if (index < lowest) lowest = index;
      if (index > highest) highest = index;
    });
    this.checkCountable();
    if (highest >= 0) this.takeInBounds(source, lowest, highest);
  }

  /**
   * Min and max taking in counts of `layout` from index `lowest` to `highest`: the bounds of the buckets they are
   * in here, where another layout's land at their lowest values, so that the max is the top of the highest bucket
   * (p100), as Java's getMaxValue of the sum is.
   */
  private takeInBounds(layout: BucketLayout, lowest: number, highest: number): void {
    const target = this.counter.layout;
    this.minNs = Math.min(this.minNs, target.lowestValueAt(target.indexOf(layout.lowestValueAt(lowest))));
    this.maxNs = Math.max(this.maxNs, target.highestEquivalentValue(layout.lowestValueAt(highest)));
  }

  /** The counter of `otherShapes` for `layout`, made empty the first time. */
  private otherShape(layout: BucketLayout): BucketCounter {
    let kept = this.otherShapes.find((counter) => counter.layout.sameBucketsAs(layout));
    if (kept === undefined) this.otherShapes.push((kept = new BucketCounter(layout)));
    return kept;
  }

  /** The counts recorded in this recorder's own shape: all of them but those of `otherShapes`. */
  private ownShapeCounts(): Buckets {
    return this.otherShapes.length === 0 ? this.counter : withoutParts(this.counter, this.otherShapes);
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
   * Its exact min and max are those of the requests logged, as for the back-fill at record time. Counts of other
   * shapes are back-filled in their own, then added at their lowest values: what correcting each interval of a log
   * mixing precisions before adding it gives, as HistogramLogProcessor does (back-fill is linear in the counts of
   * one shape, so correcting the sum of one shape's intervals is correcting each).
   */
  correctedAfter(intervalNs: number): LatencyRecorder {
    // Same shape as the raw counts (an interval log's digits and lowest value), so the buckets line up.
    const corrected = LatencyRecorder.shapedLike(this);
    const own = this.ownShapeCounts();
    corrected.syntheticCount = addCorrected(corrected.counter, own, intervalNs);
    corrected.count = this.count;
    corrected.minNs = this.minNs;
    corrected.maxNs = this.maxNs;
    corrected.takeInOmittedOfBuckets({ forEach: (visit) => own.forEachBucket(visit) }, intervalNs, false);
    for (const other of this.otherShapes) {
      const backfilled = new BucketCounter(other.layout);
      corrected.syntheticCount += addCorrected(backfilled, other, intervalNs);
      corrected.addShaped(backfilled);
    }
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
    this.addCounts(other, other.counter, other.otherShapes);
  }

  recipe(): ConsumerRecipe {
    return { kind: "latency", digits: this.digits, backfillIntervalNs: this.backfillIntervalNs };
  }

  state(): RecorderState {
    const { count, syntheticCount, minNs, maxNs, shape } = this;
    const otherShapes = this.otherShapes.map((kept) => ({ digits: kept.layout.digits, lowestDiscernibleValue: kept.layout.lowestDiscernibleValue, counts: kept.bucketCounts() }));
    return { count, syntheticCount, minNs, maxNs, shape, counts: this.counter.bucketCounts(), otherShapes };
  }

  absorb(state: unknown): void {
    const other = state as RecorderState;
    const holding = (digits: SignificantDigits, lowestDiscernibleValue: number, counts: Float64Array) => BucketCounter.holding(new BucketLayout(digits, lowestDiscernibleValue), counts);
    const otherShapes = other.otherShapes.map((kept) => holding(kept.digits, kept.lowestDiscernibleValue, kept.counts));
    this.addCounts(other, holding(other.shape.digits, other.shape.lowestDiscernibleValue, other.counts), otherShapes);
  }

  /**
   * Adds `counts`, with the figures that go with them and the counts of other shapes among them (see
   * `otherShapes`); an empty recorder takes their shape first. Counts of another shape than this recorder's are
   * added from the shape each part was recorded in, as they would have been added one histogram at a time.
   */
  private addCounts(other: Omit<RecorderState, "counts" | "otherShapes">, counts: Buckets, otherShapes: readonly Buckets[]): void {
    this.cached = undefined;
    if (this.isEmpty()) this.reshape(other.shape);
    this.count += other.count;
    this.syntheticCount += other.syntheticCount;
    if (counts.layout.sameBucketsAs(this.counter.layout)) {
      this.minNs = Math.min(this.minNs, other.minNs);
      this.maxNs = Math.max(this.maxNs, other.maxNs);
      this.counter.add(counts);
      for (const kept of otherShapes) this.otherShape(kept.layout).add(kept);
    } else {
      this.addShaped(withoutParts(counts, otherShapes));
      for (const kept of otherShapes) this.addShaped(kept);
    }
    this.checkCountable();
  }

  /**
   * Adds counts of any layout, with min and max from their bucket bounds: another layout's at their lowest values
   * here, and kept in their own (see `otherShapes`).
   */
  private addShaped(counts: Buckets): void {
    if (!counts.layout.sameBucketsAs(this.counter.layout)) this.otherShape(counts.layout).add(counts);
    this.counter.add(counts);
    let lowest = Infinity;
    let highest = -Infinity;
    counts.forEachBucket((index, count) => {
      if (count === 0) return;
      if (index < lowest) lowest = index;
      if (index > highest) highest = index;
    });
    if (highest >= 0) this.takeInBounds(counts.layout, lowest, highest);
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
    for (const kept of this.otherShapes) kept.settle();
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
    this.otherShapes = [];
  }
}

/** `counts` less `parts` of other layouts that were added into them, each bucket at its lowest value. */
function withoutParts(counts: Buckets, parts: readonly Buckets[]): BucketCounter {
  const layout = counts.layout;
  const rest = new BucketCounter(layout);
  rest.add(counts);
  for (const part of parts) part.forEachBucket((index, count) => rest.recordAtIndex(layout.indexOf(part.layout.lowestValueAt(index)), -count));
  return rest;
}
