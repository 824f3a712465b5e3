/**
 * Latencies on a grid of equal time windows: window k covers [origin + k·L, origin + (k+1)·L). Samples go to the
 * window in which they started; interval histograms (of one or many logs) to the window in which their interval
 * starts, those landing in the same window and tag added together — counts are exact, only their placement in
 * time is rounded to the grid. Times are compared in whole milliseconds, as interval logs print them.
 */
import { lowestOmitted, recordOmitted, recordWithExpectedInterval } from "../core/backfill.js";
import { type BucketLayout, BucketCounter } from "../core/histogram.js";
import type { IntervalCounts } from "../core/intervals.js";
import { SparseCounts } from "../core/sparse-counts.js";
import { AnalysisError } from "./problems.js";

/** Equal windows of `lengthMs` from `originSec` (seconds since the epoch). */
export interface TimeGrid {
  originSec: number;
  lengthMs: number;
}

/** Start times (epoch ns) and the values to record for them (ns), index for index; a tag for all of them. */
export interface TimedValues {
  startsNs: Float64Array;
  valuesNs: Float64Array;
  tag?: string;
  /** Each value's own back-fill interval (a sender's inferred interval), index for index; 0 for none. */
  backfillNs?: Float64Array;
  /** 1 for a failed request left out of the histogram (see TimedSeries.failed): only its back-fill is recorded. */
  failed?: Uint8Array;
}

/** What goes into every window made from samples. */
export interface WindowOptions {
  layout: BucketLayout;
  tag?: string;
  /** Record each value with HdrHistogram's expected-interval back-fill. */
  backfillIntervalNs?: number;
}

/** The window of the grid that `offsetMs` after the origin falls in. */
function windowOf(grid: TimeGrid, offsetMs: number): number {
  return Math.floor(offsetMs / grid.lengthMs);
}

/**
 * Epoch nanoseconds in a double are exact to 256 ns today, and so is a grid's origin: a start written to the
 * millisecond exactly on a window's edge may be stored up to that much on either side of it. Window edges are moved
 * back by this much, so such a start stays in the window it begins (one written to the nanosecond within this of an
 * edge may land in the next window; starts written to the microsecond or coarser are placed exactly).
 */
const EDGE_SLACK_NS = 512;

/** The window of the grid (origin and length in ns) that a start time (epoch ns) falls in. */
export function windowIndex(startNs: number, originNs: number, lengthNs: number): number {
  return Math.floor((startNs - originNs + EDGE_SLACK_NS) / lengthNs);
}

/** The first whole millisecond a start time (epoch ns) falls in, by the same rule as `windowIndex`. */
export function startMs(startNs: number): number {
  return Math.floor((startNs + EDGE_SLACK_NS) / 1e6);
}

/** Most windows one time line may have (a stray start time in 1970 would otherwise ask for billions). */
export const MAX_WINDOWS = 1_000_000;

/**
 * Every window from the first to the last sample's, empty ones included, each a histogram in `options.layout`.
 * Samples are sorted into windows first (counting sort), so only one window's counts are held at a time.
 */
export function windowSamples(series: readonly TimedValues[], grid: TimeGrid, options: WindowOptions): IntervalCounts[] {
  const originNs = grid.originSec * 1e9;
  const lengthNs = grid.lengthMs * 1e6;
  const total = series.reduce((n, s) => n + s.startsNs.length, 0);
  const windowIds = new Float64Array(total);
  const values = new Float64Array(total);
  const backfills = series.some((s) => s.backfillNs !== undefined) ? new Float64Array(total) : undefined;
  const failedMarks = series.some((s) => s.failed !== undefined) ? new Uint8Array(total) : undefined;
  let first = Infinity;
  let last = -Infinity;
  let n = 0;
  for (const { startsNs, valuesNs, backfillNs, failed } of series) {
    for (let i = 0; i < startsNs.length; i++, n++) {
      const k = windowIndex(startsNs[i]!, originNs, lengthNs);
      windowIds[n] = k;
      values[n] = valuesNs[i]!;
      if (backfills !== undefined) backfills[n] = backfillNs?.[i] ?? 0;
      if (failedMarks !== undefined) failedMarks[n] = failed?.[i] ?? 0;
      first = Math.min(first, k);
      last = Math.max(last, k);
    }
  }
  if (total === 0) return [];
  if (last - first + 1 > MAX_WINDOWS) {
    throw new AnalysisError({ kind: "too-many-windows", windows: last - first + 1, lengthMs: grid.lengthMs, max: MAX_WINDOWS });
  }
  const ends = new Uint32Array(last - first + 2);
  for (let i = 0; i < total; i++) ends[windowIds[i]! - first + 1]++;
  for (let w = 1; w < ends.length; w++) ends[w]! += ends[w - 1]!;
  const order = new Uint32Array(total);
  const next = ends.slice(0, -1);
  for (let i = 0; i < total; i++) order[next[windowIds[i]! - first]!++] = i;
  const out: IntervalCounts[] = [];
  for (let w = 0; w + 1 < ends.length; w++) {
    const members = order.subarray(ends[w]!, ends[w + 1]!);
    const all = { values, backfills, failedMarks };
    out.push(gridInterval(grid, first + w, options.tag, 2, windowCounts(all, members, options), windowMax(all, members, options)));
  }
  return out;
}

