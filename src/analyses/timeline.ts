/**
 * `latstat timeline`: per time window its count, p50, p90, p99 and max — raw and, when a coordinated-omission
 * correction is active, corrected — as plain data for the table, JSON, CSV and plot renderers.
 *
 * `skipMs` drops the windows that start less than that after the time line's start (warm-up) before anything else.
 * `windowMs` turns every row into a moving window, as HistogramLogProcessor's `-mwp`/`-mwpl`: the figures of all
 * intervals (up to and including the row's) whose end time stamp (ms) is later than the row's end minus the
 * window length. (The reference sums moving windows into a 3-digit histogram whatever the log's precision; here
 * they keep the intervals' own, which is the same for 3-digit logs.)
 */
import { BucketCounter } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import { bucketStats } from "../core/percentiles.js";
import { SparseCounts } from "../core/sparse-counts.js";
import type { FailureStarts } from "./time-line-sources.js";
import { exactMaxOf, MAX_WINDOWS, windowIndex } from "./windows.js";

/** Window length for samples with start times when none is asked for. */
export const DEFAULT_TIMELINE_INTERVAL_MS = 10_000;

/** The percentiles of every row, in the order of `TimelineFigures.percentilesNs`. */
export const TIMELINE_PERCENTILES = [50, 90, 99] as const;

/** One window's figures; values are NaN when the window is empty. */
export interface TimelineFigures {
  count: number;
  /** At TIMELINE_PERCENTILES, nanoseconds (Java's getValueAtPercentile). */
  percentilesNs: number[];
  maxNs: number;
}

export interface TimelineRow {
  /** Window start, seconds after the time line's start. */
  offsetSec: number;
  /** Window start, seconds since the epoch. */
  startSec: number;
  lengthSec: number;
  raw: TimelineFigures;
  corrected?: TimelineFigures;
  /** Failed requests that started in the window, and its requests (failed or not); absent when failures are not told. */
  failed?: { count: number; requests: number };
}

export interface TimelineData {
  /** Start of the time line (a log's StartTime, or the grid origin), seconds since the epoch; 0 when unknown. */
  startTimeSec: number;
  /** Window length when on a grid; undefined when the rows are a log's own intervals. */
  intervalMs: number | undefined;
  skipMs: number;
  /** Moving-window length, when asked for. */
  windowMs: number | undefined;
  /** What the corrected columns are, when present (e.g. "corrected at 10ms"). */
  correctedLabel?: string;
  /** What the raw columns are beside corrected ones, when not plain "raw" (`--rate`: "service time"). */
  rawLabel?: string;
  /** Failed requests in no window (no start time, or outside the windows); absent when failures are not told. */
  failedUnplaced?: number;
  rows: TimelineRow[];
}

/** What to build the time line from: raw intervals in time order, and the corrected ones index for index. */
export interface TimelineInput {
  startTimeSec: number;
  intervalMs: number | undefined;
  raw: readonly IntervalCounts[];
  corrected?: { label: string; rawLabel?: string; intervals: readonly IntervalCounts[] };
  /** When the inputs tell failures: the failed requests' start times. */
  failures?: FailureStarts;
  /**
   * The origin the windows were placed on (windows.ts), when `startTimeSec` moved to an earlier window: failures
   * are placed on it by the same rule, not on a moved origin that a double may hold a few hundred ns off.
   */
  gridOriginSec?: number;
}

/** The rows of a time line (see the file comment). */
export function buildTimeline(given: TimelineInput, options: { skipMs: number; windowMs: number | undefined }): TimelineData {
  const input = withFailureWindows(given);
  const kept = (intervals: readonly IntervalCounts[]) => intervals.filter((interval) => Math.round((interval.startSec - input.startTimeSec) * 1000) >= options.skipMs);
  const raw = kept(input.raw);
  const corrected = input.corrected === undefined ? undefined : kept(input.corrected.intervals);
  const failures = input.failures && failuresPerInterval(input, input.failures);
  const skipped = input.raw.length - raw.length;
  const rows = raw.map((interval, i) => ({
    offsetSec: interval.startSec - input.startTimeSec,
    startSec: interval.startSec,
    lengthSec: interval.lengthSec,
    raw: figuresAt(raw, i, options.windowMs),
    ...(corrected !== undefined ? { corrected: figuresAt(corrected, i, options.windowMs) } : {}),
    ...(failures !== undefined ? { failed: failedAt(raw, i, options.windowMs, failures.perInterval.slice(skipped)) } : {}),
  }));
  return {
    startTimeSec: input.startTimeSec,
    intervalMs: input.intervalMs,
    skipMs: options.skipMs,
    windowMs: options.windowMs,
    ...(input.corrected !== undefined ? { correctedLabel: input.corrected.label } : {}),
    ...(input.corrected?.rawLabel !== undefined ? { rawLabel: input.corrected.rawLabel } : {}),
    ...(failures !== undefined ? { failedUnplaced: failures.unplaced } : {}),
    rows,
  };
}

/**
 * The time line with windows of no recorded request added before and after its windows, to hold the failures that
 * started there (a run that failed from its start, or at its end): on the same grid, empty, as far as the earliest
 * and latest failure (within MAX_WINDOWS in all). An HdrHistogram log's own intervals are left as they are.
 */
