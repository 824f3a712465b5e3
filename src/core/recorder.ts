/** Records latencies of one input (or group) into an HDR histogram, keeping the exact min and max beside it. */
import type { Sample } from "../formats/types.js";
import type { SampleConsumer } from "./ingest.js";
import { BucketCounter, BucketLayout, createHistogram, type Histogram, type SignificantDigits } from "./histogram.js";

export class LatencyRecorder implements SampleConsumer {
  count = 0;
  /** Exact smallest and largest values recorded (the histogram only knows their buckets). */
  minNs = Infinity;
  maxNs = -Infinity;
  private readonly counter: BucketCounter;
  private readonly recorded: Histogram;

  constructor(readonly digits: SignificantDigits) {
    this.counter = new BucketCounter(new BucketLayout(digits));
    this.recorded = createHistogram(digits);
  }

  /** Records one latency: a non-negative integer number of nanoseconds, at most MAX_LATENCY_NS. */
  record(ns: number): void {
    this.count++;
    if (ns < this.minNs) this.minNs = ns;
    if (ns > this.maxNs) this.maxNs = ns;
    this.counter.record(ns);
  }

  value(latencyNs: number): void {
    this.record(latencyNs);
  }

  values(batch: Float64Array, count: number): void {
    for (let i = 0; i < count; i++) this.record(batch[i]!);
  }

  sample(sample: Sample): void {
    this.record(sample.latencyNs);
  }

  /** Adds everything another recorder holds. */
  add(other: LatencyRecorder): void {
    this.count += other.count;
    this.minNs = Math.min(this.minNs, other.minNs);
    this.maxNs = Math.max(this.maxNs, other.maxNs);
    this.histogram().add(other.histogram());
  }

  /** The histogram of everything recorded so far. */
  histogram(): Histogram {
    this.counter.flushInto(this.recorded);
    return this.recorded;
  }
}
