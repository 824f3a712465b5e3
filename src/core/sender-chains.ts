/**
 * Who sent what, in a log without a sender column: requests taken in start order are chained into senders, each
 * request to a sender that was free when it started (its previous response had ended). Which free sender is told
 * by the log's send pattern (send-pattern.ts):
 * - reaction (closed loop, think time Z): the sender whose response ended Z before the start;
 * - paced (every T): the sender whose schedule has a send due then — T after its last punctual start, or after
 *   that as many periods as it took to catch up (a ticker keeps its phase: the next tick after a late send);
 * - a sender that missed its moment (a slow response held it past its next send) takes the next start that no
 *   punctual sender claims — the most recently freed of them first; one idle for longer than a few of its cycles
 *   has stopped sending, and a start no sender claims is a new sender's first;
 * - no pattern: the sender free the longest (first in, first out).
 * For paced senders, the sends that a slow response made a sender miss are watched too: when a sender's request is
 * still in flight at its next due time, that slot is *missed*; it is *filled* when some other start (one no
 * punctual sender claimed) comes then. And a free sender whose due time passes with no start for it *skipped* a
 * send. An open-loop schedule sends whatever the responses do: its missed slots are filled, and the chains it was
 * split into while requests overlapped, all on its one phase, then share its sends and skip the rest. A closed
 * loop leaves its missed slots empty and skips nothing (loop-verdict.ts weighs them).
 *
 * Each sender's gaps between starts and its latencies are counted in the buckets of its latency histogram (to 0.1%
 * at 3 significant digits: memory bounded by the buckets, not by the distinct gaps of irregular senders), as a
 * ScheduleCounts like a `--per` key's, so that the interval, stalls and back-fill come out per sender as for a
 * sender column. The occupancy (occupancy.ts) is followed on the way, since it needs the same events in the same
 * order.
 */
import { CountTable } from "./count-table.js";
import type { BucketLayout } from "./histogram.js";
import { MinHeap } from "./min-heap.js";
import { Occupancy, type OccupancyState } from "./occupancy.js";
import { MAX_DISTINCT_GAPS, MAX_SCHEDULES, roundToMicroseconds, SparseLatencies, type ScheduleCounts } from "./schedule-sketch.js";
import type { SendFingerprint } from "./send-pattern.js";

/** A sender idle for more than this many of its usual cycles has stopped sending… */
const IDLE_CYCLES = 4;
/**
 * …or, for a sender that reacts to responses, this many: a client's own pauses (a timer, a collection) last several
 * of its cycles, and its chain must go on through them (the pause is its stall, as its thread's column would show).
 */
const REACTION_IDLE_CYCLES = 20;

/** How a start is matched to a free sender, from the send pattern. */
interface Matching {
  /** When a free sender is due: after its previous start (paced) or after its response ended. */
  dueAfter: "start" | "end";
  /** How long after that. */
  offsetNs: number;
  /** How far off due a start may be and still be that sender's. */
  slackNs: number;
  /** A sender that missed its moment by more than this has stopped sending. */
  idleNs: number;
}

function matchingOf(fingerprint: SendFingerprint, typicalLatencyNs: number): Matching {
  const pattern = fingerprint.pattern;
  // The peak's width is the narrowest window that held most lags; a sender's own jitter may reach beyond it. A
  // schedule is due from a start (its times' granularity), a reaction from an end (starts' and latencies').
  const granularity = pattern.kind === "paced" ? fingerprint.resolutionNs : fingerprint.toleranceNs;
  const slackNs = (pattern.kind === "none" ? 0 : 2 * pattern.widthNs) + granularity;
  switch (pattern.kind) {
    case "paced":
      return { dueAfter: "start", offsetNs: pattern.periodNs, slackNs, idleNs: IDLE_CYCLES * pattern.periodNs };
    case "reaction":
      return { dueAfter: "end", offsetNs: pattern.lagNs, slackNs, idleNs: REACTION_IDLE_CYCLES * (pattern.lagNs + typicalLatencyNs) + slackNs };
    case "none":
      return { dueAfter: "end", offsetNs: 0, slackNs: Infinity, idleNs: Infinity };
  }
}

