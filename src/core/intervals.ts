/** Latencies per time interval — the intervals of HdrHistogram logs, or time windows of timed samples. */
import type { HistogramInterval } from "../formats/types.js";
import type { Histogram } from "./histogram.js";
import type { SampleConsumer } from "./ingest.js";
import { SparseCounts } from "./sparse-counts.js";

/** One interval: when it started, how long it lasted, its tag, and its bucket counts (nanoseconds). */
export interface IntervalCounts {
  /** Start, seconds since the epoch. */
  startSec: number;
  lengthSec: number;
  /** StartTime of the log (or time line) it belongs to, seconds since the epoch: times are shown relative to it. */
  logStartSec: number;
  tag?: string;
  /** The highest trackable value of the histogram it came from, kept to write it back in the same shape. */
  highestTrackableValue: number;
  counts: SparseCounts;
}

/** Keeps every interval histogram of the inputs, in input order; samples are left to other consumers. */
export class IntervalCollector implements SampleConsumer {
  readonly intervals: IntervalCounts[] = [];

  value(): void {}

  values(): void {}

  sample(): void {}

  intervalHistogram(histogram: Histogram, interval: HistogramInterval): void {
    this.intervals.push({ ...interval, highestTrackableValue: histogram.highestTrackableValue, counts: SparseCounts.fromHistogram(histogram) });
  }
}
