/**
 * Detects coordinated omission from request start times: the expected interval between sends is the median
 * gap between consecutive starts (per key), a gap of at least STALL_FACTOR times that is a sender stall, and
 * each stall hid about gap/interval − 1 requests. What HdrHistogram's back-fill at that interval would do to
 * the percentiles tells whether it matters.
 */
import type { SignificantDigits } from "../core/histogram.js";
import { LatencyRecorder } from "../core/recorder.js";
import { roundToMicroseconds, type ScheduleCounts } from "../core/schedule-sketch.js";
import { selectNth } from "../core/select-nth.js";
import type { TimedSeries } from "../core/timed-samples.js";

/** A gap between sends this many times the expected interval counts as a stall. */
export const STALL_FACTOR = 3;

export interface OmissionDetection {
  /** Expected interval between sends (median gap; the median of the keys' intervals when there are several). */
  expectedIntervalNs: number;
  stalls: number;
  longestStallNs: number;
  /** Requests a sender on schedule would have sent during the stalls: Σ (gap / interval − 1). */
  omittedEstimate: number;
  /** Send schedules an interval was inferred for: one per `--per` key, or one for the whole log. */
  schedules: number;
  /** The raw samples back-filled at each key's inferred interval. */
  backfilled: LatencyRecorder;
}

function median(values: Float64Array): number {
  const copy = Float64Array.from(values);
  const middle = copy.length >> 1;
  const upper = selectNth(copy, middle);
  if (copy.length % 2 === 1) return upper;
  // selectNth left everything below `middle` no larger than `upper`: the lower middle is their largest.
  let lower = -Infinity;
  for (let i = 0; i < middle; i++) lower = Math.max(lower, copy[i]!);
  return (lower + upper) / 2;
}

/** Gaps between consecutive starts, rounded to microseconds. */
function gapsBetween(starts: Float64Array): Float64Array {
  const gaps = new Float64Array(Math.max(0, starts.length - 1));
  for (let i = 1; i < starts.length; i++) gaps[i - 1] = roundToMicroseconds(starts[i]! - starts[i - 1]!);
  return gaps;
}

/** The median gap, or undefined when there is none or it is 0. */
function intervalOf(gaps: Float64Array): number | undefined {
  if (gaps.length === 0) return undefined;
  const interval = roundToMicroseconds(median(gaps));
  return interval > 0 ? interval : undefined;
}

/** A series' expected interval between sends (its median gap), as detection infers it; undefined when it cannot. */
export function sendInterval(series: TimedSeries): number | undefined {
  return intervalOf(gapsBetween(series.startsNs));
}

/** What detection adds up over the send schedules. */
class DetectionTally {
  private readonly intervals: number[] = [];
  private stalls = 0;
  private longestStallNs = 0;
  private omittedEstimate = 0;
  private readonly backfilled: LatencyRecorder;

  constructor(digits: SignificantDigits) {
    this.backfilled = new LatencyRecorder(digits);
  }

  /** A schedule sending every `interval`: its gaps (length, how many) and its latencies back-filled at it. */
  add(interval: number, gaps: Iterable<readonly [number, number]>, backfilled: LatencyRecorder): void {
    this.intervals.push(interval);
    for (const [gap, count] of gaps) {
      if (gap < STALL_FACTOR * interval) continue;
      this.stalls += count;
      this.longestStallNs = Math.max(this.longestStallNs, gap);
      this.omittedEstimate += count * (gap / interval - 1);
    }
    this.backfilled.add(backfilled);
  }

  /** Undefined when no schedule had an interval. */
  result(): OmissionDetection | undefined {
    if (this.intervals.length === 0) return undefined;
    return {
      expectedIntervalNs: roundToMicroseconds(median(Float64Array.from(this.intervals))),
      stalls: this.stalls,
      longestStallNs: this.longestStallNs,
      omittedEstimate: Math.round(this.omittedEstimate),
      schedules: this.intervals.length,
      backfilled: this.backfilled,
    };
  }
}

function* eachOnce(gaps: Float64Array): Generator<[number, number]> {
  for (const gap of gaps) yield [gap, 1];
}

/** Undefined when no key has two distinct start times to infer an interval from. */
export function detectOmission(allSeries: readonly TimedSeries[], digits: SignificantDigits): OmissionDetection | undefined {
  const tally = new DetectionTally(digits);
  for (const series of allSeries) {
    const gaps = gapsBetween(series.startsNs);
    const interval = intervalOf(gaps);
    if (interval === undefined) continue;
    const keyRecorder = new LatencyRecorder(digits, interval);
    keyRecorder.values(series.latenciesNs, series.latenciesNs.length);
    tally.add(interval, eachOnce(gaps), keyRecorder);
  }
  return tally.result();
}

/** The median of the gaps counted (gap length → how many), as `median` of them one by one gives it. */
function medianOfCounts(gaps: ReadonlyMap<number, number>): number | undefined {
  const lengths = [...gaps.keys()].sort((a, b) => a - b);
  const total = lengths.reduce((sum, length) => sum + gaps.get(length)!, 0);
  if (total === 0) return undefined;
  const middle = total >> 1;
  // The gaps at sorted positions middle − 1 and middle.
  let seen = 0;
  let below: number | undefined;
  for (const length of lengths) {
    const count = gaps.get(length)!;
    if (below === undefined && middle - 1 < seen + count) below = length;
    if (middle < seen + count) return total % 2 === 1 ? length : (below! + length) / 2;
    seen += count;
  }
  return undefined;
}

/**
 * Detection from ScheduleCounts (more requests than are kept one by one): the same interval, stalls and omitted
 * estimate; the back-fill is HdrHistogram's after recording, at each schedule's interval.
 */
export function detectOmissionFromCounts(schedules: readonly ScheduleCounts[], digits: SignificantDigits): OmissionDetection | undefined {
  const tally = new DetectionTally(digits);
  for (const schedule of schedules) {
    const median = medianOfCounts(schedule.gaps);
    const interval = median === undefined ? 0 : roundToMicroseconds(median);
    if (interval > 0) tally.add(interval, schedule.gaps, schedule.latencies.recorder(digits).correctedAfter(interval));
  }
  return tally.result();
}