/** What SenderChains holds, to move it between threads. */
export interface ChainsState {
  senders: number;
  slotsMissed: number;
  slotsFilled: number;
  slotsSkipped: number;
  gaveUp: string | undefined;
  occupancy: OccupancyState;
  schedules: { gaps: Float64Array; buckets: Float64Array; minNs: number; maxNs: number }[];
}

export class SenderChains {
  readonly occupancy = new Occupancy();
  /** Why chaining stopped (too many senders or gap lengths); the occupancy goes on. */
  gaveUp: string | undefined;
  /** Paced senders: due sends they missed while waiting for a response (see the file comment)… */
  slotsMissed = 0;
  /** …and how many of those times another request was sent; */
  slotsFilled = 0;
  /** …and sends due from a free sender that did not come. */
  slotsSkipped = 0;
  /** Missed slots not yet known to be filled or not, by due time. */
  private readonly pendingSlots = new MinHeap();
  private readonly matching: Matching;
  private lastStart: Float64Array = new Float64Array(64);
  private lastEnd: Float64Array = new Float64Array(64);
  /** A paced sender's phase: its last start that came when due. */
  private anchor: Float64Array = new Float64Array(64);
  private count = 0;
  private readonly inFlight = new MinHeap();
  /** Free senders by when they are due. */
  private readonly free = new MinHeap();
  /** Free senders past due, that may still send (a slow response held them up). */
  private late: number[] = [];
  private readonly gaps: CountTable[] = [];
  private readonly latencies: SparseLatencies[] = [];
  private distinctGaps = 0;
  /** Whether the last start claimed was its sender's due one. */
  private punctual = false;
  /** Senders of the largest part read on another thread (see `absorb`). */
  private partSenders = 0;

  /**
   * @param layout the buckets latencies are counted in (a LatencyRecorder's), for the back-fill of each sender.
   * @param typicalLatencyNs how long responses usually take (for when a sender that reacts has stopped).
   */
  constructor(
    private readonly fingerprint: SendFingerprint,
    private readonly layout: BucketLayout,
    typicalLatencyNs: number,
  ) {
    this.matching = matchingOf(fingerprint, typicalLatencyNs);
  }


  /** The next request in start order; returns the sender it was chained to (-1 once chaining gave up). */
  add(startNs: number, latencyNs: number): number {
    this.release(startNs + this.fingerprint.toleranceNs);
    this.occupancy.start(startNs, latencyNs);
    if (this.gaveUp !== undefined) {
      this.inFlight.push(startNs + latencyNs, -1);
      return -1;
    }
    const sender = this.claim(startNs);
    this.judgeSlots(startNs);
    if (sender >= 0) this.countGap(sender, startNs);
    if (this.gaveUp !== undefined) {
      this.inFlight.push(startNs + latencyNs, -1);
      return -1;
    }
    // A sender's phase is its last start that came when due (or its first).
    if (this.punctual || Number.isNaN(this.lastStart[sender]!)) this.anchor[sender] = startNs;
    this.lastStart[sender] = startNs;
    this.lastEnd[sender] = startNs + latencyNs;
    this.latencies[sender]!.add(this.layout.indexOf(latencyNs), 1, latencyNs, latencyNs);
    this.inFlight.push(startNs + latencyNs, sender);
    this.watchSlot(sender, startNs + latencyNs);
    return sender;
  }

  /** A paced sender whose request ends after its next due send (and slack) misses that send. */
  private watchSlot(sender: number, endNs: number): void {
    if (this.matching.dueAfter !== "start") return;
    const due = this.dueNs(sender);
    if (endNs > due + this.matching.slackNs) this.pendingSlots.push(due, sender);
  }

