/**
 * HistogramLogProcessor's interval log as data: for each interval of an HdrHistogram log, its own count, p50,
 * p90 and max, and the running totals of everything up to it (count, p50, p90, p99, p99.9, p99.99, max), each
 * figure computed as Java 2.1.11 does (see core/percentiles.ts). The running total is shaped like the first
 * interval and other shapes are added at their buckets' lowest values, as the reference accumulates.
 */
import { BucketCounter } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import { bucketStats, type BucketStats } from "../core/percentiles.js";

/** The percentiles of each interval, and of the running total. */
export const INTERVAL_PERCENTILES = [50, 90] as const;
export const TOTAL_PERCENTILES = [50, 90, 99, 99.9, 99.99] as const;

/** Count, values at the percentiles (in the order of the constants above) and max, in nanoseconds. */
export interface RowFigures {
  count: number;
  percentilesNs: number[];
  maxNs: number;
}

export interface IntervalRow {
  /** End of the interval in seconds after its log's StartTime, as Java prints it (ms-truncated end time stamp). */
  timeSec: number;
  tag?: string;
  interval: RowFigures;
  total: RowFigures;
}

/** One row per interval, in order, with running totals. */
export function intervalRows(intervals: readonly IntervalCounts[]): IntervalRow[] {
  const first = intervals[0];
  if (first === undefined) return [];
  const total = new BucketCounter(first.counts.layout);
  return intervals.map((interval) => {
    total.add(interval.counts);
    const endTimeStampMs = Math.trunc((interval.startSec + interval.lengthSec) * 1000.0);
    return {
      timeSec: endTimeStampMs / 1000.0 - interval.logStartSec,
      ...(interval.tag !== undefined ? { tag: interval.tag } : {}),
      interval: figures(bucketStats(interval.counts, INTERVAL_PERCENTILES), interval.counts.layout.unitMagnitude),
      total: figures(bucketStats(total, TOTAL_PERCENTILES), total.layout.unitMagnitude),
    };
  });
}

// Java reports the max of an empty histogram as its unit mask (2^unitMagnitude − 1), not 0.
function figures(stats: BucketStats, unitMagnitude: number): RowFigures {
  return { count: stats.count, percentilesNs: stats.values, maxNs: stats.count === 0 ? 2 ** unitMagnitude - 1 : stats.maxNs };
}
