/**
 * Who sent what, in a log without a sender column: requests taken in start order are chained into senders, each
 * request to a sender that was free when it started (its previous response had ended). Which free sender is told
 * by the log's send pattern (send-pattern.ts):
 * - reaction (closed loop, think time Z): the sender whose response ended Z before the start;
 * - paced (every T): the sender whose schedule has a send due then — T after its last punctual start, or after
 *   that as many periods as it took to catch up (a ticker keeps its phase: the next tick after a late send);
 *   of several due within the slack (times to the millisecond), the one due closest;
 * - a sender that missed its moment (a slow response held it past its next send) takes the next start that no
 *   punctual sender claims — the most recently freed of them first; one idle for longer than a few of its cycles
 *   has stopped sending, and a start no sender claims is a new sender's first;
 * - no pattern: the sender free the longest (first in, first out).
 * For paced senders, the sends that a slow response made a sender miss are watched too: when a sender's request is
 * still in flight at its next due time, that slot is *missed*; it is *filled* when some start no punctual sender
 * claimed comes then. And a free sender whose due time passes with no start for it *skipped* a send. A closed loop
 * leaves its missed slots empty and skips nothing (loop-verdict.ts weighs them).
 *
 * Each sender's gaps and latencies go to SenderTallies, as a `--per` key's would, so that the interval, stalls and
 * back-fill come out per sender as for a sender column. The occupancy (occupancy.ts) is followed on the way, since
 * it needs the same events in the same order.
 */
import type { BucketLayout } from "./histogram.js";
import { MinHeap } from "./min-heap.js";
import { Occupancy, type OccupancyState } from "./occupancy.js";
import { MAX_DISTINCT_GAPS, MAX_SCHEDULES, type CountsGaveUp, type ScheduleCounts } from "./schedule-sketch.js";
import type { SendFingerprint } from "./send-pattern.js";
import { SenderTallies, type TalliesState } from "./sender-tallies.js";
import { grown } from "./typed-arrays.js";

/** A sender idle for more than this many of its usual cycles has stopped sending… */
const IDLE_CYCLES = 4;
/**
 * …or, for a sender that reacts to responses, this many: a client's own pauses (a timer, a collection) last several
 * of its cycles, and its chain must go on through them (the pause is its gap, as its thread's column would show).
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
  if (pattern.kind === "none") return { dueAfter: "end", offsetNs: 0, slackNs: Infinity, idleNs: Infinity };
  // The peak's width is the narrowest window that held nearly all lags around its centre. A schedule is due from a
  // start (its times' granularity), a reaction from an end (starts' and latencies').
  const granularity = pattern.kind === "paced" ? fingerprint.resolutionNs : fingerprint.toleranceNs;
  const slackNs = pattern.widthNs + granularity;
  return pattern.kind === "paced"
    ? { dueAfter: "start", offsetNs: pattern.periodNs, slackNs, idleNs: IDLE_CYCLES * pattern.periodNs }
    : { dueAfter: "end", offsetNs: pattern.lagNs, slackNs, idleNs: REACTION_IDLE_CYCLES * (pattern.lagNs + typicalLatencyNs) + slackNs };
}

/** What SenderChains holds, to move it between threads. */
export interface ChainsState {
  senders: number;
  slotsMissed: number;
  slotsFilled: number;
  slotsSkipped: number;
  gaveUp: CountsGaveUp | undefined;
  occupancy: OccupancyState;
  tallies: TalliesState;
}

