/**
 * How requests piled up in flight across senders that each wait: the evidence that they share an open schedule
 * (k6's arrival-rate VUs, a pool of keep-alive connections) — see loop-verdict.ts `poolKeepingSchedule`.
 *
 * Kept in one pass over requests in start order, in memory that does not grow with them (the requests in flight,
 * and a few numbers per level of them), so that a slow period anywhere in a log of millions is seen, not only in
 * the block kept one by one: for every level k, the longest time at least k requests were in flight and how many
 * started meanwhile. A time at level k or more began with the start that made the count k and ends with the end
 * that makes it k − 1; every start within it came with k or more in flight already, so the starts during it are
 * the starts counted at its end less those counted at its beginning.
 */
import { MinHeap } from "./min-heap.js";
import { SortScratch, stableOrder } from "./start-order.js";
import { grown } from "./typed-arrays.js";

/** How requests piled up in flight: the evidence that senders which each wait share an open schedule. */
export interface PileUp {
  /** Most requests in flight at once. */
  most: number;
  /** Mean number in flight over the time the starts span (Little's law). */
  usual: number;
  /**
   * The rate at which requests started during the longest time at least half `most` were in flight, as a share of
   * their rate over the whole log: about 1 for an open schedule kept through a slow period, far less for
   * closed-loop senders that all ended up waiting (only senders joining then start: a ramp-up's). The longest such
   * time, not all of them: closed-loop senders released together by a stall start together after it, a burst at
   * that level every cycle.
   */
  startShare: number;
}

/** Levels above this are not followed one by one (half of `most` past it is judged at it). */
const MAX_LEVEL = 1 << 16;
/** Levels kept at first; more only when more requests are in flight at once. */
const FIRST_LEVELS = 64;

/** What a PileUps holds, to move it between threads (its requests in flight ended first). */
export interface PileUpsState {
  requests: number;
  latencySumNs: number;
  firstStartNs: number;
  lastStartNs: number;
  most: number;
  longestNs: Float64Array;
  longestStarts: Float64Array;
}

export class PileUps {
  private requests = 0;
  private latencySumNs = 0;
  private firstStartNs = Infinity;
  private lastStartNs = -Infinity;
  private most = 0;
  private inFlight = 0;
  /** Starts so far (of requests still in flight at their start: see `add`). */
  private starts = 0;
  private readonly ends = new MinHeap();
  /** Per level k (index k): when the current time at level k or more began, and `starts` then… */
  private openedNs = new Float64Array(FIRST_LEVELS);
  private startsWhenOpened = new Float64Array(FIRST_LEVELS);
  /** …and the longest such time so far, with the starts during it. */
  private longestNs = new Float64Array(FIRST_LEVELS);
  private longestStarts = new Float64Array(FIRST_LEVELS);
  private readonly scratch = new SortScratch();

  /**
   * The next request in start order. One that starts before the last start (the blocks of a log written out of
   * order) is taken as starting then, or, when it had ended by then, only counted.
   */
  add(startNs: number, latencyNs: number): void {
    this.requests++;
    this.latencySumNs += latencyNs;
    this.firstStartNs = Math.min(this.firstStartNs, startNs);
    const endNs = startNs + latencyNs;
    if (startNs < this.lastStartNs) {
      if (endNs <= this.lastStartNs) return;
      startNs = this.lastStartNs;
    }
    this.lastStartNs = startNs;
    while (this.ends.topKey <= startNs) this.endNext();
    const level = ++this.inFlight;
    this.starts++;
    this.most = Math.max(this.most, level);
    if (level <= MAX_LEVEL) {
      this.roomFor(level);
      this.openedNs[level] = startNs;
      this.startsWhenOpened[level] = this.starts;
    }
    this.ends.push(endNs, 0);
  }

  /** A block of requests in any order, put in start order; those marked in `skip` left out. */
  addBlock(startsNs: Float64Array, latenciesNs: Float64Array, skip?: Uint8Array): void {
    const { sortedKeys, order } = stableOrder(startsNs, this.scratch);
    for (let i = 0; i < sortedKeys.length; i++) {
      if (skip?.[order[i]!] !== 1) this.add(sortedKeys[i]!, latenciesNs[order[i]!]!);
    }
  }

  /** Ends the requests still in flight: no request starts after them. */
  finish(): void {
    while (this.ends.size > 0) this.endNext();
  }

  private endNext(): void {
    const endNs = this.ends.topKey;
    this.ends.pop();
    const level = this.inFlight--;
    if (level > MAX_LEVEL) return;
    const ns = endNs - this.openedNs[level]!;
    if (ns > this.longestNs[level]!) {
      this.longestNs[level] = ns;
      this.longestStarts[level] = this.starts - this.startsWhenOpened[level]!;
    }
  }

  /** The per-level arrays grown to hold `level`. */
  private roomFor(level: number): void {
    if (level < this.openedNs.length) return;
    const length = Math.min(Math.max(2 * this.openedNs.length, level + 1), MAX_LEVEL + 1);
    this.openedNs = grown(this.openedNs, length);
    this.startsWhenOpened = grown(this.startsWhenOpened, length);
    this.longestNs = grown(this.longestNs, length);
    this.longestStarts = grown(this.longestStarts, length);
  }

  /** The pile-up of the requests added (those still in flight ended first). */
  pileUp(): PileUp {
    this.finish();
    const spanNs = this.lastStartNs - this.firstStartNs;
    const level = Math.min(Math.max(1, Math.ceil(this.most / 2)), MAX_LEVEL);
    const [ns, starts] = [this.longestNs[level] ?? 0, this.longestStarts[level] ?? 0];
    const usual = spanNs > 0 ? this.latencySumNs / spanNs : 0;
    const startShare = ns > 0 && spanNs > 0 ? starts / ns / ((this.requests - 1) / spanNs) : 0;
    return { most: this.most, usual, startShare };
  }

  state(): PileUpsState {
    this.finish();
    const { requests, latencySumNs, firstStartNs, lastStartNs, most, longestNs, longestStarts } = this;
    return { requests, latencySumNs, firstStartNs, lastStartNs, most, longestNs, longestStarts };
  }

  /**
   * Adds the pile-ups of another part of the log, read apart (requests in flight across the boundary are not
   * joined): each level's longest time is the longer of the two.
   */
  absorb(other: PileUpsState): void {
    this.requests += other.requests;
    this.latencySumNs += other.latencySumNs;
    this.firstStartNs = Math.min(this.firstStartNs, other.firstStartNs);
    this.lastStartNs = Math.max(this.lastStartNs, other.lastStartNs);
    this.most = Math.max(this.most, other.most);
    this.roomFor(other.longestNs.length - 1);
    for (let k = 0; k < other.longestNs.length; k++) {
      if (other.longestNs[k]! <= this.longestNs[k]!) continue;
      this.longestNs[k] = other.longestNs[k]!;
      this.longestStarts[k] = other.longestStarts[k]!;
    }
  }
}

/** The pile-up of requests in any order (each series' starts and latencies, index for index), taken in start order. */
export function pileUpOf(series: readonly { startsNs: Float64Array; latenciesNs: Float64Array }[]): PileUp {
  const total = series.reduce((n, s) => n + s.startsNs.length, 0);
  const starts = new Float64Array(total);
  const latencies = new Float64Array(total);
  let at = 0;
  for (const { startsNs, latenciesNs } of series) {
    starts.set(startsNs, at);
    latencies.set(latenciesNs, at);
    at += startsNs.length;
  }
  const pileUps = new PileUps();
  pileUps.addBlock(starts, latencies);
  return pileUps.pileUp();
}
