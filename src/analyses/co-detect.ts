/**
 * Detects coordinated omission from request start times, one send schedule per sender: the senders a column names
 * (`--per`, or a connection/thread/worker column found by name), else those reconstructed from the log itself
 * (sender-chains.ts). First whether the log is a closed loop at all (loop-verdict.ts): only a closed-loop sender
 * omits requests. Then per sender: its interval is its median gap between starts — its schedule when it is paced,
 * its usual cycle when it sends as fast as it can; a gap of at least STALL_FACTOR times that, which the sender spent
 * mostly waiting for its response (`heldBy`: not its own pause), is a stall that hid about gap/interval − 1
 * requests; and HdrHistogram's back-fill at that interval is the corrected distribution.
 */
import type { BucketLayout, SignificantDigits } from "../core/histogram.js";
import { LatencyRecorder } from "../core/recorder.js";
import { heldBy, overlapAllowance, overlapsOf, roundToMicroseconds, sendsWithoutWaiting, type ScheduleCounts, type SparseLatencies } from "../core/schedule-sketch.js";
import { selectNth } from "../core/select-nth.js";
import { SenderChains } from "../core/sender-chains.js";
import { unfoldEvenPhases } from "../core/even-phases.js";
import { fingerprint, startsStep, type SendFingerprint } from "../core/send-pattern.js";
import type { DetectionCounts, TimedSeries } from "../core/timed-samples.js";
import { inferLoop, poolKeepingSchedule, senderColumnLoop, type LoopVerdict } from "./loop-verdict.js";
import { pileUpOf } from "../core/pile-up.js";

/** A gap between sends this many times the expected interval counts as a stall. */
export const STALL_FACTOR = 3;


export interface OmissionDetection {
  verdict: LoopVerdict;
  /** Whether the senders were named by a column (else reconstructed). */
  senderColumn: boolean;
  /**
   * Senders: one per sender-column value, or as many as were reconstructed (for paced senders, the schedules
   * running at once); undefined when the loop is not closed and there is no schedule to count them by.
   */
  senders?: number;
  /** Median of the senders' intervals; 0 when the loop is not closed or no sender sent twice. */
  expectedIntervalNs: number;
  /** The shortest and longest of the senders' intervals, when they differ by more than half (senders at different rates). */
  intervalRangeNs?: [number, number];
  stalls: number;
  longestStallNs: number;
  /** Requests the senders would have sent during their stalls: Σ (gap / interval − 1). */
  omittedEstimate: number;
  /** The raw samples back-filled at each sender's interval; undefined unless the loop is closed. */
  backfilled?: LatencyRecorder;
  /**
   * Each request's sender interval (0 for none), per series of the input in the order given: for back-filling a
   * subset of the requests (a group) as the whole was. Only from requests kept one by one, when the loop is closed.
   */
  requestIntervals?: Float64Array[];
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

/** A schedule's interval: its median gap, rounded to microseconds; 0 when it has no gap or it is 0. */
function intervalOfCounts(gaps: ReadonlyMap<number, number>): number {
  const middle = medianOfCounts(gaps);
  return middle === undefined ? 0 : roundToMicroseconds(middle);
}

/** Stalls and omitted requests added up over the senders. */
class StallTally {
  private readonly intervals: number[] = [];
  stalls = 0;
  longestStallNs = 0;
  private omitted = 0;

  /** A sender sending every `interval` (0: none inferred) and its gaps that responses held (length, how many). */
  add(interval: number, gaps: Iterable<readonly [number, number]>): void {
    if (interval <= 0) return;
    this.intervals.push(interval);
    for (const [gap, count] of gaps) {
      if (gap < STALL_FACTOR * interval) continue;
      this.stalls += count;
      this.longestStallNs = Math.max(this.longestStallNs, gap);
      this.omitted += count * (gap / interval - 1);
    }
  }

