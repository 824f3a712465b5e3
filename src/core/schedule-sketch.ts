/**
 * What coordinated-omission detection needs of a send schedule, in memory that does not grow with the requests:
 * how many gaps between consecutive starts there were of each length (in whole microseconds, as detection rounds
 * them), and the latencies in a histogram. From these the median gap, the stalls and the omitted requests come out
 * exactly as from every start kept one by one — provided the starts arrive in order. They arrive in blocks, each
 * put in start order before it is added; a start earlier than the last one of an earlier block has no gap to
 * count, and is counted as out of order instead.
 *
 * The back-fill is HdrHistogram's after recording (`copyCorrectedForCoordinatedOmission`), since the interval is
 * only known at the end.
 */
import { BucketLayout, type SignificantDigits } from "./histogram.js";
import { CountTable } from "./count-table.js";
import { LatencyRecorder } from "./recorder.js";
import { SortScratch, stableOrder } from "./start-order.js";

/**
 * A start this little before the end of its sender's previous request is the rounding of times written to the
 * millisecond (JMeter's timeStamp and elapsed), not an overlap.
 */
export const OVERLAP_ALLOWANCE_NS = 1e6;

/** Distinct gap lengths kept over all schedules; past this, detection gives up (random ns starts have many). */
export const MAX_DISTINCT_GAPS = 1 << 20;
/**
 * Schedules (`--per` keys) kept; past this, detection gives up (a key per request, e.g. a request id). Each holds
 * its latencies' bucket counts sparsely (a few KB), not a whole histogram (~130 KB).
 */
export const MAX_SCHEDULES = 1 << 14;

/**
 * Start times are epoch nanoseconds in a double, exact only to ~256 ns today, so gaps between them are rounded
 * to whole microseconds (a 20 ms schedule reads 20 ms, not 20.000128 ms).
 */
export function roundToMicroseconds(ns: number): number {
  return ns >= 1e3 ? Math.round(ns / 1e3) * 1e3 : Math.round(ns);
}

/** A schedule's latencies: bucket index → count, with the exact extremes. */
export class SparseLatencies {
  /** Bucket index → count. */
  readonly buckets = new CountTable();
  count = 0;
  minNs = Infinity;
  maxNs = -Infinity;

  add(index: number, count: number, minNs: number, maxNs: number): void {
    this.buckets.add(index, count);
    this.count += count;
    if (minNs < this.minNs) this.minNs = minNs;
    if (maxNs > this.maxNs) this.maxNs = maxNs;
  }

  /** A recorder of these latencies (what recording them one by one gives). */
  recorder(digits: SignificantDigits): LatencyRecorder {
    const recorder = new LatencyRecorder(digits);
    for (const [index, count] of this.buckets.entries()) recorder.counter.recordAtIndex(index, count);
    recorder.count = this.count;
    recorder.minNs = this.minNs;
    recorder.maxNs = this.maxNs;
    return recorder;
  }
}

/** One schedule (a `--per` key, or the whole log). */
export interface ScheduleCounts {
  key: string;
  /** Rounded gap length in ns → how many gaps had it. */
  gaps: Map<number, number>;
  latencies: SparseLatencies;
  /** Starts that came before the last start of an earlier block: no gap was counted for them. */
  outOfOrder: number;
}

interface KeyState extends ScheduleCounts {
  firstStartNs: number;
  lastStartNs: number;
  /** End of the request that started last. */
  lastEndNs: number;
}

/** A ScheduleSketches' content, to move between threads. */
interface SketchState {
  gaveUp: string | undefined;
  overlapping: number;
  keys: { key: string; firstStartNs: number; lastStartNs: number; lastEndNs: number; outOfOrder: number; gaps: Float64Array; buckets: Float64Array; minNs: number; maxNs: number }[];
}

export class ScheduleSketches {
  /** Why the counts were let go (too many gap lengths or schedules), for the note that detection was skipped. */
  gaveUp: string | undefined;
  /** Requests that started before the request of their key that started before them had ended. */
  overlapping = 0;
  private readonly byKey = new Map<string, KeyState>();
  private distinctGaps = 0;
  private readonly scratch = new SortScratch();
  /** The buckets of the latency recorders made in the end. */
  private readonly layout: BucketLayout;

  constructor(readonly digits: SignificantDigits) {
    // The layout of `new LatencyRecorder(digits)`, which `SparseLatencies.recorder` fills.
    this.layout = new BucketLayout(digits);
  }

