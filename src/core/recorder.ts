/** Records latencies of one input (or group) into HDR bucket counts, keeping the exact min and max beside them. */
import type { Sample } from "../formats/types.js";
import { recordWithExpectedInterval } from "./backfill.js";
import { BucketCounter, BucketLayout, createHistogram, type Histogram, type SignificantDigits } from "./histogram.js";
import type { SampleConsumer } from "./ingest.js";

export class LatencyRecorder implements SampleConsumer {
  /** Values recorded, not counting synthetic ones. */
  count = 0;
  /** Values added by the coordinated-omission back-fill. */
  syntheticCount = 0;
  /** Exact smallest and largest values recorded (the histogram only knows their buckets). */
  minNs = Infinity;
  maxNs = -Infinity;
  readonly counter: BucketCounter;
  private cached: Histogram | undefined;

  /**
   * @param backfillIntervalNs when > 0, every value is recorded as HdrHistogram's
   *   `recordValueWithExpectedInterval(value, backfillIntervalNs)` does (coordinated-omission correction).
   */
  constructor(
    readonly digits: SignificantDigits,
    readonly backfillIntervalNs = 0,
  ) {
    this.counter = new BucketCounter(new BucketLayout(digits));
  }

  /** Records one latency: a non-negative integer number of nanoseconds, at most MAX_LATENCY_NS. */
  record(ns: number): void {
    this.count++;
    if (ns < this.minNs) this.minNs = ns;
    if (ns > this.maxNs) this.maxNs = ns;
    if (this.backfillIntervalNs > 0) this.syntheticCount += recordWithExpectedInterval(this.counter, ns, 1, this.backfillIntervalNs);
    else this.counter.record(ns);
  }

  value(latencyNs: number): void {
    this.cached = undefined;
    this.record(latencyNs);
  }

  values(batch: Float64Array, count: number): void {
    this.cached = undefined;
    for (let i = 0; i < count; i++) this.record(batch[i]!);
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
    if (this.backfillIntervalNs > 0) this.syntheticCount += recordWithExpectedInterval(this.counter, latencyNs, count, this.backfillIntervalNs);
    else this.counter.recordAtIndex(this.counter.layout.indexOf(latencyNs), count);
  }

  /** Adds everything another recorder (same digits) holds. */
  add(other: LatencyRecorder): void {
    this.cached = undefined;
    this.count += other.count;
    this.syntheticCount += other.syntheticCount;
    this.minNs = Math.min(this.minNs, other.minNs);
    this.maxNs = Math.max(this.maxNs, other.maxNs);
    this.counter.add(other.counter);
  }

  /** The histogram of everything recorded so far (built once, then reused until more is recorded). */
  histogram(): Histogram {
    if (this.cached === undefined) {
      this.cached = createHistogram(this.digits);
      this.counter.addTo(this.cached);
    }
    return this.cached;
  }
}