  figures(): Pick<OmissionDetection, "expectedIntervalNs" | "intervalRangeNs" | "stalls" | "longestStallNs" | "omittedEstimate"> {
    const expectedIntervalNs = this.intervals.length === 0 ? 0 : roundToMicroseconds(median(Float64Array.from(this.intervals)));
    const [shortest, longest] = [Math.min(...this.intervals), Math.max(...this.intervals)];
    const range: Pick<OmissionDetection, "intervalRangeNs"> = longest > 1.5 * shortest ? { intervalRangeNs: [shortest, longest] } : {};
    return { expectedIntervalNs, ...range, stalls: this.stalls, longestStallNs: this.longestStallNs, omittedEstimate: Math.round(this.omitted) };
  }
}

/**
 * Whether stalls are told by latencies rather than by the gaps of the chains: when the senders follow no pattern,
 * chains are formed first-in first-out and may swap senders just where one was held up, so its gap lands on
 * another chain. A closed-loop sender's gap after a request is at least that request's latency (and about it when
 * the sender then catches up), so a request of STALL_FACTOR intervals or more is its sender's stall.
 */
function stallsByLatency(fingerprinted: SendFingerprint): boolean {
  return fingerprinted.pattern.kind === "none";
}

/**
 * A schedule's latencies as (value, how many), for StallTally: each bucket at its lowest value; a failed request
 * held its sender as long as a slow one.
 */
function latencyCounts(latencies: SparseLatencies, layout: BucketLayout): [number, number][] {
  const counts: [number, number][] = [];
  const add = (index: number, count: number) => counts.push([layout.lowestValueAt(index), count]);
  latencies.buckets.forEach(add);
  latencies.failed.forEach(add);
  return counts;
}

/**
 * Records request `i` of `series` back-filled at `intervalNs`; a failed one (left out of the histogram) only by its
 * back-fill, the requests its sender would have sent while it waited.
 */
export function recordBackfilled(recorder: LatencyRecorder, series: TimedSeries, i: number, intervalNs: number): void {
  if (series.failed?.[i] === 1) recorder.recordOmittedBy(series.latenciesNs[i]!, intervalNs);
  else recorder.record(series.latenciesNs[i]!, intervalNs);
}

/** Nothing omitted: what detection reports for an open loop or one it cannot tell. */
function nothingOmitted(verdict: LoopVerdict, senderColumn: boolean, senders: number | undefined): OmissionDetection {
  return { verdict, senderColumn, ...(senders === undefined ? {} : { senders }), expectedIntervalNs: 0, stalls: 0, longestStallNs: 0, omittedEstimate: 0 };
}

/**
 * Each sender's gaps, all of them and those its responses held (see `heldBy`), as gap length → how many; its last
 * request's latency is a held gap too, a wait that the log's end cut short.
 */
interface GapCounts {
  gaps: Map<number, number>;
  heldGaps: Map<number, number>;
}

/**
 * Each sender's gaps between consecutive starts (rounded to microseconds), from requests in start order whose
 * senders are `senderOf(i)` (0 … senders − 1; a negative one takes no part).
 */
function gapCounts(startsNs: Float64Array, latenciesNs: Float64Array, senders: number, senderOf: (i: number) => number): GapCounts[] {
  const counts = Array.from({ length: senders }, () => ({ gaps: new Map<number, number>(), heldGaps: new Map<number, number>() }));
  const previous = new Int32Array(senders).fill(-1);
  const count = (gaps: Map<number, number>, gap: number) => gaps.set(gap, (gaps.get(gap) ?? 0) + 1);
  for (let i = 0; i < startsNs.length; i++) {
    const sender = senderOf(i);
    if (sender < 0) continue;
    const before = previous[sender]!;
    if (before >= 0) {
      const gap = roundToMicroseconds(startsNs[i]! - startsNs[before]!);
      count(counts[sender]!.gaps, gap);
      if (heldBy(gap, latenciesNs[before]!)) count(counts[sender]!.heldGaps, gap);
    }
    previous[sender] = i;
  }
  // A sender's last request held it to the end of the log: a stall there hid the requests after it as well.
  for (let sender = 0; sender < senders; sender++) {
    const last = previous[sender]!;
    if (last >= 0) count(counts[sender]!.heldGaps, roundToMicroseconds(latenciesNs[last]!));
  }
  return counts;
}

/** Whether the series are those of a sender column (else one series, of everything, keyed ""). */
const bySenderColumn = (allSeries: readonly TimedSeries[]) => allSeries.length !== 1 || allSeries[0]!.key !== "";

/**
 * Detection from requests kept one by one, sorted by start per series; undefined when none has a start time.
 * The back-fill is at record time, from each request's exact latency.
 */
export function detectOmission(allSeries: readonly TimedSeries[], digits: SignificantDigits): OmissionDetection | undefined {
  const requests = allSeries.reduce((sum, s) => sum + s.startsNs.length, 0);
  if (requests === 0) return undefined;
  return bySenderColumn(allSeries) ? detectPerColumn(allSeries, requests, digits) : detectInferred(allSeries[0]!, digits);
}

function detectPerColumn(allSeries: readonly TimedSeries[], requests: number, digits: SignificantDigits): OmissionDetection {
  const resolutionNs = startsResolution(allSeries);
  const overlaps = allSeries.map((series) => overlapsOf(series.startsNs, series.latenciesNs, overlapAllowance(resolutionNs)));
  const bySender = senderColumnLoop(overlaps, resolutionNs);
  // The senders that wait may still be a pool keeping an open schedule between them.
  const pool = bySender.loop === "closed" ? poolKeepingSchedule(pileUpOf(allSeries.filter((_, i) => !sendsWithoutWaiting(overlaps[i]!)))) : undefined;
  const verdict = pool ?? bySender;
  if (verdict.loop !== "closed") return nothingOmitted(verdict, true, allSeries.length);
  const tally = new StallTally();
  const backfilled = new LatencyRecorder(digits);
  // One array for every request's interval, a view of it per series: a sender column may name a sender per
  // connection, tens of thousands with a request or two each.
  const intervals = new Float64Array(requests);
  let at = 0;
  const requestIntervals = allSeries.map((series, i) => {
    // A sender with a single request has no gap, and so no interval; one that does not wait omits nothing.
    let interval = 0;
    if (series.startsNs.length >= 2 && !sendsWithoutWaiting(overlaps[i]!)) {
      const { gaps, heldGaps } = gapCounts(series.startsNs, series.latenciesNs, 1, () => 0)[0]!;
      interval = intervalOfCounts(gaps);
      tally.add(interval, heldGaps);
    }
    for (let j = 0; j < series.latenciesNs.length; j++) recordBackfilled(backfilled, series, j, interval);
    const own = intervals.subarray(at, (at += series.startsNs.length));
    return own.fill(interval);
  });
  return { verdict, senderColumn: true, senders: allSeries.length, ...tally.figures(), backfilled, requestIntervals };
}

/** The step all start times are written in (see `startsStep`): whole seconds, milliseconds… */
function startsResolution(allSeries: readonly TimedSeries[]): number {
  const starts = new Float64Array(allSeries.reduce((n, series) => n + series.startsNs.length, 0));
  let at = 0;
  for (const series of allSeries) {
    starts.set(series.startsNs, at);
    at += series.startsNs.length;
  }
  return startsStep(starts);
}

/** Chains requests in start order into senders (all of them, then the ones still in flight end). */
function chainSenders(fingerprinted: SendFingerprint, series: TimedSeries, layout: BucketLayout, typicalLatencyNs: number): { chains: SenderChains; senderOf: Int32Array } {
  const chains = new SenderChains(fingerprinted, layout, typicalLatencyNs);
  const senderOf = new Int32Array(series.startsNs.length);
  for (let i = 0; i < senderOf.length; i++) senderOf[i] = chains.add(series.startsNs[i]!, series.latenciesNs[i]!);
  chains.finish();
  return { chains, senderOf };
}

function detectInferred(series: TimedSeries, digits: SignificantDigits): OmissionDetection {
  const layout = new LatencyRecorder(digits).counter.layout;
  const typicalLatencyNs = median(series.latenciesNs);
  const fingerprinted = unfoldEvenPhases(fingerprint(series.startsNs, series.latenciesNs), series.startsNs, series.latenciesNs, layout, typicalLatencyNs);
  const { chains, senderOf } = chainSenders(fingerprinted, series, layout, typicalLatencyNs);
  const verdict = closedOnlyWithSenders(inferLoop(fingerprinted, chains), chains);
  const schedules = chains.schedules();
  const senders = inferredSenders(fingerprinted, chains, verdict);
  if (verdict.loop !== "closed" || schedules === undefined) return nothingOmitted(verdict, false, senders);
  const tally = new StallTally();
  const byLatency = stallsByLatency(fingerprinted);
  // Every start is here: each sender's gaps exactly, not as the chains count them (to their buckets' precision).
  const counts = gapCounts(series.startsNs, series.latenciesNs, schedules.length, (i) => senderOf[i]!);
  const intervals = schedules.map((schedule, sender) => {
    const interval = intervalOfCounts(counts[sender]!.gaps);
    tally.add(interval, byLatency ? latencyCounts(schedule.latencies, layout) : counts[sender]!.heldGaps);
    return interval;
  });
  const backfilled = new LatencyRecorder(digits);
  const requestIntervals = Float64Array.from(senderOf, (sender) => intervals[sender]!);
  for (let i = 0; i < requestIntervals.length; i++) recordBackfilled(backfilled, series, i, requestIntervals[i]!);
  return { verdict, senderColumn: false, senders, ...tally.figures(), backfilled, requestIntervals: [requestIntervals] };
}

/**
 * How many senders were reconstructed: for paced ones the schedules running at once (chains may split a schedule
 * where its phase was not told apart from another's), else the chains; none unless closed or paced.
 */
function inferredSenders(fingerprinted: SendFingerprint, chains: SenderChains, verdict: LoopVerdict): number | undefined {
  if (fingerprinted.pattern.kind === "paced") return fingerprinted.pattern.senders;
  return verdict.loop === "closed" ? chains.senderCount : undefined;
}

/** A closed loop whose senders could not be reconstructed cannot be corrected: then it is unknown, and why. */
function closedOnlyWithSenders(verdict: LoopVerdict, chains: SenderChains): LoopVerdict {
  if (verdict.loop === "closed" && chains.gaveUp !== undefined) return { loop: "unknown", reason: { kind: "gave-up", why: chains.gaveUp } };
  return verdict;
}

/**
 * Detection from counts (more requests than are kept one by one): the same verdict, intervals, stalls and omitted
 * estimate; the back-fill is HdrHistogram's after recording, at each sender's interval.
 */
export function detectOmissionFromCounts(counts: DetectionCounts, digits: SignificantDigits): OmissionDetection {
  const senderColumn = counts.kind === "sender-column";
  let verdict: LoopVerdict;
  let schedules: Iterable<ScheduleCounts> | undefined;
  let senders: number | undefined;
  if (counts.kind === "sender-column") {
    ({ schedules, senders } = counts);
    const bySender = senderColumnLoop(counts.overlaps, counts.resolutionNs);
    // The pool rule as from requests kept one by one, on the pile-up of the whole log (see TimedSamples.pileUps).
    const pool = bySender.loop === "closed" && counts.pileUp !== undefined ? poolKeepingSchedule(counts.pileUp) : undefined;
    verdict = pool ?? bySender;
  } else {
    schedules = counts.chains.schedules();
    verdict = closedOnlyWithSenders(inferLoop(counts.fingerprint, counts.chains), counts.chains);
    senders = inferredSenders(counts.fingerprint, counts.chains, verdict);
  }
  if (verdict.loop !== "closed" || schedules === undefined) return nothingOmitted(verdict, senderColumn, senders);
  const tally = new StallTally();
  const backfilled = new LatencyRecorder(digits);
  const byLatency = counts.kind === "inferred" && stallsByLatency(counts.fingerprint);
  for (const schedule of schedules) {
    // A sender of a column that does not wait omits nothing: its latencies go in as they are.
    const interval = schedule.overlaps !== undefined && sendsWithoutWaiting(schedule.overlaps) ? 0 : intervalOfCounts(schedule.gaps);
    tally.add(interval, byLatency ? latencyCounts(schedule.latencies, backfilled.counter.layout) : schedule.heldGaps);
    schedule.latencies.addTo(backfilled, interval);
  }
  // Requests that came too late in the input to be chained are in the figures all the same, without back-fill.
  if (counts.kind === "inferred" && counts.chains.unchained.count > 0) counts.chains.unchained.addTo(backfilled, 0);
  return { verdict, senderColumn, senders, ...tally.figures(), backfilled };
}
