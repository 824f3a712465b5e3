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
import type { LatencyRecorder } from "./recorder.js";
import { SortScratch, stableOrder } from "./start-order.js";

/**
 * Why detection's counts were let go, as data (the renderers word it): more sender-column keys, reconstructed
 * senders or distinct gap lengths than `limit`, or (`kept`) more requests than are kept one by one.
 */
export type CountsGaveUp = { kind: "keys" | "senders" | "gap-lengths" | "kept"; limit: number };

/** A gap is held by a response when the response took at least this share of it… */
const HELD_SHARE = 2 / 3;

/**
 * …that is, when its sender spent it mostly waiting: a stall is such a gap, long enough. A client's own pause
 * (think time, a timer, a collection) after a quick response is a gap too, but nothing held it up.
 */
export function heldBy(gapNs: number, latencyNs: number): boolean {
  return latencyNs >= HELD_SHARE * gapNs;
}

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

  /**
   * Adds these latencies to `recorder` (made as `new LatencyRecorder(digits)`: its buckets are these), back-filled
   * after the fact at `intervalNs` when it is > 0.
   */
  addTo(recorder: LatencyRecorder, intervalNs: number): void {
    recorder.addBucketCounts(this.buckets, this, intervalNs);
  }
}

/** One schedule (a `--per` key, or the whole log). */
export interface ScheduleCounts {
  key: string;
  /** Rounded gap length in ns → how many gaps had it. */
  gaps: Map<number, number>;
  /** The same for the gaps its sender spent mostly waiting for a response (see `heldBy`): the stalls' candidates. */
  heldGaps: Map<number, number>;
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
  gaveUp: CountsGaveUp | undefined;
  overlapping: number;
  keys: {
    key: string;
    firstStartNs: number;
    lastStartNs: number;
    lastEndNs: number;
    outOfOrder: number;
    gaps: Float64Array;
    heldGaps: Float64Array;
    buckets: Float64Array;
    minNs: number;
    maxNs: number;
  }[];
}

export class ScheduleSketches {
  /** Why the counts were let go (too many gap lengths or schedules), for the note that detection was skipped. */
  gaveUp: CountsGaveUp | undefined;
  /** Requests that started before the request of their key that started before them had ended. */
  overlapping = 0;
  private readonly byKey = new Map<string, KeyState>();
  private distinctGaps = 0;
  private readonly scratch = new SortScratch();
  /** The buckets of the latency recorders made in the end. */
  private readonly layout: BucketLayout;

  constructor(readonly digits: SignificantDigits) {
    // The layout of `new LatencyRecorder(digits)`, which `SparseLatencies.addTo` adds to.
    this.layout = new BucketLayout(digits);
  }

  /** Adds a block of one key's requests, in any order (they are put in start order first). */
  addBlock(key: string, startsNs: Float64Array, latenciesNs: Float64Array): void {
    if (this.gaveUp !== undefined || startsNs.length === 0) return;
    const { sortedKeys, order } = stableOrder(startsNs, this.scratch);
    const state = this.stateOf(key);
    if (state === undefined) return;
    for (let i = 0; i < sortedKeys.length; i++) {
      const latencyNs = latenciesNs[order[i]!]!;
      this.addStart(state, sortedKeys[i]!, latencyNs);
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
      heldGaps: Float64Array.from([...s.heldGaps].flat()),
      buckets: s.latencies.buckets.flat(),
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
      const [lastStartNs, lastEndNs] = [ours.lastStartNs, ours.lastEndNs];
      if (Number.isNaN(lastStartNs)) ours.firstStartNs = theirs.firstStartNs;
      else if (!Number.isNaN(theirs.firstStartNs)) this.addGap(ours, theirs.firstStartNs);
      for (let i = 0; i < theirs.gaps.length; i += 2) this.count(ours.gaps, theirs.gaps[i]!, theirs.gaps[i + 1]!);
      for (let i = 0; i < theirs.heldGaps.length; i += 2) this.count(ours.heldGaps, theirs.heldGaps[i]!, theirs.heldGaps[i + 1]!);
      const theirsLater = !(theirs.lastStartNs < lastStartNs);
      ours.lastStartNs = theirsLater ? theirs.lastStartNs : lastStartNs;
      ours.lastEndNs = theirsLater ? theirs.lastEndNs : lastEndNs;
      ours.outOfOrder += theirs.outOfOrder;
      for (let i = 0; i < theirs.buckets.length; i += 2) ours.latencies.add(theirs.buckets[i]!, theirs.buckets[i + 1]!, theirs.minNs, theirs.maxNs);
    }
  }

  /**
   * The next start of a key (and its latency): the gap since its last start counted, held or not; a start before
   * the end of its last request (by more than the rounding) counted as an overlap. A start earlier than the last
   * one of an earlier block has no gap: it is counted as out of order, and nothing else.
   */
  private addStart(state: KeyState, startNs: number, latencyNs: number): void {
    if (startNs < state.lastStartNs) {
      state.outOfOrder++;
      return;
    }
    if (Number.isNaN(state.lastStartNs)) state.firstStartNs = startNs;
    else this.addGap(state, startNs);
    state.lastStartNs = startNs;
    state.lastEndNs = startNs + latencyNs;
  }

  /** The gap from the key's last start to `startNs` (not before it), and whether that start's response held it. */
  private addGap(state: KeyState, startNs: number): void {
    if (startNs < state.lastStartNs) return;
    if (startNs + OVERLAP_ALLOWANCE_NS < state.lastEndNs) this.overlapping++;
    const gapNs = roundToMicroseconds(startNs - state.lastStartNs);
    this.count(state.gaps, gapNs, 1);
    if (heldBy(gapNs, state.lastEndNs - state.lastStartNs)) this.count(state.heldGaps, gapNs, 1);
  }

  private count(gaps: Map<number, number>, gapNs: number, count: number): void {
    const before = gaps.get(gapNs);
    if (before === undefined && ++this.distinctGaps > MAX_DISTINCT_GAPS) {
      return this.giveUp({ kind: "gap-lengths", limit: MAX_DISTINCT_GAPS });
    }
    gaps.set(gapNs, (before ?? 0) + count);
  }

  private giveUp(why: CountsGaveUp): void {
    this.gaveUp = why;
    this.byKey.clear();
  }

  /** The key's state; undefined when there would be too many keys (then the counts are let go). */
  private stateOf(key: string): KeyState | undefined {
    let state = this.byKey.get(key);
    if (state === undefined) {
      if (this.byKey.size === MAX_SCHEDULES) {
        this.giveUp({ kind: "keys", limit: MAX_SCHEDULES });
        return undefined;
      }
      state = { key, gaps: new Map(), heldGaps: new Map(), latencies: new SparseLatencies(), outOfOrder: 0, firstStartNs: NaN, lastStartNs: NaN, lastEndNs: -Infinity };
      this.byKey.set(key, state);
    }
    return state;
  }
}