  /** Settles the missed slots this start is past (unfilled) or at (filled, unless a sender due then claimed it). */
  private judgeSlots(startNs: number): void {
    const { slackNs } = this.matching;
    while (this.pendingSlots.size > 0 && this.pendingSlots.topKey < startNs - slackNs) {
      this.pendingSlots.pop();
      this.slotsMissed++;
    }
    if (this.punctual || this.pendingSlots.size === 0 || this.pendingSlots.topKey > startNs + slackNs) return;
    this.pendingSlots.pop();
    this.slotsMissed++;
    this.slotsFilled++;
  }

  /** Ends the requests still in flight (after the last request). */
  finish(): void {
    this.occupancy.endStarts();
    this.release(Infinity);
  }

  /**
   * Each sender's gaps and latencies, as a `--per` key's, each gap at the middle of its bucket (undefined when
   * chaining gave up).
   */
  schedules(): ScheduleCounts[] | undefined {
    if (this.gaveUp !== undefined) return undefined;
    const layout = this.layout;
    const middleOf = (index: number) => roundToMicroseconds((layout.lowestValueAt(index) + layout.lowestValueAt(index + 1)) / 2);
    return this.gaps.map((gaps, i) => {
      const byLength = new Map<number, number>();
      for (const [index, count] of gaps.entries()) byLength.set(middleOf(index), (byLength.get(middleOf(index)) ?? 0) + count);
      return { key: `sender ${i + 1}`, gaps: byLength, latencies: this.latencies[i]!, outOfOrder: 0 };
    });
  }

  state(): ChainsState {
    const schedules = this.gaps.map((gaps, i) => {
      const latencies = this.latencies[i]!;
      return { gaps: Float64Array.from([...gaps.entries()].flat()), buckets: Float64Array.from([...latencies.buckets.entries()].flat()), minNs: latencies.minNs, maxNs: latencies.maxNs };
    });
    return { senders: this.senderCount, slotsMissed: this.slotsMissed, slotsFilled: this.slotsFilled, slotsSkipped: this.slotsSkipped, gaveUp: this.gaveUp, occupancy: this.occupancy.state(), schedules };
  }

  /**
   * Adds the chains of a later part of the log, read on another thread. Its senders are the same as these, but
   * which is which is not known: its chains are kept as senders of their own, and the count of senders is the
   * larger of the two.
   */
  absorb(other: ChainsState): void {
    this.occupancy.absorb(other.occupancy);
    this.slotsMissed += other.slotsMissed;
    this.slotsFilled += other.slotsFilled;
    this.slotsSkipped += other.slotsSkipped;
    this.gaveUp ??= other.gaveUp;
    if (this.gaveUp !== undefined) return;
    for (const { gaps, buckets, minNs, maxNs } of other.schedules) {
      const counts = new CountTable();
      for (let i = 0; i < gaps.length; i += 2) counts.add(gaps[i]!, gaps[i + 1]!);
      const latencies = new SparseLatencies();
      for (let i = 0; i < buckets.length; i += 2) latencies.add(buckets[i]!, buckets[i + 1]!, minNs, maxNs);
      this.gaps.push(counts);
      this.latencies.push(latencies);
    }
    this.partSenders = Math.max(this.partSenders, other.senders);
  }

  /** Senders to report: those of this part, or of the largest part read elsewhere. */
  get senderCount(): number {
    return Math.max(this.count, this.partSenders);
  }

  /** Frees the senders whose responses ended by `untilNs`, in end order. */
  private release(untilNs: number): void {
    while (this.inFlight.size > 0 && this.inFlight.topKey <= untilNs) {
      const endNs = this.inFlight.topKey;
      const sender = this.inFlight.pop();
      this.occupancy.end(endNs);
      if (sender >= 0) this.free.push(this.dueNs(sender), sender);
    }
  }

  private dueNs(sender: number): number {
    const { dueAfter, offsetNs } = this.matching;
    if (dueAfter === "end") return this.lastEnd[sender]! + offsetNs;
    // The next slot of its phase after its last start (a start within the slack of a slot was that slot's).
    const anchor = this.anchor[sender]!;
    return anchor + offsetNs * (Math.floor((this.lastStart[sender]! - anchor + this.matching.slackNs) / offsetNs) + 1);
  }