/**
 * The exact largest value one window's counts hold (undefined when none): each recorded value, or for a failed
 * request only its largest back-filled value, value − interval, when it has any (as a recorder's max takes it in).
 */
function windowMax({ values, backfills, failedMarks }: WindowValues, members: Uint32Array, options: WindowOptions): number | undefined {
  let max = -Infinity;
  for (const i of members) {
    if (failedMarks?.[i] !== 1) max = Math.max(max, values[i]!);
    else {
      const backfillNs = backfills?.[i] || options.backfillIntervalNs;
      if (backfillNs && lowestOmitted(values[i]!, backfillNs) !== Infinity) max = Math.max(max, values[i]! - backfillNs);
    }
  }
  return max === -Infinity ? undefined : max;
}

/**
 * The exact max of `intervals` added together: of each its own exact max, else (a log's histogram) the highest
 * equivalent value of its largest bucket; undefined when none has an exact max, so that a log's windows read as the
 * log does.
 */
export function exactMaxOf(intervals: readonly IntervalCounts[]): number | undefined {
  if (!intervals.some((interval) => interval.maxNs !== undefined)) return undefined;
  let max = -Infinity;
  for (const interval of intervals) {
    if (interval.maxNs !== undefined) max = Math.max(max, interval.maxNs);
    else interval.counts.forEachBucket((index) => (max = Math.max(max, interval.counts.layout.lowestValueAt(index + 1) - 1)));
  }
  return max === -Infinity ? undefined : max;
}

/** Every sample's value, and its own back-fill interval and failure mark when any has one, in one order. */
interface WindowValues {
  values: Float64Array;
  backfills: Float64Array | undefined;
  failedMarks: Uint8Array | undefined;
}

/**
 * The counts of one window's values (those at `members`), each back-filled at its own interval (`backfills`, 0 for
 * none) or `options.backfillIntervalNs`; of a failed request's, only its back-fill. Without back-fill they are
 * counted by bucket index alone — work in proportion to the values, where a counter would cost its whole bucket
 * array per window.
 */
function windowCounts({ values, backfills, failedMarks }: WindowValues, members: Uint32Array, options: WindowOptions): SparseCounts {
  const { layout, backfillIntervalNs } = options;
  if (!backfillIntervalNs && backfills === undefined) {
    const recorded = failedMarks === undefined ? members : members.filter((i) => failedMarks[i] !== 1);
    return SparseCounts.ofIndices(layout, Float64Array.from(recorded, (i) => layout.indexOf(values[i]!)));
  }
  const counter = new BucketCounter(layout);
  for (const i of members) {
    const backfillNs = backfills?.[i] || backfillIntervalNs;
    if (failedMarks?.[i] === 1) {
      if (backfillNs) recordOmitted(counter, values[i]!, 1, backfillNs);
    } else if (backfillNs) recordWithExpectedInterval(counter, values[i]!, 1, backfillNs);
    else counter.record(values[i]!);
  }
  return SparseCounts.of(counter);
}

/**
 * Intervals placed on the grid by their start times; the histograms of one window and tag added in the layout
 * of the first interval (as HistogramLogProcessor adds histograms of other shapes). Ordered by window, then tag
 * (untagged first, then in order of appearance). Windows without intervals are left out.
 */
export function alignIntervals(intervals: readonly IntervalCounts[], grid: TimeGrid): IntervalCounts[] {
  const first = intervals[0];
  if (first === undefined) return [];
  const tagOrder = new Map<string | undefined, number>([[undefined, -1]]);
  const placed = intervals.map((interval) => {
    if (!tagOrder.has(interval.tag)) tagOrder.set(interval.tag, tagOrder.size);
    return { interval, k: windowOf(grid, Math.round((interval.startSec - grid.originSec) * 1000)) };
  });
  placed.sort((a, b) => a.k - b.k || tagOrder.get(a.interval.tag)! - tagOrder.get(b.interval.tag)!);
  const out: IntervalCounts[] = [];
  for (let i = 0; i < placed.length; ) {
    const { k, interval } = placed[i]!;
    const sum = new BucketCounter(first.counts.layout);
    let highest = 0;
    const parts: IntervalCounts[] = [];
    for (; i < placed.length && placed[i]!.k === k && placed[i]!.interval.tag === interval.tag; i++) {
      sum.add(placed[i]!.interval.counts);
      highest = Math.max(highest, placed[i]!.interval.highestTrackableValue);
      parts.push(placed[i]!.interval);
    }
    out.push(gridInterval(grid, k, interval.tag, Math.max(highest, first.highestTrackableValue), SparseCounts.of(sum), exactMaxOf(parts)));
  }
  return out;
}

function gridInterval(grid: TimeGrid, k: number, tag: string | undefined, highestTrackableValue: number, counts: SparseCounts, maxNs: number | undefined): IntervalCounts {
  return {
    startSec: grid.originSec + (k * grid.lengthMs) / 1000,
    lengthSec: grid.lengthMs / 1000,
    logStartSec: grid.originSec,
    ...(tag !== undefined ? { tag } : {}),
    highestTrackableValue,
    counts,
    ...(maxNs !== undefined ? { maxNs } : {}),
  };
}
