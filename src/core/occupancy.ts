/**
 * How many requests were in flight, and for how long no request started while they were: the evidence that tells
 * a closed loop from an open one once responses get slow.
 *
 * A closed-loop sender has at most one request in flight and sends nothing while it waits; so with N senders no
 * request starts while N are in flight, however long that lasts. An open-loop sender keeps its schedule: while
 * responses are slow, requests pile up in flight and starts go on. So the longest *silence* — time with at least
 * `level` requests in flight and no start — is what is kept, for every level at once:
 * - every busy level's silence began at the last start (only a start raises the count, and any start ends the
 *   silence of every level it was at or above), so one time stamp serves them all;
 * - an end that lowers the count from k ends level k's silence; a start at count k ends levels 1…k's: kept as
 *   "longest silence ended at k" and maximised over the levels above when asked.
 * Events come in time order (see SenderChains).
 */
import { grown } from "./typed-arrays.js";

/** Counts above this are kept as this (the silences of such pile-ups are not needed one level at a time). */
const MAX_LEVEL = 1 << 16;
/**
 * Levels kept at first; more only when more requests are in flight at once. Arrays for every level up to MAX_LEVEL
 * were 1 MB for each sender reconstruction (and its copy sent from the other thread) where k6's 50 senders use 51.
 */
const FIRST_LEVELS = 64;

export interface OccupancyState {
  requests: number;
  latencySumNs: number;
  firstStartNs: number;
  lastStartNs: number;
  most: number;
  endedByEnd: Float64Array;
  endedByStart: Float64Array;
}

export class Occupancy {
  requests = 0;
  latencySumNs = 0;
  firstStartNs = Infinity;
  lastStartNs = -Infinity;
  /** Most requests in flight at once. */
  most = 0;
  private inFlight = 0;
  private startsEnded = false;
  /** Longest silence ended by an end that lowered the count from k (index k; none yet past its length). */
  private endedByEnd: Float64Array = new Float64Array(FIRST_LEVELS);
  /** Longest silence ended by a start made at count k (index k): it was a silence of levels 1…k. */
  private endedByStart: Float64Array = new Float64Array(FIRST_LEVELS);

  start(startNs: number, latencyNs: number): void {
    this.startsEnded = false;
    if (this.inFlight > 0) this.endedByStart = bumped(this.endedByStart, this.inFlight, startNs - this.lastStartNs);
    this.requests++;
    this.latencySumNs += latencyNs;
    this.firstStartNs = Math.min(this.firstStartNs, startNs);
    this.lastStartNs = startNs;
    this.most = Math.max(this.most, ++this.inFlight);
  }

  end(endNs: number): void {
    if (!this.startsEnded) this.endedByEnd = bumped(this.endedByEnd, this.inFlight, Math.max(0, endNs - this.lastStartNs));
    this.inFlight--;
  }

  /**
   * No request starts after this: the ends still to come are not silences (the log, or its part, ended; whether
   * the senders would have waited is not in it).
   */
  endStarts(): void {
    this.startsEnded = true;
  }

  /** The longest time with at least `level` requests in flight and none starting. */
  longestSilenceNs(level: number): number {
    const from = Math.min(Math.max(1, level), MAX_LEVEL);
    let longest = this.endedByEnd[from] ?? 0;
    for (let k = from; k < this.endedByStart.length; k++) longest = Math.max(longest, this.endedByStart[k]!);
    return longest;
  }

  /** Mean number in flight over the time the starts span (Little's law). */
  get meanInFlight(): number {
    const span = this.lastStartNs - this.firstStartNs;
    return span > 0 ? this.latencySumNs / span : 0;
  }

  /** Mean time between starts. */
  get meanGapNs(): number {
    return this.requests > 1 ? (this.lastStartNs - this.firstStartNs) / (this.requests - 1) : Infinity;
  }

  state(): OccupancyState {
    const { requests, latencySumNs, firstStartNs, lastStartNs, most, endedByEnd, endedByStart } = this;
    return { requests, latencySumNs, firstStartNs, lastStartNs, most, endedByEnd, endedByStart };
  }

  /** Adds the occupancy of another part of the log (requests in flight across the boundary are not joined). */
  absorb(other: OccupancyState): void {
    this.requests += other.requests;
    this.latencySumNs += other.latencySumNs;
    this.firstStartNs = Math.min(this.firstStartNs, other.firstStartNs);
    this.lastStartNs = Math.max(this.lastStartNs, other.lastStartNs);
    this.most = Math.max(this.most, other.most);
    this.endedByEnd = largerOfEach(this.endedByEnd, other.endedByEnd);
    this.endedByStart = largerOfEach(this.endedByStart, other.endedByStart);
  }
}

/** `longest` with level `level`'s longest raised to `durationNs` when that is longer: grown to hold it if need be. */
function bumped(longest: Float64Array, level: number, durationNs: number): Float64Array {
  const k = Math.min(level, MAX_LEVEL);
  if (!(durationNs > (longest[k] ?? 0))) return longest;
  const held = k < longest.length ? longest : grownLevels(longest, k + 1);
  held[k] = durationNs;
  return held;
}

/** A copy of `levels` with room for `least` levels: twice as many as now or more, at most MAX_LEVEL + 1. */
function grownLevels(levels: Float64Array, least: number): Float64Array {
  let length = levels.length;
  while (length < least) length *= 2;
  return grown(levels, Math.min(length, MAX_LEVEL + 1));
}

/** Each level's larger of `mine` and `theirs` (a level past an array's length has none: 0), in `mine` when it is long enough. */
function largerOfEach(mine: Float64Array, theirs: Float64Array): Float64Array {
  const result = theirs.length > mine.length ? grownLevels(mine, theirs.length) : mine;
  for (let k = 0; k < theirs.length; k++) result[k] = Math.max(result[k]!, theirs[k]!);
  return result;
}
