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
import type { SignificantDigits } from "./histogram.js";
import { LatencyRecorder } from "./recorder.js";
import { SortScratch, stableOrder } from "./start-order.js";

/** Distinct gap lengths kept over all schedules; past this, detection gives up (random ns starts have many). */
export const MAX_DISTINCT_GAPS = 1 << 20;

/**
 * Start times are epoch nanoseconds in a double, exact only to ~256 ns today, so gaps between them are rounded
 * to whole microseconds (a 20 ms schedule reads 20 ms, not 20.000128 ms).
 */
export function roundToMicroseconds(ns: number): number {
  return ns >= 1e3 ? Math.round(ns / 1e3) * 1e3 : Math.round(ns);
}

/** One schedule (a `--per` key, or the whole log). */
export interface ScheduleCounts {
  key: string;
  /** Rounded gap length in ns → how many gaps had it. */
  gaps: Map<number, number>;
  latencies: LatencyRecorder;
  /** Starts that came before the last start of an earlier block: no gap was counted for them. */
  outOfOrder: number;
}

interface KeyState extends ScheduleCounts {
  firstStartNs: number;
  lastStartNs: number;
}

/** A ScheduleSketches' content, to move between threads. */
interface SketchState {
  gaveUp: boolean;
  keys: { key: string; firstStartNs: number; lastStartNs: number; outOfOrder: number; gaps: Float64Array; latencies: unknown }[];
}

export class ScheduleSketches {
  /** Too many distinct gap lengths: the counts were let go, and detection must say it was skipped. */
  gaveUp = false;
  private readonly byKey = new Map<string, KeyState>();
  private distinctGaps = 0;
  private readonly scratch = new SortScratch();

  constructor(private readonly digits: SignificantDigits) {}

  /** Adds a block of one key's requests, in any order (they are put in start order first). */
  addBlock(key: string, startsNs: Float64Array, latenciesNs: Float64Array): void {
    if (this.gaveUp || startsNs.length === 0) return;
    const { sortedKeys, order } = stableOrder(startsNs, this.scratch);
    const state = this.stateOf(key);
    for (let i = 0; i < sortedKeys.length; i++) {
      this.addStart(state, sortedKeys[i]!);
      state.latencies.value(latenciesNs[order[i]!]!);
    }
  }

  /** The schedules, or undefined when the counts were let go. */
  schedules(): ScheduleCounts[] | undefined {
    return this.gaveUp ? undefined : [...this.byKey.values()];
  }

  state(): SketchState {
    const keys = [...this.byKey.values()].map((s) => ({
      key: s.key,
      firstStartNs: s.firstStartNs,
      lastStartNs: s.lastStartNs,
      outOfOrder: s.outOfOrder,
      gaps: Float64Array.from([...s.gaps].flat()),
      latencies: s.latencies.state(),
    }));
    return { gaveUp: this.gaveUp, keys };
  }

  /** Adds the sketches of the requests that came after these (the next part of a file). */
  absorb(state: unknown): void {
    const other = state as SketchState;
    if (other.gaveUp) this.giveUp();
    if (this.gaveUp) return;
    for (const theirs of other.keys) {
      const ours = this.stateOf(theirs.key);
      // The gap between the parts is the first of theirs.
      if (!Number.isNaN(theirs.firstStartNs)) this.addStart(ours, theirs.firstStartNs);
      for (let i = 0; i < theirs.gaps.length; i += 2) this.addGaps(ours, theirs.gaps[i]!, theirs.gaps[i + 1]!);
      ours.lastStartNs = Math.max(ours.lastStartNs, theirs.lastStartNs);
      ours.outOfOrder += theirs.outOfOrder;
      ours.latencies.absorb(theirs.latencies);
      if (this.gaveUp) return;
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
    if (before === undefined && ++this.distinctGaps > MAX_DISTINCT_GAPS) return this.giveUp();
    state.gaps.set(gapNs, (before ?? 0) + count);
  }

  private giveUp(): void {
    this.gaveUp = true;
    this.byKey.clear();
  }

  private stateOf(key: string): KeyState {
    let state = this.byKey.get(key);
    if (state === undefined) {
      state = { key, gaps: new Map(), latencies: new LatencyRecorder(this.digits), outOfOrder: 0, firstStartNs: NaN, lastStartNs: NaN };
      this.byKey.set(key, state);
    }
    return state;
  }
}
