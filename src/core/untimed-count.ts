/**
 * The part of a start-time consumer (TimedSamples, SampleTape) that only counts what arrives without a start time:
 * single values, batches, repeated values and the values of interval histograms.
 */
import type { Histogram } from "./histogram.js";

export abstract class UntimedCount {
  /** Samples that came without a start time. */
  untimed = 0;

  value(): void {
    this.untimed++;
  }

  values(_batch: Float64Array, count: number): void {
    this.untimed += count;
  }

  /** A histogram's values have no start times of their own. */
  intervalHistogram(histogram: Histogram): void {
    this.untimed += histogram.totalCount;
  }

  repeated(_latencyNs: number, count: number): void {
    this.untimed += count;
  }
}