  /** Adds a block of one key's requests, in any order (they are put in start order first). */
  addBlock(key: string, startsNs: Float64Array, latenciesNs: Float64Array): void {
    if (this.gaveUp !== undefined || startsNs.length === 0) return;
    const { sortedKeys, order } = stableOrder(startsNs, this.scratch);
    const state = this.stateOf(key);
    if (state === undefined) return;
    for (let i = 0; i < sortedKeys.length; i++) {
      const startNs = sortedKeys[i]!;
      const latencyNs = latenciesNs[order[i]!]!;
      if (startNs + OVERLAP_ALLOWANCE_NS < state.lastEndNs) this.overlapping++;
      if (!(startNs < state.lastStartNs)) state.lastEndNs = startNs + latencyNs;
      this.addStart(state, startNs);
      state.latencies.add(this.layout.indexOf(latencyNs), 1, latencyNs, latencyNs);
    }
  }

  /** The schedules, or undefined when the counts were let go (see `gaveUp`). */
  schedules(): ScheduleCounts[] | undefined {
    return this.gaveUp !== undefined ? undefined : [...this.byKey.values()];
  }

  state(): SketchState {
    const keys = [...this.byKey.values()].map((s) => ({
      key: s.key,
      firstStartNs: s.firstStartNs,
      lastStartNs: s.lastStartNs,
      lastEndNs: s.lastEndNs,
      outOfOrder: s.outOfOrder,
      gaps: Float64Array.from([...s.gaps].flat()),
      buckets: Float64Array.from([...s.latencies.buckets.entries()].flat()),
      minNs: s.latencies.minNs,
      maxNs: s.latencies.maxNs,
    }));
    return { gaveUp: this.gaveUp, overlapping: this.overlapping, keys };
  }

  /** Adds the sketches of the requests that came after these (the next part of a file). */
  absorb(state: unknown): void {
    const other = state as SketchState;
    if (other.gaveUp !== undefined) this.giveUp(other.gaveUp);
    this.overlapping += other.overlapping;
    for (const theirs of other.keys) {
      if (this.gaveUp !== undefined) return;
      const ours = this.stateOf(theirs.key);
      if (ours === undefined) return;
      // The gap between the parts is the first of theirs, and so is an overlap across them.
      if (!Number.isNaN(theirs.firstStartNs)) {
        if (theirs.firstStartNs + OVERLAP_ALLOWANCE_NS < ours.lastEndNs) this.overlapping++;
        this.addStart(ours, theirs.firstStartNs);
      }
      for (let i = 0; i < theirs.gaps.length; i += 2) this.addGaps(ours, theirs.gaps[i]!, theirs.gaps[i + 1]!);
      if (!(theirs.lastStartNs < ours.lastStartNs)) ours.lastEndNs = theirs.lastEndNs;
      ours.lastStartNs = Math.max(ours.lastStartNs, theirs.lastStartNs);
      ours.outOfOrder += theirs.outOfOrder;
      for (let i = 0; i < theirs.buckets.length; i += 2) ours.latencies.add(theirs.buckets[i]!, theirs.buckets[i + 1]!, theirs.minNs, theirs.maxNs);
    }
  }

  private addStart(state: KeyState, startNs: number): void {
    if (Number.isNaN(state.lastStartNs)) {
      state.firstStartNs = startNs;
    } else if (startNs < state.lastStartNs) {
      state.outOfOrder++;
      return;
    } else {
      this.addGaps(state, roundToMicroseconds(startNs - state.lastStartNs), 1);
    }
    state.lastStartNs = startNs;
  }

  private addGaps(state: KeyState, gapNs: number, count: number): void {
    const before = state.gaps.get(gapNs);
    if (before === undefined && ++this.distinctGaps > MAX_DISTINCT_GAPS) {
      return this.giveUp(`the gaps between starts have more than ${MAX_DISTINCT_GAPS.toLocaleString("en")} distinct lengths`);
    }
    state.gaps.set(gapNs, (before ?? 0) + count);
  }

  private giveUp(why: string): void {
    this.gaveUp = why;
    this.byKey.clear();
  }

  /** The key's state; undefined when there would be too many keys (then the counts are let go). */
  private stateOf(key: string): KeyState | undefined {
    let state = this.byKey.get(key);
    if (state === undefined) {
      if (this.byKey.size === MAX_SCHEDULES) {
        this.giveUp(`there are more than ${MAX_SCHEDULES.toLocaleString("en")} --per keys`);
        return undefined;
      }
      state = { key, gaps: new Map(), latencies: new SparseLatencies(), outOfOrder: 0, firstStartNs: NaN, lastStartNs: NaN, lastEndNs: -Infinity };
      this.byKey.set(key, state);
    }
    return state;
  }
}