  /** The sender of a request starting at `startNs` (see the file comment); -1 when chaining gives up. */
  private claim(startNs: number): number {
    const { slackNs, idleNs } = this.matching;
    while (this.free.size > 0 && this.free.topKey < startNs - slackNs) {
      const due = this.free.topKey;
      const sender = this.free.pop();
      // Free when its send was due, and no start came for it.
      if (this.matching.dueAfter === "start" && this.lastEnd[sender]! <= due) this.slotsSkipped++;
      this.late.push(sender);
    }
    // Of the late senders, those idle too long have stopped; of the others the most recently freed.
    this.late = this.late.filter((s) => startNs - this.lastEnd[s]! <= idleNs);
    let latest = -1;
    for (let i = 0; i < this.late.length; i++) if (latest < 0 || this.lastEnd[this.late[i]!]! > this.lastEnd[this.late[latest]!]!) latest = i;
    const due = this.closestDue(startNs);
    const dueFor = due < 0 ? Infinity : Math.abs(this.dueNs(due) - startNs);
    // A late sender whose response ended closer to the start than a due sender's time is due caught up with it.
    const freedFor = latest < 0 ? Infinity : startNs - this.lastEnd[this.late[latest]!]!;
    this.punctual = dueFor <= freedFor && dueFor < Infinity;
    if (!this.punctual && due >= 0) this.free.push(this.dueNs(due), due);
    if (this.punctual) return due;
    if (latest >= 0) return this.late.splice(latest, 1)[0]!;
    return this.newSender();
  }

  /**
   * Of the free senders due within the slack of `startNs`, the one due closest to it, taken out of the free heap
   * (-1 when none is): with times to the millisecond the slack may hold several. Without a pattern, the first free.
   */
  private closestDue(startNs: number): number {
    const { slackNs } = this.matching;
    // Without a pattern every free sender is due: the one free the longest (first in, first out).
    if (slackNs === Infinity) return this.free.size > 0 ? this.free.pop() : -1;
    const candidates: number[] = [];
    while (this.free.size > 0 && this.free.topKey <= startNs + slackNs) candidates.push(this.free.pop());
    if (candidates.length === 0) return -1;
    let best = 0;
    for (let i = 1; i < candidates.length; i++) {
      if (Math.abs(this.dueNs(candidates[i]!) - startNs) < Math.abs(this.dueNs(candidates[best]!) - startNs)) best = i;
    }
    candidates.forEach((sender, i) => i !== best && this.free.push(this.dueNs(sender), sender));
    return candidates[best]!;
  }

  private newSender(): number {
    if (this.count === MAX_SCHEDULES) {
      this.giveUp(`more than ${MAX_SCHEDULES.toLocaleString("en")} requests were in flight at once`);
      return -1;
    }
    if (this.count === this.lastStart.length) {
      this.lastStart = grown(this.lastStart);
      this.lastEnd = grown(this.lastEnd);
      this.anchor = grown(this.anchor);
    }
    this.gaps.push(new CountTable());
    this.latencies.push(new SparseLatencies());
    this.lastStart[this.count] = NaN;
    return this.count++;
  }

  private countGap(sender: number, startNs: number): void {
    const previous = this.lastStart[sender]!;
    if (Number.isNaN(previous)) return;
    if (this.gaps[sender]!.add(this.layout.indexOf(startNs - previous)) && ++this.distinctGaps > MAX_DISTINCT_GAPS) {
      this.giveUp(`the gaps between starts have more than ${MAX_DISTINCT_GAPS.toLocaleString("en")} distinct lengths`);
    }
  }

  private giveUp(why: string): void {
    this.gaveUp = why;
    this.gaps.length = 0;
    this.latencies.length = 0;
  }
}

function grown(array: Float64Array): Float64Array {
  const larger = new Float64Array(array.length * 2);
  larger.set(array);
  return larger;
}
