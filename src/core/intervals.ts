/** Latencies per time interval — the intervals of HdrHistogram logs, or time windows of timed samples. */
import type { HistogramInterval, SampleConsumer } from "./sample.js";
import type { Histogram } from "./histogram.js";
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
  /**
   * The exact largest value in `counts`, when the values were known (a window of samples); absent for a log's
   * histograms, whose max is its bucket's highest equivalent value.
   */
  maxNs?: number;
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

/**
 * Keeps the earliest log StartTime of the interval histograms (a `.hgrm` header's: with several logs, the first
 * file's need not be the earliest), and nothing of the counts.
 */
export class EarliestLogStart implements SampleConsumer {
  /** The earliest interval's `logStartSec`; undefined until an interval histogram comes. */
  logStartSec: number | undefined;

  value(): void {}

  values(): void {}

  sample(): void {}

  intervalHistogram(_histogram: Histogram, interval: HistogramInterval): void {
    this.logStartSec = Math.min(this.logStartSec ?? Infinity, interval.logStartSec);
  }
}

/** Counts interval histograms per tag (`--list-tags`); samples are ignored. */
export class IntervalTags implements SampleConsumer {
  /** Intervals per tag name; untagged ones are counted in `untagged`. */
  readonly tags = new Map<string, number>();
  untagged = 0;

  value(): void {}

  values(): void {}

  sample(): void {}

  intervalHistogram(_histogram: Histogram, interval: HistogramInterval): void {
    if (interval.tag === undefined) this.untagged++;
    else this.tags.set(interval.tag, (this.tags.get(interval.tag) ?? 0) + 1);
  }
}