function withFailureWindows(input: TimelineInput): TimelineInput {
  const { failures, intervalMs, raw } = input;
  if (failures === undefined || intervalMs === undefined || raw.length === 0 || failures.startsNs.length === 0) return input;
  const lengthNs = intervalMs * 1e6;
  const originNs = input.startTimeSec * 1e9;
  const [first, last] = [gridWindow(raw[0]!, input.startTimeSec, intervalMs), gridWindow(raw[raw.length - 1]!, input.startTimeSec, intervalMs)];
  let earliest = first;
  let latest = last;
  for (const startNs of failures.startsNs) {
    const k = windowIndex(startNs, originNs, lengthNs);
    earliest = Math.min(earliest, k);
    latest = Math.max(latest, k);
  }
  if ((earliest === first && latest === last) || latest - earliest + 1 > MAX_WINDOWS) return input;
  const empty = ({ maxNs: _, ...template }: IntervalCounts, k: number): IntervalCounts => ({
    ...template,
    startSec: input.startTimeSec + (k * intervalMs) / 1000,
    counts: SparseCounts.of({ layout: template.counts.layout, forEachBucket: () => {} }),
  });
  const widened = (intervals: readonly IntervalCounts[]) => [
    ...Array.from({ length: first - earliest }, (_, i) => empty(intervals[0]!, earliest + i)),
    ...intervals,
    ...Array.from({ length: latest - last }, (_, i) => empty(intervals[intervals.length - 1]!, last + 1 + i)),
  ];
  const corrected = input.corrected && { ...input.corrected, intervals: widened(input.corrected.intervals) };
  return {
    ...input,
    startTimeSec: input.startTimeSec + (Math.min(earliest, first) * intervalMs) / 1000,
    gridOriginSec: input.startTimeSec,
    raw: widened(raw),
    ...(corrected ? { corrected } : {}),
  };
}

/** Which window of the grid from `originSec` an interval on it is. */
function gridWindow(interval: IntervalCounts, originSec: number, intervalMs: number): number {
  return Math.round(((interval.startSec - originSec) * 1000) / intervalMs);
}

/** A raw interval's failed requests, and those of them left out of its histogram (so not in its count). */
interface IntervalFailures {
  failed: number;
  leftOut: number;
}

/**
 * The failures of each raw interval, by the rule of windows.ts (window k of the grid holds the starts in
 * [origin + k·L, origin + (k+1)·L)), and how many fall in none. An HdrHistogram log's own intervals say nothing
 * about failures, so without a grid every failure is unplaced.
 */
function failuresPerInterval(input: TimelineInput, failures: FailureStarts): { perInterval: IntervalFailures[]; unplaced: number } {
  const perInterval = input.raw.map(() => ({ failed: 0, leftOut: 0 }));
  let unplaced = failures.untimed;
  if (input.intervalMs === undefined) return { perInterval, unplaced: unplaced + failures.startsNs.length };
  const originSec = input.gridOriginSec ?? input.startTimeSec;
  const originNs = originSec * 1e9;
  const lengthNs = input.intervalMs * 1e6;
  const byWindow = new Map(input.raw.map((interval, i) => [gridWindow(interval, originSec, input.intervalMs!), i]));
  failures.startsNs.forEach((startNs, j) => {
    const i = byWindow.get(windowIndex(startNs, originNs, lengthNs));
    if (i === undefined) {
      unplaced++;
      return;
    }
    perInterval[i]!.failed++;
    if (failures.leftOut[j]!) perInterval[i]!.leftOut++;
  });
  return { perInterval, unplaced };
}

const endMs = (interval: IntervalCounts) => Math.trunc((interval.startSec + interval.lengthSec) * 1000);

// The figures of interval i alone, or of its moving window. The max is the exact one where the values were known
// (`IntervalCounts.maxNs`), and holds the percentiles below it, as a report's do; else the histogram's.
function figuresAt(intervals: readonly IntervalCounts[], i: number, windowMs: number | undefined): TimelineFigures {
  const current = intervals[i]!;
  let buckets: IntervalCounts["counts"] | BucketCounter = current.counts;
  let exactMaxNs = current.maxNs;
  if (windowMs !== undefined) {
    const cutoff = endMs(current) - windowMs;
    const sum = new BucketCounter(intervals[0]!.counts.layout);
    const parts: IntervalCounts[] = [];
    for (let j = i; j >= 0 && endMs(intervals[j]!) > cutoff; j--) {
      sum.add(intervals[j]!.counts);
      parts.push(intervals[j]!);
    }
    buckets = sum;
    exactMaxNs = exactMaxOf(parts);
  }
  const stats = bucketStats(buckets, TIMELINE_PERCENTILES);
  if (stats.count === 0) return { count: 0, percentilesNs: TIMELINE_PERCENTILES.map(() => NaN), maxNs: stats.maxNs };
  const maxNs = exactMaxNs ?? stats.maxNs;
  return { count: stats.count, percentilesNs: stats.values.map((v) => Math.min(v, maxNs)), maxNs };
}

// The failures of interval i alone, or of its moving window (the same intervals as figuresAt); `failures` index for
// index with `intervals`.
function failedAt(intervals: readonly IntervalCounts[], i: number, windowMs: number | undefined, failures: readonly IntervalFailures[]): { count: number; requests: number } {
  const cutoff = windowMs === undefined ? Infinity : endMs(intervals[i]!) - windowMs;
  let count = 0;
  let requests = 0;
  for (let j = i; j >= 0 && (j === i || endMs(intervals[j]!) > cutoff); j--) {
    count += failures[j]!.failed;
    requests += intervals[j]!.counts.total + failures[j]!.leftOut;
  }
  return { count, requests };
}
