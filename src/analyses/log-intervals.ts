/**
 * The intervals of one time line, from whatever was read: time windows of samples that have start times, and the
 * interval histograms of HdrHistogram logs — kept as they are when they come from one log alone and no window length
 * is asked for, otherwise placed on one grid (windows.ts) so that logs with different StartTimes line up on absolute
 * time. The grid's windows are whole multiples of their length since the epoch: machines that convert their own
 * logs apart produce windows that merge into exactly those of converting everything at once. Inputs without start
 * times become a single interval at time 0. Histograms are only ever added.
 */
import type { BucketLayout } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import type { LatencyRecorder } from "../core/recorder.js";
import { SparseCounts } from "../core/sparse-counts.js";
import type { AnalysisNotice } from "./notices.js";
import { alignIntervals, startMs, type TimedValues, type TimeGrid, windowSamples } from "./windows.js";

/** What was read, sorted by kind. */
export interface IntervalSources {
  /** Interval histograms of HdrHistogram logs, in input order. */
  logIntervals: readonly IntervalCounts[];
  /** How many inputs were HdrHistogram logs. */
  logs: number;
  /** Samples with start times (per connection/worker or all together). */
  timed: readonly TimedValues[];
  /** Samples without start times. */
  untimed: number;
  /** Everything recorded, for inputs without any start time. */
  raw: LatencyRecorder;
}

/** How to lay the time line out. */
export interface IntervalOptions {
  /** Window length asked for (whole ms); undefined: the log's own intervals, or `defaultMs` for samples. */
  intervalMs: number | undefined;
  /** Window length for samples (and for logs that must be aligned) when none is asked for. */
  defaultMs: number;
  /** Layout of windows made from samples. */
  layout: BucketLayout;
}

/** One time line: its StartTime (seconds since the epoch), its intervals in time order, and what to tell the user. */
export interface TimeLine {
  startTimeSec: number;
  /** Window length when the intervals are on a grid; undefined when they are a log's own. */
  intervalMs: number | undefined;
  intervals: IntervalCounts[];
  notes: AnalysisNotice[];
}

/** An interval this many times its window's length or more is said to be placed whole in one window. */
const LONGER_THAN_WINDOW = 1.2;

/** Lays out the sources as one time line (see the file comment). */
export function buildTimeLine(sources: IntervalSources, options: IntervalOptions): TimeLine {
  const { logIntervals, timed } = sources;
  const timedCount = timed.reduce((n, s) => n + s.startsNs.length, 0);
  const hasTimes = timedCount > 0 || logIntervals.length > 0;
  const notes: AnalysisNotice[] = hasTimes && sources.untimed > 0 ? [{ kind: "intervals-untimed", count: sources.untimed }] : [];
  if (!hasTimes) {
    notes.push({ kind: "intervals-at-zero" });
    const counts = SparseCounts.of(sources.raw.counter);
    return { startTimeSec: 0, intervalMs: undefined, notes, intervals: [{ startSec: 0, lengthSec: 0, logStartSec: 0, highestTrackableValue: 2, counts }] };
  }
  const logStarts = new Set(logIntervals.map((interval) => interval.logStartSec));
  if (timedCount === 0 && sources.logs === 1 && options.intervalMs === undefined) {
    return { startTimeSec: logIntervals[0]!.logStartSec, intervalMs: undefined, intervals: [...logIntervals], notes };
  }
  const lengthMs = options.intervalMs ?? (timedCount > 0 ? options.defaultMs : medianLengthMs(logIntervals));
  if (options.intervalMs === undefined && timedCount === 0) notes.push({ kind: "intervals-median", lengthMs });
  const grid = epochGrid(timed, logStarts, lengthMs);
  // Well past the window: a jHiccup interval of 1.003 s on windows of 1 s is no news.
  const longer = logIntervals.filter((interval) => interval.lengthSec * 1000 > LONGER_THAN_WINDOW * lengthMs);
  if (longer.length > 0) {
    const lengthsMs = [...new Set(longer.map((interval) => Math.round(interval.lengthSec * 1000)))].sort((a, b) => a - b);
    notes.push({ kind: "intervals-longer", count: longer.length, lengthsMs, windowMs: lengthMs });
  }
  const windows = windowsByTag(timed, grid, options.layout);
  const intervals = logIntervals.length === 0 && !windows.some((w) => w.tag !== undefined) ? windows : alignIntervals([...windows, ...logIntervals], grid);
  return { startTimeSec: grid.originSec, intervalMs: lengthMs, intervals, notes };
}

/**
 * Windows of `lengthMs` from the one holding the earliest sample start or log StartTime. They are whole multiples
 * of the length since the epoch, so shards converted apart share one grid.
 */
export function epochGrid(timed: readonly TimedValues[], logStartsSec: Iterable<number>, lengthMs: number): TimeGrid {
  let firstMs = Infinity;
  for (const { startsNs } of timed) for (const start of startsNs) firstMs = Math.min(firstMs, startMs(start));
  for (const start of logStartsSec) firstMs = Math.min(firstMs, Math.round(start * 1000));
  return { originSec: (Math.floor(firstMs / lengthMs) * lengthMs) / 1000, lengthMs };
}

// Each tag's samples in windows of their own (empty ones kept between that tag's first and last).
function windowsByTag(timed: readonly TimedValues[], grid: TimeGrid, layout: BucketLayout): IntervalCounts[] {
  const tags = [...new Set(timed.map((series) => series.tag))];
  return tags.flatMap((tag) => windowSamples(timed.filter((series) => series.tag === tag), grid, { layout, ...(tag !== undefined ? { tag } : {}) }));
}

/** The median interval length of `intervals`, in whole milliseconds (at least 1). */
export function medianLengthMs(intervals: readonly IntervalCounts[]): number {
  const lengths = intervals.map((interval) => Math.max(1, Math.round(interval.lengthSec * 1000))).sort((a, b) => a - b);
  return lengths[lengths.length >> 1]!;
}