export class SenderChains {
  readonly occupancy = new Occupancy();
  /** Why chaining stopped (too many senders or gap lengths); the occupancy goes on. */
  gaveUp: CountsGaveUp | undefined;
  /** Paced senders: due sends they missed while waiting for a response (see the file comment)… */
  slotsMissed = 0;
  /** …and how many of those times another request was sent; */
  slotsFilled = 0;
  /** …and sends due from a free sender that did not come. */
  slotsSkipped = 0;
  private readonly tallies: SenderTallies;
  /** Missed slots not yet known to be filled or not, by due time. */
  private readonly pendingSlots = new MinHeap();
  private readonly matching: Matching;
  private lastStart: Float64Array = new Float64Array(64);
  private lastEnd: Float64Array = new Float64Array(64);
  /** A paced sender's phase: its last start that came when due. */
  private anchor: Float64Array = new Float64Array(64);
  private readonly inFlight = new MinHeap();
  /** Free senders by when they are due. */
  private readonly free = new MinHeap();
  /** Free senders past due, that may still send (a slow response held them up), `lateCount` of them. */
  private late = new Int32Array(64);
  private lateCount = 0;
  /** Senders found idle past `idleNs`: they stopped. */
  private stopped = 0;
  /** Most senders sending at once (found, less those that stopped). */
  private mostAtOnce = 0;
  /** Whether the last start claimed was its sender's due one. */
  private punctual = false;
  /** Scratch for `closestDue`: senders due within the slack besides the closest. */
  private aside = new Int32Array(16);

  /**
   * @param layout the buckets latencies are counted in (a LatencyRecorder's), for the back-fill of each sender.
   * @param typicalLatencyNs how long responses usually take (for when a sender that reacts has stopped).
   */
  constructor(
    private readonly fingerprint: SendFingerprint,
    layout: BucketLayout,
    typicalLatencyNs: number,
  ) {
    this.matching = matchingOf(fingerprint, typicalLatencyNs);
    this.tallies = new SenderTallies(layout);
  }

  /**
   * The next request in start order (`failed`: it holds its sender, but only its back-fill is recorded); returns
   * the sender it was chained to (-1 once chaining gave up).
   */
  add(startNs: number, latencyNs: number, failed = false): number {
    this.release(startNs + this.fingerprint.toleranceNs);
    this.occupancy.start(startNs, latencyNs);
    const sender = this.gaveUp === undefined ? this.claim(startNs) : -1;
    this.judgeSlots(startNs);
    if (sender >= 0) this.countGap(sender, startNs);
    if (sender < 0 || this.gaveUp !== undefined) {
      this.inFlight.push(startNs + latencyNs, -1);
      return -1;
    }
    // A sender's phase is its last start that came when due (or its first).
    if (this.punctual || Number.isNaN(this.lastStart[sender]!)) this.anchor[sender] = startNs;
    this.lastStart[sender] = startNs;
    this.lastEnd[sender] = startNs + latencyNs;
    this.tallies.latency(sender, latencyNs, failed);
    this.inFlight.push(startNs + latencyNs, sender);
    this.watchSlot(sender, startNs + latencyNs);
    return sender;
  }

  /** A request that came too late to be chained (its start is before one chained already): kept, unchained. */
  addUnchained(latencyNs: number, failed = false): void {
    if (this.gaveUp === undefined) this.tallies.unchainedLatency(latencyNs, failed);
  }

  /**
   * Ends the requests still in flight (after the last request); each sender's last request held it to the end (of
   * the log, or of this part of it), a wait that no next start measures.
   */
  finish(): void {
    this.occupancy.endStarts();
    this.release(Infinity);
    if (this.gaveUp !== undefined) return;
    for (let sender = 0; sender < this.tallies.size; sender++) {
      if (!Number.isNaN(this.lastStart[sender]!)) this.tallies.heldToEnd(sender, this.lastEnd[sender]! - this.lastStart[sender]!);
    }
  }

  /** Each sender's tallies, as a `--per` key's (undefined when chaining gave up). */
  schedules(): ScheduleCounts[] | undefined {
    return this.gaveUp === undefined ? this.tallies.schedules() : undefined;
  }

  /** Latencies of the requests no sender took (see `addUnchained`). */
  get unchained(): SenderTallies["unchained"] {
    return this.tallies.unchained;
  }

  /** Senders to report: the most sending at once, in this part or in the busiest part read elsewhere. */
  get senderCount(): number {
    return this.mostAtOnce;
  }

  state(): ChainsState {
    return {
      senders: this.senderCount,
      slotsMissed: this.slotsMissed,
      slotsFilled: this.slotsFilled,
      slotsSkipped: this.slotsSkipped,
      gaveUp: this.gaveUp,
      occupancy: this.occupancy.state(),
      tallies: this.tallies.state(),
    };
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
    if (this.gaveUp === undefined) this.tallies.absorb(other.tallies);
    this.mostAtOnce = Math.max(this.mostAtOnce, other.senders);
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
    this.moveLate(startNs);
    const latest = this.latestLate(startNs);
    const due = this.closestDue(startNs);
    const dueFor = due < 0 ? Infinity : Math.abs(this.dueNs(due) - startNs);
    // A late sender whose response ended closer to the start than a due sender's time is due caught up with it.
    const freedFor = latest < 0 ? Infinity : startNs - this.lastEnd[this.late[latest]!]!;
    this.punctual = due >= 0 && dueFor <= freedFor;
    if (this.punctual) return due;
    if (due >= 0) this.free.push(this.dueNs(due), due);
    if (latest >= 0) {
      const sender = this.late[latest]!;
      this.late[latest] = this.late[--this.lateCount]!;
      return sender;
    }
    return this.newSender();
  }

  /** Moves the free senders whose due time passed (by more than the slack) to the late ones. */
  private moveLate(startNs: number): void {
    const { slackNs, dueAfter } = this.matching;
    while (this.free.size > 0 && this.free.topKey < startNs - slackNs) {
      const due = this.free.topKey;
      const sender = this.free.pop();
      // Free when its send was due, and no start came for it.
      if (dueAfter === "start" && this.lastEnd[sender]! <= due) this.slotsSkipped++;
      if (this.lateCount === this.late.length) this.late = grown(this.late);
      this.late[this.lateCount++] = sender;
    }
  }

  /** Of the late senders, the most recently freed (-1 for none); those idle too long are let go on the way. */
  private latestLate(startNs: number): number {
    let latest = -1;
    for (let i = 0; i < this.lateCount; ) {
      const sender = this.late[i]!;
      if (startNs - this.lastEnd[sender]! > this.matching.idleNs) {
        this.late[i] = this.late[--this.lateCount]!;
        this.stopped++;
        continue;
      }
      if (latest < 0 || this.lastEnd[sender]! > this.lastEnd[this.late[latest]!]!) latest = i;
      i++;
    }
    return latest;
  }

  /**
   * Of the free senders due within the slack of `startNs`, the one due closest to it, taken out of the free heap
   * (-1 when none is). Without a pattern, the one free the longest (first in, first out).
   */
  private closestDue(startNs: number): number {
    const { slackNs } = this.matching;
    if (slackNs === Infinity) return this.free.size > 0 ? this.free.pop() : -1;
    if (this.free.size === 0 || this.free.topKey > startNs + slackNs) return -1;
    let best = this.free.pop();
    // Others due within the slack are set aside and put back (few: senders due at nearly the same moment).
    let asideCount = 0;
    while (this.free.size > 0 && this.free.topKey <= startNs + slackNs) {
      let sender = this.free.pop();
      if (Math.abs(this.dueNs(sender) - startNs) < Math.abs(this.dueNs(best) - startNs)) [best, sender] = [sender, best];
      if (asideCount === this.aside.length) this.aside = grown(this.aside);
      this.aside[asideCount++] = sender;
    }
    for (let i = 0; i < asideCount; i++) this.free.push(this.dueNs(this.aside[i]!), this.aside[i]!);
    return best;
  }

  private newSender(): number {
    if (this.tallies.size === MAX_SCHEDULES) {
      this.giveUp({ kind: "senders", limit: MAX_SCHEDULES });
      return -1;
    }
    const sender = this.tallies.addSender();
    if (sender === this.lastStart.length) {
      this.lastStart = grown(this.lastStart);
      this.lastEnd = grown(this.lastEnd);
      this.anchor = grown(this.anchor);
    }
    this.lastStart[sender] = NaN;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.tallies.size - this.stopped);
    return sender;
  }

  private countGap(sender: number, startNs: number): void {
    const previous = this.lastStart[sender]!;
    if (Number.isNaN(previous)) return;
    if (!this.tallies.gap(sender, startNs - previous, this.lastEnd[sender]! - previous)) this.giveUp({ kind: "gap-lengths", limit: MAX_DISTINCT_GAPS });
  }

  private giveUp(why: CountsGaveUp): void {
    this.gaveUp = why;
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
}
